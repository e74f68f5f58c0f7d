package org.deepraster.raster;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.IntBinaryOperator;
import java.util.zip.Deflater;

/**
 * Writes classic little-endian TIFFs byte by byte, for fixtures no writer of ours makes (several
 * directories of any kind, thumbnails without strips, masks). Laid out as a COG is: header, an
 * optional ghost area, every directory with its out-of-line values, then the data of the last
 * directory first (the full-resolution image's data last).
 */
public final class TiffBytes {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    /** A tag's TIFF type (3 SHORT, 4 LONG, 12 DOUBLE, 2 ASCII), count and encoded value. */
    private record Entry(int type, long count, byte[] data) {
    }

    /** A block of data whose offset (and, when {@code lengthTag} > 0, lengths) a directory points at. */
    private record Blocks(int offsetTag, int lengthTag, List<byte[]> blocks) {
    }

    /** One directory: tags, and the data blocks that tags point at. */
    public static final class Ifd {
        private final TreeMap<Integer, Entry> tags = new TreeMap<>();
        private final List<Blocks> data = new ArrayList<>();

        public Ifd shorts(int tag, int... v) {
            ByteBuffer b = ByteBuffer.allocate(2 * v.length).order(LE);
            for (int x : v) {
                b.putShort((short) x);
            }
            tags.put(tag, new Entry(3, v.length, b.array()));
            return this;
        }

        public Ifd longs(int tag, long... v) {
            ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(LE);
            for (long x : v) {
                b.putInt((int) x);
            }
            tags.put(tag, new Entry(4, v.length, b.array()));
            return this;
        }

        public Ifd doubles(int tag, double... v) {
            ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(LE);
            for (double x : v) {
                b.putDouble(x);
            }
            tags.put(tag, new Entry(12, v.length, b.array()));
            return this;
        }

        public Ifd ascii(int tag, String s) {
            byte[] a = (s + "\0").getBytes(StandardCharsets.ISO_8859_1);
            tags.put(tag, new Entry(2, a.length, a));
            return this;
        }

        /** Strips or tiles: offsets in {@code offsetTag} (273 / 324), byte counts in {@code lengthTag}. */
        public Ifd chunks(int offsetTag, int lengthTag, List<byte[]> chunks) {
            longs(offsetTag, new long[chunks.size()]);
            longs(lengthTag, new long[chunks.size()]);
            data.add(new Blocks(offsetTag, lengthTag, chunks));
            return this;
        }

        /** One block with its offset and its length in two LONG tags (JPEGInterchangeFormat 513 / 514). */
        public Ifd blob(int offsetTag, int lengthTag, byte[] bytes) {
            longs(offsetTag, 0);
            longs(lengthTag, bytes.length);
            data.add(new Blocks(offsetTag, -1, List.of(bytes)));
            return this;
        }

        /** Image size, sample layout (unsigned 8-bit), compression, photometric, NewSubfileType. */
        public Ifd image(int w, int h, int bands, int bits, int compression, int photometric, long subfileType) {
            if (subfileType != 0) {
                longs(254, subfileType);
            }
            longs(256, w);
            longs(257, h);
            int[] bps = new int[bands];
            java.util.Arrays.fill(bps, bits);
            shorts(258, bps);
            shorts(259, compression);
            shorts(262, photometric);
            shorts(277, bands);
            shorts(284, 1);
            return this;
        }

        /** GeoTIFF tags: pixel {@code size} m, top-left corner (x0, y0), EPSG {@code epsg} (projected). */
        public Ifd geo(double size, double x0, double y0, int epsg) {
            doubles(33550, size, size, 0);
            doubles(33922, 0, 0, 0, x0, y0, 0);
            return shorts(34735, 1, 1, 0, 3, 1024, 0, 1, 1, 1025, 0, 1, 1, 3072, 0, 1, epsg);
        }
    }

    /** A sample value of an image. */
    @FunctionalInterface
    public interface Sample {
        int at(int x, int y, int band);
    }

    private TiffBytes() {
    }

    /** Writes the directories, the first one first in the chain, after {@code ghost} (or nothing). */
    public static Path write(Path file, String ghost, List<Ifd> ifds) throws IOException {
        return write(file, ghost, ifds, List.of());
    }

