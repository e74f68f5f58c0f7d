package org.deepraster.bench;

import java.awt.Rectangle;
import java.awt.geom.AffineTransform;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.deepraster.geo.Crs;
import org.deepraster.raster.GeoTiffWriter;
import org.deepraster.raster.RasterFiles;
import org.deepraster.raster.RasterSource;
import org.deepraster.raster.RasterWindow;
import org.deepraster.raster.SampleType;
import org.deepraster.util.Progress;

/**
 * Measures the raster reading targets on a generated 20000 x 20000 x 3 uint8 tiled DEFLATE
 * GeoTIFF without overviews: first open until the full extent can be shown (overviews built),
 * a later open, the median time of 1280 x 800 reads at three zoom levels after random pans,
 * and the peak heap. Run with {@code -Xmx512m}:
 * {@code java -Xmx512m -cp CLASSPATH org.deepraster.bench.RasterBenchmark [--warm-sis] FOLDER [SIZE]}.
 * The file is generated once into FOLDER; the overview cache goes to FOLDER/cache and is
 * cleared before the first open.
 */
public final class RasterBenchmark {
    private RasterBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<String> a = new ArrayList<>(List.of(args));
        boolean warmSis = a.remove("--warm-sis");
        if (a.isEmpty()) {
            System.err.println("usage: RasterBenchmark [--warm-sis] FOLDER [SIZE]");
            System.err.println("  --warm-sis  start SIS's EPSG database first (as a running viewer already has)"
                    + " and report that one-time cost on its own");
            System.exit(2);
        }
        Path folder = Path.of(a.get(0));
        int size = a.size() > 1 ? Integer.parseInt(a.get(1)) : 20000;
        Files.createDirectories(folder);
        Path file = folder.resolve("bench-" + size + ".tif");
        if (!Files.exists(file)) {
            long t = System.nanoTime();
            generate(file, size);
            System.out.printf("generated %s (%d MB) in %.1f s%n", file, Files.size(file) >> 20, secs(t));
        }
        Path cache = folder.resolve("cache");
        System.setProperty("deepraster.cache", cache.toString());
        deleteTree(cache);
        System.out.println("JVM max heap: " + (Runtime.getRuntime().maxMemory() >> 20) + " MB, "
                + Runtime.getRuntime().availableProcessors() + " processors");

