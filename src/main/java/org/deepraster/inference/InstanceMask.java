package org.deepraster.inference;

/**
 * One instance's binary mask at chip resolution, kept only over its bounding window: pixel
 * {@code (x, y)} of the chip is on when {@code bits[(y - y0) * width + (x - x0)]}.
 */
public record InstanceMask(int x0, int y0, int width, int height, boolean[] bits) {
    public boolean on(int x, int y) {
        int lx = x - x0;
        int ly = y - y0;
        return lx >= 0 && ly >= 0 && lx < width && ly < height && bits[ly * width + lx];
    }

    public int count() {
        int n = 0;
        for (boolean b : bits) {
            if (b) {
                n++;
            }
        }
        return n;
    }
}
