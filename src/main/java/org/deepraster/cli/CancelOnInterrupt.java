package org.deepraster.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.deepraster.job.JobReport;
import org.deepraster.util.Progress;

/**
 * Ctrl-C (or SIGTERM) cancels the run; the JVM waits (up to a minute) until the batch in flight is written.
 * {@link #run} installs the shutdown hook around a command's body; {@link #exitCode} turns the job report into
 * the tool commands' exit code (0 done, 1 some items failed, 130 cancelled).
 */
final class CancelOnInterrupt implements Progress {
    volatile boolean cancelled;
    final CountDownLatch done = new CountDownLatch(1);

    /** A command's body, given the cancel flag to pass to the tool's run. */
    interface Body {
        int run(CancelOnInterrupt cancel) throws IOException;
    }

    /** Runs {@code body} with a shutdown hook that cancels it and waits for it to finish. */
    static int run(Body body) throws IOException {
        CancelOnInterrupt cancel = new CancelOnInterrupt();
        Thread hook = new Thread(cancel::interrupted, "deepraster-cancel");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return body.run(cancel);
        } finally {
            cancel.done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it waits for us
            }
        }
    }

    /** 130 after printing {@code cancelledMessage} when the run was cancelled, else 1 when some items failed, else 0. */
    static int exitCode(JobReport report, PrintWriter err, String cancelledMessage) {
        if (report.outcome() == JobReport.Outcome.CANCELLED) {
            err.println(cancelledMessage);
            err.flush();
            return 130;
        }
        return report.failed() > 0 ? 1 : 0;
    }

    void interrupted() {
        cancelled = true;
        try {
            done.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void begin(String task, long total) {
    }

    @Override
    public void worked(long steps) {
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }
}
