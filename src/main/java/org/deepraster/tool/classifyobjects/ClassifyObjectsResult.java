package org.deepraster.tool.classifyobjects;

import java.nio.file.Path;
import java.util.List;
import org.deepraster.job.JobReport;
import org.deepraster.job.JobSummary;

/**
 * How a Classify Objects run ended: the engine's report, the summary (counts per class, skips,
 * failures, time), the output written, and warnings found while preparing (e.g. a GPU that was not
 * available, objects outside the processing extent).
 */
public record ClassifyObjectsResult(JobReport report, JobSummary summary, Path output, String table,
                                    long outsideExtent, List<String> warnings) {
    public ClassifyObjectsResult {
        warnings = List.copyOf(warnings);
    }
}
