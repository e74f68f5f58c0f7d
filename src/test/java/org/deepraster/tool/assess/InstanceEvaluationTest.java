package org.deepraster.tool.assess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.deepraster.tool.assess.AccuracyAssessmentToolTest.GF;
import static org.deepraster.tool.assess.AccuracyAssessmentToolTest.UTM;
import static org.deepraster.tool.assess.AccuracyAssessmentToolTest.box;
import static org.deepraster.tool.assess.AccuracyAssessmentToolTest.f;
import static org.deepraster.tool.assess.AccuracyAssessmentToolTest.layer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.deepraster.feature.Feature;
import org.deepraster.feature.Field;
import org.deepraster.feature.FieldType;
import org.deepraster.util.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;

/** Instance metrics on hand-computed cases: polygon IoU, COCO matching, 101-point AP over 0.50:0.95, the report. */
class InstanceEvaluationTest {
    @TempDir
    Path dir;

    private static DetectionEvaluation.Detection det(Geometry g, String c, double conf) {
        return new DetectionEvaluation.Detection(g, c, conf);
    }

    private static DetectionEvaluation.Truth truth(Geometry g, String c) {
        return new DetectionEvaluation.Truth(g, c);
    }

    /** An L: the 10 x 10 square at (x, y) without its top-right 5 x 5 quarter (area 75). */
    private static Geometry ell(double x, double y) {
        return GF.createPolygon(new Coordinate[] {new Coordinate(x, y), new Coordinate(x + 10, y), new Coordinate(x + 10, y + 5),
            new Coordinate(x + 5, y + 5), new Coordinate(x + 5, y + 10), new Coordinate(x, y + 10), new Coordinate(x, y)});
    }

    // truths A (0..10) and B (20..30); d1 = A (IoU 1), d2 = B shifted 5 (IoU 50/150), d3 = B shifted 1 (IoU 90/110)
    private static final List<DetectionEvaluation.Truth> TRUTHS = List.of(truth(box(0, 0, 10, 10), "b"), truth(box(20, 0, 30, 10), "b"));
    private static final List<DetectionEvaluation.Detection> DETS = List.of(det(box(0, 0, 10, 10), "b", 0.9),
            det(box(25, 0, 35, 10), "b", 0.8), det(box(21, 0, 31, 10), "b", 0.7));

    @Test
    void cocoApOver101RecallPoints() {
        // TP, FP, TP of 2: precision (monotone) 1, 2/3, 2/3 at recall 1/2, 1/2, 1: 51 points at 1, 50 at 2/3
        assertThat(InstanceEvaluation.cocoAp(new boolean[] {true, false, true}, 2)).isCloseTo((51 + 50 * 2 / 3.0) / 101, within(1e-12));
        // recall reaches only 1/2: the points above it count 0
        assertThat(InstanceEvaluation.cocoAp(new boolean[] {true, false, false}, 2)).isCloseTo(51 / 101.0, within(1e-12));
        assertThat(InstanceEvaluation.cocoAp(new boolean[0], 3)).isZero();
    }

