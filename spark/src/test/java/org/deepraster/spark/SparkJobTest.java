package org.deepraster.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Rectangle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.deepraster.feature.Feature;
import org.deepraster.feature.FeatureCollection;
import org.deepraster.feature.VectorFiles;
import org.deepraster.raster.RasterFiles;
import org.deepraster.raster.RasterSource;
import org.deepraster.raster.RasterWindow;
import org.deepraster.sample.SampleScene;
import org.deepraster.tool.JobFile;
import org.deepraster.tool.ParameterValues;
import org.deepraster.tool.ToolConsole;
import org.deepraster.tool.ToolSpec;
import org.deepraster.tool.registry.ToolRegistry;
import org.deepraster.util.Progress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark runner in {@code local[2]} (3 attempts per task) against single-machine runs of the same job: a folder of
 * generated rasters and one raster split into windows, for Detect Objects and Classify Pixels; a task that fails
 * once and a unit run twice; a re-submitted job. One Spark context for the class.
 */
class SparkJobTest {
    static final Path MODELS = Path.of(System.getProperty("deepraster.samples", "../sample-models")).toAbsolutePath();
    static final Path DETECTOR = MODELS.resolve("tree_car_detector.dlpk");
    static final Path LANDCOVER = MODELS.resolve("landcover_classifier.dlpk");

    @TempDir
    static Path tmp;
    static JavaSparkContext sc;
    static Path folder;
    static Path big;

