package org.deepraster.tool.classifypixels;

import org.deepraster.tool.Environments;
import org.deepraster.tool.ProcessingExtent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Rectangle;
import java.awt.geom.AffineTransform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deepraster.geo.Crs;
import org.deepraster.inference.InferenceEngine;
import org.deepraster.job.CallbackSink;
import org.deepraster.job.JobReport;
import org.deepraster.model.Fixtures;
import org.deepraster.model.ModelArguments;
import org.deepraster.raster.GeoTiffWriter;
import org.deepraster.raster.RasterFiles;
import org.deepraster.raster.RasterSource;
import org.deepraster.raster.RasterWindow;
import org.deepraster.raster.SampleType;
import org.deepraster.util.Progress;
import org.deepraster.util.UserException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;

/**
 * Classify Pixels on generated rasters with the kilobyte fixtures: tiling leaves no seams (tiled
 * equals one tile over everything), edges are covered, blending, smaller outputs, sigmoid and label
 * outputs, NoData and masks, the palette and class table, and the checks of plan().
 */
class ClassifyPixelsToolTest {
    static final int W = 203;
    static final int H = 141;
    static final double PIXEL = 0.5;
    static final double MIN_X = 500000;
    static final double MAX_Y = 4100000;

    @TempDir
    static Path dir;
    static Path noisy;
    static Path withNoData;
    static InferenceEngine engine;

    @BeforeAll
    static void setUp() throws IOException {
        engine = new InferenceEngine();
        noisy = raster(dir.resolve("noisy.tif"), null);
        withNoData = raster(dir.resolve("nodata.tif"), new Rectangle(0, 0, 90, 141)); // left part NoData
    }

    @AfterAll
    static void tearDown() {
        if (engine != null) {
            engine.close();
        }
    }

