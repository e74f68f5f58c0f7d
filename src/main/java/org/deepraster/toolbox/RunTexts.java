package org.deepraster.toolbox;

import java.util.List;
import java.util.Locale;
import org.deepraster.job.JobProgress;
import org.deepraster.job.JobReport;
import org.deepraster.job.JobSummary;
import org.deepraster.util.UserException;

/**
 * What the tool dialogs say about a run of the job engine: the progress line under the bar, the
 * summary of a finished run and the error of a run that stopped. The dialogs reach these through
 * {@link ToolRunner}'s helpers of the same names. Pure functions; any thread.
 */
final class RunTexts {
    private RunTexts() {
    }

    /**
     * The summary of a job's run: {@code head} (the job summary's description, see {@link #head}),
     * {@code body} (the tool's own lines), {@code cancelled} as a line when the run was cancelled,
     * a line per warning, then {@code tail} (the output).
     */
    static String summaryText(String head, String body, JobReport report, String cancelled, List<String> warnings,
            String tail) {
        StringBuilder b = new StringBuilder(head).append(body);
        if (report.outcome() == JobReport.Outcome.CANCELLED) {
            b.append(cancelled).append('\n');
        }
        for (String w : warnings) {
            b.append("Warning: ").append(w).append('\n');
        }
        return b.append(tail).toString();
    }

    /** A summary's first lines: the job summary's description, else the outcome (a line). */
    static String head(JobSummary summary, JobReport report) {
        return summary != null ? summary.describe() : report.outcome() + "\n";
    }

    /**
     * "120 of 480 objects · 35.2 objects/s · about 0:10 left · 3 skipped": the progress line of a
     * job over items called {@code unit}.
     */
    static String progressLine(JobProgress p, String unit) {
        StringBuilder b = new StringBuilder();
        b.append(p.done()).append(" of ").append(p.total()).append(' ').append(unit);
        if (p.rate() > 0) {
            b.append(String.format(Locale.ROOT, " · %.1f %s/s", p.rate(), unit));
        }
        double left = p.secondsLeft();
        if (left >= 0 && p.done() < p.total()) {
            long s = Math.round(left);
            b.append(String.format(Locale.ROOT, " · about %d:%02d left", s / 60, s % 60));
        }
        if (p.skipped() > 0) {
            b.append(" · ").append(p.skipped()).append(" skipped");
        }
        if (p.failed() > 0) {
            b.append(" · ").append(p.failed()).append(" failed");
        }
        if (p.resumed() > 0) {
            b.append(" · ").append(p.resumed()).append(" from the earlier run");
        }
        if (!p.threads().isEmpty()) {
            b.append(" · ").append(p.threads());
        }
        return b.toString();
    }

    /** The error of a run that stopped (failed with an error), with a hint; null for any other outcome. */
    static UserException stopped(JobReport report, String hint) {
        return report.outcome() == JobReport.Outcome.FAILED && report.error() != null
                ? new UserException("The run stopped: " + report.error(), hint) : null;
    }
}
