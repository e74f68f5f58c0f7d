package org.deepraster.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import java.awt.Rectangle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deepraster.geo.GridGeometry;
import org.deepraster.inference.InferenceEngine;
import org.deepraster.inference.InputNormalization;
import org.deepraster.inference.ModelSession;
import org.deepraster.inference.OnnxModelSession;
import org.deepraster.model.ModelArguments;
import org.deepraster.model.ModelDefinition;
import org.deepraster.model.ModelDefinitions;
import org.deepraster.raster.RasterFiles;
import org.deepraster.raster.RasterSource;
import org.deepraster.raster.RasterWindow;
import org.deepraster.tool.classifypixels.ClassifyPixelsParameters;
import org.deepraster.tool.classifypixels.ClassifyPixelsResult;
import org.deepraster.tool.classifypixels.ClassifyPixelsTool;
import org.deepraster.tool.Environments;
import org.deepraster.tool.ProcessingExtent;
import org.deepraster.util.Progress;
import org.locationtech.jts.geom.Envelope;

/**
 * {@code deepraster benchmark classify-pixels FOLDER [MODEL=sample] [TILES=16] [BATCH=4] [ROUNDS=2] [ARGS]}:
 * Classify Pixels end to end on a block of about TILES tiles in the middle of a generated 20000 x 20000 x 3
 * GeoTIFF ({@code FOLDER/bench-20000.tif}, the viewer benchmark's raster; made when missing), against bare
 * {@code OrtSession.run} (the tool's own session) on the same tiles read and normalised beforehand. Prints
 * pixels per second of both, their ratio, the peak heap, and the time a run over the whole raster would
 * take at the measured rate. MODEL: {@code sample} (the land-cover sample model) or an .emd/.dlpk/.onnx
 * (e.g. the DeepLabV3 written by {@code sample-models/training/export_deeplabv3.py}). ARGS: extra model
 * arguments, e.g. {@code "padding 64;blend_tiles True"}.
 */
public final class ClassifyPixelsBenchmark {
    static final Path SAMPLE = Path.of("sample-models", "landcover_classifier.dlpk");

