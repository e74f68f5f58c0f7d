package org.deepraster.tool.exporttrainingdata;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deepraster.job.JobReport;
import org.deepraster.job.JobSummary;

/**
 * What an export wrote: the engine's report, a summary whose counts are labels per class (objects,
 * or for Classified_Tiles chips holding the class), the chips written, the images that hold each
 * class, and warnings.
 */
public record ExportTrainingDataResult(JobReport report, JobSummary summary, Path outFolder, long chips,
                                       Map<String, Long> labelsByClass, Map<String, Long> chipsByClass,
                                       List<String> warnings) {
    public ExportTrainingDataResult {
        labelsByClass = Map.copyOf(labelsByClass);
        chipsByClass = Map.copyOf(chipsByClass);
        warnings = List.copyOf(warnings);
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
        if (summary != null && summary.skipped() > 0) {
            b.append("Not written ").append(summary.skipped()).append(":\n");
            summary.skipReasons().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> b.append("  ").append(e.getKey()).append(": ").append(e.getValue()).append('\n'));
        }
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
