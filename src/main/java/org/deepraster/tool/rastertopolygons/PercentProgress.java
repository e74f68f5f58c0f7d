package org.deepraster.tool.rastertopolygons;

import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.deepraster.util.Progress;

/**
 * Prints the task, then whole percentages (every tenth) in place on a terminal's error stream, for {@code deepraster
 * raster-to-polygons}; cancelled when {@code cancel} is (Ctrl-C). Called from the thread that polygonises.
 */
final class PercentProgress implements Progress {
    private final PrintWriter err;
    private final Progress cancel;
    private final AtomicLong done = new AtomicLong();
    private volatile long total;
    private volatile long lastPercent = -1;

    PercentProgress(PrintWriter err, Progress cancel) {
        this.err = err;
        this.cancel = cancel;
    }

    @Override
    public void begin(String task, long total) {
        this.total = total;
        err.println(task + "...");
        err.flush();
    }

    @Override
    public void worked(long steps) {
        long d = done.addAndGet(steps);
        long p = total > 0 ? d * 100 / total : 0;
        if (p / 10 != lastPercent / 10) {
            lastPercent = p;
            err.print("\r" + p + "%");
            if (p >= 100) {
                err.println();
            }
            err.flush();
        }
    }

    @Override
    public boolean isCancelled() {
        return cancel.isCancelled();
    }
}
