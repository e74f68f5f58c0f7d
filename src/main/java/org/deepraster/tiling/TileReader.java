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
 * to the model's cell size), NoData and outside pixels set to 0, then normalised. A tile whose area
 * holds no valid pixel is skipped with {@code noDataReason}.
 *
 * @param resampling the work grid the tiles lie on, or null for the raster's own cells
 */
public record TileReader(RasterSource raster, CellSizeResampling resampling, int[] bands, InputNormalization norm,
                         int chipW, int chipH, String noDataReason) {

    public Prepared<Tile, Chip> read(Tile t) throws IOException {
        RasterWindow w = resampling == null ? raster.read(t.window(), bands) : resampling.read(t.window(), bands);
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
        norm.apply(chip, plane);
        return Prepared.ready(t, new Chip(chip, valid));
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
