package org.deepraster.tool.detectobjects;

import org.deepraster.detection.NonMaxSuppression;
import org.deepraster.tool.Environments;
import org.deepraster.tool.ProcessingExtent;
import org.deepraster.tool.Scenes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.deepraster.feature.Feature;
import org.deepraster.feature.FeatureCollection;
import org.deepraster.feature.GeoPackageReader;
import org.deepraster.feature.VectorFiles;
import org.deepraster.geo.GridGeometry;
import org.deepraster.inference.InferenceEngine;
import org.deepraster.job.CallbackSink;
import org.deepraster.job.JobReport;
import org.deepraster.model.ModelArguments;
import org.deepraster.raster.RasterFiles;
import org.deepraster.raster.RasterSource;
import org.deepraster.sample.SampleScene;
import org.deepraster.util.Progress;
import org.deepraster.util.UserException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Envelope;

/**
 * Detect Objects on a generated scene of a seed never used in training: accuracy against the ground
 * truth, tile borders, raster edges, streaming NMS against NMS on everything, the processing extent.
 */
class DetectObjectsToolTest {
    static final int SIZE = 1280;
    static final Path DETECTOR = Path.of("sample-models", "tree_car_detector.dlpk");
    /** See SampleModelsTest: the script reports 0.97-0.99; ~100 objects here; a broken tool falls far below. */
    static final double FLOOR = 0.85;

    @TempDir
    static Path dir;
    static SampleScene.Files3 scene;
    static Map<String, FeatureCollection> truth;
    static GridGeometry grid;
    static InferenceEngine engine;

    @BeforeAll
    static void setUp() throws IOException {
        scene = Scenes.generate(dir.resolve("scene"), SIZE);
        truth = GeoPackageReader.read(scene.groundTruth()).stream().collect(Collectors.toMap(c -> c.schema().name(), c -> c));
        try (RasterSource r = RasterFiles.open(scene.scene())) {
            grid = r.grid();
        }
        engine = new InferenceEngine();
    }

    @AfterAll
    static void tearDown() {
        if (engine != null) {
            engine.close();
        }
    }

    static DetectObjectsResult run(DetectObjectsParameters p, List<Feature> streamed) throws IOException {
        return new DetectObjectsTool(engine).run(p, Progress.NONE,
                List.of(CallbackSink.of((List<Feature> batch) -> streamed.addAll(batch))));
    }

    static DetectObjectsParameters params(String out) {
        return DetectObjectsParameters.of(scene.scene(), DETECTOR.toString(), dir.resolve(out));
    }

    static double iou(Envelope a, Envelope b) {
        double inter = a.intersection(b).getArea();
        return inter / (a.getArea() + b.getArea() - inter);
    }

    /** True positives: greedy one-to-one matches at IoU >= 0.5. */
    static int matches(List<Envelope> det, List<Envelope> gt) {
        boolean[] used = new boolean[gt.size()];
        int tp = 0;
        for (Envelope d : det) {
            int best = -1;
            double bestIou = 0.5;
            for (int g = 0; g < gt.size(); g++) {
                double v = used[g] ? 0 : iou(d, gt.get(g));
                if (v >= bestIou) {
                    bestIou = v;
                    best = g;
                }
            }
            if (best >= 0) {
                used[best] = true;
                tp++;
            }
        }
        return tp;
    }

    static List<Envelope> boxes(List<Feature> fs, String cls) {
        return fs.stream().filter(f -> cls.equals(f.get("Class")))
                .sorted((a, b) -> Double.compare((Double) b.get("Confidence"), (Double) a.get("Confidence")))
                .map(f -> f.geometry().getEnvelopeInternal()).toList();
    }

    static List<Envelope> truth(String table) {
        return truth.get(table).features().stream().map(f -> f.geometry().getEnvelopeInternal()).toList();
    }

