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
import java.util.concurrent.atomic.AtomicLong;
import org.deepraster.inference.InferenceEngine;
import org.deepraster.inference.InputNormalization;
import org.deepraster.inference.ModelSession;
import org.deepraster.inference.OnnxModelSession;
import org.deepraster.job.CallbackSink;
import org.deepraster.model.ModelArguments;
import org.deepraster.model.ModelDefinition;
import org.deepraster.model.ModelDefinitions;
import org.deepraster.raster.RasterFiles;
import org.deepraster.raster.RasterSource;
import org.deepraster.raster.RasterWindow;
import org.deepraster.tool.detectobjects.DetectObjectsParameters;
import org.deepraster.tool.detectobjects.DetectObjectsResult;
import org.deepraster.tool.detectobjects.DetectObjectsTool;
import org.deepraster.tool.Environments;
import org.deepraster.util.Progress;

/**
 * {@code deepraster benchmark detect-objects FOLDER [COPIES=4] [BATCH=8] [READERS=0] [ROUNDS=2]}: Detect Objects
 * (sample tree/car detector, NMS across tiles) end to end over {@code COPIES x COPIES} copies of a 2048 px
 * sample scene, against bare {@code OrtSession.run} on tiles prepared the same way. Prints tiles per
 * second of both (bare on at most {@value #BARE_TILES} tiles: a rate), their ratio, the time to the first
 * written detection and the peak heap. COPIES 10 gives a 20480 x 20480 raster (11 449 tiles).
 */
public final class DetectObjectsBenchmark {
    static final Path MODEL = Path.of("sample-models", "tree_car_detector.dlpk");
    static final int BARE_TILES = 2000;

