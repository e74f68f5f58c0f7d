package org.deepraster.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Rectangle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.deepraster.feature.Feature;
import org.deepraster.feature.FeatureCollection;
import org.deepraster.feature.GeoPackageReader;
import org.deepraster.geo.GridGeometry;
import org.deepraster.inference.BatchBuffer;
import org.deepraster.inference.Classification;
import org.deepraster.inference.ClassificationDecoder;
import org.deepraster.inference.Decoders;
import org.deepraster.inference.Detection;
import org.deepraster.inference.DetectionDecoder;
import org.deepraster.inference.InferenceEngine;
import org.deepraster.inference.InputNormalization;
import org.deepraster.inference.ModelCheck;
import org.deepraster.inference.ModelSession;
import org.deepraster.inference.PixelDecoder;
import org.deepraster.inference.PixelResult;
import org.deepraster.model.ClassInfo;
import org.deepraster.model.ModelDefinition;
import org.deepraster.model.ModelDefinitions;
import org.deepraster.model.ModelSignature;
import org.deepraster.model.ModelType;
import org.deepraster.raster.RasterFiles;
import org.deepraster.raster.RasterSource;
import org.deepraster.raster.RasterWindow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Envelope;

/**
 * The sample models under {@code sample-models/} load, pass {@link ModelCheck}, and, run through our
 * inference code on a scene of a seed never used in training, give results that match its ground
 * truth. Chips and tiles are cut here with simple code (the tools arrive in later issues) the way the
 * training scripts cut them: classifier chips centred on the footprint's bounding box, 256 px tiles
 * with 32 px of context whose detections / pixels are discarded.
 */
class SampleModelsTest {
    /** Not among the training seeds (1, 2, 3) nor the scripts' evaluation seed (101). */
    static final long SEED = 202;
    static final int SIZE = 1536;
    static final Path MODELS = Path.of("sample-models");
    static final Path CLASSIFIER = MODELS.resolve("building_damage_classifier.dlpk");
    static final Path DETECTOR = MODELS.resolve("tree_car_detector.dlpk");
    static final Path LANDCOVER = MODELS.resolve("landcover_classifier.dlpk");
    static final Path DEEPNESS = MODELS.resolve("landcover_classifier_deepness.onnx");

    @TempDir
    static Path dir;
    static ModelDefinitions.Options options;
    static InferenceEngine engine;
    static GridGeometry grid;
    static RasterWindow rgb;
    static RasterWindow landCover;
    static Map<String, FeatureCollection> truth;

    @BeforeAll
    static void scene() throws IOException {
        options = ModelDefinitions.Options.strict().withCacheRoot(dir.resolve("cache"));
        SampleScene.Files3 f = generate(dir.resolve("scene"));
        try (RasterSource s = RasterFiles.open(f.scene()); RasterSource lc = RasterFiles.open(f.landCover())) {
            grid = s.grid();
            rgb = s.read(new Rectangle(0, 0, SIZE, SIZE), new int[] {0, 1, 2});
            landCover = lc.read(new Rectangle(0, 0, SIZE, SIZE), new int[] {0});
        }
        truth = GeoPackageReader.read(f.groundTruth()).stream()
                .collect(Collectors.toMap(c -> c.schema().name(), c -> c));
        engine = new InferenceEngine();
    }

    @AfterAll
    static void close() {
        if (engine != null) {
            engine.close();
        }
    }

    static SampleScene.Files3 generate(Path out) throws IOException {
        return new SampleScene(SIZE, SEED).write(out);
    }

    static ModelDefinition load(Path p) {
        return ModelDefinitions.load(p, options);
    }

    // ------------------------------------------------------------------ packages

