package org.deepraster.tool.classifypixels;

import org.deepraster.tiling.Tile;

/**
 * The model's raw output for one tile, copied out of the batch on the inference thread: class
 * scores / probabilities ({@code [channel][y][x]}) or labels; decoded on the writer thread by the
 * {@link PixelAssembler}, so that the inference thread only runs the model.
 */
record TileResult(Tile tile, float[] scores, long[] labels, boolean[] valid) {
}
