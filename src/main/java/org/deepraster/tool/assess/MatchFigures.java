package org.deepraster.tool.assess;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The report's figures and notes of a matching assessment: detections (boxes) or instances (polygons). */
record MatchFigures(List<AccuracyReport.Figure> figures, List<String> notes) {

    static MatchFigures instances(InstanceEvaluation.Result r, String classField, String confField, String truthClassField,
                                  double iou, double confidence) {
        List<AccuracyReport.Figure> figures = new ArrayList<>();
        figures.add(new AccuracyReport.Figure("ap50", "AP at IoU 0.5 (mean over classes)", r.meanAp50()));
        figures.add(new AccuracyReport.Figure("ap", "AP at IoU 0.50:0.95 (COCO, mean over classes)", r.meanAp()));
        figures.add(new AccuracyReport.Figure("ap75", "AP at IoU 0.75 (mean over classes)", r.meanAp75()));
        matching(figures, r.precision(), r.recall(), r.f1(), r.truePositives(), r.falsePositives(), r.falseNegatives());
        figures.add(new AccuracyReport.Figure("detections", "Result polygons", (long) r.detections()));
        figures.add(new AccuracyReport.Figure("ground_truth", "Ground-truth polygons", (long) r.truths()));
        List<String> notes = new ArrayList<>();
        notes.add("Results class field: " + classField + "; confidence field: " + confField + "; ground-truth class field: "
                + truthClassField + ".");
        notes.add("IoU is of the polygons (intersection area over union area), not of their boxes. Results are taken by"
                + " descending confidence, each matched to the unmatched ground-truth polygon of its class with the highest"
                + " IoU at or above the threshold (COCO's rule).");
        notes.add("AP is COCO's 101-point interpolated average precision over all results, at IoU 0.5, 0.75 and averaged"
                + " over 0.50, 0.55, ..., 0.95; means are over the classes that have ground truth. COCO's cap of 100"
                + " detections per image, crowd regions and area ranges are not applied.");
        notes.add(String.format(Locale.ROOT, "Precision, recall, F1 and the picture are at IoU %s among the results with"
                + " confidence of at least %s.", ReportWriter.plain(iou), ReportWriter.plain(confidence)));
        return new MatchFigures(figures, notes);
    }

    static MatchFigures detections(DetectionEvaluation.Result r, String classField, String confField,
                                   String truthClassField, double iou, double confidence) {
        List<AccuracyReport.Figure> figures = new ArrayList<>();
        figures.add(new AccuracyReport.Figure("map", "mAP (mean average precision)", r.meanAveragePrecision()));
        matching(figures, r.precision(), r.recall(), r.f1(), r.truePositives(), r.falsePositives(), r.falseNegatives());
        figures.add(new AccuracyReport.Figure("detections", "Detections", (long) r.detections()));
        figures.add(new AccuracyReport.Figure("ground_truth", "Ground-truth objects", (long) r.truths()));
        List<String> notes = new ArrayList<>();
        notes.add("Results class field: " + classField + "; confidence field: " + confField + "; ground-truth class field: "
                + truthClassField + ".");
        notes.add(String.format(Locale.ROOT, "A detection matches a ground-truth object of its class when their IoU is at"
                + " least %s; detections are taken by descending confidence, each object matched once (COCO's rule).",
                ReportWriter.plain(iou)));
        notes.add("Precision, recall and F1 count detections with confidence of at least "
                + ReportWriter.plain(confidence) + ". AP is the all-point interpolated area under the"
                + " precision-recall curve (PASCAL VOC 2010 and later) over all detections; mAP is its mean over the"
                + " classes that have ground truth.");
        return new MatchFigures(figures, notes);
    }

    /** Precision, recall, F1 and the counts of true and false positives and of misses. */
    private static void matching(List<AccuracyReport.Figure> figures, double precision, double recall, double f1, int tp,
                                 int fp, int fn) {
        figures.add(new AccuracyReport.Figure("precision", "Precision", precision));
        figures.add(new AccuracyReport.Figure("recall", "Recall", recall));
        figures.add(new AccuracyReport.Figure("f1", "F1", f1));
        figures.add(new AccuracyReport.Figure("true_positives", "True positives", (long) tp));
        figures.add(new AccuracyReport.Figure("false_positives", "False positives", (long) fp));
        figures.add(new AccuracyReport.Figure("false_negatives", "False negatives (missed)", (long) fn));
    }
}
