package org.deepraster.raster;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.TreeMap;

/**
 * The tags of one TIFF directory being written, in tag order, each encoded little-endian as the
 * file stores it (LONG8 tables in a BigTIFF). Used by one writer's thread.
 */
final class TiffTags {
    /** A tag: its TIFF field type, value count and encoded value. */
    record Entry(int tag, int type, long count, byte[] data) {
    }

    static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    private final TreeMap<Integer, Entry> tags = new TreeMap<>();
    private final boolean big;

    TiffTags(boolean big) {
        this.big = big;
    }

    /** The tags in tag order. */
    Collection<Entry> entries() {
        return tags.values();
    }

    int size() {
        return tags.size();
    }

    /** A SHORT when the value fits one, else a LONG (image width and height). */
    void shortOrLong(int tag, long value) {
        if (value <= 65535) {
            shorts(tag, (int) value);
        } else {
            ByteBuffer b = ByteBuffer.allocate(4).order(ORDER).putInt((int) value);
            tags.put(tag, new Entry(tag, 4, 1, b.array()));
        }
    }

    void shorts(int tag, int... v) {
        ByteBuffer b = ByteBuffer.allocate(2 * v.length).order(ORDER);
        for (int x : v) {
            b.putShort((short) x);
        }
        tags.put(tag, new Entry(tag, 3, v.length, b.array()));
    }

    /** LONG8 values in a BigTIFF, LONG in a classic TIFF (the tile tables). */
    void longs(int tag, long[] v) {
        if (big) {
            ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ORDER);
            for (long x : v) {
                b.putLong(x);
            }
            tags.put(tag, new Entry(tag, 16, v.length, b.array()));
            return;
        }
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ORDER);
        for (long x : v) {
            b.putInt((int) x);
        }
        tags.put(tag, new Entry(tag, 4, v.length, b.array()));
    }

    void doubles(int tag, double... v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ORDER);
        for (double x : v) {
            b.putDouble(x);
        }
        tags.put(tag, new Entry(tag, 12, v.length, b.array()));
    }

    /** An ASCII value, NUL-terminated (Latin-1). */
    void ascii(int tag, String s) {
        byte[] a = (s + "\0").getBytes(StandardCharsets.ISO_8859_1);
        tags.put(tag, new Entry(tag, 2, a.length, a));
    }
}
