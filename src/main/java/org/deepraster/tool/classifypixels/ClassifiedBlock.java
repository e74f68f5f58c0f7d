package org.deepraster.tool.classifypixels;

import java.awt.Rectangle;

/**
 * One finished block of a classified raster, as written to the output: {@code values} holds the
 * class value of each pixel of {@code window} (row by row, {@code window.width} a row), or the
 * plan's NoData value; {@code confidence} the winning class's probability (0..1, NaN for NoData).
 * {@code window} is in pixels of the output raster (see {@link ClassifyPixelsTool.Plan#outputGrid()}
 * for its georeferencing). Blocks arrive in no particular order, each exactly once.
 */
public record ClassifiedBlock(Rectangle window, int[] values, float[] confidence) {
    public int valueAt(int x, int y) {
        return values[y * window.width + x];
    }
}
