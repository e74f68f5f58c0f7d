package org.deepraster.raster;

import java.io.IOException;
import org.deepraster.raster.tiff.Chunk;
import org.deepraster.raster.tiff.TiffChunkDecoder;
import org.deepraster.raster.tiff.TiffDirectory;
import org.deepraster.raster.tiff.TiffFile;
import org.deepraster.raster.tiff.TiffMaskDecoder;

/**
 * One resolution level of a raster: an image of a TIFF file (the file's own or a cached overview),
 * with its transparency mask when the file has one for it.
 */
final class TiffLevel {
    final TiffFile file;
    final TiffDirectory dir;
    /** The level's transparency mask (same size; 0 = no data), or null. */
    final TiffDirectory mask;
    /**
     * The band of this level's own image that says where it is valid (0 = no data), or -1: the
     * cached pyramid of a masked raster carries its mask so ({@link PyramidBuilder}).
     */
    final int validityBand;
    final int width;
    final int height;
    /** Full-resolution pixels per pixel of this level, across and down. */
    final double scaleX;
    final double scaleY;
    private final int fullWidth;
    private final int fullHeight;
    final double fill;

    TiffLevel(TiffFile file, TiffDirectory dir, int fullWidth, int fullHeight, double fill) {
        this(file, dir, null, -1, fullWidth, fullHeight, fill);
    }

    TiffLevel(TiffFile file, TiffDirectory dir, TiffDirectory mask, int validityBand, int fullWidth, int fullHeight,
              double fill) {
        this.file = file;
        this.dir = dir;
        this.mask = mask;
        this.validityBand = validityBand;
        this.width = dir.width;
        this.height = dir.height;
        this.fullWidth = fullWidth;
        this.fullHeight = fullHeight;
        this.scaleX = fullWidth / (double) width;
        this.scaleY = fullHeight / (double) height;
        this.fill = fill;
    }

    int chunksPerPlane() {
        return dir.tilesAcross() * dir.tilesDown();
    }

    /** The decoded chunk, from the shared cache when there. */
    Chunk chunk(int index, boolean useCache) throws IOException {
        if (!useCache) {
            return TiffChunkDecoder.decode(file, dir, index, fill);
        }
        TileCache.Key key = new TileCache.Key(this, index);
        Chunk c = TileCache.SHARED.get(key);
        if (c == null) {
            c = TiffChunkDecoder.decode(file, dir, index, fill);
            TileCache.SHARED.put(key, c);
        }
        return c;
    }

    /** The decoded mask chunk, from the shared cache (keyed apart from the image's chunks). */
    private Chunk maskChunk(int index) throws IOException {
        TileCache.Key key = new TileCache.Key(this, -1 - index);
        Chunk c = TileCache.SHARED.get(key);
        if (c == null) {
            c = TiffMaskDecoder.decode(file, mask, index);
            TileCache.SHARED.put(key, c);
        }
        return c;
    }

    /** The level column of each of {@code outW} output columns over full-resolution {@code region} (-1: outside). */
    int[] columns(java.awt.Rectangle region, int outW) {
        int[] cols = new int[outW];
        double sx = region.width / (double) outW;
        for (int x = 0; x < outW; x++) {
            double fx = region.x + (x + 0.5) * sx;
            cols[x] = fx < 0 || fx >= fullWidth ? -1 : Math.min(width - 1, (int) (fx / scaleX));
        }
        return cols;
    }

    /** The level row of each of {@code outH} output rows over full-resolution {@code region} (-1: outside). */
    int[] rows(java.awt.Rectangle region, int outH) {
        int[] rows = new int[outH];
        double sy = region.height / (double) outH;
        for (int y = 0; y < outH; y++) {
            double fy = region.y + (y + 0.5) * sy;
            rows[y] = fy < 0 || fy >= fullHeight ? -1 : Math.min(height - 1, (int) (fy / scaleY));
        }
        return rows;
    }

    /**
     * Clears {@code valid} of a read of {@code region} from this level where the raster has no
     * data by its mask: this level's own (mask or validity band, already applied by
     * {@link #sample}), else the mask of the coarsest masked level of {@code levels} (finest first)
     * that is not coarser (an unmasked or old cached overview takes the mask of a finer level).
     */
    void applyMasks(java.awt.Rectangle region, int[] cols, int[] rows, boolean[] valid, java.util.List<TiffLevel> levels)
            throws IOException {
        if (mask != null) {
            applyMask(cols, rows, valid);
            return;
        }
        if (validityBand >= 0) {
            return;
        }
        TiffLevel best = null;
        for (TiffLevel l : levels) {
            if (l.mask != null && l.scaleX <= scaleX * 1.001) {
                best = l;
            }
        }
        if (best != null) {
            best.applyMask(best.columns(region, cols.length), best.rows(region, rows.length), valid);
        }
    }

