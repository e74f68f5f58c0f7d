package org.deepraster.bench;

import java.awt.geom.AffineTransform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.deepraster.geo.Crs;
import org.deepraster.inference.InferenceEngine;
import org.deepraster.inference.SessionSettings;
import org.deepraster.job.CallbackSink;
import org.deepraster.model.ModelArguments;
import org.deepraster.model.ModelDefinition;
import org.deepraster.model.ModelDefinitions;
import org.deepraster.raster.GeoTiffWriter;
import org.deepraster.raster.SampleType;
import org.deepraster.tool.detectobjects.DetectObjectsParameters;
import org.deepraster.tool.detectobjects.DetectObjectsResult;
import org.deepraster.tool.detectobjects.DetectObjectsTool;
import org.deepraster.util.Progress;

/**
 * {@code deepraster benchmark detect-instances FOLDER [SIZE=4096] [MODEL] [PADDING=8] [BATCH=1]}: Detect Objects with
 * an instance-segmentation model end to end (masks joined across tiles, polygons written to a GeoPackage) over a
 * generated SIZE x SIZE raster of rectangles (band 1 = instance id 1..64, every 24 px, many cut by tile edges),
 * against bare {@code OrtSession.run} on chips of the same raster. MODEL defaults to the test fixture
 * {@code inst_rects_64.onnx} (an end-to-end YOLO segmentation head whose instances are the rectangles; 64 px chips);
 * a model of 512 px chips gives the figures of the building workflow. Prints chips per second of both, their
 * ratio, the peak heap, and the time projected for a 20000 x 20000 tile and for 433 such tiles (a county).
 */
public final class DetectInstancesBenchmark {
    static final Path FIXTURE = Path.of("src", "test", "resources", "onnx", "inst_rects_64.onnx");
    static final int SPACING = 24;

    private DetectInstancesBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: detect-instances FOLDER [SIZE=4096] [MODEL] [PADDING=8] [BATCH=1]");
            System.exit(2);
        }
        Path folder = Path.of(args[0]);
        int size = args.length > 1 ? Integer.parseInt(args[1]) : 4096;
        Path model = args.length > 2 && !args[2].isEmpty() ? Path.of(args[2]) : FIXTURE;
        int padding = args.length > 3 ? Integer.parseInt(args[3]) : 8;
        int batch = args.length > 4 ? Integer.parseInt(args[4]) : 1;
        Files.createDirectories(folder);
        Path raster = folder.resolve("instances-" + size + ".tif");
        if (!Files.exists(raster)) {
            long t = System.nanoTime();
            generate(raster, size);
            System.out.printf("generated %s in %.1f s%n", raster, (System.nanoTime() - t) / 1e9);
        }
        System.out.printf("JVM max heap %d MB, %d processors, model %s, padding %d, batch %d%n",
                Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors(), model, padding, batch);
        Path out = folder.resolve("instances.gpkg");
        try (InferenceEngine engine = new InferenceEngine()) {
            DetectObjectsParameters p = DetectObjectsParameters.of(raster, model.toString(), out)
                    .withArguments(ModelArguments.parse("padding " + padding + ";batch_size " + batch))
                    .withOutput(out, DetectObjectsParameters.OutputGeometry.BOXES, true);
            RasterBenchmark.HeapSampler heap = RasterBenchmark.HeapSampler.started();
            AtomicLong first = new AtomicLong();
            long t0 = System.nanoTime();
            long c0 = ClassifyObjectsBenchmark.cpuNanos();
            DetectObjectsResult r = new DetectObjectsTool(engine).run(p, Progress.NONE,
                    List.of(CallbackSink.of(b -> first.compareAndSet(0, System.nanoTime()))));
            double total = (System.nanoTime() - t0) / 1e9;
            double cpuPerChip = (ClassifyObjectsBenchmark.cpuNanos() - c0) / 1e6;
            long tiles = r.report().progress().done();
            ModelDefinition d = ModelDefinitions.load(model.toString());
            int chip = d.imageHeight();
            double[] bareFigures = bare(engine, d, raster, batch, (int) Math.min(tiles, 2000));
            double bare = bareFigures[0];
            double rate = tiles / total;
            cpuPerChip /= tiles;
            long expected = (long) (size / SPACING) * (size / SPACING);
            System.out.printf("%d chips of %d px in %.2f s end to end: %.1f chips/s; %d instances written (%d rectangles"
                            + " in the raster), first after %.3f s%n", tiles, chip, total, rate, r.written(), expected,
                    (first.get() - t0) / 1e9);
            double afterFirst = (total - (first.get() - t0) / 1e9);
            System.out.printf("bare OrtSession.run on the same chips: %.2f chips/s, CPU %.0f ms/chip; end to end %.2f chips/s,"
                            + " CPU %.0f ms/chip (session creation and the first chip included); end to end / bare = %.3f"
                            + " (wall), %.3f (CPU)%n", bare, bareFigures[1], rate, cpuPerChip, rate / bare,
                    bareFigures[1] / cpuPerChip);
            if (tiles > 1 && afterFirst > 0) {
                System.out.printf("after the first result: %.2f chips/s (end to end / bare = %.3f); %.1f instances written"
                        + " per chip%n", (tiles - 1) / afterFirst, (tiles - 1) / afterFirst / bare, (double) r.written() / tiles);
            }
            int core = chip - 2 * padding;
            long per20k = (long) Math.ceil(20000.0 / core) * (long) Math.ceil(20000.0 / core);
            double tileSeconds = per20k / rate;
            System.out.printf("projected: a 20000 x 20000 tile = %d chips = %.1f min; 433 tiles = %.1f h%n", per20k,
                    tileSeconds / 60, tileSeconds * 433 / 3600);
            heap.finishAndPrint();
        }
    }

    /** Rectangles every {@value #SPACING} px, ids 1..64 repeating every 8 steps, sizes 8..15 px. */
    static void generate(Path f, int size) throws Exception {
        try (GeoTiffWriter out = GeoTiffWriter.create(f, GeoTiffWriter.Options.of(size, size, 3, SampleType.UINT8)
                .georeferenced(new AffineTransform(0.1, 0, 0, -0.1, 500_000, 6_000_000), Crs.forEpsg(32633)))) {
            int rows = SPACING;
            for (int y0 = 0; y0 < size; y0 += rows) {
                int h = Math.min(rows, size - y0);
                byte[] s = new byte[3 * size * h];
                for (int y = y0; y < y0 + h; y++) {
                    int j = y / SPACING;
                    int ly = y % SPACING;
                    int sh = 8 + (j * 7) % 8;
                    if (ly < 4 || ly >= 4 + sh) {
                        continue;
                    }
                    for (int x = 0; x < size; x++) {
                        int i = x / SPACING;
                        int lx = x % SPACING;
                        int sw = 8 + (i * 5) % 8;
                        if (lx >= 4 && lx < 4 + sw && (i + 1) * SPACING <= size && (j + 1) * SPACING <= size) {
                            s[(y - y0) * size + x] = (byte) (i % 8 + 8 * (j % 8) + 1);
                        }
                    }
                }
                out.writeRows(s, h);
            }
        }
    }

    /**
     * Bare OrtSession.run on chips of the raster (as {@link DetectObjectsBenchmark#bare}), with every core: chips per
     * second and CPU milliseconds per chip.
     */
    static double[] bare(InferenceEngine engine, ModelDefinition d, Path raster, int batch, int n) throws Exception {
        return DetectObjectsBenchmark.bare(engine, d, raster, batch, n,
                SessionSettings.cpu(Runtime.getRuntime().availableProcessors()));
    }
}
