package org.deepraster.raster;

import java.io.IOException;

/**
 * One level of an overview pyramid being built by {@link PyramidBuilder}: pairs the rows of the
 * level above into rows of this one (2 x 2 mean of the valid pixels, or the top-left valid pixel
 * when nearest), writes them, and hands them on to the next level; with {@code validity}, each
 * row is written with one more band, 1 where valid and 0 where no data. On the building thread.
 */
final class LevelReducer {
    final int width;
    final int outWidth;
    final int bands;
    final GeoTiffWriter writer;
    final Double noData;
    final boolean nearest;
    final boolean validity;
    LevelReducer next;
    float[] pending;
    boolean[] pendingValid;
    final float[] out;
    final boolean[] outValid;

    LevelReducer(int width, int bands, GeoTiffWriter writer, Double noData, boolean nearest, boolean validity) {
        this.width = width;
        this.outWidth = (width + 1) / 2;
        this.bands = bands;
        this.writer = writer;
        this.noData = noData;
        this.nearest = nearest;
        this.validity = validity;
        this.out = new float[outWidth * (bands + (validity ? 1 : 0))];
        this.outValid = new boolean[outWidth];
    }

    void push(float[] row, boolean[] valid) throws IOException {
        if (pending == null) {
            pending = row.clone();
            pendingValid = valid.clone();
            return;
        }
        if (pendingValid == null) {
            System.arraycopy(row, 0, pending, 0, row.length);
            pendingValid = valid.clone();
            return;
        }
        reduce(pending, pendingValid, row, valid);
        pendingValid = null;
    }

    void finish() throws IOException {
        if (pending != null && pendingValid != null) {
            reduce(pending, pendingValid, pending, pendingValid);
            pendingValid = null;
        }
        if (next != null) {
            next.finish();
        }
    }

    private void reduce(float[] a, boolean[] av, float[] b, boolean[] bv) throws IOException {
        float fill = noData == null ? 0f : noData.floatValue();
        for (int x = 0; x < outWidth; x++) {
            int x0 = 2 * x;
            int x1 = Math.min(x0 + 1, width - 1);
            if (!nearest && av[x0] && av[x1] && bv[x0] && bv[x1]) {
                outValid[x] = true;
                for (int k = 0; k < bands; k++) {
                    int o = k * width;
                    out[k * outWidth + x] = (a[o + x0] + a[o + x1] + b[o + x0] + b[o + x1]) * 0.25f;
                }
                continue;
            }
            int cnt = 0;
            if (av[x0]) {
                cnt++;
            }
            if (av[x1]) {
                cnt++;
            }
            if (bv[x0]) {
                cnt++;
            }
            if (bv[x1]) {
                cnt++;
            }
            outValid[x] = cnt > 0;
            for (int k = 0; k < bands; k++) {
                int o = k * width;
                float v;
                if (cnt == 0) {
                    v = fill;
                } else if (nearest) {
                    v = av[x0] ? a[o + x0] : av[x1] ? a[o + x1] : bv[x0] ? b[o + x0] : b[o + x1];
                } else {
                    float s = 0;
                    if (av[x0]) {
                        s += a[o + x0];
                    }
                    if (av[x1]) {
                        s += a[o + x1];
                    }
                    if (bv[x0]) {
                        s += b[o + x0];
                    }
                    if (bv[x1]) {
                        s += b[o + x1];
                    }
                    v = s / cnt;
                }
                out[k * outWidth + x] = v;
            }
        }
        if (validity) {
            for (int x = 0; x < outWidth; x++) {
                out[bands * outWidth + x] = outValid[x] ? 1 : 0;
            }
        }
        writer.writeRows(out, 1);
        if (next != null) {
            next.push(out, outValid);
        }
    }
}
