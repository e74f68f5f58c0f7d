package org.deepraster.tool.classifyobjects;

import org.deepraster.tool.ChipReader;
import org.deepraster.tool.Environments;
import org.deepraster.tool.FeatureInput;
import org.deepraster.tool.ProcessingExtent;
import org.deepraster.tool.ProcessingMode;
import org.deepraster.tool.Scenes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.deepraster.feature.Feature;
import org.deepraster.feature.FeatureCollection;
import org.deepraster.feature.FeatureSchema;
import org.deepraster.feature.Features;
import org.deepraster.feature.VectorFiles;
import org.deepraster.geo.Crs;
import org.deepraster.geo.Reprojector;
import org.deepraster.inference.InferenceEngine;
import org.deepraster.job.CallbackSink;
import org.deepraster.job.JobReport;
import org.deepraster.job.ResultSink;
import org.deepraster.model.ModelArguments;
import org.deepraster.sample.SampleScene;
import org.deepraster.util.Progress;
import org.deepraster.util.UserException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Envelope;

/** Classify Objects on the sample scene with the sample damage classifier. */
class ClassifyObjectsToolTest {
    static final int SIZE = 1536;

    @TempDir
    static Path dir;
    static SampleScene.Files3 scene;
    static InferenceEngine engine;
    static ClassifyObjectsTool tool;
    static FeatureCollection buildings;
    /** Labels of an uninterrupted run, by source feature id. */
    static Map<Long, String> reference;

    @BeforeAll
    static void setUp() throws IOException {
        scene = Scenes.generate(dir.resolve("scene"), SIZE);
        engine = new InferenceEngine();
        tool = new ClassifyObjectsTool(engine);
        buildings = VectorFiles.open(scene.groundTruth()).stream()
                .filter(c -> c.schema().name().equals("buildings")).findFirst().orElseThrow();
        ClassifyObjectsResult r = tool.run(params(dir.resolve("reference.gpkg")), Progress.NONE, List.of());
        assertThat(r.report().outcome()).isEqualTo(JobReport.Outcome.COMPLETED);
        reference = labels(read(dir.resolve("reference.gpkg")));
    }

    @AfterAll
    static void tearDown() {
        if (engine != null) {
            engine.close();
        }
    }

    static ClassifyObjectsParameters params(Path out) {
        return ClassifyObjectsParameters.of(scene.scene(), Scenes.CLASSIFIER.toString(),
                        new FeatureInput.File(scene.groundTruth(), "buildings"), out)
                .withModelArguments(ModelArguments.parse("batch_size 8"));
    }

    static List<Feature> read(Path gpkg) throws IOException {
        return VectorFiles.open(gpkg).get(0).features();
    }

    static Map<Long, String> labels(List<Feature> fs) {
        Map<Long, String> m = new HashMap<>();
        for (Feature f : fs) {
            String prior = m.put(((Number) f.get(ClassifyObjectsTool.SOURCE_ID_FIELD)).longValue(), (String) f.get("ClassLabel"));
            assertThat(prior).as("one row per object").isNull();
        }
        return m;
    }

    @Test
    void labelsMatchTheGroundTruth() throws IOException {
        List<Feature> out = read(dir.resolve("reference.gpkg"));
        assertThat(out).hasSize(buildings.size());
        int correct = 0;
        for (Feature f : out) {
            assertThat(f.get("damage")).as("input attributes kept").isNotNull();
            assertThat(((Number) f.get("Confidence")).doubleValue()).isBetween(0.0, 100.0);
            assertThat(f.get("Class")).isIn(0L, 1L, 0, 1);
            assertThat(f.geometry()).isNotNull();
            if (f.get("damage").equals(f.get("ClassLabel"))) {
                correct++;
            }
        }
        double accuracy = correct / (double) out.size();
        System.out.printf("classify-objects: %d buildings, accuracy %.3f (training script reported 0.996 on seed 101)%n",
                out.size(), accuracy);
        assertThat(out.size()).isGreaterThan(60);
        // the script reported 0.996 on its evaluation scene; ~100 buildings here: allow ~2.5 standard errors
        assertThat(accuracy).isGreaterThanOrEqualTo(0.996 - 0.08);
    }

