package org.deepraster.tool;

import java.io.PrintWriter;
import java.util.List;
import org.deepraster.job.JobProgress;
import org.deepraster.job.ResultSink;

/**
 * A progress bar on the terminal (stderr): redrawn in place on a terminal, a line every few seconds
 * otherwise (logs, pipes). Done/total, rate and time left.
 */
public final class TerminalProgress<R> implements ResultSink<R> {
    private final PrintWriter err;
    private final boolean tty;
    private final long intervalNanos;
    private long last;
    private boolean drawn;

    private final String doing;

    public TerminalProgress(PrintWriter err, boolean tty) {
        this(err, tty, "Classifying", "objects");
    }

    /** {@code doing} and {@code items} make the first line, e.g. "Detecting in 120 tiles...". */
    public TerminalProgress(PrintWriter err, boolean tty, String doing, String items) {
        this.doing = doing + " %d " + items;
        this.err = err;
        this.tty = tty;
        this.intervalNanos = tty ? 100_000_000L : 5_000_000_000L;
    }

    @Override
    public void started(long total, long resumed) {
        err.println(String.format(doing, total) + (resumed > 0 ? " (" + resumed + " done by an earlier run)" : "") + "...");
        err.flush();
    }

    @Override
    public void accept(List<R> results) {
    }

    @Override
    public void progress(JobProgress p) {
        long now = System.nanoTime();
        boolean end = p.done() >= p.total();
        if (!end && now - last < intervalNanos) {
            return;
        }
        last = now;
        String line = line(p);
        if (tty) {
            err.print("\r" + line + "\u001b[K");
            drawn = true;
        } else {
            err.println(line);
        }
        err.flush();
    }

    static String line(JobProgress p) {
        int width = 30;
        int filled = (int) Math.round(p.fraction() * width);
        double left = p.secondsLeft();
        return String.format("[%s%s] %d/%d %5.1f%%  %.1f/s  %s left%s%s", "#".repeat(filled), ".".repeat(width - filled),
                p.done(), p.total(), p.fraction() * 100, p.rate(), left < 0 ? "?" : time(left),
                p.failed() > 0 ? "  " + p.failed() + " failed" : "", p.threads().isEmpty() ? "" : "  (" + p.threads() + ")");
    }

    static String time(double s) {
        long t = Math.round(s);
        return t >= 3600 ? String.format("%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60) : String.format("%d:%02d", t / 60, t % 60);
    }

    @Override
    public void close() {
        if (drawn) {
            err.println();
            err.flush();
        }
    }
}
