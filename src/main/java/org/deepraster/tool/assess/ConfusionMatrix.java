package org.deepraster.tool.assess;

import java.util.ArrayList;
import java.util.List;

/**
 * Counts of (ground truth class, predicted class) pairs over a fixed list of classes. Rows are the
 * ground truth, columns the prediction. Not thread-safe; one owner fills it, then reads the metrics.
 *
 * <p>Per class c: precision = m[c][c] / column sum, recall = m[c][c] / row sum, F1 their harmonic
 * mean, IoU = m[c][c] / (row sum + column sum - m[c][c]). A metric whose denominator is 0 is NaN
 * (shown as "–"), and a class with no ground truth is left out of the weighted and mean figures.
 */
public final class ConfusionMatrix {
    private final List<String> classes;
    private final long[][] counts;

    public ConfusionMatrix(List<String> classes) {
        this.classes = List.copyOf(classes);
        this.counts = new long[classes.size()][classes.size()];
    }

    /** A matrix holding these counts (rows: ground truth, columns: prediction). */
    public static ConfusionMatrix of(List<String> classes, long[][] counts) {
        ConfusionMatrix m = new ConfusionMatrix(classes);
        if (counts.length != classes.size()) {
            throw new IllegalArgumentException("counts has " + counts.length + " rows for " + classes.size() + " classes");
        }
        for (int i = 0; i < counts.length; i++) {
            if (counts[i].length != classes.size()) {
                throw new IllegalArgumentException("row " + i + " has " + counts[i].length + " columns");
            }
            System.arraycopy(counts[i], 0, m.counts[i], 0, counts[i].length);
        }
        return m;
    }

    public List<String> classes() {
        return classes;
    }

    public int size() {
        return classes.size();
    }

    public void add(int truth, int predicted, long n) {
        counts[truth][predicted] += n;
    }

    public void add(int truth, int predicted) {
        counts[truth][predicted]++;
    }

    /** Adds every count of another matrix over the same classes. */
    public void addAll(ConfusionMatrix other) {
        if (!other.classes.equals(classes)) {
            throw new IllegalArgumentException("different classes");
        }
        for (int i = 0; i < counts.length; i++) {
            for (int j = 0; j < counts.length; j++) {
                counts[i][j] += other.counts[i][j];
            }
        }
    }

    public long count(int truth, int predicted) {
        return counts[truth][predicted];
    }

    /** A copy of the counts. */
    public long[][] counts() {
        long[][] c = new long[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            c[i] = counts[i].clone();
        }
        return c;
    }

    public long total() {
        long t = 0;
        for (long[] row : counts) {
            for (long v : row) {
                t += v;
            }
        }
        return t;
    }

    /** Ground truth count of class c (its row sum). */
    public long truthCount(int c) {
        long s = 0;
        for (long v : counts[c]) {
            s += v;
        }
        return s;
    }

    /** Predicted count of class c (its column sum). */
    public long predictedCount(int c) {
        long s = 0;
        for (long[] row : counts) {
            s += row[c];
        }
        return s;
    }

    public long correct() {
        long s = 0;
        for (int i = 0; i < counts.length; i++) {
            s += counts[i][i];
        }
        return s;
    }

    /** Share of all counts on the diagonal (NaN when empty). */
    public double overallAccuracy() {
        long t = total();
        return t == 0 ? Double.NaN : correct() / (double) t;
    }

    /** Cohen's kappa: (p_o - p_e) / (1 - p_e), p_e = sum of row share x column share. */
    public double kappa() {
        long t = total();
        if (t == 0) {
            return Double.NaN;
        }
        double po = correct() / (double) t;
        double pe = 0;
        for (int c = 0; c < counts.length; c++) {
            pe += (truthCount(c) / (double) t) * (predictedCount(c) / (double) t);
        }
        return pe == 1 ? Double.NaN : (po - pe) / (1 - pe);
    }

    public double precision(int c) {
        return ratio(counts[c][c], predictedCount(c));
    }

    public double recall(int c) {
        return ratio(counts[c][c], truthCount(c));
    }

    public double f1(int c) {
        return f1(precision(c), recall(c));
    }

    public double iou(int c) {
        long tp = counts[c][c];
        return ratio(tp, truthCount(c) + predictedCount(c) - tp);
    }

    /** F1 of a precision and a recall (0 when both are 0; NaN when either is NaN). */
    public static double f1(double precision, double recall) {
        if (Double.isNaN(precision) || Double.isNaN(recall)) {
            return Double.NaN;
        }
        return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    }

    static double ratio(long a, long b) {
        return b == 0 ? Double.NaN : a / (double) b;
    }

    /** One row per class: precision, recall, F1, IoU, ground truth and predicted counts. */
    public List<ClassMetrics> perClass() {
        List<ClassMetrics> out = new ArrayList<>();
        for (int c = 0; c < counts.length; c++) {
            out.add(new ClassMetrics(classes.get(c), precision(c), recall(c), f1(c), iou(c), truthCount(c),
                    predictedCount(c), counts[c][c]));
        }
        return out;
    }

    /**
     * F1 averaged over the classes weighted by their ground-truth count (for pixels: the
     * pixel-weighted F1). A class with no ground truth weighs 0; a NaN F1 (a class never predicted)
     * counts as 0.
     */
    public double weightedF1() {
        long t = 0;
        double s = 0;
        for (int c = 0; c < counts.length; c++) {
            long n = truthCount(c);
            if (n > 0) {
                double f = f1(c);
                s += n * (Double.isNaN(f) ? 0 : f);
                t += n;
            }
        }
        return t == 0 ? Double.NaN : s / t;
    }

    /** Mean F1 over the classes that have ground truth (a NaN F1 counts as 0). */
    public double macroF1() {
        return meanOverTruthClasses(true);
    }

    /** Mean IoU over the classes that have ground truth. */
    public double meanIou() {
        return meanOverTruthClasses(false);
    }

    private double meanOverTruthClasses(boolean f1) {
        int n = 0;
        double s = 0;
        for (int c = 0; c < counts.length; c++) {
            if (truthCount(c) > 0) {
                double v = f1 ? f1(c) : iou(c);
                s += Double.isNaN(v) ? 0 : v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : s / n;
    }

    /** Metrics of one class. {@code truth} is its ground-truth count (support), {@code correct} the diagonal. */
    public record ClassMetrics(String name, double precision, double recall, double f1, double iou, long truth,
                               long predicted, long correct) {
    }
}
