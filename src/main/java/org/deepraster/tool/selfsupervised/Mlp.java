package org.deepraster.tool.selfsupervised;

import java.util.SplittableRandom;

/**
 * A small multi-layer perceptron: inputs standardised (mean and standard deviation of the training samples), two
 * hidden layers of ReLU units, softmax output, cross-entropy loss, trained by Adam on mini-batches in an order drawn
 * from the seed; He-initialised from the same seed. Deterministic: one thread, a fixed order of operations, so the
 * same samples and seed give the same weights bit for bit. Our own code because the Java libraries served from Maven
 * Central offer no plain MLP that suits a desktop plugin (Tribuo's neural networks go through TensorFlow; Smile is
 * GPL); see docs/DESIGN.md.
 */
final class Mlp implements PixelClassifier {
    /** Training settings: hidden layer sizes, epochs, mini-batch, Adam's learning rate, L2 weight decay. */
    record Settings(int hidden1, int hidden2, int epochs, int batch, double learningRate, double weightDecay) {
        static final Settings DEFAULT = new Settings(32, 16, 30, 64, 0.01, 1e-4);

        /** At most {@code epochs}, fewer for many samples: about 600 000 sample visits in all, at least 5 epochs. */
        int epochsFor(int samples) {
            return Math.max(5, Math.min(epochs, 600_000 / Math.max(1, samples)));
        }
    }

    private final int nf;
    private final int nc;
    private final Settings s;
    private final float[] mean;
    private final float[] std;
    // layers: w[l] is [out][in] row-major, b[l] is [out]
    private final float[][] w = new float[3][];
    private final float[][] b = new float[3][];
    private final int[] sizes;
    private double lastLoss;
    private int epochsRun;
    private final ThreadLocal<float[][]> buffers;

    private Mlp(int nf, int nc, Settings s, float[] mean, float[] std) {
        this.nf = nf;
        this.nc = nc;
        this.s = s;
        this.mean = mean;
        this.std = std;
        this.sizes = new int[] {nf, s.hidden1(), s.hidden2(), nc};
        this.buffers = ThreadLocal.withInitial(() -> new float[][] {new float[nf], new float[s.hidden1()],
            new float[s.hidden2()], new float[nc]});
    }

    /**
     * Trains on {@code n} samples ({@code x} pixel after pixel, {@code nf} features each; {@code y} class indexes
     * 0..nc-1) with {@code seed}.
     */
    static Mlp train(float[] x, int[] y, int nf, int nc, long seed, Settings s) {
        int n = y.length;
        if (n == 0) {
            throw new IllegalArgumentException("no training samples");
        }
        float[] mean = new float[nf];
        float[] std = new float[nf];
        for (int i = 0; i < n; i++) {
            for (int f = 0; f < nf; f++) {
                mean[f] += x[i * nf + f];
            }
        }
        for (int f = 0; f < nf; f++) {
            mean[f] /= n;
        }
        for (int i = 0; i < n; i++) {
            for (int f = 0; f < nf; f++) {
                float d = x[i * nf + f] - mean[f];
                std[f] += d * d;
            }
        }
        for (int f = 0; f < nf; f++) {
            std[f] = (float) Math.max(1e-6, Math.sqrt(std[f] / n));
        }
        Mlp m = new Mlp(nf, nc, s, mean, std);
        m.fit(x, y, n, new SplittableRandom(seed));
        return m;
    }

