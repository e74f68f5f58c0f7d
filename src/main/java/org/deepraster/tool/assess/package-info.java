/**
 * Accuracy assessment (core, no Swing): compares a tool's results with ground truth and writes a
 * report. Three modes: classified objects (confusion matrix), detections (precision, recall, F1 and
 * average precision at an IoU threshold) and classified pixels (confusion matrix streamed over both
 * rasters in row bands). {@link org.deepraster.tool.assess.AccuracyAssessmentTool} runs it from the
 * command line, the toolbox dialog and tests alike; {@link org.deepraster.tool.assess.ReportWriter}
 * writes {@code report.html} with PNG charts, {@code metrics.json} and CSV tables.
 */
package org.deepraster.assess;
