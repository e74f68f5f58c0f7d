package org.deepraster.tool.selfsupervised;

import java.awt.Rectangle;
import java.io.IOException;
import org.deepraster.raster.RasterSource;
import org.deepraster.raster.RasterWindow;

/**
 * The features of phase 2, per pixel, computed for a strip of rows at a time (memory: the strip, whatever the image
 * size): the bands scaled to 0-1 (8-bit range: value / 255); with neighbourhood features also the 5 x 5 mean of each
 * band and the 5 x 5 standard deviation of the mean of the bands (texture). Pixels past the image edge take the
 * nearest edge pixel. Thread-safe (no state besides its settings).
 */
final class PixelFeatures {
    static final int RADIUS = 2;

    private final RasterSource raster;
    private final int[] bands;
    private final boolean neighbourhood;
    private final float scale;

    PixelFeatures(RasterSource raster, int[] bands, boolean neighbourhood) {
        this.raster = raster;
        this.bands = bands;
        this.neighbourhood = neighbourhood;
        this.scale = 1f / 255f;
    }

    int[] bands() {
        return bands.clone();
    }

    int count() {
        return neighbourhood ? 2 * bands.length + 1 : bands.length;
    }

    /** Feature names, for messages. */
    String describe() {
        return neighbourhood ? bands.length + " bands, their 5 x 5 means and the 5 x 5 brightness standard deviation"
                : bands.length + " bands";
    }

    /** The strip's features, pixel after pixel ({@code [row][col][feature]}), and which pixels are valid. */
    record Strip(int y0, int rows, int width, int features, float[] values, boolean[] valid) {
    }

    Strip strip(int y0, int rows) throws IOException {
        int w = raster.width();
        int nf = count();
        int nb = bands.length;
        int r = neighbourhood ? RADIUS : 0;
        int top = Math.max(0, y0 - r);
        int bottom = Math.min(raster.height(), y0 + rows + r);
        RasterWindow win = raster.read(new Rectangle(0, top, w, bottom - top), bands);
        int wh = win.height();
        float[] out = new float[rows * w * nf];
        boolean[] valid = new boolean[rows * w];
        int plane = w * wh;
        float[] s = win.samples();
        for (int y = 0; y < rows; y++) {
            int wy = y0 + y - top;
            for (int x = 0; x < w; x++) {
                int o = (y * w + x) * nf;
                valid[y * w + x] = win.isValid(x, wy);
                for (int b = 0; b < nb; b++) {
                    out[o + b] = s[b * plane + wy * w + x] * scale;
                }
            }
        }
        if (neighbourhood) {
            addNeighbourhood(out, rows, w, nf, nb, s, plane, wh, y0 - top);
        }
        return new Strip(y0, rows, w, nf, out, valid);
    }

    private void addNeighbourhood(float[] out, int rows, int w, int nf, int nb, float[] s, int plane, int wh, int off) {
        int n = (2 * RADIUS + 1) * (2 * RADIUS + 1);
        float[] bright = new float[plane];
        for (int i = 0; i < plane; i++) {
            float v = 0;
            for (int b = 0; b < nb; b++) {
                v += s[b * plane + i];
            }
            bright[i] = v * scale / nb;
        }
        for (int y = 0; y < rows; y++) {
            int wy = off + y;
            for (int x = 0; x < w; x++) {
                int o = (y * w + x) * nf;
                double sum2 = 0;
                double sum = 0;
                for (int dy = -RADIUS; dy <= RADIUS; dy++) {
                    int yy = Math.max(0, Math.min(wh - 1, wy + dy));
                    for (int dx = -RADIUS; dx <= RADIUS; dx++) {
                        int xx = Math.max(0, Math.min(w - 1, x + dx));
                        int i = yy * w + xx;
                        for (int b = 0; b < nb; b++) {
                            out[o + nb + b] += s[b * plane + i];
                        }
                        double v = bright[i];
                        sum += v;
                        sum2 += v * v;
                    }
                }
                for (int b = 0; b < nb; b++) {
                    out[o + nb + b] *= scale / n;
                }
                double mean = sum / n;
                out[o + 2 * nb] = (float) Math.sqrt(Math.max(0, sum2 / n - mean * mean));
            }
        }
    }
}