    @Test
    void cancelledHalfwayThenResumedEqualsAnUninterruptedRun() throws IOException {
        Path out = dir.resolve("resumed.gpkg");
        AtomicLong worked = new AtomicLong();
        long half = buildings.size() / 2;
        Progress cancelHalfway = new Progress() {
            public void begin(String task, long total) {
            }

            public void worked(long steps) {
                worked.addAndGet(steps);
            }

            public boolean isCancelled() {
                return worked.get() >= half;
            }
        };
        ClassifyObjectsResult first = tool.run(params(out), cancelHalfway, List.of());
        assertThat(first.report().outcome()).isEqualTo(JobReport.Outcome.CANCELLED);
        int written = read(out).size();
        assertThat(written).isBetween((int) half, buildings.size() - 1);

        assertThatThrownBy(() -> tool.plan(params(out)).close()).isInstanceOf(UserException.class)
                .hasMessageContaining("already exists");
        ClassifyObjectsResult second = tool.run(params(out).withOutput(out, false, true), Progress.NONE, List.of());
        assertThat(second.report().outcome()).isEqualTo(JobReport.Outcome.COMPLETED);
        assertThat(second.report().progress().resumed()).isEqualTo(written);
        assertThat(second.report().progress().total()).isEqualTo(buildings.size() - written);
        assertThat(labels(read(out))).isEqualTo(reference);
    }

    @Test
    void aRunStoppedByAFailingSinkLeavesAReadableResumableGeoPackage() throws IOException {
        Path out = dir.resolve("stopped.gpkg");
        ResultSink<Feature> failing = CallbackSink.of(new java.util.function.Consumer<>() {
            int batches;

            public void accept(List<Feature> b) {
                if (++batches == 3) {
                    throw new IllegalStateException("disk gone");
                }
            }
        });
        assertThatThrownBy(() -> tool.run(params(out), Progress.NONE, List.of(failing)))
                .hasMessageContaining("disk gone");
        List<Feature> partial = read(out);
        assertThat(partial).hasSizeBetween(16, buildings.size() - 1);
        tool.run(params(out).withOutput(out, false, true), Progress.NONE, List.of());
        assertThat(labels(read(out))).isEqualTo(reference);
    }

    @Test
    void featuresInAnotherCrsGiveTheSameLabels() throws IOException {
        FeatureCollection wgs = Features.reproject(buildings, Reprojector.wgs84());
        assertThat(Crs.isGeographic(wgs.schema().crs())).isTrue();
        Path out = dir.resolve("from4326.gpkg");
        ClassifyObjectsResult r = tool.run(params(out).withFeatures(new FeatureInput.Layer(wgs)), Progress.NONE, List.of());
        assertThat(r.report().outcome()).isEqualTo(JobReport.Outcome.COMPLETED);
        Map<Long, String> got = labels(read(out));
        long same = got.entrySet().stream().filter(e -> e.getValue().equals(reference.get(e.getKey()))).count();
        assertThat(got).hasSameSizeAs(reference);
        // reprojection round trips move vertices by micrometres; a chip may shift by one pixel at most
        assertThat(same).isGreaterThanOrEqualTo(reference.size() - 1);
    }

    @Test
    void processingExtentLimitsTheObjects() throws IOException {
        Envelope all = buildings.envelope();
        Envelope west = new Envelope(all.getMinX() - 1, all.centre().x, all.getMinY() - 1, all.getMaxY() + 1);
        long expected = buildings.features().stream()
                .filter(f -> f.geometry().getEnvelopeInternal().intersects(west)).count();
        Path out = dir.resolve("west.gpkg");
        ClassifyObjectsResult r = tool.run(params(out).withEnvironments(Environments.DEFAULT.withExtent(
                new ProcessingExtent.Box(west, Crs.forEpsg(SampleScene.EPSG)))), Progress.NONE, List.of());
        assertThat(read(out)).hasSize((int) expected);
        assertThat(r.outsideExtent()).isEqualTo(buildings.size() - expected);
        assertThat(expected).isBetween(5L, buildings.size() - 5L);
    }

