package org.deepraster.tiling;

import java.awt.Rectangle;

/**
 * One tile of a {@link TileGrid}, in pixels of the grid's raster (or work grid): the window read
 * (the chip, padding included), its core (the grid cell; the last ones may reach past the region)
 * and its area, the pixels whose results it gives (the core, grown by the grid's margin, within the
 * region; for a strided grid the chip itself). {@code index} is {@code row * cols + col}.
 */
public record Tile(int index, int col, int row, Rectangle window, Rectangle core, Rectangle area) implements GridTile {
}
