package org.deepraster.inference;

import java.util.ArrayList;
import java.util.List;

/**
 * Pixel classification outputs:
 * <ul>
 * <li>{@link Kind#CLASS_SCORES} {@code [N, C, H, W]}, C &gt; 1: class = best channel; confidence its
 *     probability (a softmax is applied per pixel unless the tensor already holds probabilities);</li>
 * <li>{@link Kind#SIGMOID} {@code [N, 1, H, W]} or float {@code [N, H, W]}: foreground probability
 *     (sigmoid applied when values leave [0, 1]); class 1 where it is at least the threshold;</li>
 * <li>{@link Kind#LABELS} integer {@code [N, H, W]}: the class per pixel, confidence 1.</li>
 * </ul>
 * An output smaller than the input chip is centred on it (offsets in {@link PixelResult}).
 *
 * <p>{@link #decode} decodes whole batches. A tiled tool that assembles a mosaic decodes pixel by
 * pixel on its writer thread from the raw output it copied ({@link #holdsProbabilities},
 * {@link #classify}; blended: {@link #toProbabilities} then {@link #decide}), with a
 * {@link Decision}: the threshold, Deepness' rule on class probabilities, classes never chosen.
 */
public record PixelDecoder(Kind kind, String output) implements Decoder {
    public enum Kind { CLASS_SCORES, SIGMOID, LABELS }

    /**
     * How a pixel's class is chosen. {@code threshold}: the foreground probability of a sigmoid output
     * at which it is class 1; with {@code onScores} (Deepness' rule) also the probability below which
     * the best class counts as class 0. {@code excluded[k]}: class k is never chosen (null: none),
     * e.g. the background with predict_background False.
     */
    public record Decision(float threshold, boolean onScores, boolean[] excluded) {
        boolean excludes(int k) {
            return excluded != null && k < excluded.length && excluded[k];
        }
    }

    public String describe() {
        return switch (kind) {
            case CLASS_SCORES -> "pixel classification: output " + output + " [N, C, H, W] class scores (softmax unless probabilities)";
            case SIGMOID -> "pixel classification: output " + output + " [N, 1, H, W] / [N, H, W] foreground probability (threshold)";
            case LABELS -> "pixel classification: output " + output + " [N, H, W] class labels";
        };
    }

    /** Decodes every real batch item; {@code threshold} applies to sigmoid outputs. */
    public List<PixelResult> decode(InferenceOutputs outs, float threshold) {
        OutputTensor t = outs.get(output);
        int h = t.dim(-2);
        int w = t.dim(-1);
        int c = t.rank() == 4 ? t.dim(1) : 1;
        int plane = h * w;
        int offX = (outs.chipWidth() - w) / 2;
        int offY = (outs.chipHeight() - h) / 2;
        List<PixelResult> res = new ArrayList<>(outs.count());
        for (int n = 0; n < outs.count(); n++) {
            int base = n * c * plane;
            int[] cls = new int[plane];
            float[] conf = new float[plane];
            float[] probs = null;
            switch (kind) {
                case LABELS -> {
                    for (int i = 0; i < plane; i++) {
                        cls[i] = (int) t.at(base + i);
                        conf[i] = 1f;
                    }
                }
                case SIGMOID -> {
                    probs = new float[plane];
                    boolean isProb = true;
                    for (int i = 0; i < plane; i++) {
                        probs[i] = (float) t.at(base + i);
                        isProb &= probs[i] >= 0 && probs[i] <= 1;
                    }
                    for (int i = 0; i < plane; i++) {
                        float p = isProb ? probs[i] : Probabilities.sigmoid(probs[i]);
                        probs[i] = p;
                        cls[i] = p >= threshold ? 1 : 0;
                        conf[i] = cls[i] == 1 ? p : 1 - p;
                    }
                    c = 1;
                }
                case CLASS_SCORES -> {
                    probs = new float[c * plane];
                    if (t.floats() != null) {
                        System.arraycopy(t.floats(), base, probs, 0, c * plane);
                    } else {
                        for (int i = 0; i < c * plane; i++) {
                            probs[i] = (float) t.at(base + i);
                        }
                    }
                    boolean isProb = true;
                    for (int i = 0; i < plane && isProb; i++) {
                        isProb = Probabilities.isDistribution(probs, i, plane, c);
                    }
                    for (int i = 0; i < plane; i++) {
                        if (!isProb) {
                            Probabilities.softmax(probs, i, plane, c);
                        }
                        int best = 0;
                        float bp = probs[i];
                        for (int k = 1; k < c; k++) {
                            float v = probs[k * plane + i];
                            if (v > bp) {
                                bp = v;
                                best = k;
                            }
                        }
                        cls[i] = best;
                        conf[i] = bp;
                    }
                }
                default -> throw new IllegalStateException();
            }
            res.add(new PixelResult(w, h, offX, offY, cls, conf, kind == Kind.LABELS ? 0 : c, probs));
        }
        return res;
    }