    @Test
    void eachImageOfAFolderIsOneObjectWithoutFeatures() throws IOException {
        Path images = Files.createDirectories(dir.resolve("images"));
        Files.copy(scene.scene(), images.resolve("a.tif"));
        Files.copy(scene.scene(), images.resolve("b.tif"));
        Path out = dir.resolve("images.gpkg");
        ClassifyObjectsParameters p = new ClassifyObjectsParameters(List.of(images), Scenes.CLASSIFIER.toString(), null,
                out, "Damage", null, null, null, false, false);
        ClassifyObjectsResult r = tool.run(p, Progress.NONE, List.of());
        List<Feature> rows = read(out);
        assertThat(rows).hasSize(2);
        assertThat(rows).allSatisfy(f -> {
            assertThat(f.get("Damage")).isIn("damaged", "undamaged");
            assertThat((String) f.get("Image")).endsWith(".tif");
            assertThat(f.geometry().getEnvelopeInternal().getWidth()).isCloseTo(SIZE * 0.3, org.assertj.core.data.Offset.offset(0.01));
        });
        assertThat(r.summary().results()).isEqualTo(2);
    }

    @Test
    void itemsProcessedSeparatelyGiveOneRowPerObjectAndImage() throws IOException {
        Path items = Files.createDirectories(dir.resolve("items"));
        Files.copy(scene.scene(), items.resolve("one.tif"));
        Files.copy(scene.scene(), items.resolve("two.tif"));
        Path out = dir.resolve("separately.gpkg");
        ClassifyObjectsParameters p = params(out).withProcessingMode(ProcessingMode.PROCESS_ITEMS_SEPARATELY);
        p = new ClassifyObjectsParameters(List.of(items), p.inModelDefinition(), p.inFeatures(), out, null,
                ProcessingMode.PROCESS_ITEMS_SEPARATELY, p.modelArguments(), null, false, false);
        tool.run(p, Progress.NONE, List.of());
        List<Feature> rows = read(out);
        assertThat(rows).hasSize(2 * buildings.size());
        for (Feature f : rows) {
            long id = ((Number) f.get(ClassifyObjectsTool.SOURCE_ID_FIELD)).longValue();
            assertThat(f.get("ClassLabel")).isEqualTo(reference.get(id));
        }
        assertThat(rows.stream().map(f -> (String) f.get("Image")).distinct())
                .containsExactlyInAnyOrder(items.resolve("one.tif").toString(), items.resolve("two.tif").toString());

        Path mosaic = dir.resolve("mosaic.gpkg");
        tool.run(p.withProcessingMode(ProcessingMode.PROCESS_AS_MOSAICKED_IMAGE).withOutput(mosaic, false, false),
                Progress.NONE, List.of());
        assertThat(labels(read(mosaic))).isEqualTo(reference);
    }

    @Test
    void scoreThresholdLeavesUnsureObjectsWithoutAClass() throws IOException {
        Path out = dir.resolve("threshold.gpkg");
        ClassifyObjectsResult r = tool.run(params(out).withModelArguments(ModelArguments.parse("score_threshold 0.999")),
                Progress.NONE, List.of());
        List<Feature> rows = read(out);
        assertThat(rows).hasSize(buildings.size()).allSatisfy(f -> {
            double conf = ((Number) f.get("Confidence")).doubleValue();
            if (conf < 99.9) {
                assertThat(f.get("ClassLabel")).isNull();
                assertThat(f.get("Class")).isNull();
            } else {
                assertThat(f.get("ClassLabel")).isNotNull();
            }
        });
        long unsure = rows.stream().filter(f -> f.get("ClassLabel") == null).count();
        assertThat(r.summary().countsByClass().getOrDefault("(none)", 0L)).isEqualTo(unsure);
    }

