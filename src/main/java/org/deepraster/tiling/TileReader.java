package org.deepraster.tiling;

import java.awt.Rectangle;
import java.io.IOException;
import org.deepraster.inference.InputNormalization;
import org.deepraster.job.Prepared;
import org.deepraster.raster.RasterSource;
import org.deepraster.raster.RasterWindow;

/**
 * Reads the chip of a grid tile, on the engine's reader threads (thread-safe: no state besides its
 * settings): the tile's window of the selected bands (from the raster, or from the raster resampled
 * to the model's cell size), NoData pixels set to 0, then normalised. A tile whose area holds no valid
 * pixel is skipped with {@code noDataReason}.
 *
 * <p>What the model sees past the raster's edge ({@code edges}): zeros, as ArcGIS reads NoData, or the
 * raster mirrored at its edge (the edge pixel repeated once, then the pixels inside, as numpy's
 * {@code symmetric} padding). A segmentation model given zeros there takes the raster's edge for the
 * border of a dark object and gives its last pixels the wrong class (a frame around every classified
 * raster); mirrored, the edge pixels have the context of their own surroundings. Either way the pixels
 * past the edge stay invalid: no result is written for them.
 *
 * @param resampling the work grid the tiles lie on, or null for the raster's own cells
 */
public record TileReader(RasterSource raster, CellSizeResampling resampling, int[] bands, InputNormalization norm,
                         int chipW, int chipH, String noDataReason, Edges edges) {

    /** How the window is filled past the raster's edge. */
    public enum Edges {
        /** Zeros, as ArcGIS reads NoData (detection: nothing is found in what is not there). */
        ZEROS,
        /** The raster mirrored at its edge (pixel classification: edge pixels keep their context). */
        MIRRORED
    }

    public TileReader(RasterSource raster, CellSizeResampling resampling, int[] bands, InputNormalization norm,
                      int chipW, int chipH, String noDataReason) {
        this(raster, resampling, bands, norm, chipW, chipH, noDataReason, Edges.ZEROS);
    }

    public Prepared<Tile, Chip> read(Tile t) throws IOException {
        RasterWindow w = readWindow(t.window());
        float[] chip = w.samples();
        boolean[] valid = w.valid();
        int plane = chipW * chipH;
        if (valid != null) {
            for (int i = 0; i < plane; i++) {
                if (!valid[i]) {
                    for (int b = 0; b < bands.length; b++) {
                        chip[b * plane + i] = 0;
                    }
                }
            }
            if (!anyValid(t, valid)) {
                return Prepared.skip(t, noDataReason);
            }
        }
        if (edges == Edges.MIRRORED) {
            mirror(t.window(), chip);
        }
        norm.apply(chip, plane);
        return Prepared.ready(t, new Chip(chip, valid));
    }

    private RasterWindow readWindow(Rectangle window) throws IOException {
        return resampling == null ? raster.read(window, bands) : resampling.read(window, bands);
    }

    /** Fills the chip's pixels past the edge of the grid with the mirrored pixels inside (NoData ones as 0). */
    private void mirror(Rectangle window, float[] chip) throws IOException {
        int gw = resampling == null ? raster.width() : resampling.workGrid().width();
        int gh = resampling == null ? raster.height() : resampling.workGrid().height();
        if (window.x >= 0 && window.y >= 0 && window.x + window.width <= gw && window.y + window.height <= gh) {
            return;
        }
        int[] mx = new int[window.width];
        int[] my = new int[window.height];
        int x0 = Integer.MAX_VALUE;
        int x1 = Integer.MIN_VALUE;
        int y0 = Integer.MAX_VALUE;
        int y1 = Integer.MIN_VALUE;
        for (int i = 0; i < mx.length; i++) {
            mx[i] = symmetric(window.x + i, gw);
            x0 = Math.min(x0, mx[i]);
            x1 = Math.max(x1, mx[i]);
        }
        for (int j = 0; j < my.length; j++) {
            my[j] = symmetric(window.y + j, gh);
            y0 = Math.min(y0, my[j]);
            y1 = Math.max(y1, my[j]);
        }
        // the grid's pixels the mirrored window uses, read once (within the grid)
        Rectangle src = new Rectangle(x0, y0, x1 - x0 + 1, y1 - y0 + 1);
        RasterWindow s = readWindow(src);
        float[] in = s.samples();
        boolean[] ok = s.valid();
        int plane = chipW * chipH;
        int splane = src.width * src.height;
        for (int j = 0; j < my.length; j++) {
            boolean rowOutside = window.y + j < 0 || window.y + j >= gh;
            for (int i = 0; i < mx.length; i++) {
                if (!rowOutside && window.x + i >= 0 && window.x + i < gw) {
                    continue; // inside the grid: as read
                }
                int si = (my[j] - y0) * src.width + (mx[i] - x0);
                boolean good = ok == null || ok[si];
                for (int b = 0; b < bands.length; b++) {
                    chip[b * plane + j * chipW + i] = good ? in[b * splane + si] : 0;
                }
            }
        }
    }

    /** The index inside {@code [0, n)} that {@code i} mirrors to (edge pixel repeated; periodic beyond twice the size). */
    static int symmetric(int i, int n) {
        int period = 2 * n;
        int k = Math.floorMod(i, period);
        return k < n ? k : period - 1 - k;
    }

    private boolean anyValid(Tile t, boolean[] valid) {
        Rectangle a = t.area();
        int ox = a.x - t.window().x;
        int oy = a.y - t.window().y;
        for (int y = oy; y < oy + a.height; y++) {
            for (int x = ox; x < ox + a.width; x++) {
                if (valid[y * chipW + x]) {
                    return true;
                }
            }
        }
        return false;
    }
}
