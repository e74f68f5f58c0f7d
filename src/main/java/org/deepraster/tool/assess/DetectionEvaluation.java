package org.deepraster.tool.assess;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.HashMap;
import org.deepraster.detection.NonMaxSuppression;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * Detections against ground-truth objects, class by class, as COCO and PASCAL VOC do it.
 *
 * <p>Matching: within each class, detections are taken by descending confidence (ties: input order);
 * each is matched to the not yet matched ground-truth object of its class with the highest IoU, if
 * that IoU is at least the threshold (a true positive); otherwise it is a false positive (a
 * duplicate of an object already found is one). This is COCO's rule; VOC's differs only in that a
 * detection whose best-overlapping object is already taken is a false positive even when another
 * object would match. Ground-truth objects left unmatched are false negatives. IoU is of the
 * envelopes for rectangles and of the polygons otherwise.
 *
 * <p>Average precision: all-point interpolation (VOC 2010 and later): the area under the
 * precision-recall curve after making precision monotone (each point takes the highest precision at
 * any equal or greater recall). A class without ground truth has no AP (NaN) and is left out of the
 * mean (mAP); a class with ground truth and no detection has AP 0.
 *
 * <p>Precision, recall and F1 are also given at a confidence threshold: only detections with a
 * confidence at or above it count (matching is the same: a higher-confidence detection is always
 * matched first, so the threshold only cuts the ranked list).
 */
public final class DetectionEvaluation {
    private DetectionEvaluation() {
    }

    /** A detected object: its geometry (box or polygon), class name and confidence. */
    public record Detection(Geometry geometry, String label, double confidence) {
    }

    /** A ground-truth object. */
    public record Truth(Geometry geometry, String label) {
    }

    /**
     * The ranked detections of a class: confidence (descending), and recall and precision after each
     * detection.
     */
    public record PrCurve(double[] confidence, double[] recall, double[] precision) {
        public int size() {
            return confidence.length;
        }
    }

    /** Figures of one class; {@code truePositives} etc. are at the confidence threshold. */
    public record ClassResult(String name, int truths, int detections, int truePositives, int falsePositives,
                              int falseNegatives, double precision, double recall, double f1, double averagePrecision,
                              PrCurve curve) {
    }

    /** The whole evaluation; {@code precision/recall/f1} are over all classes (micro averages). */
    public record Result(double iouThreshold, double confidenceThreshold, List<ClassResult> classes, int truths,
                         int detections, int truePositives, int falsePositives, int falseNegatives, double precision,
                         double recall, double f1, double meanAveragePrecision) {
    }

    /**
     * Evaluates. Classes are reported in the order given; a detection or truth whose class is not in
     * {@code classes} must not be passed.
     */
    public static Result evaluate(List<Detection> detections, List<Truth> truths, List<String> classes,
                                  double iouThreshold, double confidenceThreshold) {
        Map<String, List<Detection>> detByClass = new HashMap<>();
        Map<String, List<Truth>> truthByClass = new HashMap<>();
        for (Detection d : detections) {
            detByClass.computeIfAbsent(d.label(), k -> new ArrayList<>()).add(d);
        }
        for (Truth t : truths) {
            truthByClass.computeIfAbsent(t.label(), k -> new ArrayList<>()).add(t);
        }
        List<ClassResult> out = new ArrayList<>();
        int tp = 0, fp = 0, fn = 0, nDet = 0, nTruth = 0;
        double apSum = 0;
        int apCount = 0;
        for (String c : classes) {
            ClassResult r = evaluateClass(c, detByClass.getOrDefault(c, List.of()), truthByClass.getOrDefault(c, List.of()),
                    iouThreshold, confidenceThreshold);
            out.add(r);
            tp += r.truePositives();
            fp += r.falsePositives();
            fn += r.falseNegatives();
            nDet += r.detections();
            nTruth += r.truths();
            if (!Double.isNaN(r.averagePrecision())) {
                apSum += r.averagePrecision();
                apCount++;
            }
        }
        double p = ConfusionMatrix.ratio(tp, tp + fp);
        double rc = ConfusionMatrix.ratio(tp, tp + fn);
        return new Result(iouThreshold, confidenceThreshold, out, nTruth, nDet, tp, fp, fn, p, rc,
                ConfusionMatrix.f1(p, rc), apCount == 0 ? Double.NaN : apSum / apCount);
    }