    private ClassifyPixelsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: ClassifyPixelsBenchmark FOLDER [MODEL=sample] [TILES=16] [BATCH=4] [ROUNDS=2] [ARGS]");
            System.exit(2);
        }
        Path folder = Path.of(args[0]);
        String model = args.length > 1 && !args[1].equals("sample") ? args[1] : SAMPLE.toString();
        int wanted = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        int batch = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 2;
        String extra = args.length > 5 ? args[5] : "";
        Files.createDirectories(folder);
        Path raster = folder.resolve("bench-20000.tif");
        if (!Files.exists(raster)) {
            long t = System.nanoTime();
            RasterBenchmark.generate(raster, 20000);
            System.out.printf("generated %s in %.1f s%n", raster, (System.nanoTime() - t) / 1e9);
        }
        Path out = folder.resolve("classified.tif");
        ModelArguments margs = ModelArguments.parse("batch_size " + batch + (extra.isBlank() ? "" : ";" + extra));
        System.out.printf("JVM max heap %d MB, %d processors, model %s, batch %d%n", Runtime.getRuntime().maxMemory() >> 20,
                Runtime.getRuntime().availableProcessors(), model, batch);
        try (InferenceEngine engine = new InferenceEngine()) {
            ClassifyPixelsTool tool = new ClassifyPixelsTool(engine);
            ClassifyPixelsParameters whole = ClassifyPixelsParameters.of(raster, model, out).withArguments(margs)
                    .withOutput(out, true);
            long fullTiles;
            int stride;
            int chip;
            int pad;
            GridGeometry grid;
            String provider;
            try (ClassifyPixelsTool.Plan plan = tool.plan(whole)) {
                fullTiles = plan.total();
                chip = plan.tileSize();
                pad = plan.padding();
                stride = chip - 2 * pad;
                grid = plan.outputGrid();
                provider = plan.executionProvider() + " (" + System.getProperty("deepraster.intraOpThreads", "cores - readers") + " intra-op threads)";
                for (String w : plan.warnings()) {
                    System.out.println("warning: " + w);
                }
                System.out.printf("whole raster: %d tiles in swaths of %d tiles across; unfinished blocks at the peak about %d MB%n",
                        fullTiles, plan.swathTiles(), plan.estimatedBlockMemory() >> 20);
            }
            int k = Math.max(1, (int) Math.round(Math.sqrt(wanted)));
            int x0 = (grid.width() / 2 / stride) * stride;
            int y0 = (grid.height() / 2 / stride) * stride;
            Rectangle block = new Rectangle(x0, y0, k * stride, k * stride);
            Envelope env = grid.envelopeOf(block);
            // shrink a little so the extent's bounding pixels are exactly the block
            env.expandBy(-grid.pixelSize() * 0.25);
            ClassifyPixelsParameters p = whole.withEnvironments(Environments.DEFAULT.withExtent(new ProcessingExtent.Box(env, null)));
            System.out.printf("tiles of %d px, padding %d (stride %d), %s; the whole raster is %d tiles; measuring %d x %d tiles"
                    + " (%d x %d px)%n", chip, pad, stride, provider, fullTiles, k, k, block.width, block.height);
            RasterBenchmark.HeapSampler heap = RasterBenchmark.HeapSampler.started();
            double bestE2e = 0;
            double bestBare = 0;
            double bestCpuE2e = 0;
            double bestCpuBare = 0;
            for (int round = 1; round <= rounds; round++) {
                long t0 = System.nanoTime();
                ClassifyPixelsResult r;
                long tiles;
                double runSecs;
                try (ClassifyPixelsTool.Plan plan = tool.plan(p)) {
                    long t1 = System.nanoTime();
                    long c1 = cpuNanos();
                    r = plan.run(Progress.NONE, List.of());
                    runSecs = (System.nanoTime() - t1) / 1e9;
                    double runCpu = (cpuNanos() - c1) / 1e9;
                    tiles = r.report().progress().done();
                    double planSecs = (t1 - t0) / 1e9;
                    double pixels = (double) block.width * block.height;
                    double[] bareRun = bare(plan.session(), model, raster, batch, block, chip, pad, stride);
                    double bare = bareRun[0];
                    double e2e = pixels / runSecs;
                    double cpuE2e = pixels / runCpu;
                    System.out.printf("round %d: %d tiles, %.0f px in %.2f s (plan %.2f s): %.0f px/s end to end; bare"
                                    + " OrtSession.run on the same tiles %.0f px/s; ratio %.3f; per CPU second %.0f vs %.0f px"
                                    + " (ratio %.3f); peak open blocks %d%n",
                            round, tiles, pixels, runSecs, planSecs, e2e, bare, e2e / bare, cpuE2e, bareRun[1],
                            cpuE2e / bareRun[1], r.peakOpenBlocks());
                    bestE2e = Math.max(bestE2e, e2e);
                    bestBare = Math.max(bestBare, bare);
                    bestCpuE2e = Math.max(bestCpuE2e, cpuE2e);
                    bestCpuBare = Math.max(bestCpuBare, bareRun[1]);
                    double full = fullTiles * (runSecs / tiles);
                    System.out.printf("  projected for the whole 20000 x 20000 raster (%d tiles): %.0f s = %.1f h"
                                    + " (bare OrtSession.run alone: %.1f h)%n", fullTiles, full, full / 3600,
                            fullTiles * (double) stride * stride / bare / 3600);
                }
            }
            System.out.printf("best of %d rounds: %.0f px/s end to end vs %.0f px/s bare (ratio %.3f); per CPU second %.0f vs"
                            + " %.0f px (ratio %.3f); whole raster at the best end-to-end rate: %.1f h%n", rounds, bestE2e,
                    bestBare, bestE2e / bestBare, bestCpuE2e, bestCpuBare, bestCpuE2e / bestCpuBare,
                    fullTiles * (double) stride * stride / bestE2e / 3600);
            heap.finishAndPrint();
        }
    }

    /**
     * Bare OrtSession.run over the block's tiles, read (with padding) and normalised beforehand as the
     * tool does; returns core pixels per second, and per CPU second of this process.
     */
    /** CPU time of this process (all threads), nanoseconds. */
    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    static double[] bare(ModelSession s, String model, Path raster, int batch, Rectangle block, int chip, int pad, int stride)
            throws Exception {
        OnnxModelSession onnx = OnnxModelSession.of(s);
        ModelDefinition d = ModelDefinitions.load(model);
        InputNormalization norm = InputNormalization.forDefinition(d, 3);
        List<OnnxTensor> tensors = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        int plane = chip * chip;
        try (RasterSource r = RasterFiles.open(raster)) {
            List<Rectangle> windows = new ArrayList<>();
            for (int y = block.y; y < block.y + block.height; y += stride) {
                for (int x = block.x; x < block.x + block.width; x += stride) {
                    windows.add(new Rectangle(x - pad, y - pad, chip, chip));
                }
            }
            for (int i = 0; i < windows.size(); i += batch) {
                int n = Math.min(batch, windows.size() - i);
                FloatBuffer buf = ByteBuffer.allocateDirect(n * 3 * plane * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
                for (int j = 0; j < n; j++) {
                    buf.put(normalised(r, windows.get(i + j), norm, plane));
                }
                buf.rewind();
                tensors.add(OnnxTensor.createTensor(onnx.environment(), buf, new long[] {n, 3, chip, chip}));
                counts.add(n);
            }
        }
        OrtSession ort = onnx.ortSession();
        String input = s.signature().input().name();
        try {
            ort.run(Map.of(input, tensors.get(0))).close(); // warm
            long t0 = System.nanoTime();
            long c0 = cpuNanos();
            long tiles = 0;
            for (int i = 0; i < tensors.size(); i++) {
                try (OrtSession.Result res = ort.run(Map.of(input, tensors.get(i)))) {
                    res.get(0);
                }
                tiles += counts.get(i);
            }
            double px = tiles * (double) stride * stride;
            return new double[] {px / ((System.nanoTime() - t0) / 1e9), px / ((cpuNanos() - c0) / 1e9)};
        } finally {
            for (OnnxTensor t : tensors) {
                t.close();
            }
        }
    }

    /** The three bands of a window as the tool gives them to the model: NoData pixels 0, then normalised. */
    static float[] normalised(RasterSource r, Rectangle window, InputNormalization norm, int plane) throws java.io.IOException {
        RasterWindow w = r.read(window, new int[] {0, 1, 2});
        float[] c = w.samples();
        if (w.valid() != null) {
            for (int q = 0; q < plane; q++) {
                if (!w.valid()[q]) {
                    c[q] = c[plane + q] = c[2 * plane + q] = 0;
                }
            }
        }
        norm.apply(c, plane);
        return c;
    }
}