    @Test
    void apAtEachIouThresholdAndAveragedOverThem() {
        InstanceEvaluation.Result r = InstanceEvaluation.evaluate(DETS, TRUTHS, List.of("b"), 0.5, 0);
        InstanceEvaluation.ClassResult c = r.classes().get(0);
        double both = (51 + 50 * 2 / 3.0) / 101, one = 51 / 101.0;
        // d3's IoU 0.818 passes the thresholds 0.50..0.80 (7 of them), not 0.85, 0.90, 0.95
        assertThat(c.apPerThreshold()).hasSize(10);
        for (int t = 0; t < 10; t++) {
            assertThat(c.apPerThreshold()[t]).as("threshold %d", t).isCloseTo(t < 7 ? both : one, within(1e-12));
        }
        assertThat(c.ap50()).isCloseTo(both, within(1e-12));
        assertThat(c.ap75()).isCloseTo(both, within(1e-12));
        assertThat(c.ap()).isCloseTo((7 * both + 3 * one) / 10, within(1e-12));
        // at IoU 0.5, confidence 0: TP 2, FP 1 (d2), FN 0
        assertThat(new int[] {c.truePositives(), c.falsePositives(), c.falseNegatives()}).containsExactly(2, 1, 0);
        assertThat(c.precision()).isCloseTo(2 / 3.0, within(1e-12));
        assertThat(c.recall()).isEqualTo(1.0);
        assertThat(c.f1()).isCloseTo(0.8, within(1e-12));
        assertThat(r.meanAp50()).isEqualTo(c.ap50());

        // confidence threshold 0.75 leaves d3 out: TP 1 (d1), FP 1 (d2), B missed
        InstanceEvaluation.Result at = InstanceEvaluation.evaluate(DETS, TRUTHS, List.of("b"), 0.5, 0.75);
        InstanceEvaluation.ClassResult ca = at.classes().get(0);
        assertThat(new int[] {ca.truePositives(), ca.falsePositives(), ca.falseNegatives()}).containsExactly(1, 1, 1);
        assertThat(ca.f1()).isCloseTo(0.5, within(1e-12));
        assertThat(ca.ap50()).isEqualTo(c.ap50()); // AP ranks every result, whatever the threshold
        assertThat(at.outcomes()).extracting(InstanceEvaluation.Outcome::truth, InstanceEvaluation.Outcome::status).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(false, InstanceEvaluation.Status.MATCHED),
                org.assertj.core.groups.Tuple.tuple(false, InstanceEvaluation.Status.FALSE),
                org.assertj.core.groups.Tuple.tuple(true, InstanceEvaluation.Status.MATCHED),
                org.assertj.core.groups.Tuple.tuple(true, InstanceEvaluation.Status.MISSED));
    }

    @Test
    void iouIsOfThePolygonsNotOfTheirBoxes() {
        // an L-shaped footprint against its bounding square: box IoU 1, polygon IoU 75 / 100
        assertThat(InstanceEvaluation.iou(ell(0, 0), box(0, 0, 10, 10))).isCloseTo(0.75, within(1e-12));
        InstanceEvaluation.Result r = InstanceEvaluation.evaluate(List.of(det(box(0, 0, 10, 10), "b", 0.9)),
                List.of(truth(ell(0, 0), "b")), List.of("b"), 0.5, 0);
        // matched at 0.50..0.75 (6 thresholds, AP 1), not at 0.80..0.95 (AP 0)
        assertThat(r.classes().get(0).ap()).isCloseTo(0.6, within(1e-12));
        assertThat(r.classes().get(0).ap75()).isEqualTo(1.0);
    }

    @Test
    void classesAreMatchedSeparatelyAndClassesWithoutTruthHaveNoAp() {
        InstanceEvaluation.Result r = InstanceEvaluation.evaluate(List.of(det(box(0, 0, 10, 10), "shed", 0.9)),
                List.of(truth(box(0, 0, 10, 10), "house")), List.of("house", "shed"), 0.5, 0);
        assertThat(r.classes().get(0).ap50()).isZero();
        assertThat(r.classes().get(0).falseNegatives()).isEqualTo(1);
        assertThat(r.classes().get(1).ap50()).isNaN();
        assertThat(r.classes().get(1).falsePositives()).isEqualTo(1);
        assertThat(r.meanAp50()).isZero(); // the mean leaves the class without ground truth out
        assertThat(r.f1()).isZero();
    }

    @Test
    void autoModePicksInstancesForPolygonsThatAreNotBoxesAndWritesThePicture() throws IOException {
        double x = 500_000, y = 5_000_000;
        List<Feature> results = List.of(f(1, ell(x, y), "Class", "building", "Confidence", 95.0),
                f(2, ell(x + 40, y), "Class", "building", "Confidence", 80.0),
                f(3, box(x + 100, y, x + 110, y + 10), "Class", "building", "Confidence", 60.0));
        List<Feature> truths = List.of(f(1, ell(x, y), "class", "building"), f(2, ell(x + 41, y), "class", "building"),
                f(3, box(x, y + 40, x + 10, y + 50), "class", "building"));
        AccuracyAssessmentParameters p = AccuracyAssessmentParameters.of(
                AssessmentInput.layer(layer("instances", UTM, List.of(new Field("Class", FieldType.STRING),
                        new Field("Confidence", FieldType.REAL)), results)),
                List.of(AssessmentInput.layer(layer("buildings", UTM, List.of(new Field("class", FieldType.STRING)), truths))),
                dir.resolve("report"));
        AccuracyAssessmentResult res = new AccuracyAssessmentTool().run(p, Progress.NONE);
        assertThat(res.report().mode()).isEqualTo(AssessmentMode.INSTANCES);
        InstanceEvaluation.ClassResult c = res.report().instances().classes().get(0);
        // the L shifted by 1 m: IoU 65 / 85; both Ls match at 0.5, the square is false, the other square missed
        assertThat(new int[] {c.truePositives(), c.falsePositives(), c.falseNegatives()}).containsExactly(2, 1, 1);
        assertThat(c.ap50()).isCloseTo((67 * 1.0) / 101, within(1e-12)); // TP, TP of 3: recall 2/3 at precision 1
        JsonNode json = new ObjectMapper().readTree(dir.resolve("report").resolve(ReportWriter.METRICS).toFile());
        assertThat(json.get("mode").asText()).isEqualTo("INSTANCES");
        assertThat(json.get("summary").get("ap50").asDouble()).isCloseTo(c.ap50(), within(1e-12));
        assertThat(json.get("classes").get(0).get("ap_per_iou_threshold")).hasSize(10);
        assertThat(Files.readString(res.files().report())).contains("<img src=\"instances.png\"", "AP 0.50:0.95");
        BufferedImage img = ImageIO.read(dir.resolve("report").resolve(ReportWriter.INSTANCES_PNG).toFile());
        assertThat(img.getWidth()).isGreaterThan(300);
        // the missed square is filled orange
        boolean orange = false;
        for (int yy = 0; yy < img.getHeight() && !orange; yy++) {
            for (int xx = 0; xx < img.getWidth() && !orange; xx++) {
                orange = (img.getRGB(xx, yy) & 0xFFFFFF) == (InstancePicture.TRUTH_MISSED.getRGB() & 0xFFFFFF);
            }
        }
        assertThat(orange).isTrue();
    }
}
