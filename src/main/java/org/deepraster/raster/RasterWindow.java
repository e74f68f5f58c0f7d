package org.deepraster.raster;

/**
 * Pixels read from a raster: {@code width x height} samples for each of {@code bands} bands,
 * stored band after band ({@code samples[b * width * height + y * width + x]}). A pixel is
 * {@code valid} unless it is NoData or outside the raster; {@code valid} may be {@code null}
 * when every pixel is valid.
 */
public record RasterWindow(int width, int height, int bands, float[] samples, boolean[] valid) {

    public RasterWindow {
        if (samples.length != (long) width * height * bands) {
            throw new IllegalArgumentException("samples length " + samples.length + " != "
                    + width + " x " + height + " x " + bands);
        }
        if (valid != null && valid.length != width * height) {
            throw new IllegalArgumentException("valid mask length " + valid.length);
        }
    }

    public float sample(int band, int x, int y) {
        return samples[band * width * height + y * width + x];
    }

    public boolean isValid(int x, int y) {
        return valid == null || valid[y * width + x];
    }
}
