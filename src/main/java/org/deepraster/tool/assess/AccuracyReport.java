package org.deepraster.tool.assess;

import java.util.List;

/**
 * What an assessment found, ready to be written ({@link ReportWriter}) or printed.
 *
 * @param mode        objects, detections or pixels (never AUTO)
 * @param results     name of the results input
 * @param groundTruth names of the ground-truth inputs
 * @param classes     the classes in report order, with their colours
 * @param matrix      the confusion matrix (objects and pixels; null for detections)
 * @param detections  the detection figures (detections only; else null)
 * @param instances   the instance figures (instances only; else null)
 * @param figures     the headline numbers (counts and ratios), in order
 * @param notes       how it was computed (matching rule, thresholds, resampling), for the reader
 * @param warnings    what the user should know (no CRS, objects without class, ...)
 */
public record AccuracyReport(AssessmentMode mode, String results, List<String> groundTruth, List<ReportClass> classes,
                             ConfusionMatrix matrix, DetectionEvaluation.Result detections, List<Figure> figures,
                             List<String> notes, List<String> warnings, InstanceEvaluation.Result instances) {

    public AccuracyReport(AssessmentMode mode, String results, List<String> groundTruth, List<ReportClass> classes,
                          ConfusionMatrix matrix, DetectionEvaluation.Result detections, List<Figure> figures,
                          List<String> notes, List<String> warnings) {
        this(mode, results, groundTruth, classes, matrix, detections, figures, notes, warnings, null);
    }

    public AccuracyReport {
        groundTruth = List.copyOf(groundTruth);
        classes = List.copyOf(classes);
        figures = List.copyOf(figures);
        notes = List.copyOf(notes);
        warnings = List.copyOf(warnings);
    }

    /** A class: its name and colour (0xRRGGBB). */
    public record ReportClass(String name, int rgb) {
    }

    /**
     * A headline number: {@code key} for scripts (metrics.json), {@code label} for people; {@code value}
     * is a Long (a count) or a Double (a ratio in [0, 1], or NaN when undefined).
     */
    public record Figure(String key, String label, Number value) {
        public String formatted() {
            return ReportWriter.format(value);
        }
    }

    /** The figure with this key. */
    public Number figure(String key) {
        return figures.stream().filter(f -> f.key().equals(key)).findFirst().map(Figure::value)
                .orElseThrow(() -> new IllegalArgumentException("no figure " + key));
    }

    /** Colour of a class by name (grey when unknown). */
    public int colorOf(String name) {
        return classes.stream().filter(c -> c.name().equals(name)).findFirst().map(ReportClass::rgb).orElse(0x808080);
    }
}
