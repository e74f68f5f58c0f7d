package org.deepraster.tool.selfsupervised;

/**
 * Phase 1's result for one image: the CNN's class (an index into the model's classes, -1 where the tile was not
 * classified) and its probability for each tile of a {@code cols x rows} grid of {@code tileSize} px tiles from the
 * image's top-left corner (the last column and row may reach past the image), and whether a tile lies wholly inside
 * the image (only those can become training data).
 */
public record TileLabels(int cols, int rows, int tileSize, int imageWidth, int imageHeight, int[] classIndex,
                         float[] confidence) {

    public int index(int col, int row) {
        return row * cols + col;
    }

    /** Whether the tile lies wholly inside the image. */
    public boolean whole(int col, int row) {
        return (col + 1) * tileSize <= imageWidth && (row + 1) * tileSize <= imageHeight;
    }

    /** Whether the tile is training data: whole, classified, and at least {@code threshold} sure. */
    public boolean sure(int col, int row, double threshold) {
        int i = index(col, row);
        return whole(col, row) && classIndex[i] >= 0 && confidence[i] >= threshold;
    }

    /** The CNN's class index at a pixel (the class of the tile holding it), -1 where none. */
    public int classAtPixel(int x, int y) {
        return classIndex[index(x / tileSize, y / tileSize)];
    }

    /** Sure tiles per class index. */
    public int[] sureTilesPerClass(int classes, double threshold) {
        int[] n = new int[classes];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                if (sure(c, r, threshold)) {
                    n[classIndex[index(c, r)]]++;
                }
            }
        }
        return n;
    }
}
