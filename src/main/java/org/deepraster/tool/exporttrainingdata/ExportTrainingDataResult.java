package org.deepraster.tool.exporttrainingdata;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deepraster.job.JobReport;
import org.deepraster.job.JobSummary;

/**
 * What an export wrote: the engine's report, a summary whose counts are labels per class (objects,
 * or for Classified_Tiles chips holding the class), the chips written, the images that hold each
 * class, the chip positions left out while planning ({@code notCut}, by reason: outside the mask, no
 * feature), and warnings.
 */
public record ExportTrainingDataResult(JobReport report, JobSummary summary, Path outFolder, long chips,
                                       Map<String, Long> labelsByClass, Map<String, Long> chipsByClass,
                                       Map<String, Long> notCut, List<String> warnings) {
    public ExportTrainingDataResult {
        labelsByClass = Map.copyOf(labelsByClass);
        chipsByClass = Map.copyOf(chipsByClass);
        notCut = Map.copyOf(notCut);
        warnings = List.copyOf(warnings);
    }

    /** Chip positions looked at: the chips to cut (rotated copies included) and those left out while planning. */
    public long lookedAt() {
        return (summary == null ? chips : summary.total()) + notCut.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * One account of the chips that adds up: positions looked at = written + not written (by reason, from
     * the plan and the run) + failed (+ not reached, after a cancel or an error).
     */
    String accounting() {
        Map<String, Long> reasons = new java.util.TreeMap<>(notCut);
        if (summary != null) {
            summary.skipReasons().forEach((k, v) -> reasons.merge(k, v, Long::sum));
        }
        long notWritten = reasons.values().stream().mapToLong(Long::longValue).sum();
        long failed = summary == null ? 0 : summary.failed();
        long notReached = Math.max(0, lookedAt() - chips - notWritten - failed);
        StringBuilder b = new StringBuilder();
        b.append(lookedAt()).append(" chips looked at: ").append(chips).append(" written, ").append(notWritten)
                .append(" not written").append(failed > 0 ? ", " + failed + " failed" : "")
                .append(notReached > 0 ? ", " + notReached + " not reached" : "").append('\n');
        if (notWritten > 0) {
            b.append("Not written:\n");
            reasons.forEach((k, v) -> b.append("  ").append(k).append(": ").append(v).append('\n'));
        }
        return b.toString();
    }

    /** A few lines for a terminal or a message box. */
    public String describe() {
        StringBuilder b = new StringBuilder();
        b.append(switch (report.outcome()) {
            case COMPLETED -> "Completed";
            case CANCELLED -> "Cancelled";
            case FAILED -> "Failed";
        });
        b.append(String.format(" in %.1f s: %d chips written to %s%n", report.progress().elapsedNanos() / 1e9, chips, outFolder));
        if (!labelsByClass.isEmpty()) {
            b.append("Labels per class (chips holding it):\n");
            labelsByClass.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> b.append("  ")
                    .append(e.getKey()).append(": ").append(e.getValue()).append(" (")
                    .append(chipsByClass.getOrDefault(e.getKey(), 0L)).append(" chips)\n"));
        }
        b.append(accounting());
        if (summary != null && summary.failed() > 0) {
            b.append("Failed ").append(summary.failed()).append(":\n");
            summary.failures().stream().limit(10).forEach(p -> b.append("  ").append(p.item()).append(": ").append(p.reason()).append('\n'));
        }
        if (report.error() != null) {
            b.append("Error: ").append(report.error()).append('\n');
        }
        return b.toString();
    }
}