    @Test
    void everyPackageLoadsAndPassesModelCheck() {
        for (Path p : List.of(CLASSIFIER, DETECTOR, LANDCOVER, DEEPNESS)) {
            ModelDefinition d = load(p);
            ModelCheck.Report r = ModelCheck.check(d, ModelSignature.read(d.modelFile()));
            assertThat(r.errors()).as(p.toString()).isEmpty();
            assertThat(r.problems()).as(p.toString()).noneMatch(x -> x.severity() == ModelCheck.Severity.WARNING);
        }
        assertThat(load(CLASSIFIER).modelType()).isEqualTo(ModelType.OBJECT_CLASSIFICATION);
        assertThat(load(CLASSIFIER).cropSizeFixed()).isTrue();
        assertThat(load(DETECTOR).modelType()).isEqualTo(ModelType.OBJECT_DETECTION);
        assertThat(load(LANDCOVER).modelType()).isEqualTo(ModelType.IMAGE_CLASSIFICATION);
    }

    @Test
    void deepnessOnnxDescribesTheSameModelAsTheEmd() {
        ModelDefinition emd = load(LANDCOVER);
        ModelDefinition onnx = load(DEEPNESS);
        assertThat(onnx.modelType()).isEqualTo(ModelType.IMAGE_CLASSIFICATION);
        assertThat(onnx.deepness()).isNotNull();
        assertThat(onnx.deepness().resolutionCm()).isEqualTo(30.0);
        assertThat(onnx.classes()).extracting(ClassInfo::name).containsExactlyElementsOf(
                emd.classes().stream().map(ClassInfo::name).toList());
        assertThat(onnx.classes()).extracting(ClassInfo::name).containsExactly(
                "Bare ground", "Grass", "Road", "Building", "Tree", "Water");
        assertThat(onnx.imageHeight()).isEqualTo(emd.imageHeight());
        assertThat(onnx.imageWidth()).isEqualTo(emd.imageWidth());
        assertThat(onnx.extractBands().indexes()).isEqualTo(emd.extractBands().indexes());
        assertThat(onnx.modelFormat()).isEqualTo(emd.modelFormat());
        InputNormalization a = InputNormalization.forDefinition(emd, 3);
        InputNormalization b = InputNormalization.forDefinition(onnx, 3);
        for (int c = 0; c < 3; c++) {
            assertThat(b.scale()[c]).isCloseTo(a.scale()[c], org.assertj.core.data.Offset.offset(1e-6f));
            assertThat(b.offset()[c]).isCloseTo(a.offset()[c], org.assertj.core.data.Offset.offset(1e-5f));
        }
    }

    // ------------------------------------------------------------------ classifier

