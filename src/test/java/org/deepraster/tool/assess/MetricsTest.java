package org.deepraster.tool.assess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.deepraster.tool.assess.DetectionEvaluation.ClassResult;
import org.deepraster.tool.assess.DetectionEvaluation.Detection;
import org.deepraster.tool.assess.DetectionEvaluation.Truth;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

/** Every metric against values computed by hand on small cases. */
class MetricsTest {
    static final GeometryFactory GF = new GeometryFactory();
    static final double EPS = 1e-12;

    static Geometry box(double x0, double y0, double x1, double y1) {
        return GF.toGeometry(new Envelope(x0, x1, y0, y1));
    }

    /** Rows (truth) a: 5 1 0, b: 2 3 1, c: 0 0 4. */
    static ConfusionMatrix abc() {
        return ConfusionMatrix.of(List.of("a", "b", "c"), new long[][] {{5, 1, 0}, {2, 3, 1}, {0, 0, 4}});
    }

    @Test
    void confusionMatrixMetricsEqualHandComputedValues() {
        ConfusionMatrix m = abc();
        assertThat(m.total()).isEqualTo(16);
        assertThat(m.overallAccuracy()).isCloseTo(12 / 16.0, within(EPS));
        // a: precision 5/7, recall 5/6, F1 10/13, IoU 5/(6+7-5)
        assertThat(m.precision(0)).isCloseTo(5 / 7.0, within(EPS));
        assertThat(m.recall(0)).isCloseTo(5 / 6.0, within(EPS));
        assertThat(m.f1(0)).isCloseTo(10 / 13.0, within(EPS));
        assertThat(m.iou(0)).isCloseTo(5 / 8.0, within(EPS));
        // b: 3/4, 1/2, 3/5, 3/7
        assertThat(m.precision(1)).isCloseTo(0.75, within(EPS));
        assertThat(m.recall(1)).isCloseTo(0.5, within(EPS));
        assertThat(m.f1(1)).isCloseTo(0.6, within(EPS));
        assertThat(m.iou(1)).isCloseTo(3 / 7.0, within(EPS));
        // c: 4/5, 1, 8/9, 4/5
        assertThat(m.precision(2)).isCloseTo(0.8, within(EPS));
        assertThat(m.recall(2)).isCloseTo(1.0, within(EPS));
        assertThat(m.f1(2)).isCloseTo(8 / 9.0, within(EPS));
        assertThat(m.iou(2)).isCloseTo(0.8, within(EPS));
        // kappa: p_o = 12/16, p_e = (6*7 + 6*4 + 4*5) / 256 = 86/256 -> (192-86)/(256-86)
        assertThat(m.kappa()).isCloseTo(106 / 170.0, within(EPS));
        // weighted by ground truth (6, 6, 4): the pixel-weighted F1
        assertThat(m.weightedF1()).isCloseTo((6 * 10 / 13.0 + 6 * 0.6 + 4 * 8 / 9.0) / 16, within(EPS));
        assertThat(m.macroF1()).isCloseTo((10 / 13.0 + 0.6 + 8 / 9.0) / 3, within(EPS));
        assertThat(m.meanIou()).isCloseTo((5 / 8.0 + 3 / 7.0 + 0.8) / 3, within(EPS));
    }

    @Test
    void aClassWithoutGroundTruthOrNeverPredictedHasNoDefinedRatiosAndDoesNotWeigh() {
        // d is predicted once but never in the ground truth; e is in the ground truth but never predicted
        ConfusionMatrix m = ConfusionMatrix.of(List.of("a", "d", "e"), new long[][] {{3, 1, 0}, {0, 0, 0}, {2, 0, 0}});
        assertThat(m.recall(1)).isNaN();
        assertThat(m.precision(1)).isEqualTo(0);
        assertThat(m.precision(2)).isNaN();
        assertThat(m.recall(2)).isEqualTo(0);
        // a: P 3/5, R 3/4, F1 2/3; e: F1 NaN counted as 0, weight 2; d weighs nothing
        assertThat(m.weightedF1()).isCloseTo((4 * (2 / 3.0) + 2 * 0) / 6, within(EPS));
        assertThat(m.macroF1()).isCloseTo((2 / 3.0) / 2, within(EPS));
        assertThat(new ConfusionMatrix(List.of("x")).overallAccuracy()).isNaN();
    }