    static ClassResult evaluateClass(String name, List<Detection> dets, List<Truth> truths, double iouThreshold,
                                     double confidenceThreshold) {
        List<Detection> ranked = new ArrayList<>(dets);
        ranked.sort(Comparator.comparingDouble(Detection::confidence).reversed()); // stable: ties keep input order
        STRtree index = new STRtree();
        List<NonMaxSuppression.Candidate> truthBoxes = new ArrayList<>();
        for (int i = 0; i < truths.size(); i++) {
            NonMaxSuppression.Candidate t = NonMaxSuppression.Candidate.of(truths.get(i).geometry(), 0, null);
            truthBoxes.add(t);
            index.insert(truths.get(i).geometry().getEnvelopeInternal(), i);
        }
        boolean[] taken = new boolean[truths.size()];
        int n = ranked.size();
        double[] conf = new double[n];
        double[] recall = new double[n];
        double[] precision = new double[n];
        int cumTp = 0;
        int tpAt = 0, fpAt = 0;
        for (int k = 0; k < n; k++) {
            Detection d = ranked.get(k);
            NonMaxSuppression.Candidate db = NonMaxSuppression.Candidate.of(d.geometry(), d.confidence(), null);
            int best = -1;
            double bestIou = -1;
            for (Object o : index.query(d.geometry().getEnvelopeInternal())) {
                int i = (Integer) o;
                if (taken[i]) {
                    continue;
                }
                double iou = NonMaxSuppression.iou(db, truthBoxes.get(i));
                if (iou >= iouThreshold && iou > bestIou) {
                    bestIou = iou;
                    best = i;
                }
            }
            boolean hit = best >= 0;
            if (hit) {
                taken[best] = true;
                cumTp++;
            }
            if (d.confidence() >= confidenceThreshold) {
                if (hit) {
                    tpAt++;
                } else {
                    fpAt++;
                }
            }
            conf[k] = d.confidence();
            recall[k] = truths.isEmpty() ? Double.NaN : cumTp / (double) truths.size();
            precision[k] = cumTp / (double) (k + 1);
        }
        double ap = truths.isEmpty() ? Double.NaN : averagePrecision(recall, precision);
        int fnAt = truths.size() - tpAt;
        double p = ConfusionMatrix.ratio(tpAt, tpAt + fpAt);
        double r = ConfusionMatrix.ratio(tpAt, truths.size());
        double f1 = ConfusionMatrix.f1(p, r);
        if (Double.isNaN(p) && !truths.isEmpty()) {
            f1 = 0; // nothing detected: recall 0, F1 0
        }
        return new ClassResult(name, truths.size(), n, tpAt, fpAt, fnAt, p, r, f1, ap, new PrCurve(conf, recall, precision));
    }

    /**
     * All-point interpolated average precision of a ranked list: {@code recall[k]} and
     * {@code precision[k]} after the k-th detection (recall never decreasing).
     */
    public static double averagePrecision(double[] recall, double[] precision) {
        int n = recall.length;
        double[] mrec = new double[n + 2];
        double[] mpre = new double[n + 2];
        mrec[n + 1] = 1;
        for (int i = 0; i < n; i++) {
            mrec[i + 1] = recall[i];
            mpre[i + 1] = precision[i];
        }
        for (int i = n; i >= 0; i--) {
            mpre[i] = Math.max(mpre[i], mpre[i + 1]);
        }
        double ap = 0;
        for (int i = 1; i <= n + 1; i++) {
            if (mrec[i] != mrec[i - 1]) {
                ap += (mrec[i] - mrec[i - 1]) * mpre[i];
            }
        }
        return ap;
    }
}
