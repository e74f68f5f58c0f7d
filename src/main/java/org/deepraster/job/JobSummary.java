package org.deepraster.job;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a finished run did: results per class (or any grouping the tool chooses), items skipped with
 * their reason counts, failed items (by name, at most {@link Job#MAX_PROBLEMS_KEPT}), and time.
 */
public record JobSummary(JobReport.Outcome outcome, long total, long resumed, long results,
                         Map<String, Long> countsByClass, long skipped, Map<String, Long> skipReasons,
                         long failed, List<ItemProblem> failures, Duration elapsed, String error) {

    public JobSummary {
        countsByClass = Map.copyOf(countsByClass);
        skipReasons = Map.copyOf(skipReasons);
        failures = List.copyOf(failures);
    }

    /** A few lines for a terminal or a message box. */
    public String describe() {
        StringBuilder b = new StringBuilder();
        b.append(switch (outcome) {
            case COMPLETED -> "Completed";
            case CANCELLED -> "Cancelled";
            case FAILED -> "Failed";
        });
        b.append(String.format(" in %.1f s: %d results", elapsed.toMillis() / 1000.0, results));
        if (resumed > 0) {
            b.append(", ").append(resumed).append(" items done by an earlier run");
        }
        b.append('\n');
        countsByClass.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> b.append("  ").append(e.getKey()).append(": ").append(e.getValue()).append('\n'));
        if (skipped > 0) {
            b.append("Skipped ").append(skipped).append(":\n");
            skipReasons.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> b.append("  ").append(e.getKey()).append(": ").append(e.getValue()).append('\n'));
        }
        if (failed > 0) {
            b.append("Failed ").append(failed).append(":\n");
            failures.stream().limit(10).forEach(p -> b.append("  ").append(p.item()).append(": ").append(p.reason()).append('\n'));
            if (failed > 10) {
                b.append("  ... and ").append(failed - 10).append(" more\n");
            }
        }
        if (error != null) {
            b.append("Error: ").append(error).append('\n');
        }
        return b.toString();
    }
}