    /** Mask values of row {@code y}, columns {@code [x0, x1)}, into {@code out[0 .. x1 - x0)} (0 = no data). */
    void maskRow(int y, int x0, int x1, byte[] out) throws IOException {
        int tw = mask.tileWidth;
        int ty = y / mask.tileHeight;
        int r = y - ty * mask.tileHeight;
        for (int x = x0; x < x1; ) {
            int tx = x / tw;
            Chunk c = maskChunk(ty * mask.tilesAcross() + tx);
            int end = Math.min(x1, (tx + 1) * tw);
            System.arraycopy(c.byteData(), r * c.width + x - tx * tw, out, x - x0, end - x);
            x = end;
        }
    }

    /**
     * Clears {@code valid} where this level's mask is 0: output pixel (ox, oy) is mask pixel
     * ({@code cols[ox]}, {@code rows[oy]}) of this level (-1: outside, left as it is).
     */
    void applyMask(int[] cols, int[] rows, boolean[] valid) throws IOException {
        int tw = mask.tileWidth;
        int th = mask.tileHeight;
        int across = mask.tilesAcross();
        Chunk[] rowChunks = new Chunk[across];
        int currentTileRow = -1;
        int outW = cols.length;
        for (int oy = 0; oy < rows.length; oy++) {
            int ly = rows[oy];
            if (ly < 0) {
                continue;
            }
            int ty = ly / th;
            if (ty != currentTileRow) {
                java.util.Arrays.fill(rowChunks, null);
                currentTileRow = ty;
            }
            int r = ly - ty * th;
            for (int ox = 0; ox < outW; ox++) {
                int lx = cols[ox];
                if (lx < 0 || !valid[oy * outW + ox]) {
                    continue;
                }
                int tx = lx / tw;
                Chunk c = rowChunks[tx];
                if (c == null) {
                    c = maskChunk(ty * across + tx);
                    rowChunks[tx] = c;
                }
                if (c.byteData()[r * c.width + lx - tx * tw] == 0) {
                    valid[oy * outW + ox] = false;
                }
            }
        }
    }

    /**
     * Nearest-neighbour sampling of this level: output column {@code ox} takes level column
     * {@code cols[ox]} and output row {@code oy} level row {@code rows[oy]} (-1: outside). Fills
     * {@code out} band-sequential for {@code bands}, and clears {@code valid} where a pixel is
     * outside or NoData in every band.
     */
    void sample(int[] cols, int[] rows, int[] bands, float[] out, boolean[] valid, Double noData,
                boolean useCache) throws IOException {
        int outW = cols.length;
        int outH = rows.length;
        int plane = outW * outH;
        int tw = dir.tileWidth;
        int th = dir.tileHeight;
        int across = dir.tilesAcross();
        boolean planar = dir.planarConfig == 2;
        int spp = dir.samplesPerPixel;
        int nb = bands.length;
        Chunk[] rowChunks = new Chunk[across * (planar ? nb : 1)];
        int currentTileRow = -1;
        boolean checkNoData = noData != null;
        float nd = checkNoData ? noData.floatValue() : 0;
        boolean ndNaN = checkNoData && Double.isNaN(noData);
        boolean isFloat = dir.sampleFormat == 3;
        for (int oy = 0; oy < outH; oy++) {
            int ly = rows[oy];
            int o = oy * outW;
            if (ly < 0) {
                for (int ox = 0; ox < outW; ox++) {
                    valid[o + ox] = false;
                }
                continue;
            }
            int ty = ly / th;
            if (ty != currentTileRow) {
                java.util.Arrays.fill(rowChunks, null);
                currentTileRow = ty;
            }
            int r = ly - ty * th;
            for (int ox = 0; ox < outW; ox++) {
                int lx = cols[ox];
                if (lx < 0) {
                    valid[o + ox] = false;
                    continue;
                }
                int tx = lx / tw;
                int cx = lx - tx * tw;
                boolean allNoData = true;
                for (int k = 0; k < nb; k++) {
                    int band = bands[k];
                    Chunk c;
                    int idx;
                    if (planar) {
                        int slot = k * across + tx;
                        c = rowChunks[slot];
                        if (c == null) {
                            c = chunk(band * chunksPerPlane() + ty * across + tx, useCache);
                            rowChunks[slot] = c;
                        }
                        idx = r * c.width + cx;
                    } else {
                        c = rowChunks[tx];
                        if (c == null) {
                            c = chunk(ty * across + tx, useCache);
                            rowChunks[tx] = c;
                        }
                        idx = (r * c.width + cx) * spp + band;
                    }
                    float v = c.get(idx);
                    out[k * plane + o + ox] = v;
                    if (isFloat && Float.isNaN(v)) {
                        continue;
                    }
                    if (!checkNoData || (ndNaN ? !Float.isNaN(v) : v != nd)) {
                        allNoData = false;
                    }
                }
                if (allNoData && (checkNoData || isFloat)) {
                    valid[o + ox] = false;
                }
                if (validityBand >= 0 && !planar && rowChunks[tx].get((r * rowChunks[tx].width + cx) * spp + validityBand) == 0) {
                    valid[o + ox] = false;
                }
            }
        }
    }
}