        if (warmSis) {
            long tw = System.nanoTime();
            Crs.forEpsg(32633);
            System.out.printf("one-time SIS EPSG database start-up (not counted below): %.2f s%n", secs(tw));
        }
        HeapSampler heap = new HeapSampler();
        heap.start();
        // first open: until the full extent can be shown from overviews
        long t0 = System.nanoTime();
        long cpu0 = cpuNanos();
        try (RasterSource r = RasterFiles.open(file)) {
            System.out.printf("  open (TIFF structure + SIS georeferencing, %s): %.2f s%n",
                    Crs.displayName(r.grid().crs()), secs(t0));
            long tb = System.nanoTime();
            r.prepareOverviews(Progress.NONE).join();
            System.out.printf("  overview pyramid built: %.2f s%n", secs(tb));
            RasterWindow w = r.read(new Rectangle(0, 0, r.width(), r.height()), 1280, 1280, r.defaultRgbBands());
            System.out.printf("first open -> full extent shown (overviews built): %.2f s wall, %.2f s CPU (%d x %d)%n",
                    secs(t0), (cpuNanos() - cpu0) / 1e9, w.width(), w.height());
        }
        // later open
        long t1 = System.nanoTime();
        try (RasterSource r = RasterFiles.open(file)) {
            r.prepareOverviews(Progress.NONE).join();
            r.read(new Rectangle(0, 0, r.width(), r.height()), 1280, 1280, r.defaultRgbBands());
            System.out.printf("later open -> full extent shown: %.3f s%n", secs(t1));

            Random rnd = new Random(42);
            int[] factors = {1, 4, 16};
            for (int f : factors) {
                List<Double> times = new ArrayList<>();
                int rw = 1280 * f;
                int rh = 800 * f;
                for (int i = 0; i < 25; i++) {
                    int x = rnd.nextInt(Math.max(1, r.width() - rw / 2)) - rw / 4;
                    int y = rnd.nextInt(Math.max(1, r.height() - rh / 2)) - rh / 4;
                    long t = System.nanoTime();
                    r.read(new Rectangle(x, y, rw, rh), 1280, 800, r.defaultRgbBands());
                    times.add((System.nanoTime() - t) / 1e6);
                }
                times.sort(Comparator.naturalOrder());
                System.out.printf("zoom 1:%-2d (region %d x %d -> 1280 x 800, random pans): median %.1f ms, max %.1f ms%n",
                        f, rw, rh, times.get(times.size() / 2), times.get(times.size() - 1));
            }
        }
        heap.stop = true;
        heap.join();
        long poolPeaks = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                poolPeaks += p.getPeakUsage().getUsed();
            }
        }
        System.out.printf("peak heap used (sampled every 5 ms, garbage included): %d MB; peak live heap after GC: "
                + "%d MB; sum of heap pool peaks: %d MB; max heap %d MB%n", heap.peak >> 20, heap.livePeak >> 20,
                poolPeaks >> 20, Runtime.getRuntime().maxMemory() >> 20);
        System.out.printf("load average at the end: %.2f on %d processors%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());
    }

    /** Polls the used heap (a peak that a GC log would also show). */
    public static final class HeapSampler extends Thread {
        public volatile boolean stop;
        public volatile long peak;
        public volatile long livePeak;

        public HeapSampler() {
            setDaemon(true);
        }

        /** Collects garbage first (so the peaks start from a clean heap), then starts a sampler. */
        public static HeapSampler started() {
            System.gc();
            HeapSampler heap = new HeapSampler();
            heap.start();
            return heap;
        }

        /** Stops sampling and waits for the sampler to end. */
        public void finish() throws InterruptedException {
            stop = true;
            join();
        }

        /** Stops sampling and prints the peak heap, sampled and after a GC, and the max heap. */
        public void finishAndPrint() throws InterruptedException {
            finish();
            System.out.printf("peak heap used (sampled, garbage included) %d MB; after a GC %d MB; max heap %d MB%n",
                    peak >> 20, livePeak >> 20, Runtime.getRuntime().maxMemory() >> 20);
        }

        @Override
        public void run() {
            var mem = ManagementFactory.getMemoryMXBean();
            while (!stop) {
                peak = Math.max(peak, mem.getHeapMemoryUsage().getUsed());
                for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                    if (gc instanceof com.sun.management.GarbageCollectorMXBean g && g.getLastGcInfo() != null) {
                        long after = 0;
                        for (var e : g.getLastGcInfo().getMemoryUsageAfterGc().entrySet()) {
                            if (!e.getKey().contains("Metaspace") && !e.getKey().contains("Code")
                                    && !e.getKey().contains("Class")) {
                                after += e.getValue().getUsed();
                            }
                        }
                        livePeak = Math.max(livePeak, after);
                    }
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private static long cpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    private static double secs(long t) {
        return (System.nanoTime() - t) / 1e9;
    }

    public static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }

    /** A 3-band uint8 tiled DEFLATE GeoTIFF (UTM 33N, 0.5 m) with gradients and noise. */
    /** Writes the benchmark raster: SIZE x SIZE x 3 uint8, 256-px tiles, DEFLATE, no overviews. */
    public static void generate(Path file, int size) throws IOException {
        generate(file, size, size, size);
    }

    /**
     * The top WIDTH x HEIGHT px of the FULL_HEIGHT px high benchmark raster of that width: the same pixels and
     * georeferencing as those rows of {@link #generate(Path, int)}'s file.
     */
    public static void generate(Path file, int width, int height, int fullHeight) throws IOException {
        var opts = GeoTiffWriter.Options.of(width, height, 3, SampleType.UINT8).withDeflateLevel(1)
                .georeferenced(new AffineTransform(0.5, 0, 0, -0.5, 400000, 5000000 + fullHeight * 0.5),
                        Crs.forEpsg(32633));
        try (GeoTiffWriter w = GeoTiffWriter.create(file, opts)) {
            int ts = opts.tileSize();
            byte[] tile = new byte[ts * ts * 3];
            long seed = 1;
            for (int ty = 0; ty < w.tilesDown(); ty++) {
                for (int tx = 0; tx < w.tilesAcross(); tx++) {
                    int i = 0;
                    for (int y = 0; y < ts; y++) {
                        int gy = ty * ts + y;
                        for (int x = 0; x < ts; x++) {
                            int gx = tx * ts + x;
                            seed = seed * 6364136223846793005L + 1442695040888963407L;
                            int noise = (int) (seed >>> 59);
                            tile[i++] = (byte) ((gx >> 6) + noise);
                            tile[i++] = (byte) ((gy >> 6) + noise);
                            tile[i++] = (byte) (((gx + gy) >> 7) ^ (((gx >> 9) + (gy >> 9)) & 1) * 128);
                        }
                    }
                    w.writeTileBytes(tx, ty, tile);
                }
            }
        }
    }
}
