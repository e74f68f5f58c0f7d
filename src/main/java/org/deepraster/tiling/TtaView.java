package org.deepraster.tiling;

import java.util.List;

/**
 * One view of test-time augmentation: an element of the dihedral group of the square (identity, the flips,
 * the 90° rotations, the two transposes). A view maps a pixel {@code (x, y)} of a {@code w x h} image to a pixel
 * {@code (u, v)} of the view, which is {@code w x h} (identity, flips, 180°) or {@code h x w} (the others). Every
 * view is a permutation of pixels, so {@link #forward} and {@link #inverse} are exact (no resampling).
 * Rotations are clockwise on the screen (x right, y down).
 */
public enum TtaView {
    IDENTITY("identity"), FLIP_X("left-right flip"), FLIP_Y("up-down flip"), ROT180("180°"),
    ROT90("90° clockwise"), ROT270("90° anticlockwise"), TRANSPOSE("transpose"), ANTI_TRANSPOSE("anti-transpose");

    private final String label;

    TtaView(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The 8 views of a square chip, or the 4 that keep a non-square chip's shape (identity, flips, 180°). */
    public static List<TtaView> all(boolean square) {
        return square ? List.of(values()) : List.of(IDENTITY, FLIP_X, FLIP_Y, ROT180);
    }

    /** Whether the view swaps width and height. */
    public boolean swapsAxes() {
        return ordinal() >= ROT90.ordinal();
    }

    /** The view that undoes this one. */
    public TtaView inverseView() {
        return this == ROT90 ? ROT270 : this == ROT270 ? ROT90 : this;
    }

    /** Index in the view of pixel {@code (x, y)} of a {@code w x h} image (row-major in the view's own size). */
    public int index(int x, int y, int w, int h) {
        return switch (this) {
            case IDENTITY -> y * w + x;
            case FLIP_X -> y * w + (w - 1 - x);
            case FLIP_Y -> (h - 1 - y) * w + x;
            case ROT180 -> (h - 1 - y) * w + (w - 1 - x);
            // the view is h wide and w high: u in [0, h), v in [0, w)
            case ROT90 -> x * h + (h - 1 - y);
            case ROT270 -> (w - 1 - x) * h + y;
            case TRANSPOSE -> x * h + y;
            case ANTI_TRANSPOSE -> (w - 1 - x) * h + (h - 1 - y);
        };
    }

    /**
     * The view of {@code planes} planes of a {@code w x h} image ({@code src[c * w * h + y * w + x]}, band-major, as a
     * {@link Chip}) into {@code dst} (same length; the view's planes are {@code h x w} when it swaps the axes).
     */
    public void forward(float[] src, float[] dst, int planes, int w, int h) {
        int plane = w * h;
        for (int c = 0; c < planes; c++) {
            int base = c * plane;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    dst[base + index(x, y, w, h)] = src[base + y * w + x];
                }
            }
        }
    }

    /**
     * Undoes the view: {@code src} holds {@code planes} planes of the view of a {@code w x h} image (e.g. the model's
     * output for the view), {@code dst} gets them back in the image's orientation ({@code w x h}).
     */
    public void inverse(float[] src, int srcOffset, float[] dst, int planes, int w, int h) {
        int plane = w * h;
        for (int c = 0; c < planes; c++) {
            int base = c * plane;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    dst[base + y * w + x] = src[srcOffset + base + index(x, y, w, h)];
                }
            }
        }
    }

    /** As {@link #inverse(float[], int, float[], int, int, int)} for integer outputs (labels). */
    public void inverse(long[] src, int srcOffset, long[] dst, int planes, int w, int h) {
        int plane = w * h;
        for (int c = 0; c < planes; c++) {
            int base = c * plane;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    dst[base + y * w + x] = src[srcOffset + base + index(x, y, w, h)];
                }
            }
        }
    }

    /**
     * A point given in the view's continuous coordinates (pixel edges at whole numbers) back in the image's
     * ({@code w x h}): {@code {x, y}}.
     */
    public double[] pointBack(double u, double v, int w, int h) {
        return switch (this) {
            case IDENTITY -> new double[] {u, v};
            case FLIP_X -> new double[] {w - u, v};
            case FLIP_Y -> new double[] {u, h - v};
            case ROT180 -> new double[] {w - u, h - v};
            case ROT90 -> new double[] {v, h - u}; // forward: u = h - y, v = x
            case ROT270 -> new double[] {w - v, u}; // forward: u = y, v = w - x
            case TRANSPOSE -> new double[] {v, u};
            case ANTI_TRANSPOSE -> new double[] {w - v, h - u}; // forward: u = h - y, v = w - x
        };
    }
}
