package org.deepraster.tool.assess;

/** What an assessment found and where its report is. */
public record AccuracyAssessmentResult(AccuracyReport report, ReportWriter.Files files) {
}
