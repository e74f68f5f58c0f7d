package org.deepraster.inference;

/** Small numeric helpers over strided float arrays. */
final class Probabilities {
    private Probabilities() {
    }

    /** True when the n values at offset, offset+stride… lie in [0,1] and sum to 1 (±1e-3). */
    static boolean isDistribution(float[] a, int offset, int stride, int n) {
        double sum = 0;
        for (int i = 0, j = offset; i < n; i++, j += stride) {
            float v = a[j];
            if (!(v >= -1e-6f && v <= 1 + 1e-6f)) {
                return false;
            }
            sum += v;
        }
        return Math.abs(sum - 1) < 1e-3;
    }

    /** In-place, numerically stable softmax over n strided values. */
    static void softmax(float[] a, int offset, int stride, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0, j = offset; i < n; i++, j += stride) {
            max = Math.max(max, a[j]);
        }
        double sum = 0;
        for (int i = 0, j = offset; i < n; i++, j += stride) {
            double e = Math.exp(a[j] - max);
            a[j] = (float) e;
            sum += e;
        }
        for (int i = 0, j = offset; i < n; i++, j += stride) {
            a[j] = (float) (a[j] / sum);
        }
    }

    /**
     * In-place softmax over n strided values in float (exponentials summed in double, then scaled
     * by the sum's inverse): the per-pixel variant of {@link PixelDecoder#toProbabilities}, whose
     * rasters are fixed by it.
     */
    static void softmaxScaled(float[] a, int offset, int stride, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int k = 0, j = offset; k < n; k++, j += stride) {
            max = Math.max(max, a[j]);
        }
        double sum = 0;
        for (int k = 0, j = offset; k < n; k++, j += stride) {
            float e = (float) Math.exp(a[j] - max);
            a[j] = e;
            sum += e;
        }
        float inv = (float) (1 / sum);
        for (int k = 0, j = offset; k < n; k++, j += stride) {
            a[j] *= inv;
        }
    }

    static float sigmoid(float x) {
        return (float) (1 / (1 + Math.exp(-x)));
    }
}