    /** Smooth colours plus noise; pixels in {@code hole} are 0 in every band (NoData 0). */
    static Path raster(Path file, Rectangle hole) throws IOException {
        Random rnd = new Random(11);
        byte[] s = new byte[W * H * 3];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                for (int b = 0; b < 3; b++) {
                    int v = (int) (128 + 80 * Math.sin((x + 13 * b) / (7.0 + b)) * Math.cos((y - 5 * b) / 9.0))
                            + rnd.nextInt(41) - 20;
                    v = Math.max(1, Math.min(255, v));
                    if (hole != null && hole.contains(x, y)) {
                        v = 0;
                    }
                    s[b * W * H + y * W + x] = (byte) v;
                }
            }
        }
        AffineTransform t = new AffineTransform(PIXEL, 0, 0, -PIXEL, MIN_X, MAX_Y);
        GeoTiffWriter.Options o = GeoTiffWriter.Options.of(W, H, 3, SampleType.UINT8).georeferenced(t, Crs.forEpsg(32633))
                .withTileSize(64).withNoData(hole == null ? null : 0.0);
        try (GeoTiffWriter w = GeoTiffWriter.create(file, o)) {
            w.writeRows(s, H);
        }
        return file;
    }

    static String model(String fixture, int chipW, int chipH, String extra) {
        return "{\"Framework\": \"ONNX\", \"ModelFile\": \"" + Fixtures.jsonPath(Fixtures.onnx(fixture))
                + "\", \"ModelType\": \"ImageClassification\", \"ImageHeight\": " + chipH + ", \"ImageWidth\": " + chipW
                + ", \"ExtractBands\": [0, 1, 2], \"Classes\": [{\"Value\": 1, \"Name\": \"red\", \"Color\": [200, 0, 0]},"
                + " {\"Value\": 2, \"Name\": \"green\", \"Color\": [0, 200, 0]}, {\"Value\": 3, \"Name\": \"blue\", \"Color\": [0, 0, 200]}]"
                + (extra.isEmpty() ? "" : ", " + extra) + "}";
    }

    record Run(ClassifyPixelsResult result, int[] values, float[] confidence, List<ClassifiedBlock> blocks) {
    }

    static Run run(ClassifyPixelsParameters p) throws IOException {
        List<ClassifiedBlock> blocks = new ArrayList<>();
        ClassifyPixelsResult r = new ClassifyPixelsTool(engine).run(p, Progress.NONE,
                List.of(CallbackSink.of((List<ClassifiedBlock> b) -> blocks.addAll(b))));
        assertThat(r.report().outcome()).isEqualTo(JobReport.Outcome.COMPLETED);
        int w;
        int h;
        int[] values;
        try (RasterSource out = RasterFiles.open(r.output())) {
            w = out.width();
            h = out.height();
            RasterWindow win = out.read(new Rectangle(0, 0, w, h), new int[] {0});
            values = new int[w * h];
            for (int i = 0; i < values.length; i++) {
                values[i] = win.valid() == null || win.valid()[i] ? (int) win.samples()[i] : -1;
            }
        }
        float[] conf = new float[w * h];
        java.util.Arrays.fill(conf, Float.NaN);
        for (ClassifiedBlock b : blocks) {
            for (int y = 0; y < b.window().height; y++) {
                for (int x = 0; x < b.window().width; x++) {
                    int o = (b.window().y + y) * w + b.window().x + x;
                    int v = b.valueAt(x, y);
                    assertThat(v).as("streamed block equals the file").isEqualTo(values[o] < 0 ? 255 : values[o]);
                    conf[o] = b.confidence()[y * b.window().width + x];
                }
            }
        }
        return new Run(r, values, conf, blocks);
    }

    static ClassifyPixelsParameters params(String out, String model, String args) {
        return ClassifyPixelsParameters.of(noisy, model, dir.resolve(out)).withArguments(ModelArguments.parse(args))
                .withOutput(dir.resolve(out), true);
    }

    static int differing(int[] a, int[] b) {
        int n = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                n++;
            }
        }
        return n;
    }

    @Test
    void tiledEqualsOneTileOverTheWholeRasterAndCoversTheEdges() throws IOException {
        // seg_conv: two 3x3 convolutions (receptive radius 2); 4 px of padding is enough context
        Run single = run(params("single.tif", model("seg_conv", W + 8, H + 8, ""), "padding 4"));
        Run tiled = run(params("tiled.tif", model("seg_conv", 32, 32, ""), "padding 4;batch_size 3"));
        assertThat(tiled.result().report().progress().total()).isEqualTo((long) ((W + 23) / 24) * ((H + 23) / 24));
        assertThat(single.values()).hasSize(W * H).doesNotContain(-1); // every pixel, edges included
        assertThat(tiled.values()).doesNotContain(-1);
        assertThat(differing(tiled.values(), single.values())).isZero();
        for (int i = 0; i < W * H; i++) {
            assertThat(tiled.confidence()[i]).isCloseTo(single.confidence()[i], org.assertj.core.data.Offset.offset(1e-4f));
        }
        assertThat(tiled.blocks()).hasSize(1); // 203 x 141 fits one 256 px block
        // without padding the tiles' borders see zeros instead of their neighbours: seams (the check can fail)
        Run seams = run(params("seams.tif", model("seg_conv", 24, 24, ""), "padding 0"));
        assertThat(differing(seams.values(), single.values())).isGreaterThan(20);
    }

    /**
     * A raster of one colour gets one class, its edges included, whatever the chip, padding and blending: past the
     * raster's edge the model sees the raster mirrored, not zeros that it takes for a dark object (the one-pixel frame
     * of wrong classes Classify Pixels gave every raster).
     */
    @Test
    void aRasterOfOneColourGetsOneClassUpToItsEdges() throws IOException {
        Path uniform = dir.resolve("uniform.tif");
        byte[] s = new byte[W * H * 3];
        for (int i = 0; i < W * H; i++) {
            s[i] = (byte) 190;
            s[W * H + i] = (byte) 60;
            s[2 * W * H + i] = (byte) 90;
        }
        AffineTransform t = new AffineTransform(PIXEL, 0, 0, -PIXEL, MIN_X, MAX_Y);
        try (GeoTiffWriter w = GeoTiffWriter.create(uniform, GeoTiffWriter.Options.of(W, H, 3, SampleType.UINT8)
                .georeferenced(t, Crs.forEpsg(32633)).withTileSize(64))) {
            w.writeRows(s, H);
        }
        for (int chip : new int[] {24, 32, 40}) {
            for (int padding : new int[] {2, 5, 8}) {
                if (2 * padding >= chip) {
                    continue;
                }
                // blending uses the tiles' padding up to the chip's edge, where a model with zero-padded convolutions
                // sees its own border: it needs padding beyond the model's reach (seg_conv: 2 px), at any seam
                for (boolean blend : padding > 2 ? new boolean[] {false, true} : new boolean[] {false}) {
                    String args = "padding " + padding + (blend ? ";blend_tiles True" : "");
                    String name = "u" + chip + "_" + padding + (blend ? "b" : "") + ".tif";
                    Run r = run(ClassifyPixelsParameters.of(uniform, model("seg_conv", chip, chip, ""), dir.resolve(name))
                            .withArguments(ModelArguments.parse(args)).withOutput(dir.resolve(name), true));
                    int centre = r.values()[(H / 2) * W + W / 2];
                    assertThat(centre).isPositive();
                    assertThat(differing(r.values(), filled(centre))).as("chip " + chip + ", " + args).isZero();
                }
            }
        }
    }

    private static int[] filled(int v) {
        int[] a = new int[W * H];
        java.util.Arrays.fill(a, v);
        return a;
    }

    @Test
    void blendingIsSeamlessAndExactForAPointwiseModel() throws IOException {
        Run single = run(params("bsingle.tif", model("seg_conv", W + 16, H + 16, ""), "padding 8"));
        Run blended = run(params("blend.tif", model("seg_conv", 40, 40, ""), "padding 8;blend_tiles True"));
        assertThat(blended.result().warnings()).isEmpty();
        assertThat(blended.values()).doesNotContain(-1);
        assertThat(differing(blended.values(), single.values())).isLessThanOrEqualTo(W * H / 1000);
        for (int i = 0; i < W * H; i++) {
            assertThat(blended.confidence()[i]).isCloseTo(single.confidence()[i], org.assertj.core.data.Offset.offset(0.05f));
        }
        // a 1x1 model predicts every tile alike: blended weights must give back exactly the same probabilities
        Run plain = run(params("pw.tif", model("seg_softmax", 32, 32, ""), "padding 8"));
        Run pwBlend = run(params("pwb.tif", model("seg_softmax", 32, 32, ""), "padding 8;blend_tiles True"));
        assertThat(pwBlend.values()).isEqualTo(plain.values());
        for (int i = 0; i < W * H; i++) {
            assertThat(pwBlend.confidence()[i]).isCloseTo(plain.confidence()[i], org.assertj.core.data.Offset.offset(1e-5f));
        }
    }

    @Test
    void smallerOutputIsCentredAndCoversTheEdges() throws IOException {
        // seg_smaller_output is seg_softmax cropped to the centre 16 x 16 of a 32 x 32 chip
        Run full = run(params("full.tif", model("seg_softmax", 32, 32, ""), "padding 0"));
        Run smaller = run(params("smaller.tif", model("seg_smaller_output", 32, 32, ""), "padding 2"));
        assertThat(smaller.result().warnings()).anyMatch(w -> w.contains("own border"));
        assertThat(smaller.values()).doesNotContain(-1).isEqualTo(full.values());
        assertThat(smaller.result().report().progress().total()).isEqualTo((long) ((W + 15) / 16) * ((H + 15) / 16));
    }

    @Test
    void sigmoidAndLabelOutputs() throws IOException {
        Run labels = run(params("labels.tif", Fixtures.json("seg_labelmap", "ImageClassification", ""), "padding 0"));
        Run soft = run(params("soft.tif", Fixtures.json("seg_softmax", "ImageClassification", ""), "padding 0"));
        assertThat(labels.values()).isEqualTo(soft.values()); // argmax of the same channels; values = indexes
        assertThat(soft.values()).contains(0, 1, 2);
        // the sigmoid's input is channel 0 normalised: foreground exactly where sigmoid(it) >= threshold
        String sigModel = Fixtures.json("seg_sigmoid", "ImageClassification", "\"NormalizationStats\": {"
                + "\"band_min_values\": [0, 0, 0], \"band_max_values\": [255, 255, 255],"
                + " \"scaled_mean_values\": [0.5, 0.5, 0.5], \"scaled_std_values\": [0.1, 0.1, 0.1]}");
        org.deepraster.model.ModelDefinition d = org.deepraster.model.ModelDefinitions.load(sigModel);
        org.deepraster.inference.InputNormalization norm = org.deepraster.inference.InputNormalization.forDefinition(d, 3);
        float[] px;
        try (RasterSource r = RasterFiles.open(noisy)) {
            px = r.read(new Rectangle(0, 0, W, H), new int[] {0, 1, 2}).samples().clone();
        }
        norm.apply(px, W * H);
        float[] sorted = java.util.Arrays.copyOf(px, W * H);
        java.util.Arrays.sort(sorted);
        double median = sorted[W * H / 2];
        double threshold = Math.round(1 / (1 + Math.exp(-median)) * 1000) / 1000.0;
        Run sig = run(params("sig.tif", sigModel,
                "padding 4;threshold " + threshold));
        long fg = java.util.Arrays.stream(sig.values()).filter(v -> v == 1).count();
        assertThat(fg).isBetween((long) W * H / 4, (long) W * H * 3 / 4);
        for (int i = 0; i < W * H; i++) {
            double p = 1 / (1 + Math.exp(-px[i]));
            if (Math.abs(p - threshold) > 1e-5) {
                assertThat(sig.values()[i]).isEqualTo(p >= threshold ? 1 : 0);
            }
        }
    }

    @Test
    void deepnessModelsRunAsTheyAre() throws IOException {
        // fixed batch 1, 64 px tiles, overlap 25 % -> padding 8, seg_thresh 0.6
        // (small_segment_size 0: Deepness' median filter runs on the finished file, after the blocks were streamed)
        Run deep = run(params("deep.tif", Fixtures.onnx("seg_deepness").toString(), "small_segment_size 0"));
        assertThat(deep.values()).doesNotContain(-1);
        assertThat(deep.result().pixelsByClass().keySet()).containsAnyOf("background", "water");
        // two outputs: one raster per output, as Deepness (ClassifyPixelsDeepnessTest checks the values)
        Run two = run(params("two.tif", Fixtures.onnx("seg_two_outputs").toString(), "batch_size 2;small_segment_size 0"));
        assertThat(two.result().warnings()).noneMatch(w -> w.contains("2 outputs"));
        assertThat(two.values()).doesNotContain(-1);
        assertThat(two.result().otherHeads()).singleElement()
                .satisfies(h -> assertThat(h.output()).isEqualTo(dir.resolve("two_output_1.tif")));
        // fixed batch 2, logits (softmax applied here)
        Run fixed = run(params("fixed.tif", Fixtures.json("seg_logits_fixed_batch", "ImageClassification", ""),
                "padding 0;batch_size 8"));
        Run soft = run(params("soft2.tif", Fixtures.json("seg_softmax", "ImageClassification", ""), "padding 0"));
        assertThat(fixed.values()).isEqualTo(soft.values());
    }

    @Test
    void noDataAndMaskBecomeNoData() throws IOException {
        ClassifyPixelsParameters p = ClassifyPixelsParameters.of(withNoData, model("seg_softmax", 32, 32, ""),
                dir.resolve("nd.tif")).withArguments(ModelArguments.parse("padding 4"));
        Run nd = run(p);
        assertThat(nd.result().report().skipped()).isGreaterThan(0); // tiles wholly in the NoData part
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                assertThat(nd.values()[y * W + x] == -1).as("NoData at %d,%d", x, y).isEqualTo(x < 90);
            }
        }
        // mask: a triangle in map coordinates
        GeometryFactory gf = new GeometryFactory();
        Polygon tri = gf.createPolygon(new Coordinate[] {new Coordinate(MIN_X + 10, MAX_Y - 5), new Coordinate(MIN_X + 90, MAX_Y - 5),
            new Coordinate(MIN_X + 10, MAX_Y - 65), new Coordinate(MIN_X + 10, MAX_Y - 5)});
        Run masked = run(params("mask.tif", model("seg_softmax", 32, 32, ""), "padding 4")
                .withEnvironments(Environments.DEFAULT.withExtent(new ProcessingExtent.Mask(tri, null))));
        try (RasterSource out = RasterFiles.open(masked.result().output())) {
            assertThat(out.width()).isEqualTo(160); // the mask's bounding pixels: x 20..180, y 10..130
            assertThat(out.height()).isEqualTo(120);
            assertThat(out.grid().pixelToMap(0, 0).getX()).isEqualTo(MIN_X + 10);
            for (int y = 0; y < out.height(); y++) {
                for (int x = 0; x < out.width(); x++) {
                    double mx = MIN_X + 10 + (x + 0.5) * PIXEL;
                    double my = MAX_Y - 5 - (y + 0.5) * PIXEL;
                    boolean inside = tri.contains(gf.createPoint(new Coordinate(mx, my)));
                    if (Math.abs((mx - MIN_X - 10) + (MAX_Y - 5 - my) * 80 / 60.0 - 80) > 1) { // away from the slanted edge
                        assertThat(masked.values()[y * out.width() + x] != -1).as("pixel %d,%d", x, y).isEqualTo(inside);
                    }
                }
            }
        }
    }

    @Test
    void outputCarriesPaletteClassNamesAndConfidence() throws IOException {
        ClassifyPixelsParameters p = params("pal.tif", model("seg_softmax", 32, 32, ""), "padding 4;return_probability_raster True");
        Run r = run(p);
        assertThat(r.result().confidenceOutput()).isEqualTo(dir.resolve("pal_confidence.tif"));
        try (RasterSource out = RasterFiles.open(r.result().output())) {
            int[] pal = out.palette().orElseThrow();
            assertThat(pal[1] & 0xFFFFFF).isEqualTo(0xC80000);
            assertThat(pal[2] & 0xFFFFFF).isEqualTo(0x00C800);
            assertThat(pal[3] & 0xFFFFFF).isEqualTo(0x0000C8);
            assertThat(out.noData()).hasValue(255);
        }
        String aux = Files.readString(dir.resolve("pal.tif.aux.xml"));
        assertThat(aux).contains("<Name>Value</Name>", "<Name>Class</Name>", "<F>red</F>", "<F>blue</F>",
                "<Category>green</Category>");
        assertThat(r.values()).contains(1, 2, 3).doesNotContain(0);
        try (RasterSource c = RasterFiles.open(r.result().confidenceOutput())) {
            RasterWindow win = c.read(new Rectangle(0, 0, W, H), new int[] {0});
            for (int i = 0; i < W * H; i++) {
                assertThat(win.samples()[i]).isCloseTo(Math.round(r.confidence()[i] * 100), org.assertj.core.data.Offset.offset(0.01f));
                assertThat(win.samples()[i]).isBetween(33f, 100f); // best of 3 probabilities
            }
        }
        long sum = r.result().pixelsByClass().values().stream().mapToLong(Long::longValue).sum();
        assertThat(sum).isEqualTo((long) W * H);
    }

    @Test
    void swathsUnderASmallMemoryBudgetGiveTheSameRaster() throws IOException {
        // 5 blocks across: with room for a few blocks only, tiles run in vertical swaths
        Path wide = dir.resolve("wide.tif");
        int ww = 1100;
        byte[] px = new byte[ww * H * 3];
        Random rnd = new Random(5);
        rnd.nextBytes(px);
        GeoTiffWriter.Options o = GeoTiffWriter.Options.of(ww, H, 3, SampleType.UINT8)
                .georeferenced(new AffineTransform(PIXEL, 0, 0, -PIXEL, MIN_X, MAX_Y), Crs.forEpsg(32633)).withTileSize(64);
        try (GeoTiffWriter w = GeoTiffWriter.create(wide, o)) {
            w.writeRows(px, H);
        }
        for (String args : List.of("padding 4", "padding 8;blend_tiles True")) {
            ClassifyPixelsParameters p = ClassifyPixelsParameters.of(wide, model("seg_conv", 32, 32, ""), dir.resolve("w1.tif"))
                    .withArguments(ModelArguments.parse(args)).withOutput(dir.resolve("w1.tif"), true);
            Run rows = run(p);
            long saved = ClassifyPixelsTool.BLOCK_BUDGET_BYTES;
            Run swaths;
            try {
                ClassifyPixelsTool.BLOCK_BUDGET_BYTES = 2L << 20;
                try (ClassifyPixelsTool.Plan plan = new ClassifyPixelsTool(engine).plan(p.withOutput(dir.resolve("w2.tif"), true))) {
                    assertThat(plan.swathColumns()).isLessThan((ww + 15) / 16);
                }
                swaths = run(p.withOutput(dir.resolve("w2.tif"), true));
            } finally {
                ClassifyPixelsTool.BLOCK_BUDGET_BYTES = saved;
            }
            assertThat(swaths.values()).as(args).doesNotContain(-1).isEqualTo(rows.values());
            assertThat(swaths.result().peakOpenBlocks()).as(args).isLessThan(rows.result().peakOpenBlocks());
        }
    }

    @Test
    void planRefusesWhatItCannotDo() throws IOException {
        String m = model("seg_softmax", 32, 32, "");
        Files.writeString(dir.resolve("exists.tif"), "x");
        assertThatThrownBy(() -> new ClassifyPixelsTool(engine).plan(ClassifyPixelsParameters.of(noisy, m, dir.resolve("exists.tif"))))
                .isInstanceOf(UserException.class).hasMessageContaining("already exists");
        Files.writeString(dir.resolve("v-exists.gpkg"), "x");
        assertThatThrownBy(() -> new ClassifyPixelsTool(engine).plan(ClassifyPixelsParameters.of(noisy, m, dir.resolve("v.tif"))
                .withVectorOutput(new ClassifyPixelsParameters.VectorOutput(dir.resolve("v-exists.gpkg"), 10, 0.5, List.of()))))
                .isInstanceOf(UserException.class).hasMessageContaining("polygon output").hasMessageContaining("already exists");
        assertThatThrownBy(() -> new ClassifyPixelsTool(engine).plan(ClassifyPixelsParameters.of(noisy, m, dir.resolve("v.tif"))
                .withVectorOutput(new ClassifyPixelsParameters.VectorOutput(dir.resolve("v.gpkg"), 0, 0, List.of("roofs")))))
                .isInstanceOf(UserException.class).hasMessageContaining("'roofs'").hasMessageContaining("not a class of the model");
        assertThatThrownBy(() -> new ClassifyPixelsTool(engine).plan(ClassifyPixelsParameters.of(noisy, m, dir.resolve("c.tif"))
                .withEnvironments(Environments.DEFAULT.withOutputCrs(Crs.forEpsg(4326)))))
                .isInstanceOf(UserException.class).hasMessageContaining("CRS");
        assertThatThrownBy(() -> new ClassifyPixelsTool(engine).plan(ClassifyPixelsParameters.of(noisy,
                Fixtures.json("classifier_logits", "ObjectClassification", ""), dir.resolve("d.tif"))))
                .isInstanceOf(UserException.class).hasMessageContaining("not a pixel classifier");
        assertThatThrownBy(() -> new ClassifyPixelsTool(engine).plan(ClassifyPixelsParameters.of(noisy, m, dir.resolve("e.tif"))
                .withArguments(ModelArguments.parse("padding 16"))))
                .isInstanceOf(UserException.class).hasMessageContaining("leaves nothing");
    }

    @Test
    void polygonsPerClassCoverTheClassifiedRasterExactly() throws IOException {
        Path gpkg = dir.resolve("poly.gpkg");
        ClassifyPixelsParameters p = params("poly.tif", model("seg_conv", 32, 32, ""), "padding 4")
                .withVectorOutput(new ClassifyPixelsParameters.VectorOutput(gpkg, 0, 0, List.of("red")));
        Run r = run(p);
        assertThat(r.result().polygonOutput()).isEqualTo(gpkg);
        assertThat(r.result().polygons().polygons()).isPositive();
        // without simplification or a minimum area, the polygons of each class have exactly the area of its pixels
        java.util.Map<String, Double> area = new java.util.HashMap<>();
        for (org.deepraster.feature.FeatureCollection in : org.deepraster.feature.VectorFiles.open(gpkg)) {
            for (org.deepraster.feature.Feature f : in.features()) {
                assertThat(f.geometry().isValid()).isTrue();
                String cls = String.valueOf(f.get("Class"));
                if (!cls.equals("red")) { // red footprints are squared, so their area moves
                    area.merge(cls, f.geometry().getArea(), Double::sum);
                }
            }
        }
        for (String cls : List.of("green", "blue")) {
            long pixels = r.result().pixelsByClass().getOrDefault(cls, 0L);
            assertThat(area.getOrDefault(cls, 0.0)).as(cls).isCloseTo(pixels * PIXEL * PIXEL, org.assertj.core.data.Offset.offset(1e-6));
        }
        assertThat(r.result().polygons().polygonsPerClass()).containsKey(1);
    }
}
