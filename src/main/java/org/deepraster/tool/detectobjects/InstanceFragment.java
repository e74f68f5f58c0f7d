package org.deepraster.tool.detectobjects;

import java.awt.Rectangle;

/**
 * What one tile saw of one instance: its mask in raster pixels (work grid), over the part of its box
 * inside the tile's window and the region of interest; pixel {@code (x, y)} is on when
 * {@code bits[(y - y0) * width + (x - x0)]}. The tile owns the pixels of its area (core within the
 * region); the rest (padding) only serves to recognise the same instance in the neighbouring tile.
 *
 * @param id   numbers the held-back fragments (resume records); 0 before the assembler gives one
 * @param tile the index of the tile that saw it ({@code Tile.index()})
 */
record InstanceFragment(long id, int tile, int classIndex, float score, int x0, int y0, int width, int height,
                        boolean[] bits) {

    boolean on(int x, int y) {
        int lx = x - x0;
        int ly = y - y0;
        return lx >= 0 && ly >= 0 && lx < width && ly < height && bits[ly * width + lx];
    }

    /** The pixels that are on inside {@code r}. */
    int count(Rectangle r) {
        int xa = Math.max(x0, r.x);
        int xb = Math.min(x0 + width, r.x + r.width);
        int ya = Math.max(y0, r.y);
        int yb = Math.min(y0 + height, r.y + r.height);
        int n = 0;
        for (int y = ya; y < yb; y++) {
            for (int x = xa; x < xb; x++) {
                if (bits[(y - y0) * width + x - x0]) {
                    n++;
                }
            }
        }
        return n;
    }

    /** The pixels on in both fragments inside {@code r}. */
    int common(InstanceFragment o, Rectangle r) {
        Rectangle both = bounds().intersection(o.bounds()).intersection(r);
        int n = 0;
        for (int y = both.y; y < both.y + both.height; y++) {
            for (int x = both.x; x < both.x + both.width; x++) {
                if (on(x, y) && o.on(x, y)) {
                    n++;
                }
            }
        }
        return n;
    }

    Rectangle bounds() {
        return new Rectangle(x0, y0, width, height);
    }

    InstanceFragment withId(long i) {
        return new InstanceFragment(i, tile, classIndex, score, x0, y0, width, height, bits);
    }
}