    @Test
    void testTimeAugmentationIsSaidToBeNotApplied() throws IOException {
        Path plainOut = dir.resolve("tta-plain.gpkg");
        Path ttaOut = dir.resolve("tta.gpkg");
        tool.run(params(plainOut), Progress.NONE, List.of());
        ClassifyObjectsResult r = tool.run(params(ttaOut).withModelArguments(
                ModelArguments.parse("test_time_augmentation True")), Progress.NONE, List.of());
        assertThat(r.warnings()).anyMatch(w -> w.startsWith("test_time_augmentation True is not applied by Classify Objects"));
        assertThat(labels(read(ttaOut))).isEqualTo(labels(read(plainOut)));
    }

    @Test
    void aDefinitionGivenAsJsonWithBoundingBoxCropsRuns() throws IOException {
        Path emd = Path.of("sample-models", "building_damage_classifier", "building_damage_classifier.emd");
        String json = Files.readString(emd)
                .replace("\"ModelFile\": \"building_damage_classifier.onnx\"", "\"ModelFile\": \""
                        + emd.resolveSibling("building_damage_classifier.onnx").toAbsolutePath().toString().replace("\\", "/") + "\"")
                .replace("\"CropSizeFixed\": 1", "\"CropSizeFixed\": 0")
                .replace("\"BlackenAroundFeature\": 0", "\"BlackenAroundFeature\": 1");
        assertThat(json).contains("\"CropSizeFixed\": 0", "\"BlackenAroundFeature\": 1");
        Path out = dir.resolve("json.gpkg");
        ClassifyObjectsParameters p = new ClassifyObjectsParameters(List.of(scene.scene()), json,
                new FeatureInput.Layer(buildings), out, null, null, null, null, false, false);
        ClassifyObjectsResult r = tool.run(p, Progress.NONE, List.of());
        // the model was trained on fixed chips: other crops change its answers, but every object gets one
        assertThat(r.report().outcome()).isEqualTo(JobReport.Outcome.COMPLETED);
        assertThat(read(out)).hasSize(buildings.size()).allSatisfy(f -> assertThat(f.get("ClassLabel")).isNotNull());
    }

    @Test
    void objectsOutsideTheRasterOrWithoutGeometryAreSkippedAndCounted() throws IOException {
        List<Feature> fs = new ArrayList<>(buildings.features());
        Feature any = fs.get(0);
        fs.add(new Feature(100_001, org.locationtech.jts.geom.util.AffineTransformation
                .translationInstance(5000, 0).transform(any.geometry()), any.attributes()));
        fs.add(new Feature(100_002, null, any.attributes()));
        FeatureCollection more = new FeatureCollection(buildings.schema(), fs, null, List.of());
        Path out = dir.resolve("skipped.gpkg");
        ClassifyObjectsResult r = tool.run(params(out).withFeatures(new FeatureInput.Layer(more)), Progress.NONE, List.of());
        assertThat(r.summary().results()).isEqualTo(buildings.size());
        assertThat(r.summary().skipReasons()).containsOnly(Map.entry(ChipReader.OUTSIDE, 1L),
                Map.entry(ClassifyObjectsTool.NO_GEOMETRY, 1L));
        assertThat(r.summary().describe()).contains("Skipped 2", "outside the raster: 1");
        assertThat(read(out)).hasSize(buildings.size());
    }

    @Test
    void nanInfiniteAndOnePointPolygonsAreSkippedAndCounted() throws IOException {
        List<Feature> fs = new ArrayList<>(buildings.features());
        Feature any = fs.get(0);
        var gf = any.geometry().getFactory();
        org.locationtech.jts.geom.Coordinate c = any.geometry().getCentroid().getCoordinate();
        java.util.function.Function<double[], org.locationtech.jts.geom.Polygon> ring = xy -> {
            var cs = new org.locationtech.jts.geom.Coordinate[xy.length / 2];
            for (int i = 0; i < cs.length; i++) {
                cs[i] = new org.locationtech.jts.geom.Coordinate(xy[2 * i], xy[2 * i + 1]);
            }
            return gf.createPolygon(cs);
        };
        double x = c.x;
        double y = c.y;
        fs.add(new Feature(100_011, ring.apply(new double[] {x, y, x + 5, y, Double.NaN, y + 5, x, y}), any.attributes()));
        fs.add(new Feature(100_012, ring.apply(new double[] {x, y, x + 5, y, x + 5, Double.POSITIVE_INFINITY, x, y}),
                any.attributes()));
        fs.add(new Feature(100_013, ring.apply(new double[] {x, y, x, y, x, y, x, y}), any.attributes()));
        fs.add(new Feature(100_014, ring.apply(new double[] {x, y, x + 5, y + 5, x + 10, y + 10, x, y}), any.attributes()));
        FeatureCollection more = new FeatureCollection(buildings.schema(), fs, null, List.of());
        Path out = dir.resolve("degenerate.gpkg");
        ClassifyObjectsResult r = tool.run(params(out).withFeatures(new FeatureInput.Layer(more)), Progress.NONE, List.of());
        assertThat(r.summary().results()).isEqualTo(buildings.size());
        assertThat(r.summary().skipReasons()).containsOnly(Map.entry(ClassifyObjectsTool.NOT_FINITE, 2L),
                Map.entry(ClassifyObjectsTool.DEGENERATE, 2L));
        assertThat(r.summary().describe()).contains("Skipped 4", ClassifyObjectsTool.NOT_FINITE + ": 2");
        assertThat(read(out)).hasSize(buildings.size());
    }