    @BeforeAll
    static void start() throws IOException {
        sc = new JavaSparkContext(new SparkConf().setMaster("local[2,3]").setAppName("SparkJobTest")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1"));
        folder = Files.createDirectories(tmp.resolve("rasters"));
        for (int seed = 1; seed <= 3; seed++) {
            Path scene = SampleScene.ensure(tmp.resolve("scene" + seed), 320, seed).scene();
            Files.copy(scene, folder.resolve("scene_" + seed + ".tif"));
        }
        Path b = SampleScene.ensure(tmp.resolve("scene_big"), 896, 7).scene();
        big = Files.copy(b, Files.createDirectories(tmp.resolve("big")).resolve("big.tif"));
    }

    @AfterAll
    static void stop() {
        if (sc != null) {
            sc.close();
        }
    }

    static Path job(Path dir, String json) throws IOException {
        Files.createDirectories(dir);
        return Files.writeString(dir.resolve("job.json"), json);
    }

    static String detectJob() {
        return "{\"tool\": \"detect-objects\", \"parameters\": {\"in_model_definition\": \"" + DETECTOR + "\","
                + " \"out_detected_objects\": \"det.gpkg\", \"run_nms\": \"NMS\", \"max_overlap_ratio\": 0.3,"
                + " \"arguments\": \"padding 32;threshold 0.3\"}}";
    }

    static String pixelsJob() {
        return "{\"tool\": \"classify-pixels\", \"parameters\": {\"in_model_definition\": \"" + LANDCOVER + "\","
                + " \"out_classified_raster\": \"lc.tif\", \"arguments\": \"padding 32\"}}";
    }

    static SparkJob.Summary spark(Path job, Path out, int windowTiles, Path... inputs) throws IOException {
        List<String> in = Stream.of(inputs).map(Path::toString).toList();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        SparkJob.Summary s = SparkJob.run(sc, new SparkJob.Options(job.toString(), out.toString(), windowTiles, in),
                new PrintStream(log, true));
        System.out.println(log);
        return s;
    }

    /** The job run by the tool on one machine on {@code raster}, output to {@code output}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static void single(Path job, Path raster, String outputParameter, Path output) throws IOException {
        JobFile j = JobFile.read(job, ToolRegistry::find);
        ToolSpec spec = ToolRegistry.find(j.tool());
        ParameterValues v = j.values().copy().set("in_raster", raster.toString()).set(outputParameter, output.toString());
        StringWriter text = new StringWriter();
        PrintWriter w = new PrintWriter(text);
        assertThat(spec.run(spec.parameters(v), new ToolConsole(w, w, false, Progress.NONE))).as(text.toString()).isEqualTo(0);
    }

    /** Features as a set: geometry and attributes, order and ids aside. */
    static List<String> features(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        for (FeatureCollection c : VectorFiles.open(file)) {
            for (Feature f : c.features()) {
                Map<String, Object> a = new TreeMap<>(f.attributes());
                out.add(f.geometry().norm().toText() + " " + a);
            }
        }
        out.sort(null);
        return out;
    }

    @Test
    void detectObjectsOverAFolderEqualsOneRunPerRaster() throws IOException {
        Path dir = tmp.resolve("det-folder");
        Path job = job(dir, detectJob());
        SparkJob.Summary s = spark(job, dir.resolve("out"), 0, folder);
        List<String> expected = new ArrayList<>();
        for (int seed = 1; seed <= 3; seed++) {
            Path one = dir.resolve("single_" + seed + ".gpkg");
            single(job, folder.resolve("scene_" + seed + ".tif"), "out_detected_objects", one);
            expected.addAll(features(one));
        }
        expected.sort(null);
        assertThat(expected).isNotEmpty();
        assertThat(features(dir.resolve("out/det.gpkg"))).containsExactlyElementsOf(expected);
        assertThat(s.units()).hasSize(3);
        assertThat(s.units().stream().mapToLong(UnitResult::results).sum()).isEqualTo(expected.size());
    }

    @Test
    void remoteInputsModelAndOutputGoThroughTheFileSystem() throws IOException {
        sc.hadoopConfiguration().set("fs.fake.impl", FakeRemoteFileSystem.class.getName());
        sc.hadoopConfiguration().set("fs.fake.impl.disable.cache", "true");
        Path dir = tmp.resolve("remote");
        Path models = Files.createDirectories(dir.resolve("models"));
        Files.copy(DETECTOR, models.resolve(DETECTOR.getFileName()));
        String json = detectJob().replace("\"" + DETECTOR + "\"", "\"fake://" + models.resolve(DETECTOR.getFileName()) + "\"");
        Path job = job(dir, json);
        SparkJob.Summary s = SparkJob.run(sc, new SparkJob.Options("fake://" + job, "fake://" + dir.resolve("out"), 0,
                List.of("fake://" + folder)), new PrintStream(new ByteArrayOutputStream()));
        assertThat(s.outputs()).containsExactly("fake:" + dir.resolve("out/det.gpkg"));
        List<String> expected = new ArrayList<>();
        for (int seed = 1; seed <= 3; seed++) {
            Path one = dir.resolve("single_" + seed + ".gpkg");
            single(job(dir.resolve("local"), detectJob()), folder.resolve("scene_" + seed + ".tif"), "out_detected_objects", one);
            expected.addAll(features(one));
        }
        expected.sort(null);
        assertThat(features(dir.resolve("out/det.gpkg"))).isNotEmpty().containsExactlyElementsOf(expected);
    }

    @Test
    void detectObjectsOnASplitRasterEqualsOneRun() throws IOException {
        Path dir = tmp.resolve("det-split");
        Path job = job(dir, detectJob());
        SparkJob.Summary s = spark(job, dir.resolve("out"), 2, big);
        assertThat(s.units()).hasSize(9); // 896 px in windows of 2 x 192 px: 384, 384, 128
        Path one = dir.resolve("single.gpkg");
        single(job, big, "out_detected_objects", one);
        List<String> expected = features(one);
        assertThat(expected).hasSizeGreaterThan(5);
        assertThat(features(dir.resolve("out/det.gpkg"))).containsExactlyElementsOf(expected);
        // every task of this JVM (the local executor) used one engine: one session per model, not one per unit
        assertThat(ExecutorCache.openSessions()).isBetween(1, 2);
    }

    @Test
    void classifyPixelsOverAFolderAndASplitRasterEqualsOneRun() throws IOException {
        Path dir = tmp.resolve("px");
        Path job = job(dir, pixelsJob());
        spark(job, dir.resolve("out-folder"), 0, folder);
        for (int seed = 1; seed <= 3; seed++) {
            Path one = dir.resolve("single_" + seed + ".tif");
            single(job, folder.resolve("scene_" + seed + ".tif"), "out_classified_raster", one);
            assertSamePixels(dir.resolve("out-folder/scene_" + seed + "_lc.tif"), new Rectangle(0, 0, 320, 320), one,
                    new Rectangle(0, 0, 320, 320));
        }
        SparkJob.Summary s = spark(job, dir.resolve("out-split"), 2, big);
        Path one = dir.resolve("single_big.tif");
        single(job, big, "out_classified_raster", one);
        assertThat(s.units()).hasSize(9); // 896 px in windows of 2 x 192 px
        for (UnitResult r : s.units()) {
            WorkUnit u = r.unit();
            assertThat(r.results()).isEqualTo((long) u.width() * u.height());
            assertSamePixels(dir.resolve("out-split/_committed/" + u.id() + "/lc.tif"),
                    new Rectangle(0, 0, u.width(), u.height()), one, u.window());
        }
        String vrt = Files.readString(dir.resolve("out-split/big_lc.vrt"));
        assertThat(vrt).contains("rasterXSize=\"896\"").contains("<DstRect xOff=\"768\" yOff=\"384\" xSize=\"128\" ySize=\"384\"/>");
        assertThat(vrt.split("<SimpleSource>", -1)).hasSize(10);
    }

    static void assertSamePixels(Path a, Rectangle ra, Path b, Rectangle rb) throws IOException {
        try (RasterSource x = RasterFiles.open(a); RasterSource y = RasterFiles.open(b)) {
            assertThat(x.grid().pixelToMap(ra.x, ra.y)).isEqualTo(y.grid().pixelToMap(rb.x, rb.y));
            RasterWindow wx = x.read(ra, new int[] {0});
            RasterWindow wy = y.read(rb, new int[] {0});
            for (int row = 0; row < ra.height; row++) {
                for (int col = 0; col < ra.width; col++) {
                    if (wx.sample(0, col, row) != wy.sample(0, col, row)) {
                        throw new AssertionError(a + " differs from " + b + " at " + col + "," + row);
                    }
                }
            }
        }
    }

    @Test
    void aFailingTaskAndATwiceRunUnitChangeNothing() throws IOException {
        Path dir = tmp.resolve("faults");
        Path job = job(dir, detectJob());
        Path out = dir.resolve("out");
        System.setProperty(UnitTask.FAIL_ONCE_PROPERTY, "big_w001_001");
        SparkJob.Summary s;
        try {
            s = spark(job, out, 2, big);
        } finally {
            System.clearProperty(UnitTask.FAIL_ONCE_PROPERTY);
        }
        assertThat(s.failedAttempts()).isEqualTo(1);
        assertThat(Files.exists(out.resolve("_test/failed-big_w001_001"))).isTrue();
        // a late twin of a committed unit (speculation) runs to the end and loses the commit
        SparkJob.Summary first = s;
        WorkUnit twin = first.units().get(4).unit();
        UnitTask task = new UnitTask(SparkPaths.of(sc.hadoopConfiguration()), Files.readString(job), out.toString());
        task.attempt(twin, "twin");
        assertThat(out.resolve("_attempts")).isEmptyDirectory();
        try (Stream<Path> files = Files.list(out.resolve("_committed/" + twin.id()))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("det.gpkg", "_unit.txt");
        }
        // re-submitted: every unit is committed, nothing runs, the outputs are merged again
        SparkJob.Summary again = spark(job, out, 2, big);
        assertThat(again.units()).allMatch(UnitResult::skipped);
        Path one = dir.resolve("single.gpkg");
        single(job, big, "out_detected_objects", one);
        assertThat(features(out.resolve("det.gpkg"))).containsExactlyElementsOf(features(one));
    }
}