    /** As above, with {@code subIfds} out of the chain, listed in the first directory's SubIFDs (tag 330). */
    public static Path write(Path file, String ghost, List<Ifd> chain, List<Ifd> subIfds) throws IOException {
        List<Ifd> ifds = new ArrayList<>(chain);
        ifds.addAll(subIfds);
        if (!subIfds.isEmpty()) {
            chain.get(0).longs(330, new long[subIfds.size()]);
        }
        byte[] ghostBytes = ghost == null ? new byte[0] : ghost.getBytes(StandardCharsets.US_ASCII);
        long pos = 8 + ghostBytes.length;
        long[] ifdPos = new long[ifds.size()];
        for (int i = 0; i < ifds.size(); i++) {
            pos += pos & 1;
            ifdPos[i] = pos;
            pos += 2 + 12L * ifds.get(i).tags.size() + 4;
            for (Entry e : ifds.get(i).tags.values()) {
                if (e.data.length > 4) {
                    pos += e.data.length + (e.data.length & 1);
                }
            }
        }
        if (!subIfds.isEmpty()) {
            chain.get(0).longs(330, java.util.Arrays.copyOfRange(ifdPos, chain.size(), ifds.size()));
        }
        // data, last directory first; each block's offset and length go into its tags
        ByteArrayOutputStream dataOut = new ByteArrayOutputStream();
        long dataStart = pos;
        for (int i = ifds.size() - 1; i >= 0; i--) {
            for (Blocks b : ifds.get(i).data) {
                long[] offs = new long[b.blocks.size()];
                long[] lens = new long[b.blocks.size()];
                for (int k = 0; k < offs.length; k++) {
                    offs[k] = dataStart + dataOut.size();
                    lens[k] = b.blocks.get(k).length;
                    dataOut.write(b.blocks.get(k));
                }
                ifds.get(i).longs(b.offsetTag, offs);
                if (b.lengthTag > 0) {
                    ifds.get(i).longs(b.lengthTag, lens);
                }
            }
        }
        ByteBuffer all = ByteBuffer.allocate((int) dataStart).order(LE);
        all.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt((int) ifdPos[0]);
        all.put(ghostBytes);
        for (int i = 0; i < ifds.size(); i++) {
            Ifd d = ifds.get(i);
            all.position((int) ifdPos[i]);
            long extra = ifdPos[i] + 2 + 12L * d.tags.size() + 4;
            all.putShort((short) d.tags.size());
            List<long[]> later = new ArrayList<>();
            List<byte[]> laterData = new ArrayList<>();
            for (var t : d.tags.entrySet()) {
                Entry e = t.getValue();
                all.putShort((short) (int) t.getKey()).putShort((short) e.type).putInt((int) e.count);
                if (e.data.length <= 4) {
                    all.put(java.util.Arrays.copyOf(e.data, 4));
                } else {
                    all.putInt((int) extra);
                    later.add(new long[] {extra});
                    laterData.add(e.data);
                    extra += e.data.length + (e.data.length & 1);
                }
            }
            all.putInt(i + 1 < chain.size() ? (int) ifdPos[i + 1] : 0);
            for (int k = 0; k < later.size(); k++) {
                all.position((int) later.get(k)[0]);
                all.put(laterData.get(k));
            }
        }
        try (var out = Files.newOutputStream(file)) {
            out.write(all.array());
            dataOut.writeTo(out);
        }
        return file;
    }

    /**
     * Pixel-interleaved 8-bit chunks of a {@code w x h} image of {@code bands} bands: tiles of
     * {@code tile} pixels when {@code tile > 0}, else strips of {@code -tile} rows;
     * {@code value.at(x, y, band)} is the sample; DEFLATE when {@code deflate}.
     */
    public static List<byte[]> chunks(int w, int h, int bands, int tile, boolean deflate, Sample value) {
        int tw = tile > 0 ? tile : w;
        int th = tile > 0 ? tile : -tile;
        List<byte[]> out = new ArrayList<>();
        for (int ty = 0; ty < h; ty += th) {
            int rows = tile > 0 ? th : Math.min(th, h - ty);
            for (int tx = 0; tx < w; tx += tw) {
                byte[] c = new byte[tw * rows * bands];
                for (int y = 0; y < rows; y++) {
                    for (int x = 0; x < tw; x++) {
                        for (int b = 0; b < bands; b++) {
                            boolean in = tx + x < w && ty + y < h;
                            c[(y * tw + x) * bands + b] = (byte) (in ? value.at(tx + x, ty + y, b) : 0);
                        }
                    }
                }
                out.add(deflate ? deflate(c) : c);
            }
        }
        return out;
    }

    /** 1-bit mask tiles (rows padded to whole bytes, first pixel in the high bit), DEFLATE. */
    public static List<byte[]> maskTiles(int w, int h, int tile, IntBinaryOperator valid) {
        int rowBytes = (tile + 7) / 8;
        List<byte[]> out = new ArrayList<>();
        for (int ty = 0; ty < h; ty += tile) {
            for (int tx = 0; tx < w; tx += tile) {
                byte[] c = new byte[rowBytes * tile];
                for (int y = 0; y < tile; y++) {
                    for (int x = 0; x < tile; x++) {
                        if (tx + x < w && ty + y < h && valid.applyAsInt(tx + x, ty + y) != 0) {
                            c[y * rowBytes + x / 8] |= (byte) (0x80 >> (x & 7));
                        }
                    }
                }
                out.add(deflate(c));
            }
        }
        return out;
    }

    static byte[] deflate(byte[] raw) {
        Deflater d = new Deflater();
        d.setInput(raw);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[65536];
        while (!d.finished()) {
            out.write(buf, 0, d.deflate(buf));
        }
        d.end();
        return out.toByteArray();
    }
}
