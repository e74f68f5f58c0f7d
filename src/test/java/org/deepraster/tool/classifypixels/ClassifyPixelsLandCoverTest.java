package org.deepraster.tool.classifypixels;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Rectangle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deepraster.inference.InferenceEngine;
import org.deepraster.job.JobReport;
import org.deepraster.model.ModelArguments;
import org.deepraster.raster.RasterFiles;
import org.deepraster.raster.RasterSource;
import org.deepraster.raster.RasterWindow;
import org.deepraster.sample.SampleScene;
import org.deepraster.util.Progress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample land-cover model through the Classify Pixels tool on a generated scene (seed 202, never
 * used in training): per-class F1 and IoU against the scene's land-cover raster are at least what
 * the training script reported on its own evaluation scene ({@code sample-models/metrics}).
 */
class ClassifyPixelsLandCoverTest {
    static final long SEED = 202;
    static final int SIZE = 1536;
    static final Path MODEL = Path.of("sample-models", "landcover_classifier.dlpk");
    static final Path DEEPNESS = Path.of("sample-models", "landcover_classifier_deepness.onnx");
    static final Path METRICS = Path.of("sample-models", "metrics", "landcover_classifier.json");

    @TempDir
    static Path dir;
    static SampleScene.Files3 scene;
    static float[] truth;
    static InferenceEngine engine;

    @BeforeAll
    static void setUp() throws IOException {
        try {
            scene = new SampleScene(SIZE, SEED).write(dir.resolve("scene"));
        } catch (java.awt.AWTError | InternalError e) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process pr = new ProcessBuilder(java, "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"),
                    "org.deepraster.Main", "sample-scene", "--out", dir.resolve("scene").toString(), "--seed",
                    String.valueOf(SEED), "--size", String.valueOf(SIZE)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try {
                assertThat(pr.waitFor()).isZero();
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new IOException(ie);
            }
            scene = SampleScene.files(dir.resolve("scene"));
        }
        try (RasterSource lc = RasterFiles.open(scene.landCover())) {
            truth = lc.read(new Rectangle(0, 0, SIZE, SIZE), new int[] {0}).samples();
        }
        engine = new InferenceEngine();
    }

    @AfterAll
    static void tearDown() {
        if (engine != null) {
            engine.close();
        }
    }

    record Scores(double f1, double iou) {
    }

    /** Per class name: F1 and IoU of the output against the land-cover raster (truth 0 = unlabelled, left out). */
    static Map<String, Scores> score(Path output, Map<Integer, String> names) throws IOException {
        RasterWindow w;
        try (RasterSource out = RasterFiles.open(output)) {
            assertThat(out.width()).isEqualTo(SIZE);
            w = out.read(new Rectangle(0, 0, SIZE, SIZE), new int[] {0});
        }
        Map<String, Scores> res = new LinkedHashMap<>();
        for (Map.Entry<Integer, String> e : names.entrySet()) {
            int v = e.getKey();
            long tp = 0;
            long fp = 0;
            long fn = 0;
            for (int i = 0; i < truth.length; i++) {
                int t = (int) truth[i];
                if (t == 0) {
                    continue;
                }
                assertThat(w.valid() == null || w.valid()[i]).as("no NoData in the output").isTrue();
                int p = (int) w.samples()[i];
                if (p == v && t == v) {
                    tp++;
                } else if (p == v) {
                    fp++;
                } else if (t == v) {
                    fn++;
                }
            }
            double precision = tp / (double) Math.max(1, tp + fp);
            double recall = tp / (double) Math.max(1, tp + fn);
            res.put(e.getValue(), new Scores(2 * precision * recall / Math.max(1e-9, precision + recall),
                    tp / (double) Math.max(1, tp + fp + fn)));
        }
        return res;
    }

    static Map<String, Scores> reported() throws IOException {
        JsonNode m = new ObjectMapper().readTree(METRICS.toFile());
        Map<String, Scores> out = new LinkedHashMap<>();
        for (JsonNode c : m.get("per_class")) {
            out.put(c.get("name").asText(), new Scores(c.get("f1").asDouble(), c.get("iou").asDouble()));
        }
        return out;
    }

    ClassifyPixelsResult run(String model, String out, String args) throws IOException {
        ClassifyPixelsParameters p = ClassifyPixelsParameters.of(scene.scene(), model, dir.resolve(out))
                .withArguments(ModelArguments.parse(args));
        ClassifyPixelsResult r = new ClassifyPixelsTool(engine).run(p, Progress.NONE, List.of());
        assertThat(r.report().outcome()).isEqualTo(JobReport.Outcome.COMPLETED);
        assertThat(r.report().failed()).isZero();
        return r;
    }

    void check(Map<String, Scores> got, String label) throws IOException {
        Map<String, Scores> want = reported();
        for (Map.Entry<String, Scores> e : want.entrySet()) {
            Scores g = got.get(e.getKey());
            System.out.printf("%s %-12s F1 %.4f (reported %.4f)  IoU %.4f (reported %.4f)%n", label, e.getKey(),
                    g.f1(), e.getValue().f1(), g.iou(), e.getValue().iou());
        }
        for (Map.Entry<String, Scores> e : want.entrySet()) {
            Scores g = got.get(e.getKey());
            assertThat(g.f1()).as(label + " " + e.getKey() + " F1").isGreaterThanOrEqualTo(e.getValue().f1());
            assertThat(g.iou()).as(label + " " + e.getKey() + " IoU").isGreaterThanOrEqualTo(e.getValue().iou());
        }
    }

    @Test
    void landCoverModelReachesItsReportedF1AndIoU() throws IOException {
        ClassifyPixelsResult r = run(MODEL.toString(), "landcover.tif", "");
        Map<Integer, String> names = new LinkedHashMap<>();
        for (SampleScene.LandCoverClass c : SampleScene.LAND_COVER) {
            names.put(c.value(), c.name());
        }
        check(score(r.output(), names), "padding discarded");
        ClassifyPixelsResult b = run(MODEL.toString(), "landcover_blend.tif", "blend_tiles True");
        check(score(b.output(), names), "blended");
    }

    @Test
    void deepnessVersionGivesTheSameMap() throws IOException {
        // the same weights; Deepness writes class index + 1 (1-6, as the .emd's Values here) and its seg_thresh 0.5
        // would send unsure pixels to class index 0: threshold 0 turns that off, as small_segment_size 0 its median filter
        ClassifyPixelsResult emd = run(MODEL.toString(), "lc_emd.tif", "");
        ClassifyPixelsResult deep = run(DEEPNESS.toString(), "lc_deep.tif", "padding 32;threshold 0;small_segment_size 0");
        try (RasterSource a = RasterFiles.open(emd.output()); RasterSource b = RasterFiles.open(deep.output())) {
            float[] va = a.read(new Rectangle(0, 0, SIZE, SIZE), new int[] {0}).samples();
            float[] vb = b.read(new Rectangle(0, 0, SIZE, SIZE), new int[] {0}).samples();
            long same = 0;
            for (int i = 0; i < va.length; i++) {
                if ((int) va[i] == (int) vb[i]) {
                    same++;
                }
            }
            assertThat(same / (double) va.length).isGreaterThan(0.999);
        }
    }
}
