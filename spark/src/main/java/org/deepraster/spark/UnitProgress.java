package org.deepraster.spark;

import java.io.PrintStream;
import java.util.Locale;
import org.apache.spark.ExceptionFailure;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.util.LongAccumulator;

/**
 * Progress of a run on the driver's terminal, from Spark's listener bus: work units done / total, features (or
 * pixels) so far, rate and time left, one line per finished unit. Failed attempts are counted and said (Spark
 * retries them). Spark calls {@link #onTaskEnd} on its listener thread, after it has merged the task's
 * accumulator updates.
 */
public final class UnitProgress extends SparkListener {
    private final PrintStream out;
    private final long total;
    private final long skipped;
    private final LongAccumulator results;
    private final LongAccumulator doneUnits;
    private final String what;
    private final long t0 = System.nanoTime();
    private long failedAttempts;
    private String last;

    /**
     * @param total     units of the run
     * @param skipped   units committed by an earlier submission (counted as done, not in the rate)
     * @param results   the tasks' feature / pixel counts
     * @param doneUnits units the tasks ran to commit
     */
    public UnitProgress(PrintStream out, long total, long skipped, LongAccumulator results, LongAccumulator doneUnits,
                        String what) {
        this.out = out;
        this.total = total;
        this.skipped = skipped;
        this.results = results;
        this.doneUnits = doneUnits;
        this.what = what;
    }

    @Override
    public synchronized void onTaskEnd(SparkListenerTaskEnd end) {
        if (!end.taskInfo().successful()) {
            failedAttempts++;
            out.println("A task attempt failed (" + (end.reason() instanceof ExceptionFailure f
                    ? f.className() + ": " + f.description() : end.reason().toString()) + "); Spark retries it.");
            out.flush();
            return;
        }
        String line = line();
        if (!line.equals(last)) { // (two tasks ending together show the same counts)
            out.println(line);
            out.flush();
            last = line;
        }
    }

    /** "Units 3/8 (1 skipped), 120 features, 0.50 units/s, about 10 s left". */
    public synchronized String line() {
        long ran = doneUnits.value();
        long done = Math.min(total, ran + skipped);
        double s = (System.nanoTime() - t0) / 1e9;
        double rate = s > 0 ? ran / s : 0;
        String eta = rate > 0 && done < total ? String.format(Locale.ROOT, ", about %.0f s left", (total - done) / rate) : "";
        return String.format(Locale.ROOT, "Units %d/%d%s, %d %s, %.2f units/s%s%s", done, total,
                skipped > 0 ? " (" + skipped + " committed before)" : "", results.value(), what, rate, eta,
                failedAttempts > 0 ? ", " + failedAttempts + " failed attempts retried" : "");
    }

    public synchronized long failedAttempts() {
        return failedAttempts;
    }
}
