package org.deepraster.vector;

import static org.deepraster.vector.Rings.MASK;
import static org.deepraster.vector.Rings.NODE;

import java.util.Arrays;

/**
 * Simplification of rings with shared borders: each border between nodes is simplified on its
 * own and alike from both sides ({@link #simplifyRing}), so that neighbouring polygons stay
 * joined. Pure functions.
 */
final class ArcSimplifier {
    private ArcSimplifier() {
    }

    /**
     * Douglas-Peucker on a ring (pixel corners, nodes flagged), arc by arc: the ring is cut at its
     * nodes (where three values meet, or at diagonal corners), which every region around them
     * keeps, and each arc is simplified on its own with its ends fixed. The farthest point is
     * chosen with ties broken by coordinates, so an arc simplifies alike whichever way it is
     * walked: the two regions on either side of a border get the same simplified border, without
     * gaps or overlaps. A ring without nodes (an island in one region) is cut at its smallest
     * vertex and the vertex farthest from it; one with a single node, at the node and the vertex
     * farthest from it. Each arc keeps at least its farthest point, so rings do not collapse.
     * Returns the kept points (flags cleared), or null when the ring collapses all the same.
     */
    static int[] simplifyRing(int[] ring, double tolerance) {
        int n = ring.length / 2;
        boolean[] keep = new boolean[n];
        int nodes = 0;
        int firstNode = -1;
        for (int k = 0; k < n; k++) {
            if ((ring[2 * k] & NODE) != 0) {
                keep[k] = true;
                nodes++;
                if (firstNode < 0) {
                    firstNode = k;
                }
            }
        }
        if (nodes <= 1) {
            int s = firstNode;
            if (s < 0) {
                s = 0;
                for (int k = 1; k < n; k++) {
                    if (before(ring, k, s)) {
                        s = k;
                    }
                }
            }
            int f = -1;
            double best = -1;
            for (int k = 0; k < n; k++) {
                if (k == s) {
                    continue;
                }
                double d = dist2(ring, k, s);
                if (d > best || d == best && before(ring, k, f)) {
                    best = d;
                    f = k;
                }
            }
            keep[s] = true;
            keep[f] = true;
        }
        // each arc between consecutive kept points
        int start = -1;
        for (int k = 0; k < n; k++) {
            if (keep[k]) {
                start = k;
                break;
            }
        }
        int[] stack = new int[64];
        int a = start;
        do {
            int b = (a + 1) % n;
            while (!keep[b]) {
                b = (b + 1) % n;
            }
            // Douglas-Peucker on the cyclic index range (a, b) with an explicit stack
            int top = 0;
            stack[top++] = a;
            stack[top++] = b;
            boolean firstSplit = true;
            while (top > 0) {
                int j = stack[--top];
                int i = stack[--top];
                int far = -1;
                double best = -1;
                for (int k = (i + 1) % n; k != j; k = (k + 1) % n) {
                    double d = segDist2(ring, k, i, j);
                    if (d > best || d == best && before(ring, k, far)) {
                        best = d;
                        far = k;
                    }
                }
                // an arc keeps at least its farthest point, so that no ring collapses to a line
                if (far >= 0 && (best > tolerance * tolerance || firstSplit)) {
                    keep[far] = true;
                    if (top + 4 > stack.length) {
                        stack = Arrays.copyOf(stack, stack.length * 2);
                    }
                    stack[top++] = i;
                    stack[top++] = far;
                    stack[top++] = far;
                    stack[top++] = j;
                }
                firstSplit = false;
            }
            a = b;
        } while (a != start);
        int count = 0;
        for (boolean kk : keep) {
            count += kk ? 1 : 0;
        }
        if (count < 3) {
            return null;
        }
        int[] out = new int[2 * count];
        int o = 0;
        for (int k = 0; k < n; k++) {
            if (keep[k]) {
                out[o++] = ring[2 * k] & MASK;
                out[o++] = ring[2 * k + 1];
            }
        }
        return Rings.signedArea2(out) == 0 ? null : out;
    }

    /** Point k before point m in (x, y) order (m < 0: always). */
    private static boolean before(int[] r, int k, int m) {
        if (m < 0) {
            return true;
        }
        int xk = r[2 * k] & MASK;
        int xm = r[2 * m] & MASK;
        return xk < xm || xk == xm && r[2 * k + 1] < r[2 * m + 1];
    }

    private static double dist2(int[] r, int k, int m) {
        double dx = (r[2 * k] & MASK) - (r[2 * m] & MASK);
        double dy = r[2 * k + 1] - r[2 * m + 1];
        return dx * dx + dy * dy;
    }

    /** Squared distance from point k to the segment i-j, computed alike for i-j and j-i. */
    private static double segDist2(int[] r, int k, int i, int j) {
        if (before(r, j, i)) {
            int t = i;
            i = j;
            j = t;
        }
        double px = r[2 * k] & MASK;
        double py = r[2 * k + 1];
        double ax = r[2 * i] & MASK;
        double ay = r[2 * i + 1];
        double bx = r[2 * j] & MASK;
        double by = r[2 * j + 1];
        double dx = bx - ax;
        double dy = by - ay;
        double len2 = dx * dx + dy * dy;
        double t = len2 == 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
        double ex = ax + t * dx - px;
        double ey = ay + t * dy - py;
        return ex * ex + ey * ey;
    }
}
