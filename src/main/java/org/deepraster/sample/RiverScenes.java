package org.deepraster.sample;

import java.awt.geom.AffineTransform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.deepraster.geo.Crs;
import org.deepraster.raster.ClassTable;
import org.deepraster.raster.GeoTiffWriter;
import org.deepraster.raster.SampleType;
import org.opengis.referencing.crs.CoordinateReferenceSystem;

/**
 * Writes a set of {@link RiverScene}s, deterministic for a seed: image {@code i} is {@code PREFIXii.tif} (RGB, 5 cm
 * pixels, UTM 33N, each image further downstream) and its labels {@code SCLS_PREFIXii.tif} (class values 1-5 with a
 * colour table and class names), as in the fluvial self-supervised classification data sets. Every image draws its
 * own geometry and {@link RiverScene.Radiometry}; {@code radiometry.txt} lists them.
 */
public final class RiverScenes {
    public static final double PIXEL_SIZE = 0.05;
    public static final String LABEL_PREFIX = "SCLS_";

    private RiverScenes() {
    }

    /** One written image and its label raster. */
    public record Written(Path image, Path labels, RiverScene.Radiometry radiometry) {
    }

    /** The scene of image {@code index} of the set of {@code seed}. */
    public static RiverScene scene(long seed, int index, int width, int height) {
        SplittableRandom r = new SplittableRandom(seed * 1_000_003L + index);
        RiverScene.Radiometry look = RiverScene.Radiometry.random(r);
        return new RiverScene(width, height, r.nextLong(), look);
    }

    public static List<Written> write(Path dir, String prefix, long seed, int count, int width, int height) throws IOException {
        return write(dir, prefix, seed, count, width, height, false, false);
    }

    /** As {@link #write(Path, String, long, int, int, int)}, optionally with NumPy copies and PNG previews. */
    public static List<Written> write(Path dir, String prefix, long seed, int count, int width, int height, boolean npy,
                                      boolean preview) throws IOException {
        Files.createDirectories(dir);
        List<Written> out = new ArrayList<>();
        StringBuilder text = new StringBuilder("# image, radiometry (seed " + seed + ")\n");
        for (int i = 1; i <= count; i++) {
            String name = String.format("%s%02d", prefix, i);
            RiverScene scene = scene(seed, i, width, height);
            RiverScene.Pixels px = scene.render();
            AffineTransform gridToCrs = new AffineTransform(PIXEL_SIZE, 0, 0, -PIXEL_SIZE, 500_000 + i * width * PIXEL_SIZE,
                    5_500_000);
            Path image = dir.resolve(name + ".tif");
            Path labels = dir.resolve(LABEL_PREFIX + name + ".tif");
            writeImage(image, px, gridToCrs);
            writeLabels(labels, px, gridToCrs);
            if (npy) {
                RiverExtras.writeNpy(dir.resolve(name + ".npy"), px.rgb(), px.height(), px.width(), 3);
                RiverExtras.writeNpy(dir.resolve(LABEL_PREFIX + name + ".npy"), px.labels(), px.height(), px.width(), 1);
            }
            if (preview) {
                RiverExtras.writePreview(dir.resolve(name + "_preview.png"), px);
            }
            out.add(new Written(image, labels, scene.radiometry()));
            text.append(name).append(", ").append(scene.radiometry().describe()).append('\n');
        }
        Files.writeString(dir.resolve("radiometry.txt"), text);
        return out;
    }

    static CoordinateReferenceSystem crs() {
        return Crs.forEpsg(SampleScene.EPSG);
    }

    /** Writes band-sequential 8-bit RGB as a georeferenced GeoTIFF. */
    public static void writeImage(Path file, RiverScene.Pixels px, AffineTransform gridToCrs) throws IOException {
        GeoTiffWriter.Options o = GeoTiffWriter.Options.of(px.width(), px.height(), 3, SampleType.UINT8)
                .georeferenced(gridToCrs, crs());
        try (GeoTiffWriter w = GeoTiffWriter.create(file, o)) {
            writeRows(w, px.rgb(), 3, px.width(), px.height());
        }
    }

    /** Writes the class values with the classes' colours and names (value 0 = NoData, unlabelled). */
    public static void writeLabels(Path file, RiverScene.Pixels px, AffineTransform gridToCrs) throws IOException {
        int[] palette = new int[256];
        List<ClassTable.Row> rows = new ArrayList<>();
        for (SampleScene.LandCoverClass c : RiverScene.CLASSES) {
            palette[c.value()] = c.rgb();
            rows.add(new ClassTable.Row(c.value(), c.name(), c.rgb()));
        }
        GeoTiffWriter.Options o = GeoTiffWriter.Options.of(px.width(), px.height(), 1, SampleType.UINT8)
                .georeferenced(gridToCrs, crs()).withNoData(0.0).withPalette(palette);
        try (GeoTiffWriter w = GeoTiffWriter.create(file, o)) {
            writeRows(w, px.labels(), 1, px.width(), px.height());
        }
        ClassTable.write(file, rows);
    }

    private static void writeRows(GeoTiffWriter w, byte[] data, int bands, int width, int height) throws IOException {
        int plane = width * height;
        int step = 256;
        for (int y0 = 0; y0 < height; y0 += step) {
            int rows = Math.min(step, height - y0);
            byte[] chunk = new byte[bands * width * rows];
            for (int b = 0; b < bands; b++) {
                System.arraycopy(data, b * plane + y0 * width, chunk, b * width * rows, width * rows);
            }
            w.writeRows(chunk, rows);
        }
    }
}
