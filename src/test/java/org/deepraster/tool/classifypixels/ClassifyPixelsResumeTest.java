package org.deepraster.tool.classifypixels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Rectangle;
import java.awt.geom.AffineTransform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.deepraster.geo.Crs;
import org.deepraster.inference.InferenceEngine;
import org.deepraster.job.CallbackSink;
import org.deepraster.job.JobReport;
import org.deepraster.model.ModelArguments;
import org.deepraster.raster.GeoTiffWriter;
import org.deepraster.raster.RasterFiles;
import org.deepraster.raster.RasterSource;
import org.deepraster.raster.RasterWindow;
import org.deepraster.raster.SampleType;
import org.deepraster.raster.tiff.TiffFile;
import org.deepraster.util.Progress;
import org.deepraster.util.UserException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Classify Pixels survives kills and resumes: a run SIGKILLed in a child JVM leaves a GeoTIFF (and
 * confidence raster) that opens, holds finished blocks equal to an uninterrupted run's and NoData
 * elsewhere; {@code --resume} completes it to exactly the uninterrupted result. Also cancel then
 * resume, refusal of other settings, and resume without an output.
 */
class ClassifyPixelsResumeTest {
    static final int SIZE = 2304;
    static final String ARGS = "padding 4;batch_size 4;blend_tiles True";

    @TempDir
    static Path dir;
    static Path input;
    static String model;
    static InferenceEngine engine;
    static int[] refValues;
    static int[] refConfidence;

    @BeforeAll
    static void setUp() throws IOException {
        engine = new InferenceEngine();
        input = dir.resolve("big.tif");
        Random rnd = new Random(5);
        AffineTransform t = new AffineTransform(0.5, 0, 0, -0.5, 500000, 4100000);
        GeoTiffWriter.Options o = GeoTiffWriter.Options.of(SIZE, SIZE, 3, SampleType.UINT8)
                .georeferenced(t, Crs.forEpsg(32633)).withTileSize(256);
        try (GeoTiffWriter w = GeoTiffWriter.create(input, o)) {
            byte[] tile = new byte[256 * 256 * 3];
            for (int ty = 0; ty < w.tilesDown(); ty++) {
                for (int tx = 0; tx < w.tilesAcross(); tx++) {
                    for (int y = 0; y < 256; y++) {
                        for (int x = 0; x < 256; x++) {
                            for (int b = 0; b < 3; b++) {
                                int gx = tx * 256 + x;
                                int gy = ty * 256 + y;
                                int v = (int) (128 + 80 * Math.sin((gx + 13 * b) / (7.0 + b)) * Math.cos((gy - 5 * b) / 9.0))
                                        + rnd.nextInt(41) - 20;
                                tile[(y * 256 + x) * 3 + b] = (byte) Math.max(1, Math.min(255, v));
                            }
                        }
                    }
                    w.writeTileBytes(tx, ty, tile);
                }
            }
        }
        model = ClassifyPixelsToolTest.model("seg_conv", 32, 32, "");
        Path ref = dir.resolve("reference.tif");
        ClassifyPixelsResult r = new ClassifyPixelsTool(engine).run(params(ref, dir.resolve("reference_conf.tif")),
                Progress.NONE, List.of());
        assertThat(r.report().outcome()).isEqualTo(JobReport.Outcome.COMPLETED);
        refValues = read(ref);
        refConfidence = read(dir.resolve("reference_conf.tif"));
    }

    @AfterAll
    static void tearDown() {
        if (engine != null) {
            engine.close();
        }
    }

    static ClassifyPixelsParameters params(Path out, Path confidence) {
        return ClassifyPixelsParameters.of(input, model, out).withArguments(ModelArguments.parse(ARGS))
                .withConfidenceRaster(confidence);
    }

