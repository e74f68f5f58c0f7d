package org.deepraster.tool.detectobjects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.geom.AffineTransform;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deepraster.feature.Feature;
import org.deepraster.feature.VectorFiles;
import org.deepraster.geo.Crs;
import org.deepraster.inference.InferenceEngine;
import org.deepraster.job.CallbackSink;
import org.deepraster.model.ModelArguments;
import org.deepraster.raster.GeoTiffWriter;
import org.deepraster.raster.SampleType;
import org.deepraster.util.Progress;
import org.deepraster.util.UserException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;

/**
 * Ultralytics exports (fixtures of sample-models/fixtures/make_yolo_models.py, one 32 px chip, exact
 * outputs) through Detect Objects and Classify Objects: the layout recognised from the metadata or the
 * shapes, class names from {@code names}, boxes in pixels of the chip (1 m cells here), oriented boxes as
 * rotated rectangles with their angle, instance masks as polygons, end-to-end heads without in-tile NMS.
 * Band 1 of the raster is 255, so m0 = 1 after the /255 that Ultralytics models expect.
 */
class DetectObjectsYoloTest {
    static final Path ONNX = Path.of("src", "test", "resources", "onnx");
    static final double X0 = 500_000;
    static final double Y0 = 6_000_000;

    @TempDir
    static Path dir;
    static InferenceEngine engine;
    static Path raster;

    @BeforeAll
    static void setUp() throws IOException {
        engine = new InferenceEngine();
        raster = raster(dir.resolve("chip.tif"));
    }

    @AfterAll
    static void tearDown() {
        engine.close();
    }

    /** 32 x 32 px, 1 m cells, band 1 = 255, the others 0. */
    static Path raster(Path f) throws IOException {
        float[] s = new float[3 * 32 * 32];
        Arrays.fill(s, 0, 32 * 32, 255);
        try (GeoTiffWriter out = GeoTiffWriter.create(f, GeoTiffWriter.Options.of(32, 32, 3, SampleType.UINT8)
                .georeferenced(new AffineTransform(1, 0, 0, -1, X0, Y0), Crs.forEpsg(32633)))) {
            out.writeRows(s, 32);
        }
        return f;
    }

    static List<Feature> detect(String model, String args, boolean nms) throws IOException {
        Path out = dir.resolve(model + (nms ? "-nms" : "") + args.hashCode() + ".gpkg");
        DetectObjectsParameters p = DetectObjectsParameters.of(raster, ONNX.resolve(model + ".onnx").toString(), out)
                .withArguments(ModelArguments.parse("padding 0;" + args));
        if (nms) {
            p = new DetectObjectsParameters(p.inRaster(), p.inModelDefinition(), out, p.arguments(), true, null, null, 0.3,
                    null, null, false);
        }
        List<Feature> streamed = new ArrayList<>();
        new DetectObjectsTool(engine).run(p, Progress.NONE, List.of(new CallbackSink<>(streamed::addAll, x -> { }, null)));
        List<Feature> written = VectorFiles.open(out).get(0).features();
        assertThat(written).hasSameSizeAs(streamed);
        return written;
    }

    /** Pixel box [x0, x1) x [y0, y1) of the chip as a map envelope. */
    static Envelope px(double x0, double y0, double x1, double y1) {
        return new Envelope(X0 + x0, X0 + x1, Y0 - y1, Y0 - y0);
    }

    static Feature find(List<Feature> fs, String cls, double confidence) {
        return fs.stream().filter(f -> cls.equals(f.get("Class")) && Math.abs(((Number) f.get("Confidence")).doubleValue()
                - confidence) < 1e-6).findFirst().orElseThrow(() -> new AssertionError("no " + cls + " " + confidence
                + " in " + fs.stream().map(f -> f.get("Class") + " " + f.get("Confidence")).toList()));
    }

