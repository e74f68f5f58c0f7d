package org.deepraster.tool.assess;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.TopologyException;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * Instance polygons (e.g. building footprints from masks) against ground-truth polygons, class by
 * class, as COCO evaluates masks ("segm").
 *
 * <p>IoU is of the polygons themselves (area of the intersection over area of the union, JTS), not
 * of their boxes: an L-shaped footprint and its bounding rectangle do not match perfectly. Matching
 * at an IoU threshold: detections by descending confidence (ties: input order), each matched to the
 * not yet matched ground-truth polygon of its class with the highest IoU, if at least the threshold;
 * otherwise a false positive. AP: COCO's 101-point interpolation (precision made monotone, read at
 * recall 0, 0.01, ..., 1; 0 beyond the highest recall), at IoU 0.50, 0.75 and averaged over 0.50,
 * 0.55, ..., 0.95 (COCO's AP). COCO's per-image cap of 100 detections, crowd regions and area
 * ranges are not applied. A class without ground truth has no AP (NaN) and is left out of the means.
 *
 * <p>Precision, recall and F1 are at the main IoU threshold (0.5 by default) among the detections
 * with confidence at or above the confidence threshold; the same matching gives each polygon's
 * {@link Outcome} for the picture of matched, missed and false polygons.
 */
public final class InstanceEvaluation {
    /** COCO's IoU thresholds 0.50:0.05:0.95. */
    public static final double[] COCO_THRESHOLDS = {0.50, 0.55, 0.60, 0.65, 0.70, 0.75, 0.80, 0.85, 0.90, 0.95};

    private InstanceEvaluation() {
    }

    /** What became of a polygon at the main threshold: matched, missed (ground truth) or false (detection). */
    public enum Status { MATCHED, MISSED, FALSE }

    /** A polygon of the picture: ground truth or detection, with its class and status. */
    public record Outcome(Geometry geometry, String label, boolean truth, Status status) {
    }

    /** Figures of one class; counts and P/R/F1 at the main IoU and confidence thresholds. */
    public record ClassResult(String name, int truths, int detections, int truePositives, int falsePositives,
                              int falseNegatives, double precision, double recall, double f1, double ap50, double ap75,
                              double ap, double[] apPerThreshold) {
    }

    /** The whole evaluation: micro-averaged P/R/F1, and the means of the classes' AP50 and AP. */
    public record Result(double iouThreshold, double confidenceThreshold, List<ClassResult> classes, int truths,
                         int detections, int truePositives, int falsePositives, int falseNegatives, double precision,
                         double recall, double f1, double meanAp50, double meanAp75, double meanAp,
                         List<Outcome> outcomes) {
    }

    /** Evaluates; detections and truths must carry classes of {@code classes} (reported in that order). */
    public static Result evaluate(List<DetectionEvaluation.Detection> detections, List<DetectionEvaluation.Truth> truths,
                                  List<String> classes, double iouThreshold, double confidenceThreshold) {
        Map<String, List<DetectionEvaluation.Detection>> detByClass = new HashMap<>();
        Map<String, List<DetectionEvaluation.Truth>> truthByClass = new HashMap<>();
        detections.forEach(d -> detByClass.computeIfAbsent(d.label(), k -> new ArrayList<>()).add(d));
        truths.forEach(t -> truthByClass.computeIfAbsent(t.label(), k -> new ArrayList<>()).add(t));
        List<ClassResult> out = new ArrayList<>();
        List<Outcome> outcomes = new ArrayList<>();
        int tp = 0, fp = 0, fn = 0, nd = 0, nt = 0;
        double[] sums = new double[3];
        int counted = 0;
        for (String c : classes) {
            ClassResult r = evaluateClass(c, detByClass.getOrDefault(c, List.of()), truthByClass.getOrDefault(c, List.of()),
                    iouThreshold, confidenceThreshold, outcomes);
            out.add(r);
            tp += r.truePositives();
            fp += r.falsePositives();
            fn += r.falseNegatives();
            nd += r.detections();
            nt += r.truths();
            if (!Double.isNaN(r.ap())) {
                sums[0] += r.ap50();
                sums[1] += r.ap75();
                sums[2] += r.ap();
                counted++;
            }
        }
        double p = ConfusionMatrix.ratio(tp, tp + fp);
        double rc = ConfusionMatrix.ratio(tp, tp + fn);
        double f1 = nt > 0 && tp + fp == 0 ? 0 : ConfusionMatrix.f1(p, rc);
        double n = counted == 0 ? Double.NaN : counted;
        return new Result(iouThreshold, confidenceThreshold, out, nt, nd, tp, fp, fn, p, rc, f1, sums[0] / n, sums[1] / n,
                sums[2] / n, outcomes);
    }

    static ClassResult evaluateClass(String name, List<DetectionEvaluation.Detection> dets, List<DetectionEvaluation.Truth> truths,
                                     double iouThreshold, double confidenceThreshold, List<Outcome> outcomes) {
        List<DetectionEvaluation.Detection> ranked = new ArrayList<>(dets);
        ranked.sort(Comparator.comparingDouble(DetectionEvaluation.Detection::confidence).reversed());
        // the IoUs of each detection with the ground truth it overlaps, computed once for every threshold
        STRtree index = new STRtree();
        for (int i = 0; i < truths.size(); i++) {
            index.insert(truths.get(i).geometry().getEnvelopeInternal(), i);
        }
        List<int[]> candidates = new ArrayList<>();
        List<double[]> ious = new ArrayList<>();
        for (DetectionEvaluation.Detection d : ranked) {
            List<int[]> found = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            for (Object o : index.query(d.geometry().getEnvelopeInternal())) {
                int i = (Integer) o;
                double iou = iou(d.geometry(), truths.get(i).geometry());
                if (iou > 0) {
                    found.add(new int[] {i});
                    values.add(iou);
                }
            }
            candidates.add(found.stream().mapToInt(a -> a[0]).toArray());
            ious.add(values.stream().mapToDouble(Double::doubleValue).toArray());
        }
        double[] aps = new double[COCO_THRESHOLDS.length];
        for (int t = 0; t < COCO_THRESHOLDS.length; t++) {
            boolean[] hits = match(candidates, ious, truths.size(), COCO_THRESHOLDS[t], null);
            aps[t] = truths.isEmpty() ? Double.NaN : cocoAp(hits, truths.size());
        }
        boolean[] taken = new boolean[truths.size()];
        boolean[] hits = match(candidates, ious, truths.size(), iouThreshold, taken, ranked, confidenceThreshold);
        int tpAt = 0, fpAt = 0, nAt = 0;
        for (int k = 0; k < ranked.size(); k++) {
            if (ranked.get(k).confidence() >= confidenceThreshold) {
                nAt++;
                if (hits[k]) {
                    tpAt++;
                } else {
                    fpAt++;
                }
                outcomes.add(new Outcome(ranked.get(k).geometry(), name, false, hits[k] ? Status.MATCHED : Status.FALSE));
            }
        }
        for (int i = 0; i < truths.size(); i++) {
            outcomes.add(new Outcome(truths.get(i).geometry(), name, true, taken[i] ? Status.MATCHED : Status.MISSED));
        }
        double p = ConfusionMatrix.ratio(tpAt, nAt);
        double r = ConfusionMatrix.ratio(tpAt, truths.size());
        double f1 = !truths.isEmpty() && nAt == 0 ? 0 : ConfusionMatrix.f1(p, r);
        double ap50 = aps[0], ap75 = aps[5];
        double ap = truths.isEmpty() ? Double.NaN : java.util.Arrays.stream(aps).average().orElse(Double.NaN);
        return new ClassResult(name, truths.size(), ranked.size(), tpAt, fpAt, truths.size() - tpAt, p, r, f1, ap50, ap75,
                ap, aps);
    }

    private static boolean[] match(List<int[]> candidates, List<double[]> ious, int nTruths, double threshold, boolean[] taken) {
        return match(candidates, ious, nTruths, threshold, taken, null, Double.NEGATIVE_INFINITY);
    }

    /**
     * COCO matching of the ranked detections: whether each is a true positive. {@code taken}, when
     * given, receives the ground truth matched by a detection with confidence at least {@code minConfidence}.
     */
    private static boolean[] match(List<int[]> candidates, List<double[]> ious, int nTruths, double threshold, boolean[] taken,
                                   List<DetectionEvaluation.Detection> ranked, double minConfidence) {
        boolean[] used = new boolean[nTruths];
        boolean[] hits = new boolean[candidates.size()];
        for (int k = 0; k < candidates.size(); k++) {
            int[] c = candidates.get(k);
            double[] v = ious.get(k);
            int best = -1;
            double bestIou = -1;
            for (int j = 0; j < c.length; j++) {
                if (!used[c[j]] && v[j] >= threshold - 1e-12 && v[j] > bestIou) {
                    bestIou = v[j];
                    best = c[j];
                }
            }
            if (best >= 0) {
                used[best] = true;
                hits[k] = true;
                if (taken != null && (ranked == null || ranked.get(k).confidence() >= minConfidence)) {
                    taken[best] = true;
                }
            }
        }
        return hits;
    }

    /** COCO's 101-point interpolated AP of a ranked list of hits against {@code nTruths} objects. */
    public static double cocoAp(boolean[] hits, int nTruths) {
        int n = hits.length;
        double[] recall = new double[n];
        double[] precision = new double[n];
        int tp = 0;
        for (int k = 0; k < n; k++) {
            tp += hits[k] ? 1 : 0;
            recall[k] = tp / (double) nTruths;
            precision[k] = tp / (double) (k + 1);
        }
        for (int k = n - 2; k >= 0; k--) {
            precision[k] = Math.max(precision[k], precision[k + 1]);
        }
        double sum = 0;
        int k = 0;
        for (int i = 0; i <= 100; i++) {
            double r = i / 100.0;
            while (k < n && recall[k] < r - 1e-12) {
                k++;
            }
            sum += k < n ? precision[k] : 0;
        }
        return sum / 101;
    }

    /** IoU of two polygons (0 when they do not overlap); invalid polygons are repaired with buffer(0). */
    public static double iou(Geometry a, Geometry b) {
        if (!a.getEnvelopeInternal().intersects(b.getEnvelopeInternal())) {
            return 0;
        }
        double inter;
        try {
            inter = a.intersection(b).getArea();
        } catch (TopologyException e) {
            inter = a.buffer(0).intersection(b.buffer(0)).getArea();
        }
        double union = a.getArea() + b.getArea() - inter;
        return union <= 0 ? 0 : inter / union;
    }
}
