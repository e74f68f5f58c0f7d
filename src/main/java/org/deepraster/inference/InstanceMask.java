package org.deepraster.inference;

/**
 * A binary instance mask in chip pixels, cropped to the rectangle that holds its pixels: column
 * {@code x + i}, row {@code y + j} of the chip is set when {@code pixels[j * width + i]}.
 */
public record InstanceMask(int x, int y, int width, int height, boolean[] pixels) {
    public InstanceMask {
        if (width < 0 || height < 0 || pixels.length != width * height) {
            throw new IllegalArgumentException("mask " + width + " x " + height + " with " + pixels.length + " pixels");
        }
    }

    /** Whether chip pixel (column, row) belongs to the instance. */
    public boolean contains(int column, int row) {
        int i = column - x;
        int j = row - y;
        return i >= 0 && j >= 0 && i < width && j < height && pixels[j * width + i];
    }

    /** Number of pixels set. */
    public int area() {
        int n = 0;
        for (boolean b : pixels) {
            if (b) {
                n++;
            }
        }
        return n;
    }

    /**
     * The mask of the pixels of a chip-sized plane ({@code plane[row * chipWidth + column]}, from
     * {@code offset}) at or above the threshold, cropped to their rectangle; null when none is.
     */
    static InstanceMask threshold(float[] plane, int offset, int chipWidth, int chipHeight, float threshold) {
        int minX = Integer.MAX_VALUE, minY = Integer.MAX_VALUE, maxX = -1, maxY = -1;
        for (int r = 0; r < chipHeight; r++) {
            int base = offset + r * chipWidth;
            for (int c = 0; c < chipWidth; c++) {
                if (plane[base + c] >= threshold) {
                    minX = Math.min(minX, c);
                    maxX = Math.max(maxX, c);
                    minY = Math.min(minY, r);
                    maxY = Math.max(maxY, r);
                }
            }
        }
        if (maxX < 0) {
            return null;
        }
        int w = maxX - minX + 1, h = maxY - minY + 1;
        boolean[] px = new boolean[w * h];
        for (int r = 0; r < h; r++) {
            int base = offset + (minY + r) * chipWidth + minX;
            for (int c = 0; c < w; c++) {
                px[r * w + c] = plane[base + c] >= threshold;
            }
        }
        return new InstanceMask(minX, minY, w, h, px);
    }
}
