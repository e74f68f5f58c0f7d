package org.deepraster.tool.detectobjects;

import java.nio.file.Path;
import java.util.List;
import org.deepraster.job.JobReport;
import org.deepraster.job.JobSummary;

/**
 * How a Detect Objects run ended: the engine's report (items are tiles), the summary (detections per
 * class, skipped tiles), the output, how many detections were written and how many NMS removed across
 * tiles, and warnings found while preparing.
 */
public record DetectObjectsResult(JobReport report, JobSummary summary, Path output, String table, long written,
                                  long suppressed, List<String> warnings) {
    public DetectObjectsResult {
        warnings = List.copyOf(warnings);
    }
}
