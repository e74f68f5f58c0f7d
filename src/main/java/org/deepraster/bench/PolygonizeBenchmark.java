package org.deepraster.bench;

import java.awt.geom.AffineTransform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.deepraster.feature.Feature;
import org.deepraster.feature.FeatureWriter;
import org.deepraster.feature.FeatureWriters;
import org.deepraster.feature.WriteMode;
import org.deepraster.geo.Crs;
import org.deepraster.raster.GeoTiffWriter;
import org.deepraster.raster.RasterFiles;
import org.deepraster.raster.RasterSource;
import org.deepraster.raster.SampleType;
import org.deepraster.vector.PolygonizeOptions;
import org.deepraster.vector.PolygonizeResult;
import org.deepraster.vector.Polygonizer;
import org.deepraster.util.Progress;

/**
 * {@code deepraster benchmark polygonize FOLDER [SIZE] [gpkg] [simplify=T] [regularize] [min-area=A]}:
 * vectorises a generated SIZE x SIZE classified raster (default 20000; uint8, 0.5 m pixels): a
 * background (0) with large fields (1) spanning thousands of rows, and in cells of 96 pixels
 * rotated rectangular buildings (2), round trees (3), ponds (4), plus one-pixel specks (5). The
 * file is generated once into FOLDER. Prints pixels/s, polygons/s and the peak heap (sampled, and
 * live after GC). By default polygons go to a sink that only counts them, so the figures are the
 * polygoniser's own; {@code gpkg} writes them to FOLDER/polygons.gpkg too. Run with a small
 * heap ({@code DEEPRASTER_JAVA_OPTS=-Xmx256m}) to show that memory does not follow the raster size.
 */
public final class PolygonizeBenchmark {
    private static final int CELL = 96;

