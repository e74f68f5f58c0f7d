package org.deepraster.tool;

import java.io.PrintWriter;
import org.deepraster.job.JobReport;
import org.deepraster.job.ResultSink;
import org.deepraster.util.Progress;

/**
 * Where a tool run from the command line, a job file or a dialog made from its declarations reports: the summary on
 * {@code out}, warnings and progress on {@code err} (a bar redrawn in place when {@code tty}), cancellation through
 * {@code cancel} (Ctrl-C), rasters it is filling through {@code previews} (on the map in the viewer; nothing on the
 * command line).
 */
public record ToolConsole(PrintWriter out, PrintWriter err, boolean tty, Progress cancel, RasterPreviews previews) {

    /** Without raster previews (the command line). */
    public ToolConsole(PrintWriter out, PrintWriter err, boolean tty, Progress cancel) {
        this(out, err, tty, cancel, RasterPreviews.NONE);
    }

    /** Prints "Warning: …" for each warning. */
    public void warnings(Iterable<String> warnings) {
        for (String w : warnings) {
            err.println("Warning: " + w);
        }
        err.flush();
    }

    /** A terminal progress bar for a run over {@code items} ("Detecting in 120 tiles…"). */
    public <R> ResultSink<R> progress(String doing, String items) {
        return new TerminalProgress<>(err, tty, doing, items);
    }

    /** 130 after printing {@code cancelledMessage} when the run was cancelled, else 1 when some items failed, else 0. */
    public int exitCode(JobReport report, String cancelledMessage) {
        if (report.outcome() == JobReport.Outcome.CANCELLED) {
            err.println(cancelledMessage);
            err.flush();
            return 130;
        }
        return report.failed() > 0 ? 1 : 0;
    }

    /** Whether Ctrl-C (or SIGTERM) asked the run to stop. */
    public boolean cancelled() {
        return cancel.isCancelled();
    }
}
