package org.deepraster.tool.classifypixels;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Rectangle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.deepraster.model.Fixtures;
import org.deepraster.inference.InferenceEngine;
import org.deepraster.job.JobReport;
import org.deepraster.model.ModelArguments;
import org.deepraster.raster.RasterFiles;
import org.deepraster.raster.RasterSource;
import org.deepraster.sample.SampleScene;
import org.deepraster.tiling.TestTimeAugmentation;
import org.deepraster.tool.Scenes;
import org.deepraster.util.Progress;
import org.deepraster.util.UserException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Test-time augmentation through Classify Pixels: identity only = none; pointwise models unchanged; all views run. */
class ClassifyPixelsTtaTest {
    static final int SIZE = 384;
    static final Path MODEL = Path.of("sample-models", "landcover_classifier.dlpk");

    @TempDir
    static Path dir;
    static SampleScene.Files3 scene;
    static InferenceEngine engine;

    @BeforeAll
    static void setUp() throws IOException {
        scene = Scenes.generate(dir.resolve("scene"), SIZE);
        engine = new InferenceEngine();
        ClassifyPixelsDeepnessTest.dir = dir;
        ClassifyPixelsDeepnessTest.setUp();
    }

    @AfterAll
    static void tearDown() {
        engine.close();
        ClassifyPixelsDeepnessTest.engine.close();
        System.clearProperty(TestTimeAugmentation.VIEWS_PROPERTY);
    }

    static ClassifyPixelsResult run(Path raster, String model, String out, String args, boolean confidence)
            throws IOException {
        ClassifyPixelsParameters p = ClassifyPixelsParameters.of(raster, model, dir.resolve(out))
                .withArguments(ModelArguments.parse(args));
        if (confidence) {
            p = p.withConfidenceRaster(dir.resolve(out.replace(".tif", "_conf.tif")));
        }
        ClassifyPixelsResult r = new ClassifyPixelsTool(engine).run(p, Progress.NONE, List.of());
        assertThat(r.report().outcome()).isEqualTo(JobReport.Outcome.COMPLETED);
        assertThat(r.report().failed()).isZero();
        return r;
    }

    static float[] read(Path file, int bands) throws IOException {
        try (RasterSource r = RasterFiles.open(file)) {
            int[] b = new int[bands];
            for (int i = 0; i < bands; i++) {
                b[i] = i;
            }
            return r.read(new Rectangle(0, 0, r.width(), r.height()), b).samples();
        }
    }

    static ClassifyPixelsResult identityOnly(Path raster, String model, String out, String args, boolean conf)
            throws IOException {
        System.setProperty(TestTimeAugmentation.VIEWS_PROPERTY, "identity");
        try {
            return run(raster, model, out, args, conf);
        } finally {
            System.clearProperty(TestTimeAugmentation.VIEWS_PROPERTY);
        }
    }

    @Test
    void identityOnlyAugmentationEqualsNone() throws IOException {
        for (String extra : new String[] {"", ";blend_tiles True"}) {
            String tag = extra.isEmpty() ? "" : "_blend";
            ClassifyPixelsResult plain = run(scene.scene(), MODEL.toString(), "plain" + tag + ".tif", "padding 32" + extra, true);
            ClassifyPixelsResult one = identityOnly(scene.scene(), MODEL.toString(), "one" + tag + ".tif",
                    "padding 32;test_time_augmentation True" + extra, true);
            assertThat(one.warnings()).anyMatch(w -> w.startsWith("Test-time augmentation: 1 views (identity)"));
            assertThat(read(one.output(), 1)).as("classes" + tag).containsExactly(read(plain.output(), 1));
            float[] a = read(plain.confidenceOutput(), 1);
            float[] b = read(one.confidenceOutput(), 1);
            for (int i = 0; i < a.length; i++) {
                assertThat(Math.abs(a[i] - b[i])).as("confidence" + tag).isLessThanOrEqualTo(1e-5f);
            }
        }
    }

    @Test
    void allViewsRunAndMostlyAgreeWithNone() throws IOException {
        ClassifyPixelsResult plain = run(scene.scene(), MODEL.toString(), "p8.tif", "padding 32", false);
        float[] base = read(plain.output(), 1);
        for (String policy : new String[] {"mean", "max", "min"}) {
            ClassifyPixelsResult r = run(scene.scene(), MODEL.toString(), "tta_" + policy + ".tif",
                    "padding 32;batch_size 8;blend_tiles True;test_time_augmentation True;merge_policy " + policy, false);
            assertThat(r.warnings()).anyMatch(w -> w.contains("8 views (identity, flips, 90° rotations, transposes), merged by "
                    + policy) && w.contains("(1 tile(s) a batch)"));
            float[] got = read(r.output(), 1);
            long same = 0;
            for (int i = 0; i < got.length; i++) {
                same += got[i] == base[i] ? 1 : 0;
            }
            assertThat(same / (double) got.length).as(policy).isGreaterThan(0.9).isLessThan(1.0);
        }
    }

    @Test
    void aPointwiseRegressorAndANearestSuperResolutionAreUnchangedByAugmentation() throws IOException {
        Path raster = ClassifyPixelsDeepnessTest.raster;
        for (String fixture : new String[] {"reg_deepness", "sr_deepness"}) {
            ClassifyPixelsResult plain = run(raster, Fixtures.onnx(fixture).toString(), fixture + ".tif", "", false);
            ClassifyPixelsResult tta = run(raster, Fixtures.onnx(fixture).toString(), fixture + "_tta.tif",
                    "test_time_augmentation True;merge_policy max", false);
            assertThat(tta.warnings()).anyMatch(w -> w.startsWith("Test-time augmentation: 8 views"));
            int bands = fixture.startsWith("sr") ? 3 : 1;
            assertThat(read(tta.output(), bands)).as(fixture).containsExactly(read(plain.output(), bands));
        }
    }

    @Test
    void aBadMergePolicyIsAUserError() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> run(scene.scene(), MODEL.toString(), "bad.tif",
                "test_time_augmentation True;merge_policy median", false)).isInstanceOf(UserException.class)
                .hasMessageContaining("merge_policy");
    }
}
