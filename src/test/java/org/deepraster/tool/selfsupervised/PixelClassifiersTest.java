package org.deepraster.tool.selfsupervised;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The MLP and Tribuo's random forest: they learn a toy problem and give the same model for the same seed. */
class PixelClassifiersTest {

    /** Three classes in 3 features: two blobs and a ring around them (not linearly separable). */
    record Toy(float[] x, int[] y) {
        static Toy of(int n, long seed) {
            SplittableRandom r = new SplittableRandom(seed);
            float[] x = new float[n * 3];
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                int c = i % 3;
                double a = r.nextDouble() * 2 * Math.PI;
                double cx = c == 0 ? -1 : c == 1 ? 1 : 3 * Math.cos(a);
                double cy = c == 2 ? 3 * Math.sin(a) : 0;
                x[i * 3] = (float) (cx + 0.3 * gauss(r));
                x[i * 3 + 1] = (float) (cy + 0.3 * gauss(r));
                x[i * 3 + 2] = (float) (100 + 50 * r.nextDouble()); // an uninformative feature on another scale
                y[i] = c;
            }
            return new Toy(x, y);
        }

        private static double gauss(SplittableRandom r) {
            return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
        }
    }

    static double accuracy(PixelClassifier m, Toy t) {
        float[] p = new float[m.classes()];
        int ok = 0;
        for (int i = 0; i < t.y().length; i++) {
            m.probabilities(t.x(), i, p);
            int best = 0;
            for (int c = 1; c < p.length; c++) {
                best = p[c] > p[best] ? c : best;
            }
            ok += best == t.y()[i] ? 1 : 0;
            float sum = 0;
            for (float v : p) {
                sum += v;
            }
            assertThat(sum).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-4f));
        }
        return (double) ok / t.y().length;
    }

    static float[] outputs(PixelClassifier m, Toy t) {
        float[] all = new float[t.y().length * m.classes()];
        float[] p = new float[m.classes()];
        for (int i = 0; i < t.y().length; i++) {
            m.probabilities(t.x(), i, p);
            System.arraycopy(p, 0, all, i * p.length, p.length);
        }
        return all;
    }

    @Test
    void mlpLearnsANonLinearProblemAndIsDeterministic() {
        Toy train = Toy.of(3000, 1);
        Toy test = Toy.of(1500, 2);
        Mlp a = Mlp.train(train.x(), train.y(), 3, 3, 7, Mlp.Settings.DEFAULT);
        assertThat(accuracy(a, test)).isGreaterThan(0.97);
        Mlp b = Mlp.train(train.x(), train.y(), 3, 3, 7, Mlp.Settings.DEFAULT);
        assertThat(outputs(b, test)).containsExactly(outputs(a, test));
        Mlp c = Mlp.train(train.x(), train.y(), 3, 3, 8, Mlp.Settings.DEFAULT);
        assertThat(outputs(c, test)).isNotEqualTo(outputs(a, test));
        assertThat(a.describe()).startsWith("MLP 3-32-16-3");
    }

    @Test
    void mlpWithOneClassTooFewIsStillADistribution() {
        Toy t = Toy.of(300, 3);
        int[] y = t.y().clone();
        for (int i = 0; i < y.length; i++) {
            y[i] = y[i] == 2 ? 1 : y[i]; // class 2 never seen: it must get a low probability, not break anything
        }
        Mlp m = Mlp.train(t.x(), y, 3, 3, 1, Mlp.Settings.DEFAULT);
        float[] p = new float[3];
        m.probabilities(t.x(), 0, p);
        assertThat(p[2]).isLessThan(0.1f);
    }

    @Test
    void randomForestLearnsTheProblemAndIsDeterministicForASeed() {
        Toy train = Toy.of(1500, 1);
        Toy test = Toy.of(600, 2);
        RandomForest a = RandomForest.train(train.x(), train.y(), 3, 3, 11);
        assertThat(accuracy(a, test)).isGreaterThan(0.95);
        RandomForest b = RandomForest.train(train.x(), train.y(), 3, 3, 11);
        assertThat(outputs(b, test)).containsExactly(outputs(a, test));
        assertThat(a.describe()).contains("random forest");
    }

    @Test
    void floydSamplingDrawsDistinctSortedIndexesDeterministically() {
        long[] a = TrainingSamples.pick(1_000_000, 500, new SplittableRandom(5));
        long[] b = TrainingSamples.pick(1_000_000, 500, new SplittableRandom(5));
        assertThat(a).hasSize(500).containsExactly(b).isSorted().doesNotHaveDuplicates();
        assertThat(a[0]).isGreaterThanOrEqualTo(0);
        assertThat(a[499]).isLessThan(1_000_000);
        assertThat(TrainingSamples.pick(7, 500, new SplittableRandom(5))).containsExactly(0, 1, 2, 3, 4, 5, 6);
    }
}