    @Test
    void findsTreesAndCarsWithoutDuplicatesAndUpToTheEdges() throws IOException {
        List<Feature> streamed = new ArrayList<>();
        DetectObjectsResult r = run(params("nms.gpkg").withNms(true, 0.3), streamed);
        assertThat(r.report().outcome()).isEqualTo(JobReport.Outcome.COMPLETED);
        List<Feature> written = VectorFiles.open(r.output()).get(0).features();
        assertThat(written).hasSize(streamed.size()).hasSize((int) r.written());
        for (String[] t : new String[][] {{"trees", "Tree"}, {"cars", "Car"}}) {
            List<Envelope> gt = truth(t[0]);
            List<Envelope> det = boxes(written, className(t[1], written));
            int tp = matches(det, gt);
            double recall = tp / (double) gt.size();
            double precision = tp / (double) Math.max(1, det.size());
            System.out.printf("detect-objects %s: %d truth, %d detected, precision %.3f recall %.3f (IoU 0.5)%n",
                    t[0], gt.size(), det.size(), precision, recall);
            assertThat(gt.size()).isGreaterThan(20);
            assertThat(recall).as(t[0] + " recall").isGreaterThanOrEqualTo(FLOOR);
            assertThat(precision).as(t[0] + " precision").isGreaterThanOrEqualTo(FLOOR);
        }
        // no two detections of a class overlap more than the ratio (duplicates along tile borders gone)
        for (int i = 0; i < written.size(); i++) {
            for (int j = i + 1; j < written.size(); j++) {
                assertThat(iou(written.get(i).geometry().getEnvelopeInternal(), written.get(j).geometry().getEnvelopeInternal()))
                        .as("detections %d and %d", i, j).isLessThanOrEqualTo(0.3);
            }
        }
        // edges: objects whose centre is in the last 96 px at the right or bottom (beyond the last full tile core)
        Envelope e = grid.envelope();
        double edge = 96 * grid.pixelSize();
        List<Envelope> nearEdge = new ArrayList<>();
        for (String table : List.of("trees", "cars")) {
            for (Envelope g : truth(table)) {
                if (e.contains(g) && (g.centre().x > e.getMaxX() - edge || g.centre().y < e.getMinY() + edge)) {
                    nearEdge.add(g);
                }
            }
        }
        List<Envelope> all = written.stream().map(f -> f.geometry().getEnvelopeInternal()).toList();
        int found = matches(all, nearEdge);
        System.out.printf("detect-objects edges: %d of %d objects near the right/bottom edge found%n", found, nearEdge.size());
        assertThat(nearEdge.size()).isGreaterThanOrEqualTo(5);
        assertThat(found / (double) nearEdge.size()).isGreaterThanOrEqualTo(FLOOR);
    }

    /** The ground-truth class names may differ in case from the model's; pick the model's spelling. */
    static String className(String name, List<Feature> fs) {
        return fs.stream().map(f -> (String) f.get("Class")).filter(name::equalsIgnoreCase).findFirst().orElse(name);
    }

