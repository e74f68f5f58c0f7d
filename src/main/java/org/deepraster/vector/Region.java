package org.deepraster.vector;

import java.util.List;

/**
 * A 4-connected region of one class value as {@link RegionScan} labels it: a union-find node
 * (regions met again on a later row are merged into the larger), with its pixel count, the last
 * row it reaches and its closed rings (grid corners, see {@link Rings}) until it is written.
 * Used by the scanning thread only.
 */
final class Region {
    final int value;
    Region parent;
    long pixels;
    int lastRow;
    int[] shell;
    List<int[]> holes;
    boolean done;

    Region(int value) {
        this.value = value;
    }

    /** The root of a region's set (halving the path on the way). */
    static Region find(Region r) {
        while (r.parent != null) {
            if (r.parent.parent != null) {
                r.parent = r.parent.parent;
            }
            r = r.parent;
        }
        return r;
    }

    /** Merges the sets of two regions (the larger keeps its root) and returns the root. */
    static Region union(Region a, Region b) {
        Region ra = find(a);
        Region rb = find(b);
        if (ra == rb) {
            return ra;
        }
        if (ra.pixels < rb.pixels) {
            Region t = ra;
            ra = rb;
            rb = t;
        }
        rb.parent = ra;
        ra.pixels += rb.pixels;
        ra.lastRow = Math.max(ra.lastRow, rb.lastRow);
        if (rb.shell != null) { // cannot happen: a closed shell means a finished region
            ra.shell = rb.shell;
        }
        if (rb.holes != null) {
            if (ra.holes == null) {
                ra.holes = rb.holes;
            } else if (ra.holes.size() >= rb.holes.size()) {
                ra.holes.addAll(rb.holes);
            } else {
                rb.holes.addAll(ra.holes);
                ra.holes = rb.holes;
            }
            rb.holes = null;
        }
        return ra;
    }
}