    @Test
    void damageClassifierMatchesTheReportedAccuracy() throws IOException {
        ModelDefinition d = load(CLASSIFIER);
        ModelSession session = engine.session(d.modelFile());
        ClassificationDecoder dec = (ClassificationDecoder) Decoders.select(d, session.signature());
        InputNormalization norm = InputNormalization.forDefinition(d, 3);
        int size = d.imageHeight();
        List<Feature> buildings = truth.get("buildings").features();
        int correct = 0;
        BatchBuffer batch = new BatchBuffer(d.modelFormat(), 16, 3, size, size);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < buildings.size(); i++) {
            Envelope e = buildings.get(i).geometry().getEnvelopeInternal();
            java.awt.geom.Point2D c = grid.mapToPixel(e.centre().x, e.centre().y);
            int x0 = (int) Math.round(c.getX() - size / 2.0);
            int y0 = (int) Math.round(c.getY() - size / 2.0);
            batch.put(expected.size(), chip(x0, y0, size, norm));
            expected.add((String) buildings.get(i).get("damage"));
            if (expected.size() == 16 || i == buildings.size() - 1) {
                List<Classification> res = dec.decode(session.run(batch));
                for (int k = 0; k < expected.size(); k++) {
                    if (d.classAt(res.get(k).classIndex()).name().equals(expected.get(k))) {
                        correct++;
                    }
                }
                batch.clear();
                expected.clear();
            }
        }
        double accuracy = correct / (double) buildings.size();
        double reported = metrics("building_damage_classifier").get("accuracy").asDouble();
        System.out.printf("damage classifier: %d buildings, accuracy %.3f (script reported %.3f on seed 101)%n",
                buildings.size(), accuracy, reported);
        // ~100 buildings: one standard error of the accuracy is about 0.02 at 0.97 and 0.03 at 0.90;
        // allow about 2.5-4 of them.
        assertThat(buildings.size()).isGreaterThan(60);
        assertThat(accuracy).isGreaterThanOrEqualTo(reported - 0.08);
    }

    // ------------------------------------------------------------------ detector

    record Box(double x0, double y0, double x1, double y1, int cls, double score) {
    }

    @Test
    void detectorFindsTreesAndCars() throws IOException {
        ModelDefinition d = load(DETECTOR);
        ModelSession session = engine.session(d.modelFile());
        DetectionDecoder dec = (DetectionDecoder) Decoders.select(d, session.signature());
        assertThat(dec.layout()).isEqualTo(DetectionDecoder.Layout.YOLO_V5);
        InputNormalization norm = InputNormalization.forDefinition(d, 3);
        float threshold = Float.parseFloat(argument(d, "threshold"));
        double nmsOverlap = Double.parseDouble(argument(d, "nms_overlap"));
        int chip = d.imageHeight();
        int pad = 32;
        List<Box> found = new ArrayList<>();
        forEachTile(chip, pad, d, norm, session, (outs, origins) -> {
            List<List<Detection>> res = dec.decode(outs, threshold);
            for (int k = 0; k < res.size(); k++) {
                for (Detection det : res.get(k)) {
                    double cx = det.centerX();
                    double cy = (det.y0() + det.y1()) / 2.0;
                    if (cx >= pad && cx < chip - pad && cy >= pad && cy < chip - pad) {
                        int[] o = origins.get(k);
                        found.add(new Box(o[0] + det.x0(), o[1] + det.y0(), o[0] + det.x1(), o[1] + det.y1(),
                                det.classIndex(), det.score()));
                    }
                }
            }
        });
        List<Box> kept = nms(found, nmsOverlap);
        List<String> names = d.classes().stream().map(ClassInfo::name).toList();
        for (String table : List.of("trees", "cars")) {
            List<Box> gt = new ArrayList<>();
            for (Feature f : truth.get(table).features()) {
                Envelope e = f.geometry().getEnvelopeInternal();
                java.awt.geom.Point2D a = grid.mapToPixel(e.getMinX(), e.getMaxY());
                java.awt.geom.Point2D b = grid.mapToPixel(e.getMaxX(), e.getMinY());
                gt.add(new Box(a.getX(), a.getY(), b.getX(), b.getY(), names.indexOf((String) f.get("class")), 1));
            }
            int cls = gt.get(0).cls();
            List<Box> det = kept.stream().filter(b -> b.cls() == cls).toList();
            int tp = matches(det, gt);
            double recall = tp / (double) gt.size();
            double precision = tp / (double) Math.max(1, det.size());
            System.out.printf("detector %s: %d truth, %d detected, precision %.3f recall %.3f (IoU 0.5)%n",
                    table, gt.size(), det.size(), precision, recall);
            assertThat(gt.size()).isGreaterThan(20);
            assertThat(recall).as(table + " recall").isGreaterThanOrEqualTo(FLOOR_DETECTION);
            assertThat(precision).as(table + " precision").isGreaterThanOrEqualTo(FLOOR_DETECTION);
        }
    }

    /**
     * The script reports precision and recall of 0.97-0.99 for both classes on its 4096 px evaluation
     * scene; this scene has about 70 trees and 40 cars (a standard error of about 0.02-0.03 at 0.97),
     * so 0.85 is a floor a working model clears with a wide margin and a broken one does not.
     */
    static final double FLOOR_DETECTION = 0.85;

    static int matches(List<Box> det, List<Box> gt) {
        boolean[] used = new boolean[gt.size()];
        int tp = 0;
        for (Box d : det.stream().sorted(Comparator.comparingDouble(b -> -b.score())).toList()) {
            int best = -1;
            double bestIou = 0.5;
            for (int j = 0; j < gt.size(); j++) {
                double v = iou(d, gt.get(j));
                if (!used[j] && v >= bestIou) {
                    bestIou = v;
                    best = j;
                }
            }
            if (best >= 0) {
                used[best] = true;
                tp++;
            }
        }
        return tp;
    }

    static List<Box> nms(List<Box> boxes, double overlap) {
        List<Box> out = new ArrayList<>();
        for (Box b : boxes.stream().sorted(Comparator.comparingDouble(x -> -x.score())).toList()) {
            if (out.stream().noneMatch(o -> o.cls() == b.cls() && iou(o, b) > overlap)) {
                out.add(b);
            }
        }
        return out;
    }

    static double iou(Box a, Box b) {
        double ix = Math.max(0, Math.min(a.x1(), b.x1()) - Math.max(a.x0(), b.x0()));
        double iy = Math.max(0, Math.min(a.y1(), b.y1()) - Math.max(a.y0(), b.y0()));
        double inter = ix * iy;
        double u = (a.x1() - a.x0()) * (a.y1() - a.y0()) + (b.x1() - b.x0()) * (b.y1() - b.y0()) - inter;
        return u > 0 ? inter / u : 0;
    }

    // ------------------------------------------------------------------ pixels

    /**
     * Per-class F1 floors on this scene. On its evaluation scene (per-scene lighting, partial damage)
     * the script reports 0.93-0.96 for bare ground, grass, road and building, 0.99 for water and 0.79
     * for Tree (precision 0.69: the model likely paints tree shadows, which the land-cover raster
     * leaves out, as tree). Every class here has more than 15,000 pixels, but errors come in patches
     * (a lawn, a tree's shadow), so the floors sit about 0.1 below the reported F1, as before.
     */
    static final Map<String, Double> FLOOR_F1 = Map.of("Bare ground", 0.85, "Grass", 0.85, "Road", 0.85,
            "Building", 0.85, "Tree", 0.7, "Water", 0.9);

    @Test
    void landCoverClassifierMatchesTheLandCoverRaster() throws IOException {
        ModelDefinition d = load(LANDCOVER);
        int[] predicted = classifyPixels(d);
        int n = d.classes().size();
        long[] tp = new long[n];
        long[] fp = new long[n];
        long[] fn = new long[n];
        for (int i = 0; i < predicted.length; i++) {
            int truthValue = (int) landCover.samples()[i];
            if (truthValue == 0) {
                continue;
            }
            int p = d.classes().get(predicted[i]).value();
            for (int k = 0; k < n; k++) {
                int v = d.classes().get(k).value();
                if (p == v && truthValue == v) {
                    tp[k]++;
                } else if (p == v) {
                    fp[k]++;
                } else if (truthValue == v) {
                    fn[k]++;
                }
            }
        }
        for (int k = 0; k < n; k++) {
            String name = d.classes().get(k).name();
            double precision = tp[k] / (double) Math.max(1, tp[k] + fp[k]);
            double recall = tp[k] / (double) Math.max(1, tp[k] + fn[k]);
            double f1 = 2 * precision * recall / Math.max(1e-9, precision + recall);
            System.out.printf("land cover %-12s precision %.3f recall %.3f F1 %.3f (%d px)%n", name, precision, recall,
                    f1, tp[k] + fn[k]);
            if (tp[k] + fn[k] > 500) {
                assertThat(f1).as(name + " F1").isGreaterThanOrEqualTo(FLOOR_F1.get(name));
            }
        }
    }

    @Test
    void deepnessOnnxGivesTheSameClassesAsThePackage() throws IOException {
        ModelDefinition emd = load(LANDCOVER);
        ModelDefinition onnx = load(DEEPNESS);
        int chip = emd.imageHeight();
        Rectangle r = new Rectangle(100, 300, chip, chip);
        for (ModelDefinition d : List.of(emd, onnx)) {
            assertThat(d.imageHeight()).isEqualTo(chip);
        }
        int[] a = classifyTile(emd, r);
        int[] b = classifyTile(onnx, r);
        int same = 0;
        for (int i = 0; i < a.length; i++) {
            same += emd.classes().get(a[i]).name().equals(onnx.classes().get(b[i]).name()) ? 1 : 0;
        }
        assertThat(same / (double) a.length).isGreaterThan(0.999);
    }

    private int[] classifyTile(ModelDefinition d, Rectangle r) throws IOException {
        ModelSession session = engine.session(d.modelFile());
        PixelDecoder dec = (PixelDecoder) Decoders.select(d, session.signature());
        BatchBuffer batch = new BatchBuffer(d.modelFormat(), 1, 3, r.height, r.width);
        batch.put(0, chip(r.x, r.y, r.width, InputNormalization.forDefinition(d, 3)));
        return dec.decode(session.run(batch), 0.5f).get(0).classes();
    }

    /** Class index per pixel of the scene: tiles of ImageHeight with 32 px of discarded context. */
    private int[] classifyPixels(ModelDefinition d) throws IOException {
        ModelSession session = engine.session(d.modelFile());
        PixelDecoder dec = (PixelDecoder) Decoders.select(d, session.signature());
        InputNormalization norm = InputNormalization.forDefinition(d, 3);
        int chip = d.imageHeight();
        int pad = 32;
        int core = chip - 2 * pad;
        int[] out = new int[SIZE * SIZE];
        forEachTile(chip, pad, d, norm, session, (outs, origins) -> {
            List<PixelResult> res = dec.decode(outs, 0.5f);
            for (int k = 0; k < res.size(); k++) {
                PixelResult p = res.get(k);
                int[] o = origins.get(k);
                for (int y = pad; y < pad + core; y++) {
                    for (int x = pad; x < pad + core; x++) {
                        int sx = o[0] + x;
                        int sy = o[1] + y;
                        if (sx < SIZE && sy < SIZE) {
                            out[sy * SIZE + sx] = p.classAt(x - p.offsetX(), y - p.offsetY());
                        }
                    }
                }
            }
        });
        return out;
    }

    // ------------------------------------------------------------------ helpers

    interface TileSink {
        void accept(org.deepraster.inference.InferenceOutputs outs, List<int[]> origins);
    }

    /** Runs the model over tiles of {@code chip} px whose cores ({@code chip - 2 pad}) cover the scene. */
    private static void forEachTile(int chip, int pad, ModelDefinition d, InputNormalization norm, ModelSession session,
                                    TileSink sink) {
        int core = chip - 2 * pad;
        BatchBuffer batch = new BatchBuffer(d.modelFormat(), 4, 3, chip, chip);
        List<int[]> origins = new ArrayList<>();
        List<int[]> all = new ArrayList<>();
        for (int y = 0; y < SIZE; y += core) {
            for (int x = 0; x < SIZE; x += core) {
                all.add(new int[] {x - pad, y - pad});
            }
        }
        for (int i = 0; i < all.size(); i++) {
            int[] o = all.get(i);
            batch.put(origins.size(), chip(o[0], o[1], chip, norm));
            origins.add(o);
            if (origins.size() == batch.capacity() || i == all.size() - 1) {
                sink.accept(session.run(batch), origins);
                batch.clear();
                origins = new ArrayList<>();
            }
        }
    }

    /** A normalised band-major chip of the scene at (x0, y0); outside the scene is 0 (as NoData). */
    private static float[] chip(int x0, int y0, int size, InputNormalization norm) {
        float[] c = new float[3 * size * size];
        int plane = size * size;
        for (int b = 0; b < 3; b++) {
            for (int y = 0; y < size; y++) {
                int sy = y0 + y;
                if (sy < 0 || sy >= SIZE) {
                    continue;
                }
                for (int x = 0; x < size; x++) {
                    int sx = x0 + x;
                    if (sx >= 0 && sx < SIZE) {
                        c[b * plane + y * size + x] = rgb.samples()[b * SIZE * SIZE + sy * SIZE + sx];
                    }
                }
            }
        }
        norm.apply(c, plane);
        return c;
    }

    private static String argument(ModelDefinition d, String name) {
        return d.modelArguments().stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow().value();
    }

    private static JsonNode metrics(String name) throws IOException {
        return new ObjectMapper().readTree(MODELS.resolve("metrics").resolve(name + ".json").toFile());
    }
}
