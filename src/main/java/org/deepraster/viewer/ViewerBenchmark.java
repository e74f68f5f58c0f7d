package org.deepraster.viewer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deepraster.bench.RasterBenchmark;
import org.deepraster.raster.RasterFiles;
import org.deepraster.raster.RasterSource;
import org.deepraster.util.Progress;
import org.locationtech.jts.geom.Envelope;

/**
 * The viewer's figures for a big raster, measured through the map renderer the viewer uses: on
 * a generated 20000 x 20000 x 3 tiled GeoTIFF without overviews, the time until the full extent
 * is drawn on first open (overview pyramid built) and on a later open, the median redraw time
 * of a 1280 x 800 map after a pan or zoom at three zoom levels, and the peak heap.
 * <pre>java -Xmx512m -cp CLASSPATH org.deepraster.viewer.ViewerBenchmark FOLDER [SIZE]</pre>
 * or {@code ./deepraster benchmark viewer FOLDER}. FOLDER keeps the generated file; the overview
 * cache goes to FOLDER/cache and is cleared first.
 */
public final class ViewerBenchmark {
    private static final int W = 1280, H = 800, REDRAWS = 25;

    private ViewerBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: ViewerBenchmark FOLDER [SIZE]");
            System.exit(2);
        }
        Path folder = Path.of(args[0]);
        int size = args.length > 1 ? Integer.parseInt(args[1]) : 20000;
        Files.createDirectories(folder);
        Path file = folder.resolve("bench-" + size + ".tif");
        if (!Files.exists(file)) {
            long t = System.nanoTime();
            RasterBenchmark.generate(file, size);
            System.out.printf("generated %s (%d MB) in %.1f s%n", file, Files.size(file) >> 20, secs(t));
        }
        Path cache = folder.resolve("cache");
        System.setProperty("deepraster.cache", cache.toString());
        RasterBenchmark.deleteTree(cache);
        System.out.printf("%d x %d x 3 tiled GeoTIFF, no overviews; map %d x %d; JVM max heap %d MB, %d processors%n",
                size, size, W, H, Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors());
        RasterBenchmark.HeapSampler heap = new RasterBenchmark.HeapSampler();
        heap.start();

        System.out.printf("first open -> full extent drawn: %.2f s (includes the one-time EPSG database start-up)%n",
                openAndDrawFullExtent(file));
        System.out.printf("later open  -> full extent drawn: %.2f s%n", openAndDrawFullExtent(file));

        try (RasterSource src = RasterFiles.open(file)) {
            RasterLayer layer = new RasterLayer(src);
            Envelope full = layer.extent();
            MapViewport fit = MapViewport.fit(full, W, H);
            MapRenderer renderer = new MapRenderer();
            Random rnd = new Random(1);
            // zoom levels: whole raster; 1:4 of it; about one raster pixel per screen pixel
            double[] scales = {fit.scale(), fit.scale() / 4, src.grid().pixelSize()};
            String[] names = {"full extent", "zoomed 4x", "1 px = 1 px"};
            for (int z = 0; z < scales.length; z++) {
                List<Double> times = new ArrayList<>();
                MapViewport vp = fit.withCenter(full.centre().x, full.centre().y);
                vp = new MapViewport(vp.centerX(), vp.centerY(), scales[z], W, H);
                renderer.render(List.of(layer), vp, src.grid().crs(), () -> false); // arrive at the level
                for (int i = 0; i < REDRAWS; i++) {
                    // a pan of up to half a screen, kept inside the raster
                    vp = vp.panByPixels((rnd.nextDouble() - 0.5) * W, (rnd.nextDouble() - 0.5) * H);
                    vp = clampInto(vp, full);
                    long t = System.nanoTime();
                    renderer.render(List.of(layer), vp, src.grid().crs(), () -> false);
                    times.add((System.nanoTime() - t) / 1e6);
                }
                double[] sorted = times.stream().mapToDouble(Double::doubleValue).sorted().toArray();
                System.out.printf("redraw after pan at %-12s median %6.1f ms  (p90 %6.1f ms, %d redraws)%n",
                        names[z] + ":", sorted[sorted.length / 2], sorted[(int) (sorted.length * 0.9)], sorted.length);
            }
        }
        heap.stop = true;
        heap.join();
        System.out.printf("peak heap: %d MB used (sampled, garbage included), %d MB live after GC%n",
                heap.peak >> 20, heap.livePeak >> 20);
    }

    /** Opens the raster as the viewer does and draws its full extent once the overviews are ready. */
    private static double openAndDrawFullExtent(Path file) throws Exception {
        long t = System.nanoTime();
        try (RasterSource src = RasterFiles.open(file)) {
            RasterLayer layer = new RasterLayer(src);
            layer.overviewsPending(src.prepareOverviews(Progress.NONE));
            MapViewport vp = MapViewport.fit(layer.extent(), W, H);
            src.prepareOverviews(Progress.NONE).join();
            new MapRenderer().render(List.of(layer), vp, src.grid().crs(), () -> false);
            return secs(t);
        }
    }

    private static MapViewport clampInto(MapViewport vp, Envelope e) {
        double cx = Math.max(e.getMinX(), Math.min(e.getMaxX(), vp.centerX()));
        double cy = Math.max(e.getMinY(), Math.min(e.getMaxY(), vp.centerY()));
        return vp.withCenter(cx, cy);
    }

    private static double secs(long t) {
        return (System.nanoTime() - t) / 1e9;
    }
}
