package org.deepraster.tool.classifypixels;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Rectangle;
import java.awt.geom.AffineTransform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntUnaryOperator;
import org.deepraster.geo.Crs;
import org.deepraster.inference.InferenceEngine;
import org.deepraster.job.JobReport;
import org.deepraster.model.Fixtures;
import org.deepraster.model.ModelArguments;
import org.deepraster.raster.GeoTiffWriter;
import org.deepraster.raster.RasterFiles;
import org.deepraster.raster.RasterSource;
import org.deepraster.raster.RasterWindow;
import org.deepraster.raster.SampleType;
import org.deepraster.util.Progress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bare .onnx models (Deepness metadata or none) are written as Deepness writes them
 * ({@code map_processor_segmentation.py} {@code _process_tile}): class index + 1, 0 outside, the best class
 * probability below the threshold (seg_thresh, else 0.5) gives class 0; one sigmoid channel gives 1 / 2;
 * inputs scaled by 1/255. The expected value of every pixel is computed here from the fixtures' known
 * functions (sample-models/fixtures/make_test_models.py), the way Deepness computes it.
 */
class ClassifyPixelsDeepnessTest {
    static final int W = 70;
    static final int H = 50;

    @TempDir
    static Path dir;
    static Path raster;
    static InferenceEngine engine;

