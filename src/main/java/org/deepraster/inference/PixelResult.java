package org.deepraster.inference;

/**
 * Per-pixel result of one chip: the class index (the output channel, or the label value of a label
 * map; for a single sigmoid output 1 = foreground, 0 = background) and its confidence (0..1). The
 * grid is {@code width x height}, placed at ({@code offsetX}, {@code offsetY}) in the input chip:
 * an output smaller than the input is centred on it. {@code probabilities} is band-major
 * [channel][y][x] when the output had class channels, else null.
 */
public record PixelResult(int width, int height, int offsetX, int offsetY, int[] classes, float[] confidence,
                          int channels, float[] probabilities) {
    public int classAt(int x, int y) {
        return classes[y * width + x];
    }

    public float confidenceAt(int x, int y) {
        return confidence[y * width + x];
    }
}