    static void assertEnvelope(Geometry g, Envelope want) {
        Envelope e = g.getEnvelopeInternal();
        assertThat(new double[] {e.getMinX(), e.getMinY(), e.getMaxX(), e.getMaxY()})
                .containsExactly(new double[] {want.getMinX(), want.getMinY(), want.getMaxX(), want.getMaxY()}, within(1e-4));
    }

    @Test
    void v8LayoutFromTheMetadataWithNamesAndTheModelsOwnNms() throws IOException {
        List<Feature> fs = detect("yolo_v8_detect", "", false);
        assertThat(fs).hasSize(2); // the shifted duplicate goes (in-tile NMS), the weak one is below 0.5
        assertEnvelope(find(fs, "tree", 90).geometry(), px(6, 9, 14, 15));
        Feature car = find(fs, "car", 70); // 0.7 x m0: the /255 was applied
        assertEnvelope(car.geometry(), px(21, 21, 27, 27));
        assertThat(((Number) car.get(DetectObjectsTool.CLASS_VALUE_FIELD)).intValue()).isEqualTo(0);
        assertThat(car.geometry().isRectangle()).isTrue();
    }

    @Test
    void v5LayoutFromTheShapeWithTheNamesOfAYolov5Export() throws IOException {
        List<Feature> fs = detect("yolo_v5_detect", "", false);
        assertThat(fs).hasSize(2);
        assertEnvelope(find(fs, "tree", 90).geometry(), px(12, 12, 20, 20)); // objectness m0 x tree 0.9
        assertEnvelope(find(fs, "car", 60).geometry(), px(3, 2, 7, 8));      // 0.8 x 0.75
    }

    @Test
    void endToEndHeadsAreNotSuppressedWithinTheTileButCrossTileNmsStillApplies() throws IOException {
        List<Feature> fs = detect("yolo26_end2end", "", false);
        assertThat(fs).hasSize(3);
        assertEnvelope(find(fs, "tree", 90).geometry(), px(4, 4, 12, 10));
        assertEnvelope(find(fs, "tree", 80).geometry(), px(4.5, 4, 12, 10));
        assertEnvelope(find(fs, "car", 60).geometry(), px(20, 18, 28, 30));
        List<Feature> nms = detect("yolo26_end2end", "", true);
        assertThat(nms).extracting(f -> f.get("Confidence")).containsExactlyInAnyOrder(90.0, 60.0);
    }

    @Test
    void orientedBoxesAreRotatedRectanglesWithTheirAngle() throws IOException {
        List<Feature> fs = detect("yolo_obb", "", false);
        assertThat(fs).hasSize(1);
        Feature ship = find(fs, "ship", 90);
        assertThat((Double) ship.get(DetectionFeatures.ANGLE_FIELD)).isCloseTo(30, within(1e-4));
        Geometry g = ship.geometry();
        assertThat(g.getArea()).isCloseTo(12 * 4, within(1e-3));
        assertThat(g.isRectangle()).isFalse();
        // corners of cx 16, cy 16, w 12, h 4 turned 30 degrees clockwise on the image (y down): c +- u +- v
        double c = Math.cos(Math.PI / 6);
        double s = Math.sin(Math.PI / 6);
        List<Coordinate> want = new ArrayList<>();
        for (int[] k : new int[][] {{1, 1}, {1, -1}, {-1, -1}, {-1, 1}}) {
            double x = 16 + k[0] * 6 * c - k[1] * 2 * s;
            double y = 16 + k[0] * 6 * s + k[1] * 2 * c;
            want.add(new Coordinate(X0 + x, Y0 - y));
        }
        List<Coordinate> got = Arrays.asList(g.getCoordinates()).subList(0, 4);
        for (Coordinate w : want) {
            assertThat(got).anySatisfy(q -> assertThat(q.distance(w)).isLessThan(1e-4));
        }
        assertThat(g.isValid()).isTrue();
    }