    @Test
    void streamedNmsEqualsNmsOnTheWholeRunAndRemovesBorderDuplicates() throws IOException {
        // keep detections in the padding too: neighbouring tiles then see the same objects twice
        ModelArguments keepPad = ModelArguments.parse("exclude_pad_detections False");
        List<Feature> raw = new ArrayList<>();
        run(params("raw.gpkg").withArguments(keepPad), raw);
        List<Feature> nms = new ArrayList<>();
        List<Integer> batches = new ArrayList<>();
        DetectObjectsResult r = new DetectObjectsTool(engine).run(
                params("nms-pad.gpkg").withArguments(keepPad).withNms(true, 0.3).withEnvironments(
                        Environments.DEFAULT.withParallelProcessingFactor(1)),
                Progress.NONE, List.of(CallbackSink.of((List<Feature> b) -> {
                    nms.addAll(b);
                    batches.add(b.size());
                })));
        // streamed: most detections reach the sinks before the end of the run, not in one batch at the end
        System.out.println("detect-objects: streamed NMS output in " + batches.size() + " batches, the last holding "
                + batches.get(batches.size() - 1) + " of " + nms.size());
        assertThat(batches.size()).isGreaterThan(5);
        assertThat(batches.get(batches.size() - 1)).isLessThan(nms.size() / 2);
        int duplicates = 0;
        for (int i = 0; i < raw.size(); i++) {
            for (int j = i + 1; j < raw.size(); j++) {
                if (raw.get(i).get("Class").equals(raw.get(j).get("Class"))
                        && iou(raw.get(i).geometry().getEnvelopeInternal(), raw.get(j).geometry().getEnvelopeInternal()) > 0.5) {
                    duplicates++;
                }
            }
        }
        System.out.printf("detect-objects: %d raw detections with %d duplicate pairs; %d after streamed NMS (%d suppressed)%n",
                raw.size(), duplicates, nms.size(), r.suppressed());
        assertThat(duplicates).as("duplicates along tile borders without NMS").isGreaterThan(10);
        List<NonMaxSuppression.Candidate> cands = raw.stream().map(f -> NonMaxSuppression.Candidate.of(f.geometry(),
                (Double) f.get("Confidence"), f.get("Class"))).toList();
        int[] keep = NonMaxSuppression.keep(cands, 0.3);
        // Confidence is stored rounded to 0.01: the same object seen by two tiles may tie here while the run
        // ordered their exact scores, so a kept box is matched to its twin (same class and confidence, IoU > 0.95)
        List<Feature> expected = new ArrayList<>();
        for (int k : keep) {
            expected.add(raw.get(k));
        }
        assertThat(nms).hasSameSizeAs(expected);
        List<Feature> left = new ArrayList<>(expected);
        for (Feature f : nms) {
            Feature twin = left.stream().filter(g -> g.get("Class").equals(f.get("Class"))
                    && g.get("Confidence").equals(f.get("Confidence"))
                    && iou(g.geometry().getEnvelopeInternal(), f.geometry().getEnvelopeInternal()) > 0.95).findFirst().orElse(null);
            assertThat(twin).as("NMS on the whole run keeps %s too", key(f)).isNotNull();
            left.remove(twin);
        }
        assertThat(r.suppressed()).isEqualTo(raw.size() - keep.length);
    }

    static String key(Feature f) {
        Envelope e = f.geometry().getEnvelopeInternal();
        return String.format("%s %.2f %.3f %.3f %.3f %.3f", f.get("Class"), f.get("Confidence"), e.getMinX(), e.getMinY(),
                e.getMaxX(), e.getMaxY());
    }