    @BeforeAll
    static void setUp() throws IOException {
        engine = new InferenceEngine();
        raster = dir.resolve("in.tif");
        byte[] s = new byte[W * H * 3];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                s[y * W + x] = (byte) band(0, x, y);
                s[W * H + y * W + x] = (byte) band(1, x, y);
                s[2 * W * H + y * W + x] = (byte) band(2, x, y);
            }
        }
        AffineTransform t = new AffineTransform(0.5, 0, 0, -0.5, 500000, 4100000);
        try (GeoTiffWriter w = GeoTiffWriter.create(raster, GeoTiffWriter.Options.of(W, H, 3, SampleType.UINT8)
                .georeferenced(t, Crs.forEpsg(32633)).withTileSize(64))) {
            w.writeRows(s, H);
        }
    }

    @AfterAll
    static void tearDown() {
        engine.close();
    }

    static int band(int b, int x, int y) {
        return switch (b) {
            case 0 -> (x * 37 + y * 11) % 256;
            case 1 -> (x * 13 + y * 29 + 50) % 256;
            default -> (x * 7 + y * 53 + 100) % 256;
        };
    }

    /** Deepness' multi-class rule on probabilities p: argmax, class 0 when its probability is below t; value + 1. */
    static int deepness(double[] p, double t) {
        int best = 0;
        for (int k = 1; k < p.length; k++) {
            if (p[k] > p[best]) {
                best = k;
            }
        }
        return (p[best] < t ? 0 : best) + 1;
    }

    static double[] softmax(double... z) {
        double m = Math.max(z[0], Math.max(z[1], z.length > 2 ? z[2] : z[1]));
        double[] e = new double[z.length];
        double sum = 0;
        for (int k = 0; k < z.length; k++) {
            e[k] = Math.exp(z[k] - m);
            sum += e[k];
        }
        for (int k = 0; k < z.length; k++) {
            e[k] /= sum;
        }
        return e;
    }

    /** Every pixel's value against {@code expected(x + y * W)}; pixels whose decision is within 1e-4 of the threshold are skipped. */
    static void assertValues(Path out, IntUnaryOperator expected, IntUnaryOperator nearThreshold) throws IOException {
        try (RasterSource r = RasterFiles.open(out)) {
            assertThat(r.width()).isEqualTo(W);
            assertThat(r.height()).isEqualTo(H);
            assertThat(r.noData()).hasValue(0);
            RasterWindow win = r.read(new Rectangle(0, 0, W, H), new int[] {0});
            int checked = 0;
            for (int i = 0; i < W * H; i++) {
                if (nearThreshold.applyAsInt(i) == 0) {
                    assertThat((int) win.samples()[i]).as("pixel %d,%d", i % W, i / W).isEqualTo(expected.applyAsInt(i));
                    checked++;
                }
            }
            assertThat(checked).isGreaterThan(W * H * 9 / 10);
        }
    }

    static ClassifyPixelsResult run(String fixture, String out, String args) throws IOException {
        ClassifyPixelsParameters p = ClassifyPixelsParameters.of(raster, Fixtures.onnx(fixture).toString(), dir.resolve(out))
                .withArguments(ModelArguments.parse(args.contains("small_segment_size") ? args
                        : "small_segment_size 0" + (args.isEmpty() ? "" : ";" + args)));
        ClassifyPixelsResult r = new ClassifyPixelsTool(engine).run(p, Progress.NONE, List.of());
        assertThat(r.report().outcome()).isEqualTo(JobReport.Outcome.COMPLETED);
        return r;
    }

    static double x(int b, int i) {
        return band(b, i % W, i / W) / 255.0;
    }

    @Test
    void multiClassWithSegThreshIsDeepnessRule() throws IOException {
        // softmax(8 x) over 3 channels, seg_thresh 0.5: many pixels have no class above 0.5 -> background (value 1)
        ClassifyPixelsResult r = run("seg_deepness_3c", "three.tif", "");
        IntUnaryOperator expected = i -> deepness(softmax(8 * x(0, i), 8 * x(1, i), 8 * x(2, i)), 0.5);
        IntUnaryOperator near = i -> {
            double[] p = softmax(8 * x(0, i), 8 * x(1, i), 8 * x(2, i));
            double best = Math.max(p[0], Math.max(p[1], p[2]));
            return Math.abs(best - 0.5) < 1e-4 ? 1 : 0;
        };
        assertValues(r.output(), expected, near);
        long below = 0;
        long rescued = 0;
        for (int i = 0; i < W * H; i++) {
            double[] p = softmax(8 * x(0, i), 8 * x(1, i), 8 * x(2, i));
            int argmax = p[1] > p[0] && p[1] >= p[2] ? 1 : p[2] > p[0] && p[2] > p[1] ? 2 : 0;
            below += argmax != 0 && expected.applyAsInt(i) == 1 ? 1 : 0;
            rescued += argmax != 0 && expected.applyAsInt(i) != 1 ? 1 : 0;
        }
        assertThat(below).as("pixels the threshold sends to class 0").isGreaterThan(100);
        assertThat(rescued).isGreaterThan(100);
        String aux = Files.readString(dir.resolve("three.tif.aux.xml"));
        assertThat(aux).contains("<F>background</F>", "<F>grass</F>", "<F>water</F>");
        try (RasterSource out = RasterFiles.open(r.output())) {
            int[] pal = out.palette().orElseThrow();
            for (int k = 0; k < 3; k++) { // value k + 1 has class k's colour; 0 = outside
                assertThat(pal[k + 1] & 0xFFFFFF).isEqualTo(org.deepraster.model.ClassInfo.defaultRgb(k));
            }
        }
        assertThat(r.pixelsByClass()).containsOnlyKeys("background", "grass", "water");

        // the user's threshold replaces seg_thresh
        ClassifyPixelsResult low = run("seg_deepness_3c", "three_low.tif", "threshold 0.4");
        assertValues(low.output(), i -> deepness(softmax(8 * x(0, i), 8 * x(1, i), 8 * x(2, i)), 0.4), i -> {
            double[] p = softmax(8 * x(0, i), 8 * x(1, i), 8 * x(2, i));
            return Math.abs(Math.max(p[0], Math.max(p[1], p[2])) - 0.4) < 1e-4 ? 1 : 0;
        });
    }

    @Test
    void sigmoidWithOneClassNameIsBackgroundOneClassTwo() throws IOException {
        ClassifyPixelsResult r = run("seg_deepness_sigmoid", "sig.tif", "");
        IntUnaryOperator p100 = i -> (int) Math.round(1e6 / (1 + Math.exp(-(8 * x(0, i) - 4))));
        assertValues(r.output(), i -> p100.applyAsInt(i) >= 300000 ? 2 : 1, i -> Math.abs(p100.applyAsInt(i) - 300000) < 100 ? 1 : 0);
        String aux = Files.readString(dir.resolve("sig.tif.aux.xml"));
        assertThat(aux).contains("<F>background</F>", "<F>water</F>");
        assertThat(r.pixelsByClass()).containsOnlyKeys("background", "water");
        ClassifyPixelsResult high = run("seg_deepness_sigmoid", "sig_high.tif", "threshold 0.7");
        assertValues(high.output(), i -> p100.applyAsInt(i) >= 700000 ? 2 : 1, i -> Math.abs(p100.applyAsInt(i) - 700000) < 100 ? 1 : 0);
    }

    @Test
    void noMetadataOnnxIsScaledBy255AndThresholdedAt05() throws IOException {
        // seg_softmax: softmax of the input channels; Deepness feeds v / 255 and applies its default 0.5
        ClassifyPixelsResult r = run("seg_softmax", "bare.tif", "padding 0");
        assertThat(r.warnings()).anyMatch(w -> w.contains("1/255"));
        assertValues(r.output(), i -> deepness(softmax(x(0, i), x(1, i), x(2, i)), 0.5), i -> {
            double[] p = softmax(x(0, i), x(1, i), x(2, i));
            return Math.abs(Math.max(p[0], Math.max(p[1], p[2])) - 0.5) < 1e-4 ? 1 : 0;
        });
        String aux = Files.readString(dir.resolve("bare.tif.aux.xml"));
        assertThat(aux).contains("<F>channel_0</F>", "<F>channel_1</F>", "<F>channel_2</F>");
        // input_scale 1: raw values (a sharp softmax: the argmax nearly everywhere)
        ClassifyPixelsResult raw = run("seg_softmax", "raw.tif", "padding 0;input_scale 1");
        assertThat(raw.warnings()).noneMatch(w -> w.contains("1/255"));
        assertValues(raw.output(), i -> deepness(softmax(255 * x(0, i), 255 * x(1, i), 255 * x(2, i)), 0.5), i -> {
            double[] p = softmax(255 * x(0, i), 255 * x(1, i), 255 * x(2, i));
            return Math.abs(Math.max(p[0], Math.max(p[1], p[2])) - 0.5) < 1e-4 ? 1 : 0;
        });
    }

    @Test
    void infoStatesTheConvention() {
        String deep = org.deepraster.inference.ModelDescription.describe(
                org.deepraster.model.ModelDefinitions.load(Fixtures.onnx("seg_deepness_3c").toString())).text();
        assertThat(deep).contains("Pixel values:", "class index + 1", "0 = outside", "seg_thresh 0.5",
                "Input normalization: Deepness: (v / 255 - mean) / std");
        String bare = org.deepraster.inference.ModelDescription.describe(
                org.deepraster.model.ModelDefinitions.load(Fixtures.onnx("seg_softmax").toString())).text();
        assertThat(bare).contains("no metadata: v * 1/255", "input_scale", "0.5, Deepness' default", "median filter of size 9",
                "small_segment_size");
        String emd = org.deepraster.inference.ModelDescription.describe(org.deepraster.model.ModelDefinitions.load(
                Fixtures.json("seg_softmax", "ImageClassification", ""))).text();
        assertThat(emd).contains("each class's Value").doesNotContain("input_scale");
    }

    @Test
    void everyOutputHeadIsWrittenWithItsOwnClasses() throws IOException {
        ClassifyPixelsResult r = run("seg_deepness_heads", "heads.tif", "");
        assertThat(r.warnings()).noneMatch(w -> w.contains("outputs"));
        // head 0 "land": softmax(8 x0, 8 x1), seg_thresh 0.6
        assertValues(r.output(), i -> deepness(softmax(8 * x(0, i), 8 * x(1, i)), 0.6), i -> {
            double[] p = softmax(8 * x(0, i), 8 * x(1, i));
            return Math.abs(Math.max(p[0], p[1]) - 0.6) < 1e-4 ? 1 : 0;
        });
        assertThat(Files.readString(dir.resolve("heads.tif.aux.xml"))).contains("<F>background</F>", "<F>field</F>");
        // head 1 "water": sigmoid(8 x2 - 4) >= 0.6 -> 2, else 1; its one class name gets a background
        assertThat(r.otherHeads()).hasSize(1);
        ClassifyPixelsResult.HeadOutput h = r.otherHeads().get(0);
        assertThat(h.tensor()).isEqualTo("water");
        assertThat(h.output()).isEqualTo(dir.resolve("heads_output_1.tif"));
        IntUnaryOperator p6 = i -> (int) Math.round(1e6 / (1 + Math.exp(-(8 * x(2, i) - 4))));
        assertValues(h.output(), i -> p6.applyAsInt(i) >= 600000 ? 2 : 1, i -> Math.abs(p6.applyAsInt(i) - 600000) < 100 ? 1 : 0);
        assertThat(Files.readString(dir.resolve("heads_output_1.tif.aux.xml"))).contains("<F>background</F>", "<F>water</F>")
                .doesNotContain("field");
        assertThat(h.pixelsByClass()).containsOnlyKeys("background", "water");
        assertThat(h.pixelsByClass().values().stream().mapToLong(Long::longValue).sum()).isEqualTo((long) W * H);
    }

    /** The same pixels at 10 cm: the sigmoid model's 20 cm cells are 2 x 2 raster pixels. */
    static Path fineRaster() throws IOException {
        Path f = dir.resolve("fine.tif");
        if (Files.exists(f)) {
            return f;
        }
        byte[] s = new byte[W * H * 3];
        for (int b = 0; b < 3; b++) {
            for (int i = 0; i < W * H; i++) {
                s[b * W * H + i] = (byte) band(b, i % W, i / W);
            }
        }
        try (GeoTiffWriter w = GeoTiffWriter.create(f, GeoTiffWriter.Options.of(W, H, 3, SampleType.UINT8)
                .georeferenced(new AffineTransform(0.1, 0, 0, -0.1, 500000, 4100000), Crs.forEpsg(32633)).withTileSize(64))) {
            w.writeRows(s, H);
        }
        return f;
    }

    @Test
    void runsAtTheModelsCellSizeAndWritesOnEitherGrid() throws IOException {
        Path fine = fineRaster();
        ClassifyPixelsParameters base = ClassifyPixelsParameters.of(fine, Fixtures.onnx("seg_deepness_sigmoid").toString(),
                dir.resolve("cells.tif")).withArguments(ModelArguments.parse("small_segment_size 0"));
        ClassifyPixelsResult atModel = new ClassifyPixelsTool(engine).run(
                base.withModelCells(ClassifyPixelsParameters.ModelCells.MODEL_CELL_SIZE), Progress.NONE, List.of());
        int cw = W / 2;
        int ch = H / 2;
        int[] cells = new int[cw * ch];
        try (RasterSource r = RasterFiles.open(atModel.output())) {
            assertThat(r.width()).isEqualTo(cw);
            assertThat(r.height()).isEqualTo(ch);
            AffineTransform g = r.grid().gridToCrs();
            assertThat(g.getScaleX()).isCloseTo(0.2, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(g.getScaleY()).isCloseTo(-0.2, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(g.getTranslateX()).isEqualTo(500000.0);
            assertThat(g.getTranslateY()).isEqualTo(4100000.0);
            RasterWindow win = r.read(new Rectangle(0, 0, cw, ch), new int[] {0});
            int checked = 0;
            for (int j = 0; j < ch; j++) {
                for (int i = 0; i < cw; i++) {
                    // a model cell is the bilinear mix at its centre: the mean of its 2 x 2 raster pixels
                    double m = (band(0, 2 * i, 2 * j) + band(0, 2 * i + 1, 2 * j) + band(0, 2 * i, 2 * j + 1)
                            + band(0, 2 * i + 1, 2 * j + 1)) / 4.0 / 255.0;
                    double pr = 1 / (1 + Math.exp(-(8 * m - 4)));
                    cells[j * cw + i] = (int) win.samples()[j * cw + i];
                    if (Math.abs(pr - 0.3) > 1e-4) {
                        assertThat(cells[j * cw + i]).as("cell %d,%d", i, j).isEqualTo(pr >= 0.3 ? 2 : 1);
                        checked++;
                    }
                }
            }
            assertThat(checked).isGreaterThan(cw * ch * 9 / 10);
        }
        assertThat(java.util.Arrays.stream(cells).distinct().count()).isEqualTo(2);

        ClassifyPixelsResult onInput = new ClassifyPixelsTool(engine).run(base.withOutput(dir.resolve("back.tif"), false)
                .withModelCells(ClassifyPixelsParameters.ModelCells.INPUT_GRID), Progress.NONE, List.of());
        try (RasterSource r = RasterFiles.open(onInput.output())) {
            assertThat(r.width()).isEqualTo(W);
            assertThat(r.height()).isEqualTo(H);
            assertThat(r.grid().gridToCrs().getScaleX()).isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-12));
            assertThat(r.noData()).hasValue(0);
            assertThat(r.palette()).isPresent();
            RasterWindow win = r.read(new Rectangle(0, 0, W, H), new int[] {0});
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    assertThat((int) win.samples()[y * W + x]).as("pixel %d,%d", x, y).isEqualTo(cells[(y / 2) * cw + x / 2]);
                }
            }
        }
        assertThat(Files.readString(dir.resolve("back.tif.aux.xml"))).contains("<F>background</F>", "<F>water</F>");
        assertThat(dir.resolve("back_model_cells.tif")).doesNotExist();
        assertThat(onInput.pixelsByClass().values().stream().mapToLong(Long::longValue).sum()).isEqualTo((long) W * H);
        assertThat(onInput.noDataPixels()).isZero();
    }

    @Test
    void polygonsPerHead() throws IOException {
        Path gpkg = dir.resolve("heads_poly.gpkg");
        ClassifyPixelsParameters p = ClassifyPixelsParameters.of(raster, Fixtures.onnx("seg_deepness_heads").toString(),
                dir.resolve("heads_p.tif")).withArguments(ModelArguments.parse("small_segment_size 0")).withVectorOutput(new ClassifyPixelsParameters.VectorOutput(gpkg, 0, 0, null));
        ClassifyPixelsResult r = new ClassifyPixelsTool(engine).run(p, Progress.NONE, List.of());
        assertThat(r.polygonOutput()).isEqualTo(gpkg);
        ClassifyPixelsResult.HeadOutput h = r.otherHeads().get(0);
        assertThat(h.polygons()).isEqualTo(dir.resolve("heads_poly_output_1.gpkg"));
        // every pixel of the second head's raster is in one of its polygons: areas by class = pixel counts x 0.25 m²
        var features = org.deepraster.feature.GeoPackageReader.read(h.polygons()).get(0).features();
        java.util.Map<String, Double> area = new java.util.TreeMap<>();
        for (var f : features) {
            area.merge(String.valueOf(f.get(org.deepraster.vector.PolygonizeOptions.defaults().classField())),
                    f.geometry().getArea(), Double::sum);
        }
        assertThat(area.keySet()).containsExactlyInAnyOrder("background", "water");
        for (var e : h.pixelsByClass().entrySet()) {
            assertThat(area.get(e.getKey())).isCloseTo(e.getValue() * 0.25, org.assertj.core.data.Offset.offset(1e-6));
        }
    }

    @Test
    void smallSegmentsAreRemovedByDeepnessMedian() throws IOException {
        // Deepness' default: median 9 (no seg_small_segment in this model); the reference is a plain sort of each
        // 9 x 9 window of the unfiltered result, borders replicated as OpenCV's medianBlur does
        ClassifyPixelsResult plain = run("seg_deepness_3c", "med0.tif", "small_segment_size 0");
        ClassifyPixelsResult median = new ClassifyPixelsTool(engine).run(ClassifyPixelsParameters.of(raster,
                Fixtures.onnx("seg_deepness_3c").toString(), dir.resolve("med9.tif")), Progress.NONE, List.of());
        int[] a = read(plain.output());
        int[] b = read(median.output());
        int changed = 0;
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int[] win = new int[81];
                int n = 0;
                for (int dy = -4; dy <= 4; dy++) {
                    for (int dx = -4; dx <= 4; dx++) {
                        win[n++] = a[Math.min(H - 1, Math.max(0, y + dy)) * W + Math.min(W - 1, Math.max(0, x + dx))];
                    }
                }
                java.util.Arrays.sort(win);
                assertThat(b[y * W + x]).as("pixel %d,%d", x, y).isEqualTo(win[40]);
                changed += a[y * W + x] != b[y * W + x] ? 1 : 0;
            }
        }
        assertThat(changed).isGreaterThan(50);
        long sum = median.pixelsByClass().values().stream().mapToLong(Long::longValue).sum();
        assertThat(sum).isEqualTo((long) W * H);
        // 8 -> 9, as Deepness' int(size // 2) * 2 + 1
        assertThat(MedianSmoothing.kernel(8)).isEqualTo(9);
        assertThat(MedianSmoothing.kernel(0)).isEqualTo(1);
    }

    static int[] read(Path file) throws IOException {
        try (RasterSource r = RasterFiles.open(file)) {
            float[] s = r.read(new Rectangle(0, 0, W, H), new int[] {0}).samples();
            int[] v = new int[s.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = (int) s[i];
            }
            return v;
        }
    }
}