    @Test
    void allPointAveragePrecisionOfAKnownCurve() {
        // TP FP TP FP TP over 4 objects: recall .25 .25 .5 .5 .75, precision 1 .5 2/3 .5 .6
        double[] r = {0.25, 0.25, 0.5, 0.5, 0.75};
        double[] p = {1, 0.5, 2 / 3.0, 0.5, 0.6};
        // envelope: 1 up to .25, 2/3 up to .5, .6 up to .75, 0 after
        assertThat(DetectionEvaluation.averagePrecision(r, p)).isCloseTo(0.25 + 0.25 * 2 / 3.0 + 0.25 * 0.6, within(EPS));
        assertThat(DetectionEvaluation.averagePrecision(new double[0], new double[0])).isZero();
        assertThat(DetectionEvaluation.averagePrecision(new double[] {0.5, 1}, new double[] {1, 1})).isCloseTo(1, within(EPS));
    }

    @Test
    void detectionsAreMatchedGreedilyByConfidenceAtTheIouThreshold() {
        List<Truth> truths = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            truths.add(new Truth(box(20 * i, 0, 20 * i + 10, 10), "car"));
        }
        truths.add(new Truth(box(200, 0, 210, 10), "tree"));
        List<Detection> dets = List.of(
                new Detection(box(0, 0, 10, 10), "car", 0.9),      // TP on car 0
                new Detection(box(100, 100, 110, 110), "car", 0.8), // FP: nothing there
                new Detection(box(22, 0, 32, 10), "car", 0.7),     // TP on car 1: IoU 80/120
                new Detection(box(1, 0, 11, 10), "car", 0.6),      // FP: car 0 already found (a duplicate)
                new Detection(box(40, 0, 50, 10), "car", 0.5),     // TP on car 2; car 3 is missed
                new Detection(box(200, 0, 210, 10), "tree", 0.4),  // TP on the tree
                new Detection(box(60, 0, 70, 10), "tree", 0.95),   // FP: a tree where car 3 is (wrong class)
                new Detection(box(300, 0, 310, 10), "boat", 0.5)); // a class without ground truth
        DetectionEvaluation.Result r = DetectionEvaluation.evaluate(dets, truths, List.of("car", "tree", "boat"), 0.5, 0.65);
        ClassResult car = r.classes().get(0);
        assertThat(car.curve().recall()).containsExactly(0.25, 0.25, 0.5, 0.5, 0.75);
        assertThat(car.curve().precision()).containsExactly(new double[] {1, 0.5, 2 / 3.0, 0.5, 0.6}, within(EPS));
        assertThat(car.averagePrecision()).isCloseTo(17 / 30.0, within(EPS));
        // at confidence >= 0.65: .9 TP, .8 FP, .7 TP
        assertThat(car.truePositives()).isEqualTo(2);
        assertThat(car.falsePositives()).isEqualTo(1);
        assertThat(car.falseNegatives()).isEqualTo(2);
        assertThat(car.precision()).isCloseTo(2 / 3.0, within(EPS));
        assertThat(car.recall()).isCloseTo(0.5, within(EPS));
        assertThat(car.f1()).isCloseTo(4 / 7.0, within(EPS));
        ClassResult tree = r.classes().get(1);
        // ranked: .95 FP, .4 TP -> precision 0, 1/2 at recall 0, 1: AP 0.5; at >= .65 only the FP counts
        assertThat(tree.averagePrecision()).isCloseTo(0.5, within(EPS));
        assertThat(tree.truePositives()).isZero();
        assertThat(tree.falsePositives()).isEqualTo(1);
        assertThat(tree.recall()).isZero();
        assertThat(tree.f1()).isZero();
        ClassResult boat = r.classes().get(2);
        assertThat(boat.averagePrecision()).isNaN();
        assertThat(boat.recall()).isNaN();
        // mAP over the classes with ground truth only
        assertThat(r.meanAveragePrecision()).isCloseTo((17 / 30.0 + 0.5) / 2, within(EPS));
        // micro: TP 2, FP 1 + 1 (+ the boat below the threshold), FN 2 + 1
        assertThat(r.truePositives()).isEqualTo(2);
        assertThat(r.falsePositives()).isEqualTo(2);
        assertThat(r.falseNegatives()).isEqualTo(3);
        assertThat(r.precision()).isCloseTo(0.5, within(EPS));
        assertThat(r.recall()).isCloseTo(0.4, within(EPS));
    }

    @Test
    void theIouThresholdDecidesAMatch() {
        // IoU of [0,10] and [4,14] = 60 / 140
        List<Truth> t = List.of(new Truth(box(0, 0, 10, 10), "x"));
        List<Detection> d = List.of(new Detection(box(4, 0, 14, 10), "x", 1));
        assertThat(DetectionEvaluation.evaluate(d, t, List.of("x"), 0.5, 0).truePositives()).isZero();
        assertThat(DetectionEvaluation.evaluate(d, t, List.of("x"), 0.4, 0).truePositives()).isEqualTo(1);
        assertThat(DetectionEvaluation.evaluate(d, t, List.of("x"), 60 / 140.0, 0).truePositives()).isEqualTo(1);
    }

    @Test
    void aDetectionWhoseBestObjectIsTakenMatchesTheNextOne() {
        // A = [0,10], B = [4,14]; D1 = A (IoU 1 with A), D2 = [1.5,11.5]: IoU .739 with A, .6 with B.
        // COCO: D1 takes A, D2 takes B (two TPs); VOC would call D2 a false positive.
        List<Truth> t = List.of(new Truth(box(0, 0, 10, 10), "x"), new Truth(box(4, 0, 14, 10), "x"));
        List<Detection> d = List.of(new Detection(box(0, 0, 10, 10), "x", 0.9), new Detection(box(1.5, 0, 11.5, 10), "x", 0.8));
        DetectionEvaluation.Result r = DetectionEvaluation.evaluate(d, t, List.of("x"), 0.5, 0);
        assertThat(r.truePositives()).isEqualTo(2);
        assertThat(r.meanAveragePrecision()).isCloseTo(1, within(EPS));
    }

    @Test
    void polygonsUseTheirOwnIou() {
        // a triangle of area 50 inside the box [0,10]^2: IoU 0.5
        Geometry tri = GF.createPolygon(new org.locationtech.jts.geom.Coordinate[] {
            new org.locationtech.jts.geom.Coordinate(0, 0), new org.locationtech.jts.geom.Coordinate(10, 0),
            new org.locationtech.jts.geom.Coordinate(0, 10), new org.locationtech.jts.geom.Coordinate(0, 0)});
        List<Truth> t = List.of(new Truth(tri, "x"));
        List<Detection> d = List.of(new Detection(box(0, 0, 10, 10), "x", 1));
        assertThat(DetectionEvaluation.evaluate(d, t, List.of("x"), 0.5, 0).truePositives()).isEqualTo(1);
        assertThat(DetectionEvaluation.evaluate(d, t, List.of("x"), 0.51, 0).truePositives()).isZero();
    }

    @Test
    void labelsCompareNumbersByValueAndOrderClasses() {
        assertThat(Labels.text(2)).isEqualTo("2");
        assertThat(Labels.text(2L)).isEqualTo("2");
        assertThat(Labels.text(2.0)).isEqualTo("2");
        assertThat(Labels.text(" tree ")).isEqualTo("tree");
        assertThat(Labels.text("")).isNull();
        assertThat(Labels.order(List.of("10", "9", "1"), List.of())).containsExactly("1", "9", "10");
        assertThat(Labels.order(List.of("b", "car", "A"), List.of("car"))).containsExactly("car", "A", "b");
    }
}
