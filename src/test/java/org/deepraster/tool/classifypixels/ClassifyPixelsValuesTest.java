package org.deepraster.tool.classifypixels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.deepraster.tool.classifypixels.ClassifyPixelsDeepnessTest.H;
import static org.deepraster.tool.classifypixels.ClassifyPixelsDeepnessTest.W;
import static org.deepraster.tool.classifypixels.ClassifyPixelsDeepnessTest.band;

import java.awt.Rectangle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.deepraster.geo.Crs;
import org.deepraster.inference.InferenceEngine;
import org.deepraster.inference.ModelDescription;
import org.deepraster.job.JobReport;
import org.deepraster.model.Fixtures;
import org.deepraster.model.ModelArguments;
import org.deepraster.model.ModelDefinition;
import org.deepraster.model.ModelDefinitions;
import org.deepraster.model.PixelConvention;
import org.deepraster.raster.RasterFiles;
import org.deepraster.raster.RasterSource;
import org.deepraster.raster.RasterWindow;
import org.deepraster.util.Progress;
import org.deepraster.util.UserException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deepness Regressor and Superresolution models through Classify Pixels, written as Deepness writes them
 * ({@code map_processor_regression.py} / {@code map_processor_superresolution.py}): float32, model output ×
 * output scaling; the fixtures' known functions (sample-models/fixtures/make_test_models.py) give every pixel.
 * The input raster is {@link ClassifyPixelsDeepnessTest}'s (70 x 50, 0.5 m cells, EPSG:32633).
 */
class ClassifyPixelsValuesTest {
    @TempDir
    static Path dir;
    static InferenceEngine engine;

    @BeforeAll
    static void setUp() throws IOException {
        ClassifyPixelsDeepnessTest.dir = dir;
        ClassifyPixelsDeepnessTest.setUp();
        engine = ClassifyPixelsDeepnessTest.engine;
    }

    @AfterAll
    static void tearDown() {
        engine.close();
    }

