package org.deepraster.tool.classifypixels;

import java.awt.Rectangle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deepraster.geo.GridGeometry;
import org.deepraster.raster.GeoTiffWriter;
import org.deepraster.raster.SampleType;

/**
 * The float32 GeoTIFF of a values run (Deepness Regressor / Superresolution), assembled block by block
 * ({@value ClassifyPixelsTool#BLOCK} px GeoTIFF tiles) on the writer thread: each tile's piece (its core,
 * scaled by the super-resolution factor) is copied into the blocks it touches, and a block is written and
 * dropped as soon as every tile that touches it is done (or skipped). Only unfinished blocks are held: with
 * the tiles in swaths ({@link ValuesPlan}) that is about one swath's width × (a core's height + a block)
 * of output pixels, whatever the raster's size. Blocks no tile touches (outside the mask) and the blocks of
 * a cancelled run's unfinished tiles are written as NoData when it closes.
 */
final class ValueMosaic implements AutoCloseable {
    private static final int BLOCK = ClassifyPixelsTool.BLOCK;

    private final GeoTiffWriter writer;
    private final int width;
    private final int height;
    private final int bands;
    private final float noData;
    private final int across;
    private final int[] pending;
    private final boolean[] written;
    private final Map<Integer, float[]> open = new HashMap<>();
    private int peakOpen;
    long validPixels;

    /** @param pieces each tile's rectangle in output pixels: how many tiles each block waits for */
    ValueMosaic(Path file, GridGeometry grid, int bands, float noData, List<Rectangle> pieces) throws IOException {
        this.width = grid.width();
        this.height = grid.height();
        this.bands = bands;
        this.noData = noData;
        this.across = (width + BLOCK - 1) / BLOCK;
        int down = (height + BLOCK - 1) / BLOCK;
        this.pending = new int[across * down];
        this.written = new boolean[across * down];
        for (Rectangle r : pieces) {
            forBlocks(r, b -> pending[b]++);
        }
        writer = GeoTiffWriter.create(file, GeoTiffWriter.Options.of(width, height, bands, SampleType.FLOAT32)
                .georeferenced(grid).withTileSize(BLOCK).withNoData((double) noData));
    }

    static long bytesPerBlock(int bands) {
        return (long) BLOCK * BLOCK * bands * Float.BYTES;
    }

    int peakOpenBlocks() {
        return peakOpen;
    }

    /** Copies {@code values} ({@code [band][row][col]} of {@code r}, output pixels) into the blocks; then {@link #done}. */
    void put(Rectangle r, float[] values) throws IOException {
        int plane = r.width * r.height;
        forBlocks(r, b -> {
            float[] block = open.computeIfAbsent(b, k -> fresh());
            peakOpen = Math.max(peakOpen, open.size());
            int bx = (b % across) * BLOCK;
            int by = (b / across) * BLOCK;
            int x0 = Math.max(r.x, bx);
            int x1 = Math.min(r.x + r.width, bx + BLOCK);
            int y0 = Math.max(r.y, by);
            int y1 = Math.min(r.y + r.height, by + BLOCK);
            for (int c = 0; c < bands; c++) {
                for (int y = y0; y < y1; y++) {
                    System.arraycopy(values, c * plane + (y - r.y) * r.width + (x0 - r.x), block,
                            c * BLOCK * BLOCK + (y - by) * BLOCK + (x0 - bx), x1 - x0);
                }
            }
        });
        for (int y = 0; y < r.height; y++) {
            for (int x = 0; x < r.width; x++) {
                if (values[y * r.width + x] != noData) {
                    validPixels++;
                }
            }
        }
        done(r);
    }

    /** The tile of {@code r} is finished (put, or skipped: its pixels stay NoData); writes the blocks it completes. */
    void done(Rectangle r) throws IOException {
        IOException[] failed = new IOException[1];
        forBlocks(r, b -> {
            if (--pending[b] == 0 && failed[0] == null) {
                try {
                    write(b);
                } catch (IOException e) {
                    failed[0] = e;
                }
            }
        });
        if (failed[0] != null) {
            throw failed[0];
        }
    }

    private void write(int b) throws IOException {
        float[] block = open.remove(b);
        writer.writeTile(b % across, b / across, block == null ? fresh() : block);
        written[b] = true;
    }

    private float[] fresh() {
        float[] a = new float[BLOCK * BLOCK * bands];
        Arrays.fill(a, noData);
        return a;
    }

    private void forBlocks(Rectangle r, BlockAction action) {
        int bx0 = Math.max(0, r.x) / BLOCK;
        int by0 = Math.max(0, r.y) / BLOCK;
        int bx1 = (Math.min(width, r.x + r.width) - 1) / BLOCK;
        int by1 = (Math.min(height, r.y + r.height) - 1) / BLOCK;
        for (int by = by0; by <= by1; by++) {
            for (int bx = bx0; bx <= bx1; bx++) {
                action.on(by * across + bx);
            }
        }
    }

    @FunctionalInterface
    private interface BlockAction {
        void on(int block);
    }

    /** Writes every block not written yet (NoData where no tile gave values), then the file's directory. */
    @Override
    public void close() throws IOException {
        try {
            for (int b = 0; b < written.length; b++) {
                if (!written[b]) {
                    write(b);
                }
            }
        } finally {
            writer.close();
        }
    }
}
