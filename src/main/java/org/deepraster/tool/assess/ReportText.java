package org.deepraster.tool.assess;

import java.io.PrintWriter;
import java.util.Locale;

/** An accuracy report as plain text for a terminal: the headline figures and a per-class table. */
final class ReportText {
    private ReportText() {
    }

    static void print(AccuracyReport r, PrintWriter out) {
        out.println(r.mode().title() + ": " + r.results() + " against " + String.join(", ", r.groundTruth()));
        int w = r.figures().stream().mapToInt(f -> f.label().length()).max().orElse(10);
        for (AccuracyReport.Figure f : r.figures()) {
            out.printf(Locale.ROOT, "  %-" + w + "s  %s%n", f.label(), f.formatted());
        }
        int cw = Math.max(5, r.classes().stream().mapToInt(c -> c.name().length()).max().orElse(5));
        if (r.matrix() != null) {
            boolean iou = r.mode() == AssessmentMode.PIXELS;
            out.printf(Locale.ROOT, "  %-" + cw + "s  %9s  %9s  %9s%s  %12s%n", "class", "precision", "recall", "F1",
                    iou ? String.format("  %9s", "IoU") : "", "ground truth");
            for (ConfusionMatrix.ClassMetrics c : r.matrix().perClass()) {
                out.printf(Locale.ROOT, "  %-" + cw + "s  %9s  %9s  %9s%s  %12s%n", c.name(), ReportWriter.format(c.precision()),
                        ReportWriter.format(c.recall()), ReportWriter.format(c.f1()),
                        iou ? String.format("  %9s", ReportWriter.format(c.iou())) : "", ReportWriter.format(c.truth()));
            }
        } else if (r.instances() != null) {
            out.printf(Locale.ROOT, "  %-" + cw + "s  %9s  %9s  %9s  %9s  %9s  %12s  %10s%n", "class", "precision", "recall", "F1",
                    "AP50", "AP", "ground truth", "results");
            for (InstanceEvaluation.ClassResult c : r.instances().classes()) {
                out.printf(Locale.ROOT, "  %-" + cw + "s  %9s  %9s  %9s  %9s  %9s  %12s  %10s%n", c.name(),
                        ReportWriter.format(c.precision()), ReportWriter.format(c.recall()), ReportWriter.format(c.f1()),
                        ReportWriter.format(c.ap50()), ReportWriter.format(c.ap()), ReportWriter.format((long) c.truths()),
                        ReportWriter.format((long) c.detections()));
            }
        } else {
            out.printf(Locale.ROOT, "  %-" + cw + "s  %9s  %9s  %9s  %9s  %12s  %10s%n", "class", "precision", "recall", "F1",
                    "AP", "ground truth", "detections");
            for (DetectionEvaluation.ClassResult c : r.detections().classes()) {
                out.printf(Locale.ROOT, "  %-" + cw + "s  %9s  %9s  %9s  %9s  %12s  %10s%n", c.name(),
                        ReportWriter.format(c.precision()), ReportWriter.format(c.recall()), ReportWriter.format(c.f1()),
                        ReportWriter.format(c.averagePrecision()), ReportWriter.format((long) c.truths()),
                        ReportWriter.format((long) c.detections()));
            }
        }
        for (String warning : r.warnings()) {
            out.println("  Warning: " + warning);
        }
    }
}
