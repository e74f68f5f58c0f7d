package org.deepraster.vector;

import java.util.Arrays;

/**
 * An open piece of a region's boundary: grid corner vertices (x, y pairs) in travel order
 * (the region on the right, y down), stored in a deque that grows at both ends. A chain that
 * was joined into another forwards to it ({@link #resolve}). Used by the scanning thread only.
 */
final class Chain {
    final Region region;
    Chain into;
    /** Passed a corner where two diagonal pixels of its value meet: the ring may touch itself there. */
    boolean pinched;
    int[] buf = new int[16];
    int head = 8;
    int tail = 8;

    Chain(Region region) {
        this.region = region;
    }

    int length() {
        return tail - head;
    }

    void append(int x, int y) {
        if (tail + 2 > buf.length) {
            grow(0, 2);
        }
        buf[tail++] = x;
        buf[tail++] = y;
    }

    void prepend(int x, int y) {
        if (head < 2) {
            grow(2, 0);
        }
        buf[--head] = y;
        buf[--head] = x;
    }

    void appendAll(Chain o) {
        int n = o.length();
        if (tail + n > buf.length) {
            grow(0, n);
        }
        System.arraycopy(o.buf, o.head, buf, tail, n);
        tail += n;
    }

    void prependAll(Chain o) {
        int n = o.length();
        if (head < n) {
            grow(n, 0);
        }
        head -= n;
        System.arraycopy(o.buf, o.head, buf, head, n);
    }

    private void grow(int front, int back) {
        int n = length();
        int cap = Math.max(buf.length * 2, n + front + back + 16);
        int[] b = new int[cap];
        int newHead = front + (cap - n - front - back) / 2;
        System.arraycopy(buf, head, b, newHead, n);
        buf = b;
        head = newHead;
        tail = newHead + n;
    }

    int[] toArray() {
        return Arrays.copyOfRange(buf, head, tail);
    }

    /** The chain {@code c} was joined into, at the end of its forwards (null for null). */
    static Chain resolve(Chain c) {
        if (c == null) {
            return null;
        }
        Chain r = c;
        while (r.into != null) {
            r = r.into;
        }
        while (c.into != null && c.into != r) { // path compression
            Chain next = c.into;
            c.into = r;
            c = next;
        }
        return r;
    }
}
