package org.deepraster.tool.assess;

import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.deepraster.util.Progress;

/**
 * Prints "task: 40%" lines on a terminal's error stream every tenth of a known total, for {@code deepraster
 * accuracy-assessment}; cancelled when {@code cancel} is (Ctrl-C). Called from the thread that runs the assessment.
 */
final class LineProgress implements Progress {
    private final PrintWriter err;
    private final Progress cancel;
    private final AtomicLong done = new AtomicLong();
    private volatile long total;
    private volatile String task = "";
    private volatile int lastTenth;

    LineProgress(PrintWriter err, Progress cancel) {
        this.err = err;
        this.cancel = cancel;
    }

    @Override
    public void begin(String task, long total) {
        this.task = task;
        this.total = total;
        done.set(0);
        lastTenth = 0;
    }

    @Override
    public void worked(long steps) {
        long d = done.addAndGet(steps);
        if (total > 0) {
            int tenth = (int) (10 * d / total);
            if (tenth > lastTenth) {
                lastTenth = tenth;
                err.println(task + ": " + 10 * tenth + "%");
                err.flush();
            }
        }
    }

    @Override
    public boolean isCancelled() {
        return cancel.isCancelled();
    }
}