    private void fit(float[] x, int[] y, int n, SplittableRandom r) {
        for (int l = 0; l < 3; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            w[l] = new float[in * out];
            b[l] = new float[out];
            double scale = Math.sqrt(2.0 / in);
            for (int i = 0; i < w[l].length; i++) {
                w[l][i] = (float) (gaussian(r) * scale);
            }
        }
        float[][] mW = new float[3][], vW = new float[3][], mB = new float[3][], vB = new float[3][];
        float[][] gW = new float[3][], gB = new float[3][];
        for (int l = 0; l < 3; l++) {
            mW[l] = new float[w[l].length];
            vW[l] = new float[w[l].length];
            gW[l] = new float[w[l].length];
            mB[l] = new float[b[l].length];
            vB[l] = new float[b[l].length];
            gB[l] = new float[b[l].length];
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        float[][] act = {new float[nf], new float[sizes[1]], new float[sizes[2]], new float[nc]};
        float[][] delta = {null, new float[sizes[1]], new float[sizes[2]], new float[nc]};
        long step = 0;
        double b1 = 0.9, b2 = 0.999, eps = 1e-8;
        int epochs = s.epochsFor(n);
        for (int epoch = 0; epoch < epochs; epoch++) {
            for (int i = n - 1; i > 0; i--) { // Fisher-Yates, seeded
                int j = r.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            double loss = 0;
            double lr = s.learningRate() * (0.5 * (1 + Math.cos(Math.PI * epoch / epochs)) * 0.9 + 0.1);
            for (int start = 0; start < n; start += s.batch()) {
                int end = Math.min(n, start + s.batch());
                for (int l = 0; l < 3; l++) {
                    java.util.Arrays.fill(gW[l], 0);
                    java.util.Arrays.fill(gB[l], 0);
                }
                for (int k = start; k < end; k++) {
                    int i = order[k];
                    standardise(x, i, act[0]);
                    forward(act);
                    int yi = y[i];
                    loss -= Math.log(Math.max(1e-12, act[3][yi]));
                    for (int c = 0; c < nc; c++) {
                        delta[3][c] = act[3][c] - (c == yi ? 1 : 0);
                    }
                    for (int l = 2; l >= 0; l--) {
                        int in = sizes[l];
                        int out = sizes[l + 1];
                        float[] d = delta[l + 1];
                        float[] a = act[l];
                        for (int o = 0; o < out; o++) {
                            float g = d[o];
                            if (g == 0) {
                                continue;
                            }
                            gB[l][o] += g;
                            int row = o * in;
                            for (int j = 0; j < in; j++) {
                                gW[l][row + j] += g * a[j];
                            }
                        }
                        if (l > 0) {
                            float[] dp = delta[l];
                            for (int j = 0; j < in; j++) {
                                float sum = 0;
                                for (int o = 0; o < out; o++) {
                                    sum += w[l][o * in + j] * d[o];
                                }
                                dp[j] = a[j] > 0 ? sum : 0;
                            }
                        }
                    }
                }
                step++;
                float inv = 1f / (end - start);
                double c1 = 1 - Math.pow(b1, step);
                double c2 = 1 - Math.pow(b2, step);
                for (int l = 0; l < 3; l++) {
                    adam(w[l], gW[l], mW[l], vW[l], inv, lr, b1, b2, eps, c1, c2, s.weightDecay());
                    adam(b[l], gB[l], mB[l], vB[l], inv, lr, b1, b2, eps, c1, c2, 0);
                }
            }
            lastLoss = loss / n;
            epochsRun = epoch + 1;
        }
    }

    private static void adam(float[] p, float[] g, float[] m, float[] v, float inv, double lr, double b1, double b2,
                             double eps, double c1, double c2, double decay) {
        for (int i = 0; i < p.length; i++) {
            double gi = g[i] * inv + decay * p[i];
            m[i] = (float) (b1 * m[i] + (1 - b1) * gi);
            v[i] = (float) (b2 * v[i] + (1 - b2) * gi * gi);
            p[i] -= (float) (lr * (m[i] / c1) / (Math.sqrt(v[i] / c2) + eps));
        }
    }

    private static double gaussian(SplittableRandom r) {
        double u = 1 - r.nextDouble();
        double v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    private void standardise(float[] x, int i, float[] out) {
        for (int f = 0; f < nf; f++) {
            out[f] = (x[i * nf + f] - mean[f]) / std[f];
        }
    }

    /** act[0] holds the standardised input; fills the hidden layers and the softmax output. */
    private void forward(float[][] act) {
        for (int l = 0; l < 3; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            float[] a = act[l];
            float[] z = act[l + 1];
            for (int o = 0; o < out; o++) {
                float sum = b[l][o];
                int row = o * in;
                for (int j = 0; j < in; j++) {
                    sum += w[l][row + j] * a[j];
                }
                z[o] = l < 2 ? Math.max(0, sum) : sum;
            }
        }
        float[] z = act[3];
        float max = Float.NEGATIVE_INFINITY;
        for (float v : z) {
            max = Math.max(max, v);
        }
        float sum = 0;
        for (int c = 0; c < nc; c++) {
            z[c] = (float) Math.exp(z[c] - max);
            sum += z[c];
        }
        for (int c = 0; c < nc; c++) {
            z[c] /= sum;
        }
    }

    /** Mean cross-entropy of the last training epoch. */
    double lastLoss() {
        return lastLoss;
    }

    @Override
    public int classes() {
        return nc;
    }

    @Override
    public void probabilities(float[] features, int i, float[] out) {
        float[][] act = buffers.get();
        standardise(features, i, act[0]);
        forward(act);
        System.arraycopy(act[3], 0, out, 0, nc);
    }

    @Override
    public String describe() {
        return "MLP " + nf + "-" + sizes[1] + "-" + sizes[2] + "-" + nc + ", " + epochsRun + " epochs of Adam";
    }
}
