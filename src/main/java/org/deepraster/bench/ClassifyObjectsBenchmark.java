package org.deepraster.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import java.awt.Rectangle;
import java.awt.geom.AffineTransform;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.deepraster.feature.Feature;
import org.deepraster.feature.FeatureCollection;
import org.deepraster.feature.FeatureSchema;
import org.deepraster.feature.FeatureWriter;
import org.deepraster.feature.FeatureWriters;
import org.deepraster.feature.VectorFiles;
import org.deepraster.feature.WriteMode;
import org.deepraster.inference.InferenceEngine;
import org.deepraster.inference.InputNormalization;
import org.deepraster.inference.ModelSession;
import org.deepraster.inference.OnnxModelSession;
import org.deepraster.job.CallbackSink;
import org.deepraster.model.ModelArguments;
import org.deepraster.model.ModelDefinition;
import org.deepraster.model.ModelDefinitions;
import org.deepraster.raster.GeoTiffWriter;
import org.deepraster.raster.RasterFiles;
import org.deepraster.raster.RasterSource;
import org.deepraster.raster.RasterWindow;
import org.deepraster.raster.SampleType;
import org.deepraster.sample.SampleScene;
import org.deepraster.tool.ChipReader;
import org.deepraster.tool.classifyobjects.ClassifyObjectsParameters;
import org.deepraster.tool.classifyobjects.ClassifyObjectsResult;
import org.deepraster.tool.classifyobjects.ClassifyObjectsTool;
import org.deepraster.tool.Environments;
import org.deepraster.tool.FeatureInput;
import org.deepraster.util.Progress;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.util.AffineTransformation;

/**
 * Classify Objects end to end on {@code N} footprints (default 10 000) over a large raster made of
 * {@code K x K} copies of a 2048 px sample scene (default 4: 8192 x 8192), against bare
 * {@code OrtSession.run} on chips prepared the same way. Prints objects per second of both and
 * their ratio, the time to the first result, and the peak heap (run with -Xmx512m).
 *
 * <pre>
 * mvn -o -q compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -Xmx512m -cp target/classes:$(cat target/cp.txt) org.deepraster.bench.ClassifyObjectsBenchmark target/bench-co [N] [K] [batch]
 * # or: DEEPRASTER_JAVA_OPTS=-Xmx512m ./deepraster benchmark classify-objects target/bench-co
 * </pre>
 * The raster and footprints are generated once into FOLDER.
 */
public final class ClassifyObjectsBenchmark {
    static final Path MODEL = Path.of("sample-models", "building_damage_classifier.dlpk");

