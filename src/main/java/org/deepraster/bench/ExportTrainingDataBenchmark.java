package org.deepraster.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deepraster.feature.Feature;
import org.deepraster.feature.FeatureSchema;
import org.deepraster.feature.FeatureWriter;
import org.deepraster.feature.FeatureWriters;
import org.deepraster.feature.Field;
import org.deepraster.feature.FieldType;
import org.deepraster.feature.GeometryKind;
import org.deepraster.feature.WriteMode;
import org.deepraster.geo.Crs;
import org.deepraster.tool.Environments;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataParameters;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataParameters.ChipFormat;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataParameters.ClassData;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataParameters.MetadataFormat;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataResult;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataTool;
import org.deepraster.tool.FeatureInput;
import org.deepraster.tool.ProcessingExtent;
import org.deepraster.util.Progress;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.GeometryFactory;

/**
 * {@code deepraster benchmark export-training-data FOLDER [SIZE=20000] [CHIPS=0] [FORMAT=PASCAL_VOC_rectangles]
 * [CHIP_FORMAT=TIFF] [READERS=0]}: Export Training Data of 256 x 256 chips (stride 256) with labels from a
 * generated SIZE x SIZE x 3 uint8 tiled GeoTIFF (the raster benchmark's file) and random boxes, about 8 per
 * chip, in two classes. CHIPS > 0 limits the run to a processing extent of about that many chips from the
 * raster's top-left corner (the disk holds 20000 x 20000 / 256^2 = 6 100 chips of 192 KB before
 * compression). Prints chips per second, labels written and the peak heap.
 */
public final class ExportTrainingDataBenchmark {
    private ExportTrainingDataBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: ExportTrainingDataBenchmark FOLDER [SIZE=20000] [CHIPS=0] [FORMAT] [CHIP_FORMAT] [READERS=0]");
            System.exit(2);
        }
        Path folder = Path.of(args[0]);
        int size = args.length > 1 ? Integer.parseInt(args[1]) : 20000;
        int chips = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        MetadataFormat fmt = args.length > 3 ? MetadataFormat.parse(args[3]) : MetadataFormat.PASCAL_VOC_rectangles;
        ChipFormat cf = args.length > 4 ? ChipFormat.valueOf(args[4]) : ChipFormat.TIFF;
        int readers = args.length > 5 ? Integer.parseInt(args[5]) : 0;
        Files.createDirectories(folder);
        Path raster = folder.resolve("bench-" + size + ".tif");
        if (!Files.exists(raster)) {
            long t = System.nanoTime();
            RasterBenchmark.generate(raster, size);
            System.out.printf("generated %s (%d MB) in %.1f s%n", raster, Files.size(raster) >> 20, (System.nanoTime() - t) / 1e9);
        }
        Path boxes = folder.resolve("boxes-" + size + ".gpkg");
        if (!Files.exists(boxes)) {
            writeBoxes(boxes, size);
        }
        double x0 = 400000;
        double y1 = 5000000 + size * 0.5;
        Environments env = Environments.DEFAULT.withParallelProcessingFactor(readers);
        if (chips > 0) {
            int side = (int) Math.ceil(Math.sqrt(chips)) * 256;
            env = env.withExtent(new ProcessingExtent.Box(new Envelope(x0, x0 + side * 0.5, y1 - side * 0.5, y1), null));
        }
        Path out = folder.resolve("export-out");
        ExportTrainingDataParameters p = ExportTrainingDataParameters.of(raster, out, ClassData.features(FeatureInput.file(boxes)))
                .withFormat(fmt, cf).withTiles(256, 256, 256, 256).withClassValueField("value").withEnvironments(env)
                .withOverwrite(true);
        System.out.printf("JVM max heap %d MB, %d processors, readers %d; %s %s chips of 256 x 256 from a %d x %d raster%n",
                Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors(), env.readers(), fmt, cf, size, size);
        RasterBenchmark.HeapSampler heap = RasterBenchmark.HeapSampler.started();
        long t0 = System.nanoTime();
        ExportTrainingDataResult r;
        try (ExportTrainingDataTool.Plan plan = new ExportTrainingDataTool().plan(p)) {
            double planning = (System.nanoTime() - t0) / 1e9;
            long t1 = System.nanoTime();
            r = plan.run(Progress.NONE, List.of());
            double run = (System.nanoTime() - t1) / 1e9;
            long labels = r.labelsByClass().values().stream().mapToLong(Long::longValue).sum();
            System.out.printf("plan (features, index, layout) %.2f s; %d chips in %.2f s: %.1f chips/s, %d labels (%s)%n",
                    planning, r.chips(), run, r.chips() / run, labels, r.labelsByClass());
        }
        heap.finishAndPrint();
        RasterBenchmark.deleteTree(out);
    }

    /** Random boxes of 6-40 px (0.5 m pixels), about 8 per 256 x 256 chip, classes 1 and 2. */
    static void writeBoxes(Path file, int size) throws IOException {
        FeatureSchema s = new FeatureSchema("boxes", GeometryKind.POLYGON, List.of(new Field("value", FieldType.INTEGER)),
                Crs.forEpsg(32633));
        Random rnd = new Random(7);
        long n = (long) size * size / (256 * 256) * 8;
        GeometryFactory gf = new GeometryFactory();
        double x0 = 400000;
        double y1 = 5000000 + size * 0.5;
        try (FeatureWriter w = FeatureWriters.create(file, s, WriteMode.CREATE)) {
            List<Feature> batch = new ArrayList<>();
            for (long i = 1; i <= n; i++) {
                double px = rnd.nextDouble() * (size - 40);
                double py = rnd.nextDouble() * (size - 40);
                double bw = 6 + rnd.nextDouble() * 34;
                double bh = 6 + rnd.nextDouble() * 34;
                double mx = x0 + px * 0.5;
                double my = y1 - py * 0.5;
                var g = gf.createPolygon(new Coordinate[] {new Coordinate(mx, my), new Coordinate(mx + bw * 0.5, my),
                    new Coordinate(mx + bw * 0.5, my - bh * 0.5), new Coordinate(mx, my - bh * 0.5), new Coordinate(mx, my)});
                batch.add(new Feature(i, g, Map.of("value", rnd.nextInt(2) + 1)));
                if (batch.size() == 10000) {
                    w.write(batch);
                    batch.clear();
                }
            }
            w.write(batch);
        }
    }
}