    @Test
    void segmentationGivesOnePolygonPerInstanceFromItsMask() throws IOException {
        List<Feature> fs = detect("yolo_seg", "", false);
        assertThat(fs).hasSize(2);
        Geometry building = find(fs, "building", 90).geometry();
        // prototype 0 is on over chip x 8..24, y 8..16; bilinear upsampling rounds off its 4 corner pixels
        assertThat(building.getArea()).isCloseTo(8 * 16 - 4, within(1e-6));
        assertEnvelope(building, px(8, 8, 24, 16));
        assertThat(building.getNumGeometries()).isEqualTo(1);
        Geometry tree = find(fs, "tree", 80).geometry();
        // prototype 1 covers x 4..28, y 20..28; the box (x 8..20, y 18..30) cuts it
        assertThat(tree.getArea()).isCloseTo(12 * 8, within(1e-6));
        assertEnvelope(tree, px(8, 20, 20, 28));
        assertThat(building.isValid() && tree.isValid()).isTrue();
    }

    @Test
    void shapesThatCannotBeToldApartAreRefusedNamingTheArguments() throws IOException {
        DetectObjectsParameters p = DetectObjectsParameters.of(raster, ONNX.resolve("yolo_unlabelled.onnx").toString(),
                dir.resolve("unlabelled.gpkg"));
        assertThatThrownBy(() -> new DetectObjectsTool(engine).plan(p).close()).isInstanceOf(UserException.class)
                .hasMessageContaining("[1, 6, 8]").hasMessageContaining("C = 2").hasMessageContaining("OBB with 1")
                .satisfies(e -> assertThat(((UserException) e).hint()).contains("yolo_layout v8;num_classes 2"));
        List<Feature> fs = detect("yolo_unlabelled", "yolo_layout v8;num_classes 2", false);
        assertThat(fs).hasSize(1);
        assertEnvelope(find(fs, "1", 90).geometry(), px(12, 12, 20, 20));
        assertThatThrownBy(() -> detect("yolo_unlabelled", "yolo_layout v5;num_classes 2", false))
                .isInstanceOf(UserException.class).hasMessageContaining("does not fit layout YOLOv5");
    }

    @Test
    void containmentRuleWithNmsAcrossTilesAndItsDefaults() throws IOException {
        // the two end-to-end tree boxes overlap by IoU 0.94 and the smaller lies wholly in the bigger one
        Path out = dir.resolve("contained.gpkg");
        DetectObjectsParameters p = new DetectObjectsParameters(raster, ONNX.resolve("yolo26_end2end.onnx").toString(), out,
                ModelArguments.parse("padding 0"), true, null, null, 0.95, null, null, false);
        try (DetectObjectsTool.Plan plan = new DetectObjectsTool(engine).plan(p)) {
            assertThat(plan.containmentRatio()).as("not a Deepness model: off by default").isEqualTo(1);
            assertThat(plan.run(Progress.NONE, List.of()).written()).isEqualTo(3);
        }
        DetectObjectsParameters contained = p.withMaxContainmentRatio(0.5).withOutput(dir.resolve("contained2.gpkg"),
                DetectObjectsParameters.OutputGeometry.BOXES, false);
        new DetectObjectsTool(engine).run(contained, Progress.NONE, List.of());
        assertThat(VectorFiles.open(contained.outDetectedObjects()).get(0).features()).extracting(f -> f.get("Confidence"))
                .containsExactlyInAnyOrder(90.0, 60.0);
        DetectObjectsParameters deepness = DetectObjectsParameters.of(raster,
                ONNX.resolve("det_deepness.onnx").toString(), dir.resolve("deepness.gpkg"));
        try (DetectObjectsTool.Plan plan = new DetectObjectsTool(engine).plan(deepness)) {
            assertThat(plan.containmentRatio()).as("a Deepness detector: its det_iou_thresh, as Deepness").isEqualTo(0.35);
        }
        assertThatThrownBy(() -> new DetectObjectsTool(engine).plan(p.withMaxContainmentRatio(2.0)).close())
                .isInstanceOf(UserException.class).hasMessageContaining("max_containment_ratio");
    }
}
