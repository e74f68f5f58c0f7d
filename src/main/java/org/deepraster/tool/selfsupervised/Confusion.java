package org.deepraster.tool.selfsupervised;

/**
 * A confusion matrix over class indexes (rows: the label, columns: the prediction) and the scores the reports give:
 * per class precision, recall, F1 and support (labelled pixels), and the pixel-weighted F1 (each class's F1 weighted
 * by its support). A score whose denominator is 0 is NaN. Not thread-safe.
 */
final class Confusion {
    private final int n;
    private final long[] m;

    Confusion(int classes) {
        this.n = classes;
        this.m = new long[classes * classes];
    }

    void add(int label, int predicted) {
        m[label * n + predicted]++;
    }

    void addAll(Confusion o) {
        for (int i = 0; i < m.length; i++) {
            m[i] += o.m[i];
        }
    }

    int classes() {
        return n;
    }

    long count(int label, int predicted) {
        return m[label * n + predicted];
    }

    long support(int c) {
        long s = 0;
        for (int p = 0; p < n; p++) {
            s += m[c * n + p];
        }
        return s;
    }

    long predicted(int c) {
        long s = 0;
        for (int l = 0; l < n; l++) {
            s += m[l * n + c];
        }
        return s;
    }

    long total() {
        long s = 0;
        for (long v : m) {
            s += v;
        }
        return s;
    }

    double precision(int c) {
        long p = predicted(c);
        return p == 0 ? Double.NaN : (double) count(c, c) / p;
    }

    double recall(int c) {
        long s = support(c);
        return s == 0 ? Double.NaN : (double) count(c, c) / s;
    }

    /** 2TP / (2TP + FP + FN); NaN when the class is neither labelled nor predicted. */
    double f1(int c) {
        long tp = count(c, c);
        long denominator = support(c) + predicted(c);
        return denominator == 0 ? Double.NaN : 2.0 * tp / denominator;
    }

    /** Σ support·F1 / Σ support over the labelled classes; NaN without labelled pixels. */
    double weightedF1() {
        double sum = 0;
        long total = 0;
        for (int c = 0; c < n; c++) {
            long s = support(c);
            if (s > 0) {
                sum += s * f1(c);
                total += s;
            }
        }
        return total == 0 ? Double.NaN : sum / total;
    }
}
