package org.deepraster.vector;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;

/**
 * Rings of grid corners as the polygonizer builds them: {@code int} arrays of (x, y) pairs in
 * pixel units, open (the first point is not repeated); outer rings have a positive
 * {@link #signedArea2}, holes a negative one. A vertex x may carry the {@link #NODE} flag. Pure
 * functions.
 */
final class Rings {
    /** Marks a vertex x as a node (where three values meet, or a diagonal corner): arcs end there. */
    static final int NODE = 1 << 30;
    /** Clears the {@link #NODE} flag of a vertex x. */
    static final int MASK = NODE - 1;

    private Rings() {
    }

    /**
     * Splits a ring that passes some vertices more than once into simple loops. The boundary turns
     * around each pixel at a diagonal corner, so where two diagonal pixels of one region meet and
     * the region is connected elsewhere, its outer ring and the ring of the hole that this encloses
     * come out as one ring through that corner twice: the loops are the outer ring and the hole.
     */
    static List<int[]> splitAtRepeatedVertices(int[] ring) {
        int n = ring.length / 2;
        HashMap<Long, Integer> at = new HashMap<>();
        int[] stack = new int[ring.length];
        int top = 0; // points on the stack
        List<int[]> loops = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            int x = ring[2 * k];
            int y = ring[2 * k + 1];
            long key = ((long) (x & MASK) << 32) ^ (y & 0xFFFFFFFFL);
            Integer seen = at.get(key);
            if (seen != null) {
                // the points from the earlier visit to here form a loop; keep the vertex itself
                loops.add(Arrays.copyOfRange(stack, 2 * seen, 2 * top));
                for (int t = seen + 1; t < top; t++) {
                    at.remove(((long) (stack[2 * t] & MASK) << 32) ^ (stack[2 * t + 1] & 0xFFFFFFFFL));
                }
                top = seen + 1;
            } else {
                at.put(key, top);
                stack[2 * top] = x;
                stack[2 * top + 1] = y;
                top++;
            }
        }
        loops.add(Arrays.copyOf(stack, 2 * top));
        return loops;
    }

    /** Twice the signed area of a ring of (x, y) pairs (open: the last point is not repeated). */
    static long signedArea2(int[] pts) {
        int n = pts.length / 2;
        long s = 0;
        for (int k = 0; k < n; k++) {
            int k1 = (k + 1) % n;
            s += (long) (pts[2 * k] & MASK) * pts[2 * k1 + 1] - (long) (pts[2 * k1] & MASK) * pts[2 * k + 1];
        }
        return s;
    }
}