    private ClassifyObjectsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: ClassifyObjectsBenchmark FOLDER [OBJECTS=10000] [COPIES=4] [BATCH=16] [READERS=0]");
            System.exit(2);
        }
        Path folder = Path.of(args[0]);
        int objects = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int copies = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        int batch = args.length > 3 ? Integer.parseInt(args[3]) : 16;
        int readers = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        Files.createDirectories(folder);
        Path raster = folder.resolve("big-" + copies + ".tif");
        Path footprints = folder.resolve("footprints-" + copies + "-" + objects + ".gpkg");
        if (!Files.exists(raster) || !Files.exists(footprints)) {
            long t = System.nanoTime();
            generate(folder, raster, footprints, copies, objects);
            System.out.printf("generated %s and %s in %.1f s%n", raster, footprints, (System.nanoTime() - t) / 1e9);
        }
        System.out.printf("JVM max heap %d MB, %d processors, batch %d%n", Runtime.getRuntime().maxMemory() >> 20,
                Runtime.getRuntime().availableProcessors(), batch);
        Path out = folder.resolve("classified.gpkg");
        try (InferenceEngine engine = new InferenceEngine()) {
            ClassifyObjectsParameters p = ClassifyObjectsParameters.of(raster, MODEL.toString(),
                            FeatureInput.file(footprints), out)
                    .withModelArguments(ModelArguments.parse("batch_size " + batch))
                    .withEnvironments(Environments.DEFAULT.withParallelProcessingFactor(readers))
                    .withOutput(out, true, false);
            ClassifyObjectsTool tool = new ClassifyObjectsTool(engine);
            // warm-up on a copy (session creation, JIT), not timed
            tool.run(p.withOutput(folder.resolve("warmup.gpkg"), true, false)
                    .withEnvironments(p.environments().withExtent(new org.deepraster.tool.ProcessingExtent.Box(
                            smallBox(raster), null))), Progress.NONE, List.of());

            RasterBenchmark.HeapSampler heap = RasterBenchmark.HeapSampler.started();
            int rounds = 3;
            double[] ratios = new double[rounds];
            double[] e2eRates = new double[rounds];
            double[] bareRates = new double[rounds];
            double[] e2eCpu = new double[rounds];
            double[] bareCpu = new double[rounds];
            for (int round = 0; round < rounds; round++) {
                // interleaved so that the load of other processes on a shared machine hits both alike
                AtomicLong first = new AtomicLong();
                long c0 = cpuNanos();
                long t0 = System.nanoTime();
                ClassifyObjectsResult r = tool.run(p, Progress.NONE,
                        List.of(CallbackSink.of(b -> first.compareAndSet(0, System.nanoTime()))));
                double total = (System.nanoTime() - t0) / 1e9;
                long n = r.report().progress().results();
                double jobSeconds = r.report().progress().elapsedNanos() / 1e9;
                e2eCpu[round] = (cpuNanos() - c0) / 1e6 / n;
                double[] bareCpuOut = new double[1];
                double bare = bare(engine, raster, footprints, batch, (int) n, bareCpuOut);
                bareCpu[round] = bareCpuOut[0];
                e2eRates[round] = n / total;
                bareRates[round] = bare;
                ratios[round] = n / total / bare;
                System.out.printf("round %d: %d objects in %.2f s end to end (job %.2f s): %.1f objects/s;"
                                + " first result after %.3f s; bare OrtSession.run %.1f objects/s; ratio %.3f;"
                                + " CPU ms/object: end to end %.3f, bare %.3f%n",
                        round + 1, n, total, jobSeconds, n / total, (first.get() - t0) / 1e9, bare, ratios[round],
                        e2eCpu[round], bareCpu[round]);
            }
            heap.finish();
            System.out.printf("median: end to end %.1f objects/s, bare %.1f objects/s, ratio %.3f (target >= 0.85)%n",
                    median(e2eRates), median(bareRates), median(ratios));
            System.out.printf("median CPU time per object (all threads of this process): end to end %.3f ms, bare %.3f ms"
                    + " (bare / end to end %.3f: the ratio where cores, not waiting, are the limit)%n",
                    median(e2eCpu), median(bareCpu), median(bareCpu) / median(e2eCpu));
            System.out.printf("peak heap used (sampled every 5 ms, garbage included) %d MB; peak heap after a GC %d MB;"
                    + " max heap %d MB%n", heap.peak >> 20, heap.livePeak >> 20, Runtime.getRuntime().maxMemory() >> 20);
            double prep = prepareOnly(raster, footprints, 10_000);
            System.out.printf("for reference: chips cut + normalised on one thread, in file order: %.1f objects/s%n", prep);
            System.out.printf("load average at the end: %.2f on %d processors%n",
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                    Runtime.getRuntime().availableProcessors());
        }
    }

    static long cpuNanos() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : 0;
    }

    static double median(double[] v) {
        double[] c = v.clone();
        java.util.Arrays.sort(c);
        return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
    }

    private static org.locationtech.jts.geom.Envelope smallBox(Path raster) throws IOException {
        try (RasterSource s = RasterFiles.open(raster)) {
            org.locationtech.jts.geom.Envelope e = s.grid().envelope();
            return new org.locationtech.jts.geom.Envelope(e.getMinX(), e.getMinX() + 100, e.getMaxY() - 100, e.getMaxY());
        }
    }

    /**
     * Objects per second of bare OrtSession.run over chips cut and normalised like the tool's (prepared
     * beforehand, one direct buffer per batch, tensors created before timing), covering {@code n} objects.
     */
    static double bare(InferenceEngine engine, Path raster, Path footprints, int batch, int n, double[] cpuMsPerObject)
            throws Exception {
        ModelDefinition d = ModelDefinitions.load(MODEL.toString());
        ModelSession s = engine.session(d.modelFile());
        OnnxModelSession onnx = OnnxModelSession.of(s); // the bare runs use the same session
        int size = d.imageHeight();
        ChipReader chips = new ChipReader(size, size, new int[] {0, 1, 2}, true, false, 3,
                InputNormalization.forDefinition(d, 3));
        List<Feature> fs = VectorFiles.open(footprints).get(0).features();
        int batches = Math.min(64, (n + batch - 1) / batch);
        List<OnnxTensor> tensors = new ArrayList<>();
        try (RasterSource r = RasterFiles.open(raster)) {
            int k = 0;
            for (int b = 0; b < batches; b++) {
                FloatBuffer buf = ByteBuffer.allocateDirect(batch * 3 * size * size * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
                for (int i = 0; i < batch; i++) {
                    ChipReader.Chip c;
                    do {
                        c = chips.read(r, fs.get(k++ % fs.size()).geometry());
                    } while (c.data() == null);
                    buf.put(c.data());
                }
                buf.rewind();
                tensors.add(OnnxTensor.createTensor(onnx.environment(), buf, new long[] {batch, 3, size, size}));
            }
        }
        OrtSession ort = onnx.ortSession();
        String input = s.signature().input().name();
        try {
            for (OnnxTensor t : tensors.subList(0, Math.min(4, tensors.size()))) {
                ort.run(Map.of(input, t)).close();
            }
            long c0 = cpuNanos();
            long t0 = System.nanoTime();
            int done = 0;
            for (int i = 0; done < n; i++) {
                try (OrtSession.Result res = ort.run(Map.of(input, tensors.get(i % tensors.size())))) {
                    res.get(0);
                }
                done += batch;
            }
            double rate = done / ((System.nanoTime() - t0) / 1e9);
            cpuMsPerObject[0] = (cpuNanos() - c0) / 1e6 / done;
            return rate;
        } finally {
            for (OnnxTensor t : tensors) {
                t.close();
            }
        }
    }

    static ChipReader chipReader() {
        ModelDefinition d = ModelDefinitions.load(MODEL.toString());
        return new ChipReader(d.imageWidth(), d.imageHeight(), new int[] {0, 1, 2}, true, false, 3,
                InputNormalization.forDefinition(d, 3));
    }

    /** Chips per second cut by one thread, as the tool's readers cut them. */
    static double prepareOnly(Path raster, Path footprints, int n) throws IOException {
        ChipReader chips = chipReader();
        List<Feature> fs = VectorFiles.open(footprints).get(0).features();
        try (RasterSource r = RasterFiles.open(raster)) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                chips.read(r, fs.get(i % fs.size()).geometry());
            }
            return n / ((System.nanoTime() - t0) / 1e9);
        }
    }

    /** A {@code copies x copies} mosaic of a 2048 px sample scene and {@code objects} footprints over it. */
    static void generate(Path folder, Path raster, Path footprints, int copies, int objects) throws IOException {
        int size = 2048;
        SampleScene.Files3 f = SampleScene.ensure(folder.resolve("scene"), size, 404);
        double shift = size * SampleScene.PIXEL_SIZE;
        FeatureCollection buildings = VectorFiles.open(f.groundTruth()).stream()
                .filter(c -> c.schema().name().equals("buildings")).findFirst().orElseThrow();
        try (RasterSource s = RasterFiles.open(f.scene())) {
            AffineTransform g = s.grid().gridToCrs();
            int ts = 256;
            GeoTiffWriter.Options o = GeoTiffWriter.Options.of(size * copies, size * copies, 3, SampleType.UINT8)
                    .withTileSize(ts).georeferenced(g, s.grid().crs());
            try (GeoTiffWriter w = Files.exists(raster) ? null : GeoTiffWriter.create(raster, o)) {
                int per = size / ts;
                for (int ty = 0; w != null && ty < per * copies; ty++) {
                    for (int tx = 0; tx < per * copies; tx++) {
                        RasterWindow win = s.read(new Rectangle((tx % per) * ts, (ty % per) * ts, ts, ts), new int[] {0, 1, 2});
                        w.writeTile(tx, ty, win.samples());
                    }
                }
            }
        }
        FeatureSchema schema = new FeatureSchema("footprints", buildings.schema().geometryKind(),
                buildings.schema().fields(), buildings.schema().crs());
        Random rnd = new Random(7);
        List<Feature> base = buildings.features();
        try (FeatureWriter w = FeatureWriters.create(footprints, schema, WriteMode.OVERWRITE)) {
            List<Feature> chunk = new ArrayList<>();
            for (int i = 0; i < objects; i++) {
                Feature b = base.get(i % base.size());
                int copy = i / base.size();
                int cx = copy % (copies * copies) % copies;
                int cy = copy % (copies * copies) / copies;
                // beyond one footprint per building and copy: jittered duplicates (same imagery, other chips)
                double jx = copy >= copies * copies ? rnd.nextDouble() * 2 - 1 : 0;
                double jy = copy >= copies * copies ? rnd.nextDouble() * 2 - 1 : 0;
                Geometry moved = AffineTransformation.translationInstance(cx * shift + jx, -cy * shift + jy)
                        .transform(b.geometry());
                chunk.add(new Feature(i + 1, moved, b.attributes()));
                if (chunk.size() == 1000) {
                    w.write(chunk);
                    chunk.clear();
                }
            }
            w.write(chunk);
        }
    }
}