    // ------------------------------------------------------------------ bad input

    @Test
    void bandCountMismatchIsRefusedBeforeAnyWork() {
        Path out = dir.resolve("bands.gpkg");
        ClassifyObjectsParameters p = ClassifyObjectsParameters.of(scene.landCover(), Scenes.CLASSIFIER.toString(),
                new FeatureInput.File(scene.groundTruth(), "buildings"), out);
        assertThatThrownBy(() -> tool.run(p, Progress.NONE, List.of())).isInstanceOf(UserException.class)
                .hasMessageContaining("has 1 band");
        assertThat(out).doesNotExist();
    }

    @Test
    void featuresWithoutCrsAreRefused() {
        FeatureSchema s = buildings.schema();
        FeatureCollection noCrs = new FeatureCollection(new FeatureSchema(s.name(), s.geometryKind(), s.fields(), null),
                buildings.features(), null, List.of());
        Path out = dir.resolve("nocrs.gpkg");
        assertThatThrownBy(() -> tool.run(params(out).withFeatures(new FeatureInput.Layer(noCrs)), Progress.NONE, List.of()))
                .isInstanceOf(UserException.class).hasMessageContaining("no coordinate reference system");
        assertThat(out).doesNotExist();
    }

    @Test
    void existingOutputNeedsOverwriteOrResume() throws IOException {
        Path out = dir.resolve("exists.geojson");
        Files.writeString(out, "{}");
        assertThatThrownBy(() -> tool.run(params(out), Progress.NONE, List.of())).isInstanceOf(UserException.class)
                .hasMessageContaining("already exists");
        assertThat(Files.readString(out)).isEqualTo("{}");
        assertThatThrownBy(() -> tool.run(params(out).withOutput(out, false, true), Progress.NONE, List.of()))
                .isInstanceOf(UserException.class).hasMessageContaining("only GeoPackage");
        tool.run(params(out).withOutput(out, true, false), Progress.NONE, List.of());
        assertThat(Files.size(out)).isGreaterThan(1000);
    }

    @Test
    void unwritableOutputFolderIsRefused() {
        Path out = dir.resolve("no-such-folder").resolve("out.gpkg");
        assertThatThrownBy(() -> tool.run(params(out), Progress.NONE, List.of())).isInstanceOf(UserException.class)
                .hasMessageContaining("does not exist");
    }

    @Test
    void otherFormatsAndTheEventsSinkGetEveryResult() throws IOException {
        List<Feature> streamed = new ArrayList<>();
        List<Long> done = new ArrayList<>();
        Path out = dir.resolve("out.csv");
        tool.run(params(out), Progress.NONE, List.of(new CallbackSink<>(streamed::addAll, p -> done.add(p.done()), null)));
        assertThat(streamed).hasSize(buildings.size());
        assertThat(done).isSorted().last().isEqualTo((long) buildings.size());
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(buildings.size() + 1);
        assertThat(lines.get(0)).contains("SourceOID", "ClassLabel", "Class", "Confidence", "damage");
    }
}
