package org.deepraster.tool.classifypixels;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.deepraster.geo.GridGeometry;
import org.deepraster.raster.ClassTable;
import org.deepraster.raster.GeoTiffWriter;
import org.deepraster.raster.SampleType;
import org.deepraster.tiling.RasterRegion;
import org.locationtech.jts.awt.ShapeWriter;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

/**
 * Writes Classify Pixels' finished output blocks, on the writer thread: class indexes to class
 * values (NoData outside the mask), into the classified GeoTIFF and the confidence GeoTIFF (0–100),
 * both written in place tile by tile (readable and resumable at any moment); counts pixels by class;
 * on close, the raster attribute table. One per run.
 */
final class BlockWriter implements AutoCloseable {
    private static final int BLOCK = ClassifyPixelsTool.BLOCK;
    private final RasterRegion region;
    private final PixelClasses classes;
    private final Path output;
    private final GeoTiffWriter classWriter;
    private final GeoTiffWriter confWriter;
    final long[] counts;
    long noDataPixels;

    /** @param classWriter the classified output, open; {@code confWriter} the confidence output or null */
    BlockWriter(RasterRegion region, PixelClasses classes, Path output, GeoTiffWriter classWriter, GeoTiffWriter confWriter) {
        this.region = region;
        this.classes = classes;
        this.output = output;
        this.classWriter = classWriter;
        this.confWriter = confWriter;
        this.counts = new long[classes.values.length];
    }

    /**
     * Opens the outputs when the run starts (writer thread): the ones a resume reopened, or new ones
     * (directory first, tiles updated in place), with the run's settings as their metadata.
     */
    static BlockWriter open(RasterRegion region, PixelClasses classes, Path output, Path confidenceOutput,
                            GridGeometry outputGrid, PixelResume resume) throws IOException {
        GeoTiffWriter cls = resume.takeClasses();
        if (cls == null) {
            cls = GeoTiffWriter.createInPlace(output, classOptions(region, outputGrid, classes), resume.metadata("classes"));
        }
        GeoTiffWriter conf = null;
        try {
            if (confidenceOutput != null) {
                conf = resume.takeConfidence();
                if (conf == null) {
                    conf = GeoTiffWriter.createInPlace(confidenceOutput, confidenceOptions(region, outputGrid),
                            resume.metadata("confidence"));
                }
            }
        } catch (IOException | RuntimeException e) {
            cls.close();
            throw e;
        }
        return new BlockWriter(region, classes, output, cls, conf);
    }

    /** Layout of the classified GeoTIFF: the region's size on the output grid, {@value ClassifyPixelsTool#BLOCK} px tiles. */
    static GeoTiffWriter.Options classOptions(RasterRegion region, GridGeometry outputGrid, PixelClasses classes) {
        Rectangle roi = region.roi();
        return GeoTiffWriter.Options.of(roi.width, roi.height, 1, classes.outType)
                .georeferenced(outputGrid)
                .withTileSize(BLOCK).withNoData((double) classes.noData).withPalette(classes.palette);
    }

    static GeoTiffWriter.Options confidenceOptions(RasterRegion region, GridGeometry outputGrid) {
        Rectangle roi = region.roi();
        return GeoTiffWriter.Options.of(roi.width, roi.height, 1, SampleType.UINT8)
                .georeferenced(outputGrid).withTileSize(BLOCK).withNoData(255.0);
    }

    /** Maps a finished block to values, applies the mask and writes it; returns it for the caller's sinks. */
    ClassifiedBlock write(int bx, int by, Rectangle window, int[] cls, float[] conf) throws IOException {
        Rectangle roi = region.roi();
        boolean[] inside = region.maskInPixels() == null ? null
                : maskOf(new Rectangle(window.x + roi.x, window.y + roi.y, BLOCK, BLOCK));
        int[] values = new int[window.width * window.height];
        float[] confOut = new float[values.length];
        boolean wide = classes.outType != SampleType.UINT8;
        int noData = classes.noData;
        byte[] tile = new byte[BLOCK * BLOCK * (wide ? 2 : 1)];
        byte[] confTile = confWriter == null ? null : new byte[BLOCK * BLOCK];
        if (!wide) {
            Arrays.fill(tile, (byte) noData);
        } else {
            for (int i = 0; i < BLOCK * BLOCK; i++) {
                tile[2 * i] = (byte) noData;
                tile[2 * i + 1] = (byte) (noData >> 8);
            }
        }
        if (confTile != null) {
            Arrays.fill(confTile, (byte) 255);
        }
        int[] classValues = classes.values;
        for (int y = 0; y < window.height; y++) {
            for (int x = 0; x < window.width; x++) {
                int k = y * BLOCK + x;
                int c = cls[k];
                int o = y * window.width + x;
                if (c < 0 || c >= classValues.length || (inside != null && !inside[k])) {
                    values[o] = noData;
                    confOut[o] = Float.NaN;
                    noDataPixels++;
                    continue;
                }
                int v = classValues[c];
                counts[c]++;
                values[o] = v;
                confOut[o] = conf[k];
                if (!wide) {
                    tile[k] = (byte) v;
                } else {
                    tile[2 * k] = (byte) v;
                    tile[2 * k + 1] = (byte) (v >> 8);
                }
                if (confTile != null) {
                    confTile[k] = (byte) Math.max(0, Math.min(100, Math.round(conf[k] * 100)));
                }
            }
        }
        classWriter.writeTileBytes(bx, by, tile);
        if (confWriter != null) {
            confWriter.writeTileBytes(bx, by, confTile);
        }
        return new ClassifiedBlock(window, values, confOut);
    }

    /** Which pixels of a block (raster pixels) lie inside the mask (pixel centres). */
    private boolean[] maskOf(Rectangle px) {
        return maskOf(region, new Rectangle(px.x, px.y, BLOCK, BLOCK));
    }

    /** Which pixels of {@code px} (raster pixels, row by row) lie inside the region's mask (pixel centres). */
    static boolean[] maskOf(RasterRegion region, Rectangle px) {
        boolean[] in = new boolean[px.width * px.height];
        Geometry box = new GeometryFactory().toGeometry(new Envelope(px.x, px.x + px.width, px.y, px.y + px.height));
        if (region.preparedMask().contains(box)) {
            Arrays.fill(in, true);
            return in;
        }
        if (!region.preparedMask().intersects(box)) {
            return in;
        }
        BufferedImage img = new BufferedImage(px.width, px.height, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = img.createGraphics();
        try {
            g.translate(-px.x, -px.y);
            g.setColor(Color.WHITE);
            g.fill(new ShapeWriter().toShape(region.maskInPixels()));
        } finally {
            g.dispose();
        }
        byte[] data = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < in.length; i++) {
            in[i] = data[i] != 0;
        }
        return in;
    }

    /** Closes both outputs, then writes the raster attribute table next to the classified one. */
    @Override
    public void close() throws IOException {
        IOException first = null;
        for (GeoTiffWriter w : new GeoTiffWriter[] {classWriter, confWriter}) {
            try {
                if (w != null) {
                    w.close();
                }
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        try {
            ClassTable.write(output, classes.tableRows());
        } catch (IOException e) {
            first = first == null ? e : first;
        }
        if (first != null) {
            throw first;
        }
    }
}
