package org.deepraster.job;

import java.util.List;

/**
 * How a run ended. {@code problems} holds at most {@link Job#MAX_PROBLEMS_KEPT} skipped/failed items
 * (the counts are exact); {@code error} is the message that stopped a failed run.
 */
public record JobReport(Outcome outcome, JobProgress progress, List<ItemProblem> problems, String error) {
    public enum Outcome { COMPLETED, CANCELLED, FAILED }

    public JobReport {
        problems = List.copyOf(problems);
    }

    public long failed() {
        return progress.failed();
    }

    public long skipped() {
        return progress.skipped();
    }
}