    /**
     * Whether a chip's raw output already holds probabilities (sigmoid / softmax inside the graph):
     * every 61st pixel of the {@code c} planes is checked (values in [0, 1], channels summing to 1),
     * as logits almost never pass.
     */
    public static boolean holdsProbabilities(float[] s, int plane, int c) {
        for (int i = 0; i < plane; i += 61) {
            double sum = 0;
            for (int k = 0, j = i; k < c; k++, j += plane) {
                float v = s[j];
                if (!(v >= -1e-6f && v <= 1 + 1e-6f)) {
                    return false;
                }
                sum += v;
            }
            if (c > 1 && Math.abs(sum - 1) > 1e-3) {
                return false;
            }
        }
        return true;
    }

    /**
     * Class and confidence of pixel {@code i} of one chip's raw output into {@code cls[i]},
     * {@code conf[i]}: a label as it is (-1 when it is no int class), a sigmoid output against the
     * threshold, class scores by their argmax, its probability (a softmax unless {@code isProb}) and
     * the Deepness rule. {@code scores} is {@code [channel][plane]} ({@code c} channels).
     */
    public void classify(float[] scores, long[] labels, boolean isProb, int plane, int c, int i, Decision d,
                         int[] cls, float[] conf) {
        if (labels != null) {
            long v = labels[i];
            cls[i] = v < 0 || v > Integer.MAX_VALUE ? -1 : (int) v;
            conf[i] = 1f;
        } else if (kind == Kind.SIGMOID) {
            float p = isProb ? scores[i] : Probabilities.sigmoid(scores[i]);
            cls[i] = p >= d.threshold() ? 1 : 0;
            conf[i] = p >= d.threshold() ? p : 1 - p;
        } else {
            cls[i] = best(scores, i, plane, c, isProb, d, conf);
        }
    }

    /** Argmax of the scores (= of their softmax), its probability, then the Deepness threshold rule. */
    private static int best(float[] s, int i, int plane, int c, boolean isProb, Decision d, float[] conf) {
        int best = -1;
        float bv = Float.NEGATIVE_INFINITY;
        for (int k = 0, j = i; k < c; k++, j += plane) {
            if (s[j] > bv && !d.excludes(k)) {
                bv = s[j];
                best = k;
            }
        }
        if (best < 0) {
            best = 0;
            bv = s[i];
        }
        float p;
        float p0;
        if (isProb) {
            p = bv;
            p0 = s[i];
        } else {
            double sum = 0;
            for (int k = 0, j = i; k < c; k++, j += plane) {
                sum += Math.exp(s[j] - bv);
            }
            p = (float) (1 / sum);
            p0 = (float) (Math.exp(s[i] - bv) / sum);
        }
        if (d.onScores() && p < d.threshold()) { // Deepness: probabilities below the threshold count as 0
            conf[i] = p0;
            return 0;
        }
        conf[i] = p;
        return best;
    }

    /** Pixel {@code i} of raw scores ({@code c} planes) to probabilities in place: a sigmoid for one channel, else a softmax. */
    public static void toProbabilities(float[] s, int plane, int c, int i) {
        if (c == 1) {
            s[i] = Probabilities.sigmoid(s[i]);
        } else {
            Probabilities.softmaxScaled(s, i, plane, c);
        }
    }

    /**
     * Class decision for one pixel from probabilities ({@code c} values from {@code offset}, every
     * {@code stride}): a sigmoid output against the threshold, else the most probable class not
     * excluded, then the Deepness rule; its confidence into {@code conf[at]}.
     */
    public int decide(float[] probs, int offset, int stride, int c, Decision d, float[] conf, int at) {
        if (kind == Kind.SIGMOID) {
            float fg = probs[offset];
            conf[at] = fg >= d.threshold() ? fg : 1 - fg;
            return fg >= d.threshold() ? 1 : 0;
        }
        int best = -1;
        float bp = Float.NEGATIVE_INFINITY;
        for (int k = 0, j = offset; k < c; k++, j += stride) {
            float v = probs[j];
            if (v > bp && !d.excludes(k)) {
                bp = v;
                best = k;
            }
        }
        if (best < 0) {
            best = 0;
            bp = probs[offset];
        }
        if (d.onScores() && bp < d.threshold()) { // Deepness: probabilities below the threshold count as 0
            best = 0;
            bp = probs[offset];
        }
        conf[at] = bp;
        return best;
    }
}
