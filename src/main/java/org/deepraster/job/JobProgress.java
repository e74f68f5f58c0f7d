package org.deepraster.job;

/**
 * Where a run stands: items handled so far (with results, skipped or failed) out of
 * {@code total}, items taken over from an earlier run ({@code resumed}, not in {@code total}),
 * and the elapsed time; {@code threads} says how the cores are split ("2 inference threads, 1 reader,
 * reading 18 % busy"; empty when not measured yet). Immutable; a new one comes after every written batch.
 */
public record JobProgress(long done, long total, long results, long skipped, long failed, long resumed,
                          long elapsedNanos, String threads) {

    public JobProgress {
        threads = threads == null ? "" : threads;
    }

    public JobProgress(long done, long total, long results, long skipped, long failed, long resumed, long elapsedNanos) {
        this(done, total, results, skipped, failed, resumed, elapsedNanos, "");
    }

    /** Items handled per second so far (0 at the start). */
    public double rate() {
        return elapsedNanos <= 0 ? 0 : done / (elapsedNanos / 1e9);
    }

    /** Seconds left at the current rate, or -1 when unknown. */
    public double secondsLeft() {
        double r = rate();
        return r <= 0 || total <= 0 ? -1 : Math.max(0, total - done) / r;
    }

    /** Done as a fraction of the total (0..1; 0 when the total is unknown). */
    public double fraction() {
        return total <= 0 ? 0 : Math.min(1.0, done / (double) total);
    }
}