    @Test
    void honoursTheProcessingExtentAndWritesPoints() throws IOException {
        Envelope e = grid.envelope();
        Envelope box = new Envelope(e.getMinX() + 100, e.getMinX() + 250, e.getMaxY() - 250, e.getMaxY() - 100);
        DetectObjectsParameters p = params("box.gpkg")
                .withEnvironments(Environments.DEFAULT.withExtent(new ProcessingExtent.Box(box, null)))
                .withOutput(dir.resolve("box.gpkg"), DetectObjectsParameters.OutputGeometry.CENTER_POINTS, false);
        List<Feature> got = new ArrayList<>();
        run(p, got);
        assertThat(got).isNotEmpty();
        assertThat(got).allSatisfy(f -> {
            assertThat(f.geometry().getGeometryType()).isEqualTo("Point");
            assertThat(box.contains(f.geometry().getCoordinate())).isTrue();
            assertThat((Double) f.get("Confidence")).isBetween(35.0, 100.0);
            assertThat(f.get(DetectObjectsTool.CLASS_VALUE_FIELD)).isInstanceOf(Integer.class);
        });
        // an existing output without overwrite is refused before any work
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new DetectObjectsTool(engine).plan(p))
                .isInstanceOf(UserException.class).hasMessageContaining("already exists");
    }

    @Test
    void commandLineRunsWithArcGisNamesAndAliases() throws IOException {
        Envelope e = grid.envelope();
        String box = (e.getMinX() + 50) + " " + (e.getMaxY() - 200) + " " + (e.getMinX() + 200) + " " + (e.getMaxY() - 50);
        Path out = dir.resolve("cli.gpkg");
        String[] args = {"detect-objects", "--in_raster", scene.scene().toString(), "--in-model-definition", DETECTOR.toString(),
            "--out_detected_objects", out.toString(), "--arguments", "padding 32;batch_size 2", "--run_nms", "NMS",
            "--max-overlap-ratio", "0.3", "--processing_extent", box, "--confidence_score_field", "Score"};
        assertThat(org.deepraster.Main.run(args)).isZero();
        List<Feature> got = VectorFiles.open(out).get(0).features();
        assertThat(got).isNotEmpty().allSatisfy(f -> assertThat(f.get("Score")).isInstanceOf(Double.class));
        // the output exists now: refused without --overwrite (exit 2), replaced with it
        assertThat(org.deepraster.Main.run(args)).isEqualTo(2);
        String[] again = java.util.Arrays.copyOf(args, args.length + 1);
        again[args.length] = "--overwrite";
        assertThat(org.deepraster.Main.run(again)).isZero();
        assertThat(VectorFiles.open(out).get(0).features()).hasSameSizeAs(got);
        assertThat(org.deepraster.Main.run("detect-objects", "--in-raster", scene.scene().toString(), "--in-model-definition",
                DETECTOR.toString(), "--out-detected-objects", dir.resolve("x.gpkg").toString(), "--run-nms", "MAYBE")).isEqualTo(2);
    }

    @Test
    void skipsNoDataTilesAndHonoursAMask() throws IOException {
        // the scene with its left 600 columns set to NoData (0)
        Path nodata = dir.resolve("nodata.tif");
        try (RasterSource src = RasterFiles.open(scene.scene())) {
            org.deepraster.raster.RasterWindow w = src.read(new java.awt.Rectangle(0, 0, SIZE, SIZE), new int[] {0, 1, 2});
            float[] s = w.samples().clone();
            for (int b = 0; b < 3; b++) {
                for (int y = 0; y < SIZE; y++) {
                    for (int x = 0; x < SIZE; x++) {
                        int i = b * SIZE * SIZE + y * SIZE + x;
                        s[i] = x < 600 ? 0 : Math.max(1, s[i]);
                    }
                }
            }
            try (org.deepraster.raster.GeoTiffWriter out = org.deepraster.raster.GeoTiffWriter.create(nodata,
                    org.deepraster.raster.GeoTiffWriter.Options.of(SIZE, SIZE, 3, org.deepraster.raster.SampleType.UINT8)
                            .georeferenced(grid.gridToCrs(), grid.crs()).withNoData(0.0))) {
                out.writeRows(s, SIZE);
            }
        }
        List<Feature> got = new ArrayList<>();
        DetectObjectsResult r = run(new DetectObjectsParameters(nodata, DETECTOR.toString(), dir.resolve("nodata.gpkg"),
                null, true, null, null, 0.3, DetectObjectsParameters.OutputGeometry.CENTER_POINTS, null, false), got);
        // tiles are 256 px with 32 px padding: cores of 192 px; the cores of columns 0-2 end at 576 < 600
        assertThat(r.report().skipped()).isEqualTo(3L * 7);
        assertThat(got).isNotEmpty().allSatisfy(f -> assertThat(grid.mapToPixel(f.geometry().getCoordinate().x,
                f.geometry().getCoordinate().y).getX()).isGreaterThanOrEqualTo(600 - 10));

        // a triangular mask over the scene: every detection's centre lies in it, tiles outside it are not run
        Envelope e = grid.envelope();
        org.locationtech.jts.geom.Geometry tri = new org.locationtech.jts.geom.GeometryFactory().createPolygon(
                new org.locationtech.jts.geom.Coordinate[] {new org.locationtech.jts.geom.Coordinate(e.getMinX(), e.getMinY()),
                    new org.locationtech.jts.geom.Coordinate(e.getMaxX(), e.getMinY()),
                    new org.locationtech.jts.geom.Coordinate(e.getMinX(), e.getMaxY()),
                    new org.locationtech.jts.geom.Coordinate(e.getMinX(), e.getMinY())});
        List<Feature> masked = new ArrayList<>();
        DetectObjectsParameters mp = params("mask.gpkg").withEnvironments(
                Environments.DEFAULT.withExtent(new ProcessingExtent.Mask(tri, null)));
        DetectObjectsResult mr;
        try (DetectObjectsTool.Plan plan = new DetectObjectsTool(engine).plan(mp)) {
            assertThat(plan.total()).isLessThan(49).isGreaterThan(20);
            mr = plan.run(Progress.NONE, List.of(CallbackSink.of((List<Feature> b) -> masked.addAll(b))));
        }
        assertThat(mr.report().outcome()).isEqualTo(JobReport.Outcome.COMPLETED);
        assertThat(masked).isNotEmpty().allSatisfy(f -> assertThat(tri.contains(f.geometry().getCentroid())).isTrue());
    }

    @Test
    void resamplesAFinerRasterToTheModelsMinCellSize() throws IOException {
        // the scene at half its cell size (each pixel doubled): read back at the model's 0.3 m (.emd MinCellSize/
        // MaxCellSize, EPSG:32633) every work pixel is exactly a scene pixel, so the detections are the scene's
        assertThat(grid.pixelSize()).isCloseTo(0.3, org.assertj.core.data.Offset.offset(1e-9));
        Path fine = dir.resolve("fine.tif");
        int n = SIZE * 2;
        try (RasterSource src = RasterFiles.open(scene.scene())) {
            org.deepraster.raster.RasterWindow w = src.read(new java.awt.Rectangle(0, 0, SIZE, SIZE), new int[] {0, 1, 2});
            float[] s = new float[3 * n * n];
            for (int b = 0; b < 3; b++) {
                for (int y = 0; y < n; y++) {
                    for (int x = 0; x < n; x++) {
                        s[b * n * n + y * n + x] = w.sample(b, x / 2, y / 2);
                    }
                }
            }
            java.awt.geom.AffineTransform t = new java.awt.geom.AffineTransform(grid.gridToCrs());
            t.scale(0.5, 0.5);
            try (org.deepraster.raster.GeoTiffWriter out = org.deepraster.raster.GeoTiffWriter.create(fine,
                    org.deepraster.raster.GeoTiffWriter.Options.of(n, n, 3, org.deepraster.raster.SampleType.UINT8)
                            .georeferenced(t, grid.crs()))) {
                out.writeRows(s, n);
            }
        }
        List<Feature> direct = new ArrayList<>();
        run(params("direct.gpkg"), direct);
        List<Feature> resampled = new ArrayList<>();
        DetectObjectsResult r = run(DetectObjectsParameters.of(fine, DETECTOR.toString(), dir.resolve("fine.gpkg"))
                .withResampleToModelCellSize(true), resampled);
        assertThat(r.warnings()).anyMatch(w -> w.contains("resampled (bilinear)"));
        assertThat(direct).isNotEmpty();
        assertThat(resampled.stream().map(DetectObjectsToolTest::key).sorted().toList())
                .isEqualTo(direct.stream().map(DetectObjectsToolTest::key).sorted().toList());
        // at its own 0.15 m cells the same model misses most objects, and says why
        List<Feature> plain = new ArrayList<>();
        DetectObjectsResult pr = run(DetectObjectsParameters.of(fine, DETECTOR.toString(), dir.resolve("fine-plain.gpkg")), plain);
        assertThat(pr.warnings()).anyMatch(w -> w.contains("resample_to_model_cell_size"));
    }
}
