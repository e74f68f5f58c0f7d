package org.deepraster.raster;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * The crash-consistent mode of {@link GeoTiffWriter}: the tile tables of the directory written
 * first, in the file, updated in place as each tile is appended (its byte count first, so that a
 * kill between the two writes leaves offset 0, an empty tile); and the check that a file to
 * continue has exactly the directory the writer's options make. Used by one writer's thread.
 */
final class InPlaceTables {
    private final FileChannel ch;
    private final boolean big;
    private final long offsetsAt;
    private final long countsAt;

    /** The tables of a directory at these file positions. */
    InPlaceTables(FileChannel ch, boolean big, long offsetsAt, long countsAt) {
        this.ch = ch;
        this.big = big;
        this.offsetsAt = offsetsAt;
        this.countsAt = countsAt;
    }

    /** Records in the file that tile {@code idx} holds {@code count} bytes at {@code offset}. */
    void update(int idx, long offset, long count) throws IOException {
        writeValue(countsAt, idx, count);
        writeValue(offsetsAt, idx, offset);
    }

    private void writeValue(long arrayAt, int idx, long value) throws IOException {
        int size = big ? 8 : 4;
        ByteBuffer b = ByteBuffer.allocate(size).order(TiffTags.ORDER);
        if (big) {
            b.putLong(value);
        } else {
            b.putInt((int) value);
        }
        b.flip();
        GeoTiffWriter.writeFully(ch, b, arrayAt + (long) idx * size);
    }

    /**
     * Reads back the directory of an in-place file: checks it is {@code expected} byte for byte but
     * for the tile tables, and loads the tables into {@code offsets} and {@code counts} (a tile
     * unfinished or cut short by a kill is left empty, to be written again).
     */
    static InPlaceTables reopen(FileChannel ch, Path file, boolean big, TiffDirectory.Layout expected,
                                long[] offsets, long[] counts) throws IOException {
        long size = ch.size();
        if (size < expected.end()) {
            throw new IOException(file + " is shorter than its directory");
        }
        ByteBuffer actual = ByteBuffer.allocate((int) expected.end()).order(TiffTags.ORDER);
        while (actual.hasRemaining()) {
            if (ch.read(actual, actual.position()) < 0) {
                throw new IOException("unexpected end of " + file);
            }
        }
        byte[] want = expected.bytes();
        byte[] got = actual.array();
        int width = big ? 8 : 4;
        long n = offsets.length;
        for (int i = 0; i < want.length; i++) {
            boolean inTable = (i >= expected.offsetsAt() && i < expected.offsetsAt() + n * width)
                    || (i >= expected.countsAt() && i < expected.countsAt() + n * width);
            if (!inTable && want[i] != got[i]) {
                throw new IOException(file + " was not written with these settings (its directory differs at byte " + i + ")");
            }
        }
        ByteBuffer g = ByteBuffer.wrap(got).order(TiffTags.ORDER);
        for (int k = 0; k < n; k++) {
            offsets[k] = big ? g.getLong((int) (expected.offsetsAt() + (long) k * 8))
                    : g.getInt((int) (expected.offsetsAt() + (long) k * 4)) & 0xFFFFFFFFL;
            counts[k] = big ? g.getLong((int) (expected.countsAt() + (long) k * 8))
                    : g.getInt((int) (expected.countsAt() + (long) k * 4)) & 0xFFFFFFFFL;
            if (offsets[k] == 0 || counts[k] == 0 || offsets[k] + counts[k] > size) {
                offsets[k] = 0; // unfinished (or cut short by a kill): written again
                counts[k] = 0;
            }
        }
        return new InPlaceTables(ch, big, expected.offsetsAt(), expected.countsAt());
    }
}
