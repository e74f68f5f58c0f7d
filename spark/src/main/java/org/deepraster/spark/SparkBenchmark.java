package org.deepraster.spark;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.deepraster.sample.SampleScene;

/**
 * {@code SparkBenchmark OUT [SIZE] [MODEL]}: the same 8-raster Detect Objects job (sample scenes of SIZE px, default
 * 1024; the sample tree/car detector, padding 32: tiles every 192 px) on {@code local[1]} and {@code local[2]} in
 * this process (after a warm-up run), then a county from the measured cost per tile: 433 images of 20 000 x 20 000
 * px, how many executors like this machine finish it in one hour — running one task at a time (ONNX Runtime's
 * intra-op threads already use every physical core), or two (the local[2] speed-up).
 */
public final class SparkBenchmark {
    static final int RASTERS = 8;
    static final int COUNTY_IMAGES = 433;
    static final int COUNTY_SIZE = 20_000;

    private SparkBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("Usage: SparkBenchmark OUT [SIZE] [MODEL]");
            System.exit(2);
        }
        Path out = Path.of(args[0]).toAbsolutePath();
        int size = args.length > 1 ? Integer.parseInt(args[1]) : 1024;
        Path model = Path.of(args.length > 2 ? args[2] : System.getProperty("deepraster.home", ".")
                + "/sample-models/tree_car_detector.dlpk").toAbsolutePath();
        Path rasters = Files.createDirectories(out.resolve("rasters"));
        for (int seed = 1; seed <= RASTERS; seed++) {
            Path r = rasters.resolve("scene_" + seed + ".tif");
            if (!Files.exists(r)) {
                Files.copy(SampleScene.ensure(out.resolve("scenes/" + seed), size, seed).scene(), r);
            }
        }
        Path job = Files.writeString(out.resolve("job.json"), "{\"tool\": \"detect-objects\", \"parameters\": {"
                + "\"in_model_definition\": \"" + model + "\", \"out_detected_objects\": \"det.gpkg\", \"run_nms\": \"NMS\","
                + " \"max_overlap_ratio\": 0.3, \"arguments\": \"padding 32\"}}\n");
        int step = 256 - 2 * 32;
        long tilesPerRaster = (long) Math.ceil(size / (double) step) * (long) Math.ceil(size / (double) step);
        long tiles = tilesPerRaster * RASTERS;
        run(2, job, out.resolve("warmup"), List.of(rasters.resolve("scene_1.tif").toString(),
                rasters.resolve("scene_2.tif").toString()));
        double one = run(1, job, out.resolve("local1"), List.of(rasters.toString()));
        double two = run(2, job, out.resolve("local2"), List.of(rasters.toString()));
        double perTile = one / tiles; // seconds per tile of one task, end to end (read, infer, write, commit)
        long countyTiles = (long) COUNTY_IMAGES * (long) Math.ceil(COUNTY_SIZE / (double) step)
                * (long) Math.ceil(COUNTY_SIZE / (double) step);
        double taskHours = countyTiles * perTile / 3600;
        double efficiency = one / two / 2;
        System.out.printf(Locale.ROOT, "%d rasters of %d x %d px, %d tiles of 256 px every %d px (%d a raster)%n",
                RASTERS, size, size, tiles, step, tilesPerRaster);
        System.out.printf(Locale.ROOT, "local[1]: %.1f s (%.1f tiles/s, %.1f ms a tile)%n", one, tiles / one, 1000 * perTile);
        System.out.printf(Locale.ROOT, "local[2]: %.1f s (%.1f tiles/s): speed-up %.2f, %.0f%% of 2 cores%n", two,
                tiles / two, one / two, 100 * efficiency);
        System.out.printf(Locale.ROOT, "County: %d images of %d x %d px = %d tiles; at %.1f ms a tile: %.1f task-hours"
                        + " -> %d executors like this machine for one hour with one task each, %d with two%n",
                COUNTY_IMAGES, COUNTY_SIZE, COUNTY_SIZE, countyTiles, 1000 * perTile, taskHours,
                (long) Math.ceil(taskHours),
                (long) Math.ceil(taskHours / (one / two)));
    }

    /** Seconds of one run of the job on local[cores] (a fresh output folder, a fresh context). */
    static double run(int cores, Path job, Path out, List<String> inputs) throws IOException {
        SparkConf conf = new SparkConf().setMaster("local[" + cores + "]").setAppName("DeepRaster benchmark")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1");
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            long t0 = System.nanoTime();
            SparkJob.run(sc, new SparkJob.Options(job.toString(), out.toString(), 0, inputs),
                    new PrintStream(new ByteArrayOutputStream()));
            return (System.nanoTime() - t0) / 1e9;
        }
    }
}
