package org.deepraster.inference;

/**
 * One instance's binary mask at chip resolution, kept only over the rectangle that holds its pixels: pixel
 * {@code (x, y)} of the chip is on when {@code bits[(y - y0) * width + (x - x0)]}. Both instance decoders make them
 * (YOLO segmentation heads, {@link YoloDecoding}; Mask R-CNN outputs, {@link InstanceDecoder}).
 */
public record InstanceMask(int x0, int y0, int width, int height, boolean[] bits) {
    public InstanceMask {
        if (width < 0 || height < 0 || bits.length != width * height) {
            throw new IllegalArgumentException("mask " + width + " x " + height + " with " + bits.length + " pixels");
        }
    }

    /** Whether chip pixel (x, y) belongs to the instance. */
    public boolean on(int x, int y) {
        int lx = x - x0;
        int ly = y - y0;
        return lx >= 0 && ly >= 0 && lx < width && ly < height && bits[ly * width + lx];
    }

    /** Number of pixels set. */
    public int count() {
        int n = 0;
        for (boolean b : bits) {
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