    /** All pixels, NoData as -1. */
    static int[] read(Path file) throws IOException {
        try (RasterSource s = RasterFiles.open(file)) {
            RasterWindow w = s.read(new Rectangle(0, 0, s.width(), s.height()), new int[] {0});
            int[] v = new int[s.width() * s.height()];
            for (int i = 0; i < v.length; i++) {
                v[i] = w.valid() == null || w.valid()[i] ? (int) w.samples()[i] : -1;
            }
            return v;
        }
    }

    /** Which 256-px blocks hold data (the tile table). */
    static boolean[] written(Path file) throws IOException {
        try (TiffFile t = TiffFile.open(file)) {
            var d = t.directories().get(0);
            boolean[] w = new boolean[d.offsets.length];
            for (int i = 0; i < w.length; i++) {
                w[i] = d.offsets[i] != 0 && d.byteCounts[i] != 0;
            }
            return w;
        }
    }

    static int count(boolean[] b) {
        int n = 0;
        for (boolean x : b) {
            n += x ? 1 : 0;
        }
        return n;
    }

    /** Finished blocks equal the reference, the others are NoData everywhere. */
    static void assertPartial(int[] values, boolean[] written, int[] reference) {
        int across = (SIZE + 255) / 256;
        for (int i = 0; i < written.length; i++) {
            int bx = i % across;
            int by = i / across;
            for (int y = by * 256; y < Math.min(SIZE, by * 256 + 256); y++) {
                for (int x = bx * 256; x < Math.min(SIZE, bx * 256 + 256); x++) {
                    int k = y * SIZE + x;
                    if (written[i]) {
                        if (values[k] != reference[k]) {
                            throw new AssertionError("block " + bx + "," + by + " differs at " + x + "," + y);
                        }
                    } else if (values[k] != -1) {
                        throw new AssertionError("unfinished block " + bx + "," + by + " holds a value at " + x + "," + y);
                    }
                }
            }
        }
    }

    @Test
    void aKilledRunLeavesReadableRastersThatResumeToTheUninterruptedResult() throws Exception {
        Path out = dir.resolve("killed.tif");
        Path conf = dir.resolve("killed_conf.tif");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = dir.resolve("child.log");
        Process p = new ProcessBuilder(java, "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"),
                "org.deepraster.Main", "classify-pixels", "--in_raster", input.toString(), "--in_model_definition", model,
                "--out_classified_raster", out.toString(), "--out_confidence_raster", conf.toString(),
                "--arguments", ARGS, "--parallel_processing_factor", "1")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        int seen = 0;
        while (System.nanoTime() < deadline && p.isAlive()) {
            if (Files.exists(conf)) {
                try {
                    seen = count(written(conf));
                } catch (IOException | RuntimeException busy) {
                    seen = 0;
                }
                if (seen >= 12) {
                    break;
                }
            }
            Thread.sleep(10);
        }
        assertThat(p.isAlive()).as("the child is still running when killed; log: %s",
                Files.exists(log) ? Files.readString(log) : "").isTrue();
        p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

        boolean[] classBlocks = written(out);
        boolean[] confBlocks = written(conf);
        int blocks = classBlocks.length;
        assertThat(count(classBlocks)).isBetween(12, blocks - 1);
        assertThat(count(confBlocks)).isBetween(12, blocks - 1);
        assertPartial(read(out), classBlocks, refValues);
        assertPartial(read(conf), confBlocks, refConfidence);