    private DetectObjectsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: DetectObjectsBenchmark FOLDER [COPIES=4] [BATCH=8] [READERS=0] [ROUNDS=2]");
            System.exit(2);
        }
        Path folder = Path.of(args[0]);
        int copies = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        int readers = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 2;
        Files.createDirectories(folder);
        Path raster = folder.resolve("big-" + copies + ".tif");
        if (!Files.exists(raster)) {
            long t = System.nanoTime();
            ClassifyObjectsBenchmark.generate(folder, raster, folder.resolve("footprints-" + copies + "-1.gpkg"), copies, 1);
            System.out.printf("generated %s in %.1f s%n", raster, (System.nanoTime() - t) / 1e9);
        }
        System.out.printf("JVM max heap %d MB, %d processors, batch %d%n", Runtime.getRuntime().maxMemory() >> 20,
                Runtime.getRuntime().availableProcessors(), batch);
        Path out = folder.resolve("detections.gpkg");
        try (InferenceEngine engine = new InferenceEngine()) {
            DetectObjectsParameters p = DetectObjectsParameters.of(raster, MODEL.toString(), out)
                    .withArguments(ModelArguments.parse("batch_size " + batch)).withNms(true, 0.3)
                    .withOutput(out, DetectObjectsParameters.OutputGeometry.BOXES, true)
                    .withEnvironments(Environments.DEFAULT.withParallelProcessingFactor(readers));
            DetectObjectsTool tool = new DetectObjectsTool(engine);
            RasterBenchmark.HeapSampler heap = RasterBenchmark.HeapSampler.started();
            for (int round = 1; round <= rounds; round++) {
                AtomicLong first = new AtomicLong();
                long t0 = System.nanoTime();
                long c0 = ClassifyObjectsBenchmark.cpuNanos();
                DetectObjectsResult r = tool.run(p, Progress.NONE,
                        List.of(CallbackSink.of(b -> first.compareAndSet(0, System.nanoTime()))));
                double total = (System.nanoTime() - t0) / 1e9;
                long tiles = r.report().progress().done();
                double toolCpu = (ClassifyObjectsBenchmark.cpuNanos() - c0) / 1e6 / Math.max(1, tiles);
                int cores = Runtime.getRuntime().availableProcessors();
                // the tool's split: every core with the default factor (readers balanced), else the cores the readers leave
                int intra = readers == 0 ? cores : Math.max(1, cores - p.environments().readers());
                ModelDefinition model = ModelDefinitions.load(MODEL.toString());
                double[] bt = bare(engine, model, raster, batch, (int) Math.min(tiles, BARE_TILES),
                        org.deepraster.inference.SessionSettings.cpu(intra));
                double[] ba = bare(engine, model, raster, batch, (int) Math.min(tiles, BARE_TILES),
                        org.deepraster.inference.SessionSettings.cpu(cores));
                double bareTool = bt[0];
                double bareAll = ba[0];
                System.out.printf("bare OrtSession.run: %.1f tiles/s with the tool's %d intra-op threads, %.1f tiles/s with %d%n",
                        bareTool, intra, bareAll, cores);
                double bare = Math.max(bareTool, bareAll);
                double read = readRate(raster, Math.min(tiles, 500));
                System.out.printf("reading and normalising tiles alone (one thread): %.1f tiles/s%n", read);
                System.out.printf("threads: %s%n", r.report().progress().threads());
                double bareCpu = bareTool >= bareAll ? bt[1] : ba[1];
                System.out.printf("CPU per tile: %.2f ms end to end (start-up and writing included), %.2f ms bare; ratio %.3f%n",
                        toolCpu, bareCpu, bareCpu / toolCpu);
                System.out.printf("round %d: %d tiles in %.2f s end to end: %.1f tiles/s, %d detections (%d removed by NMS),"
                                + " first written after %.3f s; best bare OrtSession.run %.1f tiles/s; ratio %.3f%n",
                        round, tiles, total, tiles / total, r.written(), r.suppressed(), (first.get() - t0) / 1e9, bare,
                        tiles / total / bare);
            }
            heap.finishAndPrint();
        }
    }

    /** Tiles (chip size, the padding's overlap) read and normalised per second on one thread, as the tool's readers do. */
    static double readRate(Path raster, long n) throws Exception {
        ModelDefinition d = ModelDefinitions.load(MODEL.toString());
        int size = d.imageHeight();
        int stride = size - 2 * d.defaultPadding();
        InputNormalization norm = InputNormalization.forDefinition(d, 3);
        try (RasterSource r = RasterFiles.open(raster)) {
            int across = Math.max(1, (r.width() - size) / stride);
            long t0 = System.nanoTime();
            for (int k = 0; k < n; k++) {
                RasterWindow w = r.read(new Rectangle(k % across * stride, k / across * stride, size, size), new int[] {0, 1, 2});
                norm.apply(w.samples(), size * size);
            }
            return n / ((System.nanoTime() - t0) / 1e9);
        }
    }

    /**
     * Bare OrtSession.run of model {@code d} on up to 32 batches of real tiles of the raster (read and normalised
     * once), cycled to n tiles: {tiles per second, process CPU milliseconds per tile}. The detection and instance
     * benchmarks share it.
     */
    static double[] bare(InferenceEngine engine, ModelDefinition d, Path raster, int batch, int n,
                       org.deepraster.inference.SessionSettings settings) throws Exception {
        ModelSession s = engine.session(d.modelFile(), settings);
        OnnxModelSession onnx = OnnxModelSession.of(s); // the bare runs use the same session
        int size = d.imageHeight();
        InputNormalization norm = InputNormalization.forDefinition(d, 3);
        List<OnnxTensor> tensors = new ArrayList<>();
        try (RasterSource r = RasterFiles.open(raster)) {
            int k = 0;
            int across = r.width() / size;
            for (int b = 0; b < Math.min(32, (n + batch - 1) / batch); b++) {
                FloatBuffer buf = ByteBuffer.allocateDirect(batch * 3 * size * size * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
                for (int i = 0; i < batch; i++, k++) {
                    RasterWindow w = r.read(new Rectangle(k % across * size, k / across % (r.height() / size) * size, size, size),
                            new int[] {0, 1, 2});
                    float[] c = w.samples();
                    norm.apply(c, size * size);
                    buf.put(c);
                }
                buf.rewind();
                tensors.add(OnnxTensor.createTensor(onnx.environment(), buf, new long[] {batch, 3, size, size}));
            }
        }
        OrtSession ort = onnx.ortSession();
        String input = s.signature().input().name();
        try {
            for (OnnxTensor t : tensors.subList(0, Math.min(2, tensors.size()))) {
                ort.run(Map.of(input, t)).close();
            }
            long t0 = System.nanoTime();
            long c0 = ClassifyObjectsBenchmark.cpuNanos();
            int done = 0;
            for (int i = 0; done < n; i++) {
                try (OrtSession.Result res = ort.run(Map.of(input, tensors.get(i % tensors.size())))) {
                    res.get(0);
                }
                done += batch;
            }
            return new double[] {done / ((System.nanoTime() - t0) / 1e9),
                    (ClassifyObjectsBenchmark.cpuNanos() - c0) / 1e6 / done};
        } finally {
            for (OnnxTensor t : tensors) {
                t.close();
            }
        }
    }
}