    private PolygonizeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<String> a = new ArrayList<>(List.of(args));
        boolean gpkg = a.remove("gpkg");
        boolean regularize = a.remove("regularize");
        double simplify = option(a, "simplify=", 0);
        double minArea = option(a, "min-area=", 0);
        if (a.isEmpty()) {
            System.err.println("usage: benchmark polygonize FOLDER [SIZE] [gpkg] [simplify=T] [regularize] [min-area=A]");
            System.exit(2);
        }
        Path folder = Path.of(a.get(0));
        int size = a.size() > 1 ? Integer.parseInt(a.get(1)) : 20000;
        Files.createDirectories(folder);
        Path file = folder.resolve("classes-" + size + ".tif");
        if (!Files.exists(file)) {
            long t = System.nanoTime();
            generate(file, size);
            System.out.printf("generated %s (%d MB) in %.1f s%n", file, Files.size(file) >> 20, (System.nanoTime() - t) / 1e9);
        }
        System.out.println("JVM max heap: " + (Runtime.getRuntime().maxMemory() >> 20) + " MB, "
                + Runtime.getRuntime().availableProcessors() + " processors");
        PolygonizeOptions options = PolygonizeOptions.defaults().withMinArea(minArea).withSimplifyTolerance(simplify)
                .withRegularization(regularize ? Set.of(2) : Set.of(), 0);
        RasterBenchmark.HeapSampler heap = new RasterBenchmark.HeapSampler();
        heap.start();
        System.gc();
        long cpu0 = cpuNanos();
        PolygonizeResult r;
        long vertices;
        long largest;
        try (RasterSource src = RasterFiles.open(file)) {
            if (gpkg) {
                Path out = folder.resolve("polygons.gpkg");
                try (FeatureWriter w = FeatureWriters.create(out,
                        Polygonizer.schema("polygons", src.grid().crs(), options), WriteMode.OVERWRITE)) {
                    CountingWriter counting = new CountingWriter(w);
                    r = Polygonizer.polygonize(src, 0, options, counting, Progress.NONE);
                    vertices = counting.vertices;
                    largest = counting.largest;
                }
            } else {
                CountingWriter counting = new CountingWriter(null);
                r = Polygonizer.polygonize(src, 0, options, counting, Progress.NONE);
                vertices = counting.vertices;
                largest = counting.largest;
            }
        }
        heap.finish();
        double s = r.elapsed().toNanos() / 1e9;
        long px = r.pixels();
        System.out.printf("polygonize %d x %d%s%s%s%s: %d polygons (%s), %d vertices (largest polygon %d), %d dropped, %.1f s wall, %.1f s CPU%n",
                size, size, gpkg ? " -> GeoPackage" : "", simplify > 0 ? ", simplify " + simplify : "",
                regularize ? ", regularise class 2" : "", minArea > 0 ? ", min area " + minArea : "",
                r.polygons(), r.polygonsPerClass(), vertices, largest, r.droppedSmall(), s, (cpuNanos() - cpu0) / 1e9);
        System.out.printf("  %.1f Mpixel/s (%.1f MB/s of uint8 samples), %.0f polygons/s%s%n",
                px / s / 1e6, px / s / 1e6, r.polygons() / s,
                r.regularized() > 0 ? String.format(", %d footprints squared, %d as rotated rectangles",
                        r.regularized(), r.regularizeFallbacks()) : "");
        System.out.printf("  peak heap used %d MB (sampled), live after GC %d MB; raster %d MB uncompressed%n",
                heap.peak >> 20, heap.livePeak >> 20, px >> 20);
    }

    private static double option(List<String> a, String prefix, double dflt) {
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i).startsWith(prefix)) {
                return Double.parseDouble(a.remove(i).substring(prefix.length()));
            }
        }
        return dflt;
    }

    private static long cpuNanos() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    /** Counts features and vertices; passes them on to a real writer if there is one. */
    private static final class CountingWriter implements FeatureWriter {
        final FeatureWriter next;
        long count;
        long vertices;
        long largest;

        CountingWriter(FeatureWriter next) {
            this.next = next;
        }

        @Override
        public void write(List<Feature> features) throws IOException {
            for (Feature f : features) {
                int n = f.geometry().getNumPoints();
                vertices += n;
                largest = Math.max(largest, n);
            }
            count += features.size();
            if (next != null) {
                next.write(features);
            }
        }

        @Override
        public long count() {
            return count;
        }

        @Override
        public void close() {
        }
    }

    /** Writes the synthetic classified raster tile by tile. */
    public static void generate(Path file, int size) throws IOException {
        var opts = GeoTiffWriter.Options.of(size, size, 1, SampleType.UINT8).withDeflateLevel(1)
                .georeferenced(new AffineTransform(0.5, 0, 0, -0.5, 400000, 5000000 + size * 0.5), Crs.forEpsg(32633));
        Scene scene = new Scene(size);
        try (GeoTiffWriter w = GeoTiffWriter.create(file, opts)) {
            int ts = opts.tileSize();
            byte[] tile = new byte[ts * ts];
            for (int ty = 0; ty < w.tilesDown(); ty++) {
                for (int tx = 0; tx < w.tilesAcross(); tx++) {
                    int i = 0;
                    for (int y = 0; y < ts; y++) {
                        for (int x = 0; x < ts; x++) {
                            tile[i++] = (byte) scene.value(tx * ts + x, ty * ts + y);
                        }
                    }
                    w.writeTileBytes(tx, ty, tile);
                }
            }
        }
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }

    /** The synthetic scene: the class of each pixel, with per-cell shapes cached. */
    static final class Scene {
        final double[] sx;
        final double[] cx15;
        final double[] sx15;
        final double[] sy;
        final double[] cy;
        long cellKey = Long.MIN_VALUE;
        int kind;
        double dx;
        double dy;
        double cos;
        double sin;
        double a;
        double b;

        Scene(int size) {
            int n = size + 256;
            sx = new double[n];
            cx15 = new double[n];
            sx15 = new double[n];
            sy = new double[n];
            cy = new double[n];
            for (int i = 0; i < n; i++) {
                sx[i] = Math.sin(i / 900.0);
                cx15[i] = Math.cos(i / 1500.0);
                sx15[i] = Math.sin(i / 1500.0);
                sy[i] = Math.sin(i / 700.0);
                cy[i] = Math.cos(i / 700.0);
            }
        }

        int value(int x, int y) {
            long px = mix(x * 0x9E3779B97F4A7C15L + y);
            if ((px & 2047) == 0) {
                return 5; // speck
            }
            int gx = x / CELL;
            int gy = y / CELL;
            long key = ((long) gx << 32) | gy;
            if (key != cellKey) {
                cellKey = key;
                long h = mix(((long) gx << 32) ^ gy ^ 0x5DEECE66DL);
                dx = gx * CELL + CELL / 2.0 + 0.5 - ((h >>> 8) & 15) + 7.5;
                dy = gy * CELL + CELL / 2.0 + 0.5 - ((h >>> 12) & 15) + 7.5;
                kind = (int) ((h >>> 16) & 15);
                double ang = ((h >>> 20) & 255) / 256.0 * Math.PI / 2;
                cos = Math.cos(ang);
                sin = Math.sin(ang);
                if (kind < 7) { // building: a rotated rectangle, an L for kinds 0-2
                    a = 8 + ((h >>> 28) & 15);
                    b = 6 + ((h >>> 32) & 7);
                } else if (kind < 11) { // tree
                    a = 4 + ((h >>> 20) & 7);
                } else { // pond
                    a = 18 + ((h >>> 20) & 15);
                    b = 12 + ((h >>> 24) & 15);
                }
            }
            double ox = x - dx;
            double oy = y - dy;
            if (kind < 7) {
                double u = ox * cos + oy * sin;
                double v = -ox * sin + oy * cos;
                if (Math.abs(u) < a && Math.abs(v) < b && !(kind < 3 && u > 0 && v > 0)) {
                    return 2;
                }
            } else if (kind < 11) {
                if (ox * ox + oy * oy < a * a) {
                    return 3;
                }
            } else if (kind == 11) {
                if ((ox / a) * (ox / a) + (oy / b) * (oy / b) < 1) {
                    return 4;
                }
            }
            // sin(x/900) + sin(y/700 + x/1500) > 0.9: large fields
            double field = sx[x] + sy[y] * cx15[x] + cy[y] * sx15[x];
            return field > 0.9 ? 1 : 0;
        }
    }
}
