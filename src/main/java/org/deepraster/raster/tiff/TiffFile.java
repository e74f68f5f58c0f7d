package org.deepraster.raster.tiff;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A TIFF or BigTIFF file opened for random access: its directories, and positional
 * (thread-safe) reads of tiles and strips. Pixel decoding is in {@link TiffChunkDecoder}.
 */
public final class TiffFile implements AutoCloseable {
    private final Path path;
    private volatile FileChannel channel;
    private volatile boolean closed;
    private final long size;
    private final ByteOrder order;
    private final boolean bigTiff;
    private final List<TiffDirectory> directories;
    private final List<TiffIfd> ifds;

    private TiffFile(Path path, FileChannel channel) throws IOException {
        this.path = path;
        this.channel = channel;
        this.size = channel.size();
        ByteBuffer head = read(0, 16 > size ? (int) size : 16);
        if (head.remaining() < 8) {
            throw new TiffException("the file is too short to be a TIFF");
        }
        byte b0 = head.get(0);
        byte b1 = head.get(1);
        if (b0 == 'I' && b1 == 'I') {
            order = ByteOrder.LITTLE_ENDIAN;
        } else if (b0 == 'M' && b1 == 'M') {
            order = ByteOrder.BIG_ENDIAN;
        } else {
            throw new TiffException("not a TIFF file");
        }
        head.order(order);
        int magic = head.getShort(2) & 0xFFFF;
        long first;
        if (magic == 42) {
            bigTiff = false;
            first = head.getInt(4) & 0xFFFFFFFFL;
        } else if (magic == 43) {
            bigTiff = true;
            if (head.remaining() < 16) {
                throw new TiffException("the BigTIFF header is truncated");
            }
            first = head.getLong(8);
        } else {
            throw new TiffException("not a TIFF file (bad magic number " + magic + ")");
        }
        ifds = readDirectories(first);
        List<TiffDirectory> readable = new ArrayList<>();
        for (TiffIfd d : ifds) {
            if (d.directory() != null) {
                readable.add(d.directory());
            }
        }
        directories = List.copyOf(readable);
        if (ifds.isEmpty()) {
            throw new TiffException("the TIFF holds no image");
        }
    }

