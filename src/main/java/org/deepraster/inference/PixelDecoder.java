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
 */
public record PixelDecoder(Kind kind, String output) implements Decoder {
    public enum Kind { CLASS_SCORES, SIGMOID, LABELS }

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
}