    static ClassifyPixelsResult run(String fixture, String out, String args) throws IOException {
        ClassifyPixelsParameters p = ClassifyPixelsParameters.of(ClassifyPixelsDeepnessTest.raster,
                Fixtures.onnx(fixture).toString(), dir.resolve(out)).withArguments(ModelArguments.parse(args));
        ClassifyPixelsResult r = new ClassifyPixelsTool(engine).run(p, Progress.NONE, List.of());
        assertThat(r.report().outcome()).isEqualTo(JobReport.Outcome.COMPLETED);
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

    @Test
    void regressorWritesOutputTimesRegOutputScalingOneRasterPerOutput() throws IOException {
        ClassifyPixelsResult r = run("reg_deepness", "reg.tif", "");
        assertThat(r.otherHeads()).hasSize(1);
        Path height = r.otherHeads().get(0).output();
        assertThat(height.getFileName().toString()).isEqualTo("reg_output_1.tif");
        try (RasterSource s = RasterFiles.open(r.output())) {
            assertThat(s.width()).isEqualTo(W);
            assertThat(s.height()).isEqualTo(H);
            assertThat(s.bandCount()).isEqualTo(1);
            assertThat(s.grid().gridToCrs().getTranslateX()).isEqualTo(500000);
            assertThat(s.grid().gridToCrs().getScaleX()).isEqualTo(0.5);
            assertThat(s.noData()).hasValue((double) -Float.MAX_VALUE);
        }
        float[] depth = read(r.output(), 1);
        float[] h = read(height, 1);
        for (int i = 0; i < W * H; i++) {
            int x = i % W;
            int y = i / W;
            double d = (band(0, x, y) / 255.0 + 2 * band(1, x, y) / 255.0) * 10; // (x0 + 2 x1) x reg_output_scaling 10
            assertThat((double) depth[i]).as("depth %d,%d", x, y).isCloseTo(d, org.assertj.core.data.Offset.offset(1e-4));
            assertThat((double) h[i]).as("height %d,%d", x, y)
                    .isCloseTo(band(2, x, y) / 255.0 * 10, org.assertj.core.data.Offset.offset(1e-4));
        }
        ClassifyPixelsResult twice = run("reg_deepness", "reg2.tif", "output_scaling 2");
        float[] d2 = read(twice.output(), 1);
        assertThat((double) d2[5 * W + 7]).isCloseTo(depth[5 * W + 7] / 5.0, org.assertj.core.data.Offset.offset(1e-4));
    }

    @Test
    void superresolutionIsTheInputGridAtPixelSizeOverTheFactor() throws IOException {
        ClassifyPixelsResult r = run("sr_deepness", "sr.tif", "");
        try (RasterSource s = RasterFiles.open(r.output())) {
            assertThat(s.width()).isEqualTo(2 * W);
            assertThat(s.height()).isEqualTo(2 * H);
            assertThat(s.bandCount()).isEqualTo(3);
            assertThat(s.grid().gridToCrs().getScaleX()).isEqualTo(0.25);
            assertThat(s.grid().gridToCrs().getScaleY()).isEqualTo(-0.25);
            assertThat(s.grid().gridToCrs().getTranslateX()).isEqualTo(500000);
            assertThat(s.grid().gridToCrs().getTranslateY()).isEqualTo(4100000);
            assertThat(Crs.same(s.grid().crs(), Crs.forEpsg(32633))).isTrue();
        }
        float[] v = read(r.output(), 3);
        int plane = 4 * W * H;
        for (int b = 0; b < 3; b++) {
            for (int y = 0; y < 2 * H; y++) {
                for (int x = 0; x < 2 * W; x++) {
                    // nearest x2 of v / 255, times Deepness' default output scaling 255: the input value
                    assertThat((double) v[b * plane + y * 2 * W + x]).as("band %d pixel %d,%d", b, x, y)
                            .isCloseTo(band(b, x / 2, y / 2), org.assertj.core.data.Offset.offset(1e-3));
                }
            }
        }
    }

    @Test
    void superresolutionTilesMeetWithoutSeams() throws IOException {
        // bilinear x4 has a receptive field of one input pixel: 32 px tiles with 4 px of padding equal one 80 px tile
        ClassifyPixelsResult whole = run("sr_deepness_bilinear", "whole.tif", "tile_size 80;padding 0");
        ClassifyPixelsResult tiled = run("sr_deepness_bilinear", "tiled.tif", "tile_size 32;padding 4");
        assertThat(whole.report().progress().total()).isEqualTo(1);
        assertThat(tiled.report().progress().total()).isGreaterThan(4);
        float[] a = read(whole.output(), 1);
        float[] b = read(tiled.output(), 1);
        assertThat(a).hasSize(16 * W * H);
        int checked = 0;
        for (int y = 4; y < 4 * H - 4; y++) { // the raster's edge is mirrored differently by one tile and by several
            for (int x = 4; x < 4 * W - 4; x++) {
                assertThat((double) b[y * 4 * W + x]).as("pixel %d,%d", x, y)
                        .isCloseTo(a[y * 4 * W + x], org.assertj.core.data.Offset.offset(1e-3));
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(14 * W * H);
    }

    @Test
    void infoSaysWhatItRecognised() {
        ModelDefinition reg = ModelDefinitions.load(Fixtures.onnx("reg_deepness").toString());
        assertThat(PixelConvention.of(reg)).isEqualTo(PixelConvention.REGRESSION);
        assertThat(PixelConvention.of(reg).describe(reg)).startsWith("Deepness Regressor: float32").contains("output x 10.0");
        ModelDefinition sr = ModelDefinitions.load(Fixtures.onnx("sr_deepness").toString());
        ModelDescription d = ModelDescription.describe(sr, new org.deepraster.inference.OnnxSignatureReader().read(sr.modelFile()),
                List.of());
        assertThat(d.properties().get("Pixel values")).startsWith("Deepness Superresolution x2");
        assertThat(d.hasErrors()).isFalse();
    }

    @Test
    void polygonsOfValuesAreRefused() {
        ClassifyPixelsParameters p = ClassifyPixelsParameters.of(ClassifyPixelsDeepnessTest.raster,
                Fixtures.onnx("reg_deepness").toString(), dir.resolve("refused.tif"))
                .withVectorOutput(new ClassifyPixelsParameters.VectorOutput(dir.resolve("p.gpkg"), 0, 0, List.of()));
        assertThatThrownBy(() -> new ClassifyPixelsTool(engine).plan(p)).isInstanceOf(UserException.class)
                .hasMessageContaining("writes values, not classes");
    }
}