        ClassifyPixelsResult r = new ClassifyPixelsTool(engine).run(params(out, conf).withResume(true), Progress.NONE,
                List.of());
        assertThat(r.report().outcome()).isEqualTo(JobReport.Outcome.COMPLETED);
        assertThat(r.report().progress().resumed()).isPositive();
        assertThat(read(out)).isEqualTo(refValues);
        assertThat(read(conf)).isEqualTo(refConfidence);
        assertThat(count(written(out))).isEqualTo(blocks);
    }

    @Test
    void aCancelledRunResumesToTheUninterruptedResult() throws IOException {
        Path out = dir.resolve("cancelled.tif");
        Path conf = dir.resolve("cancelled_conf.tif");
        AtomicBoolean cancel = new AtomicBoolean();
        AtomicInteger blocks = new AtomicInteger();
        Progress progress = Progress.cancelledWhen(cancel::get);
        ClassifyPixelsResult r = new ClassifyPixelsTool(engine).run(params(out, conf), progress,
                List.of(CallbackSink.of((List<ClassifiedBlock> b) -> {
                    if (blocks.addAndGet(b.size()) >= 20) {
                        cancel.set(true);
                    }
                })));
        assertThat(r.report().outcome()).isEqualTo(JobReport.Outcome.CANCELLED);
        boolean[] done = written(out);
        assertThat(count(done)).isBetween(20, done.length - 1);
        assertThat(written(conf)).isEqualTo(done);
        assertPartial(read(out), done, refValues);
        assertPartial(read(conf), done, refConfidence);

        assertThatThrownBy(() -> new ClassifyPixelsTool(engine).plan(params(out, conf)).close())
                .isInstanceOf(UserException.class).hasMessageContaining("already exists");

        ClassifyPixelsResult resumed = new ClassifyPixelsTool(engine).run(params(out, conf).withResume(true), Progress.NONE,
                List.of());
        assertThat(resumed.report().outcome()).isEqualTo(JobReport.Outcome.COMPLETED);
        assertThat(resumed.report().progress().resumed()).isPositive();
        assertThat(resumed.report().progress().total() + resumed.report().progress().resumed())
                .isEqualTo(r.report().progress().total() + r.report().progress().resumed());
        assertThat(read(out)).isEqualTo(refValues);
        assertThat(read(conf)).isEqualTo(refConfidence);
    }

    @Test
    void aResumeWithOtherSettingsIsRefused() throws IOException {
        Path out = dir.resolve("other.tif");
        Files.copy(dir.resolve("reference.tif"), out);
        ClassifyPixelsParameters other = ClassifyPixelsParameters.of(input, model, out)
                .withArguments(ModelArguments.parse("padding 6;batch_size 4;blend_tiles True")).withResume(true);
        assertThatThrownBy(() -> new ClassifyPixelsTool(engine).plan(other).close())
                .isInstanceOf(UserException.class).hasMessageContaining("other settings").hasMessageContaining("tiling");
        ClassifyPixelsParameters noBlend = ClassifyPixelsParameters.of(input, model, out)
                .withArguments(ModelArguments.parse("padding 4;batch_size 4")).withResume(true);
        assertThatThrownBy(() -> new ClassifyPixelsTool(engine).plan(noBlend).close())
                .isInstanceOf(UserException.class).hasMessageContaining("blend_tiles");
        // a GeoTIFF not made by a resumable run
        Path foreign = dir.resolve("foreign.tif");
        Files.copy(input, foreign);
        assertThatThrownBy(() -> new ClassifyPixelsTool(engine).plan(params(foreign, null).withResume(true)).close())
                .isInstanceOf(UserException.class).hasMessageContaining("Cannot resume");
        // the file is left as it was
        assertThat(read(out)).isEqualTo(refValues);
    }

    @Test
    void resumeOnAMissingOutputJustRuns() throws IOException {
        Path out = dir.resolve("fresh.tif");
        ClassifyPixelsResult r = new ClassifyPixelsTool(engine).run(params(out, null).withResume(true), Progress.NONE,
                List.of());
        assertThat(r.report().outcome()).isEqualTo(JobReport.Outcome.COMPLETED);
        assertThat(r.report().progress().resumed()).isZero();
        assertThat(read(out)).isEqualTo(refValues);
        // resuming a complete output does nothing and keeps it
        ClassifyPixelsResult again = new ClassifyPixelsTool(engine).run(params(out, null).withResume(true), Progress.NONE,
                List.of());
        assertThat(again.report().progress().total()).isZero();
        assertThat(read(out)).isEqualTo(refValues);
    }
}