    /** Opens the file; throws {@link TiffException} when it is not a readable TIFF. */
    public static TiffFile open(Path path) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
        try {
            return new TiffFile(path, ch);
        } catch (RuntimeException | IOException e) {
            ch.close();
            throw e;
        }
    }

    /** True when the first bytes are a TIFF or BigTIFF header. */
    public static boolean looksLikeTiff(Path path) {
        if (!Files.isRegularFile(path)) {
            return false;
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(4);
            while (b.hasRemaining() && ch.read(b) > 0) {
                // fill
            }
            if (b.position() < 4) {
                return false;
            }
            byte[] a = b.array();
            return (a[0] == 'I' && a[1] == 'I' && (a[2] == 42 || a[2] == 43) && a[3] == 0)
                    || (a[0] == 'M' && a[1] == 'M' && a[2] == 0 && (a[3] == 42 || a[3] == 43));
        } catch (IOException e) {
            return false;
        }
    }

    public Path path() {
        return path;
    }

    public boolean isBigTiff() {
        return bigTiff;
    }

    public ByteOrder order() {
        return order;
    }

    /** The directories that could be parsed, in file order (the chain, then the SubIFDs of the first). */
    public List<TiffDirectory> directories() {
        return directories;
    }

    /**
     * Every directory: the chain from the header, then the SubIFDs (tag 330) of the first one;
     * those that could not be parsed carry their problem instead of a {@link TiffDirectory}.
     */
    public List<TiffIfd> ifds() {
        return ifds;
    }

    public long size() {
        return size;
    }

    /** Reads {@code length} bytes at {@code pos}; fails on a truncated file. */
    public ByteBuffer read(long pos, int length) throws IOException {
        if (pos < 0 || pos + length > size) {
            throw new TiffException("the file is truncated (data expected at byte " + pos + ".." + (pos + length)
                    + ", file size " + size + ")");
        }
        ByteBuffer buf = ByteBuffer.allocate(length).order(order);
        int attempts = 0;
        while (true) {
            FileChannel ch = channel;
            try {
                long p = pos + buf.position();
                while (buf.hasRemaining()) {
                    int n = ch.read(buf, p);
                    if (n < 0) {
                        throw new EOFException("unexpected end of file at byte " + p);
                    }
                    p += n;
                }
                buf.flip();
                return buf;
            } catch (ClosedChannelException e) {
                // FileChannel closes itself when a reading thread is interrupted: reopen it, so
                // one cancelled reader does not break the others.
                if (closed || ++attempts > 3) {
                    throw e;
                }
                reopen(ch);
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedIOException("read of " + path + " interrupted");
                }
            }
        }
    }

    private synchronized void reopen(FileChannel broken) throws IOException {
        if (channel == broken && !closed) {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        }
    }

    private List<TiffIfd> readDirectories(long first) throws IOException {
        List<TiffIfd> list = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        long pos = first;
        long[] subIfds = null;
        while (pos != 0) {
            if (!seen.add(pos) || list.size() > 10000) {
                throw new TiffException("the directory chain loops");
            }
            if (pos >= size) {
                if (list.isEmpty()) {
                    throw new TiffException("the file is truncated (first directory at byte " + pos + ")");
                }
                break; // a broken link after valid images: keep what we have
            }
            long[] next = new long[1];
            Tags tags;
            try {
                tags = readTags(pos, next);
            } catch (TiffException e) {
                if (list.isEmpty()) {
                    throw e;
                }
                list.add(TiffIfd.unparsed(list.size() + 1, pos, false, e.getMessage()));
                break; // its link to the next one is lost with it
            }
            if (list.isEmpty()) {
                subIfds = tags.numbers.get(330);
            }
            list.add(TiffIfd.of(list.size() + 1, pos, false, tags, this::directory));
            pos = next[0];
        }
        if (subIfds != null) {
            for (long sub : subIfds) {
                if (sub <= 0 || sub >= size || !seen.add(sub) || list.size() > 10000) {
                    continue;
                }
                try {
                    list.add(TiffIfd.of(list.size() + 1, sub, true, readTags(sub, new long[1]), this::directory));
                } catch (TiffException e) {
                    list.add(TiffIfd.unparsed(list.size() + 1, sub, true, e.getMessage()));
                }
            }
        }
        return list;
    }

    /** The raw tag values of one directory, before they are checked as an image layout. */
    record Tags(Map<Integer, long[]> numbers, Map<Integer, String> strings, Map<Integer, double[]> doubles,
                Map<Integer, byte[]> bytes) {
    }

    private TiffDirectory directory(Tags t) {
        return new TiffDirectory(order, t.numbers, t.strings, t.doubles, t.bytes, path.toString());
    }

    private Tags readTags(long pos, long[] next) throws IOException {
        int countSize = bigTiff ? 8 : 2;
        int entrySize = bigTiff ? 20 : 12;
        ByteBuffer cb = read(pos, countSize);
        long count = bigTiff ? cb.getLong() : cb.getShort() & 0xFFFF;
        if (count <= 0 || count > 5000) {
            throw new TiffException("corrupt directory (" + count + " entries)");
        }
        ByteBuffer entries = read(pos + countSize, (int) (count * entrySize) + (bigTiff ? 8 : 4));
        Map<Integer, long[]> numbers = new HashMap<>();
        Map<Integer, String> strings = new HashMap<>();
        Map<Integer, double[]> doubles = new HashMap<>();
        Map<Integer, byte[]> bytes = new HashMap<>();
        for (int i = 0; i < count; i++) {
            int base = i * entrySize;
            int tag = entries.getShort(base) & 0xFFFF;
            int type = entries.getShort(base + 2) & 0xFFFF;
            long n = bigTiff ? entries.getLong(base + 4) : entries.getInt(base + 4) & 0xFFFFFFFFL;
            int tsize = typeSize(type);
            if (tsize == 0) {
                continue; // unknown type: skip the entry
            }
            long total = n * tsize;
            if (n < 0 || total > Integer.MAX_VALUE || total > size) {
                throw new TiffException("corrupt directory entry for tag " + tag);
            }
            int inline = bigTiff ? 8 : 4;
            ByteBuffer data;
            if (total <= inline) {
                data = entries.duplicate().order(order);
                data.position(base + (bigTiff ? 12 : 8));
                data = data.slice().order(order);
            } else {
                long off = bigTiff ? entries.getLong(base + 12) : entries.getInt(base + 8) & 0xFFFFFFFFL;
                data = read(off, (int) total);
            }
            int cnt = (int) n;
            switch (type) {
                case 2 -> {
                    byte[] s = new byte[cnt];
                    data.get(s);
                    int end = 0;
                    while (end < s.length && s[end] != 0) {
                        end++;
                    }
                    strings.put(tag, new String(s, 0, end, StandardCharsets.ISO_8859_1));
                }
                case 1, 6, 7 -> {
                    byte[] s = new byte[cnt];
                    data.get(s);
                    bytes.put(tag, s);
                    long[] v = new long[cnt];
                    for (int k = 0; k < cnt; k++) {
                        v[k] = type == 6 ? s[k] : s[k] & 0xFF;
                    }
                    numbers.put(tag, v);
                }
                case 3, 8 -> {
                    long[] v = new long[cnt];
                    for (int k = 0; k < cnt; k++) {
                        short s = data.getShort();
                        v[k] = type == 3 ? s & 0xFFFF : s;
                    }
                    numbers.put(tag, v);
                }
                case 4, 9, 13 -> {
                    long[] v = new long[cnt];
                    for (int k = 0; k < cnt; k++) {
                        int s = data.getInt();
                        v[k] = type == 9 ? s : s & 0xFFFFFFFFL;
                    }
                    numbers.put(tag, v);
                }
                case 16, 17, 18 -> {
                    long[] v = new long[cnt];
                    for (int k = 0; k < cnt; k++) {
                        v[k] = data.getLong();
                    }
                    numbers.put(tag, v);
                }
                case 5, 10 -> {
                    double[] v = new double[cnt];
                    for (int k = 0; k < cnt; k++) {
                        long a = type == 5 ? data.getInt() & 0xFFFFFFFFL : data.getInt();
                        long b = type == 5 ? data.getInt() & 0xFFFFFFFFL : data.getInt();
                        v[k] = b == 0 ? 0 : (double) a / b;
                    }
                    doubles.put(tag, v);
                }
                case 11 -> {
                    double[] v = new double[cnt];
                    for (int k = 0; k < cnt; k++) {
                        v[k] = data.getFloat();
                    }
                    doubles.put(tag, v);
                }
                case 12 -> {
                    double[] v = new double[cnt];
                    for (int k = 0; k < cnt; k++) {
                        v[k] = data.getDouble();
                    }
                    doubles.put(tag, v);
                }
                default -> {
                }
            }
        }
        int nextPos = (int) (count * entrySize);
        next[0] = bigTiff ? entries.getLong(nextPos) : entries.getInt(nextPos) & 0xFFFFFFFFL;
        return new Tags(numbers, strings, doubles, bytes);
    }

    private static int typeSize(int type) {
        return switch (type) {
            case 1, 2, 6, 7 -> 1;
            case 3, 8 -> 2;
            case 4, 9, 11, 13 -> 4;
            case 5, 10, 12, 16, 17, 18 -> 8;
            default -> 0;
        };
    }

    @Override
    public synchronized void close() throws IOException {
        closed = true;
        channel.close();
    }
}
