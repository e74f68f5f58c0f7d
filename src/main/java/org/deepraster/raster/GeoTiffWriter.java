package org.deepraster.raster;

import java.awt.geom.AffineTransform;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.Deflater;
import org.deepraster.geo.Crs;
import org.deepraster.util.UserException;
import org.opengis.referencing.crs.CoordinateReferenceSystem;
import org.opengis.referencing.crs.GeographicCRS;
import org.opengis.referencing.crs.ProjectedCRS;

/**
 * Writes a tiled GeoTIFF tile by tile (never the whole image in memory): uint8, uint16, int16 or
 * float32 samples, any number of bands, DEFLATE or no compression, CRS as an EPSG GeoKey,
 * affine georeferencing, NoData (GDAL_NODATA) and an optional palette for single-band uint8.
 * Switches to BigTIFF when the uncompressed image would exceed 4 GB.
 *
 * <p>Tiles may be written in any order, with {@link #writeTile}; or rows may be streamed top to
 * bottom with {@link #writeRows}, which buffers one row of tiles. Tiles never written are left
 * empty (readers show them as NoData / zero). Not thread-safe.
 *
 * <p><b>Crash-consistent mode</b> ({@link #createInPlace}, {@link #reopenInPlace}): the directory
 * (IFD) is written first, right after the header, with the tile offset and byte-count arrays
 * preallocated as zeros; each tile's data is appended and then its byte count and offset are
 * updated in place (count first, so a kill between the two leaves offset 0 = an empty tile). At
 * every moment the file is a valid GeoTIFF whose unwritten tiles are sparse (offset 0, read as
 * NoData by GDAL and by raster.tiff), so a killed run leaves a readable file; {@link #reopenInPlace}
 * continues it, appending. A tile written twice keeps the last copy (the first becomes dead space).
 * An optional text (GDAL_METADATA, tag 42112) is stored with the directory, e.g. a run's settings.
 */
public final class GeoTiffWriter implements AutoCloseable {

    public enum Compression { NONE, DEFLATE }

    /**
     * What to write. {@code gridToCrs} maps pixel corners to map coordinates (x east, y north) or
     * is null; {@code crs} may be null; {@code palette} holds 0xRRGGBB colours (up to 256) for a
     * single-band uint8 raster, or null.
     */
    public record Options(int width, int height, int bands, SampleType type, Compression compression,
                          int tileSize, AffineTransform gridToCrs, CoordinateReferenceSystem crs,
                          Double noData, int[] palette, boolean forceBigTiff, int deflateLevel) {

        public Options {
            if (width <= 0 || height <= 0 || bands <= 0) {
                throw new IllegalArgumentException("bad raster size " + width + " x " + height + " x " + bands);
            }
            if (type != SampleType.UINT8 && type != SampleType.UINT16 && type != SampleType.INT16
                    && type != SampleType.FLOAT32) {
                throw new IllegalArgumentException("GeoTiffWriter writes uint8, uint16, int16, float32; not " + type);
            }
            if (tileSize <= 0 || tileSize % 16 != 0) {
                throw new IllegalArgumentException("tile size must be a positive multiple of 16: " + tileSize);
            }
            if (palette != null && (bands != 1 || type != SampleType.UINT8 || palette.length > 256)) {
                throw new IllegalArgumentException("a palette needs a single uint8 band and at most 256 colours");
            }
        }

        public static Options of(int width, int height, int bands, SampleType type) {
            return new Options(width, height, bands, type, Compression.DEFLATE, 256, null, null, null, null, false, 6);
        }

        public Options georeferenced(AffineTransform gridToCrs, CoordinateReferenceSystem crs) {
            return new Options(width, height, bands, type, compression, tileSize, gridToCrs, crs, noData, palette,
                    forceBigTiff, deflateLevel);
        }

        public Options withCompression(Compression c) {
            return new Options(width, height, bands, type, c, tileSize, gridToCrs, crs, noData, palette,
                    forceBigTiff, deflateLevel);
        }

        public Options withDeflateLevel(int level) {
            return new Options(width, height, bands, type, compression, tileSize, gridToCrs, crs, noData, palette,
                    forceBigTiff, level);
        }

        public Options withTileSize(int size) {
            return new Options(width, height, bands, type, compression, size, gridToCrs, crs, noData, palette,
                    forceBigTiff, deflateLevel);
        }

        public Options withNoData(Double value) {
            return new Options(width, height, bands, type, compression, tileSize, gridToCrs, crs, value, palette,
                    forceBigTiff, deflateLevel);
        }

        public Options withPalette(int[] rgb) {
            return new Options(width, height, bands, type, compression, tileSize, gridToCrs, crs, noData, rgb,
                    forceBigTiff, deflateLevel);
        }

        public Options withBigTiff(boolean force) {
            return new Options(width, height, bands, type, compression, tileSize, gridToCrs, crs, noData, palette,
                    force, deflateLevel);
        }
    }

    private static final long BIG_LIMIT = 0xF0000000L; // a little under 4 GB

    private final Path file;
    private final Options o;
    private final FileChannel ch;
    private final boolean big;
    private final ByteOrder order = ByteOrder.LITTLE_ENDIAN;
    private final int tilesAcross;
    private final int tilesDown;
    private final long[] offsets;
    private final long[] counts;
    private final int bytesPerSample;
    private final Deflater deflater;
    private long pos;
    private boolean closed;
    /** Crash-consistent mode: file positions of the tile offset and byte-count arrays (else -1). */
    private long offsetsAt = -1;
    private long countsAt = -1;
    private final String metadata;
    // row streaming
    private float[] rowBuffer;
    private byte[] rowBuffer8;
    private int nextRow;

    private GeoTiffWriter(Path file, Options o) throws IOException {
        this(file, o, null, false, false);
    }

    private GeoTiffWriter(Path file, Options o, String metadata, boolean inPlace, boolean reopen) throws IOException {
        this.file = file;
        this.o = o;
        this.metadata = metadata;
        this.bytesPerSample = o.type().bits() / 8;
        long raw = (long) o.width() * o.height() * o.bands() * bytesPerSample;
        this.big = o.forceBigTiff() || raw > BIG_LIMIT;
        this.tilesAcross = (o.width() + o.tileSize() - 1) / o.tileSize();
        this.tilesDown = (o.height() + o.tileSize() - 1) / o.tileSize();
        long n = (long) tilesAcross * tilesDown;
        if (n > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("too many tiles");
        }
        this.offsets = new long[(int) n];
        this.counts = new long[(int) n];
        this.deflater = o.compression() == Compression.DEFLATE ? new Deflater(o.deflateLevel()) : null;
        try {
            this.ch = reopen ? FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.READ)
                    : FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new UserException("Cannot write " + file + ": " + e.getMessage(),
                    "Choose a folder you can write to, and close programs that hold the file open.", e);
        }
        if (reopen) {
            try {
                reopenDirectory();
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
            return;
        }
        ByteBuffer h = ByteBuffer.allocate(big ? 16 : 8).order(order);
        h.put((byte) 'I').put((byte) 'I');
        if (big) {
            h.putShort((short) 43).putShort((short) 8).putShort((short) 0).putLong(0);
        } else {
            h.putShort((short) 42).putInt(0);
        }
        h.flip();
        writeFully(h, 0);
        pos = h.capacity();
        if (inPlace) {
            writeDirectory(); // offsets and counts all 0: every tile empty
        }
    }

    public static GeoTiffWriter create(Path file, Options options) throws IOException {
        return new GeoTiffWriter(file, options);
    }

    /**
     * Creates a crash-consistent GeoTIFF (see the class comment): readable, with the tiles written so
     * far, at any moment. {@code metadata} (or null) is stored as GDAL_METADATA.
     */
    public static GeoTiffWriter createInPlace(Path file, Options options, String metadata) throws IOException {
        return new GeoTiffWriter(file, options, metadata, true, false);
    }

    /**
     * Continues a file made by {@link #createInPlace} with the same options and metadata; tiles
     * already in it stay ({@link #isTileWritten}). Throws {@link IOException} when the file's
     * directory is not the one these options and metadata make (another layout, or not such a file).
     */
    public static GeoTiffWriter reopenInPlace(Path file, Options options, String metadata) throws IOException {
        return new GeoTiffWriter(file, options, metadata, true, true);
    }

    /** Whether a tile holds data (written by this writer, or found on reopening). */
    public boolean isTileWritten(int tileX, int tileY) {
        int idx = tileY * tilesAcross + tileX;
        return offsets[idx] != 0 && counts[idx] != 0;
    }

    /**
     * The GDAL_METADATA text (tag 42112) of a TIFF file's first directory, or null when it has none
     * or the file is no readable TIFF.
     */
    public static String readMetadata(Path file) {
        try (org.deepraster.raster.tiff.TiffFile t = org.deepraster.raster.tiff.TiffFile.open(file)) {
            return t.directories().isEmpty() ? null : t.directories().get(0).string(42112);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    public Options options() {
        return o;
    }

    public boolean isBigTiff() {
        return big;
    }

    public int tilesAcross() {
        return tilesAcross;
    }

    public int tilesDown() {
        return tilesDown;
    }

    /**
     * Writes one tile from band-sequential samples {@code [band][row][col]} of a full
     * {@code tileSize x tileSize} tile (pixels past the raster edge are ignored).
     */
    public void writeTile(int tileX, int tileY, float[] samples) throws IOException {
        int ts = o.tileSize();
        if (samples.length != ts * ts * o.bands()) {
            throw new IllegalArgumentException("tile needs " + ts * ts * o.bands() + " samples, got " + samples.length);
        }
        writeTileFrom(tileX, tileY, samples, ts, 0, 0, ts * ts);
    }

    /**
     * Writes one full {@code tileSize x tileSize} tile from pixel-interleaved little-endian bytes
     * of the sample type ({@code [row][col][band]}), the layout the file stores: the fast path
     * for generated or copied data.
     */
    public void writeTileBytes(int tileX, int tileY, byte[] interleaved) throws IOException {
        int ts = o.tileSize();
        if (interleaved.length != ts * ts * o.bands() * bytesPerSample) {
            throw new IllegalArgumentException("tile needs " + ts * ts * o.bands() * bytesPerSample + " bytes");
        }
        if (tileX < 0 || tileY < 0 || tileX >= tilesAcross || tileY >= tilesDown) {
            throw new IllegalArgumentException("no tile " + tileX + "," + tileY);
        }
        store(tileX, tileY, interleaved);
    }

    /**
     * Streams rows from top to bottom: {@code samples} holds {@code rows} full-width rows,
     * band-sequential ({@code [band][row][col]}), starting at row {@link #nextRow()}.
     */
    public void writeRows(float[] samples, int rows) throws IOException {
        int w = o.width();
        if (samples.length < (long) w * rows * o.bands()) {
            throw new IllegalArgumentException("not enough samples for " + rows + " rows");
        }
        int ts = o.tileSize();
        if (rowBuffer8 != null) {
            throw new IllegalStateException("byte rows were written before");
        }
        if (rowBuffer == null) {
            rowBuffer = new float[w * ts * o.bands()];
        }
        int done = 0;
        while (done < rows) {
            int inBuf = nextRow % ts;
            int take = Math.min(rows - done, Math.min(ts - inBuf, o.height() - nextRow));
            if (take <= 0) {
                throw new IllegalStateException("more rows than the raster height " + o.height());
            }
            for (int b = 0; b < o.bands(); b++) {
                System.arraycopy(samples, b * w * rows + done * w, rowBuffer, b * w * ts + inBuf * w, take * w);
            }
            done += take;
            nextRow += take;
            if (nextRow % ts == 0 || nextRow == o.height()) {
                int ty = (nextRow - 1) / ts;
                for (int tx = 0; tx < tilesAcross; tx++) {
                    writeTileFrom(tx, ty, rowBuffer, w, tx * ts, 0, w * ts);
                }
            }
        }
    }

    /**
     * As {@link #writeRows(float[], int)}, for uint8 rasters, from bytes (band-sequential
     * {@code [band][row][col]}). Do not mix with the float version in one file.
     */
    public void writeRows(byte[] samples, int rows) throws IOException {
        if (o.type() != SampleType.UINT8) {
            throw new IllegalStateException("byte rows need a uint8 raster, this one is " + o.type());
        }
        if (rowBuffer != null) {
            throw new IllegalStateException("float rows were written before");
        }
        int w = o.width();
        int nb = o.bands();
        if (samples.length < (long) w * rows * nb) {
            throw new IllegalArgumentException("not enough samples for " + rows + " rows");
        }
        int ts = o.tileSize();
        if (rowBuffer8 == null) {
            rowBuffer8 = new byte[w * ts * nb];
        }
        int done = 0;
        while (done < rows) {
            int inBuf = nextRow % ts;
            int take = Math.min(rows - done, Math.min(ts - inBuf, o.height() - nextRow));
            if (take <= 0) {
                throw new IllegalStateException("more rows than the raster height " + o.height());
            }
            for (int b = 0; b < nb; b++) {
                System.arraycopy(samples, b * w * rows + done * w, rowBuffer8, b * w * ts + inBuf * w, take * w);
            }
            done += take;
            nextRow += take;
            if (nextRow % ts == 0 || nextRow == o.height()) {
                int ty = (nextRow - 1) / ts;
                int validH = Math.min(ts, o.height() - ty * ts);
                byte fb = o.noData() == null ? 0 : (byte) clamp(o.noData().floatValue(), 0, 255);
                for (int tx = 0; tx < tilesAcross; tx++) {
                    int validW = Math.min(ts, w - tx * ts);
                    byte[] tile = new byte[ts * ts * nb];
                    if (validW < ts || validH < ts) {
                        java.util.Arrays.fill(tile, fb);
                    }
                    for (int y = 0; y < validH; y++) {
                        for (int b = 0; b < nb; b++) {
                            int si = b * w * ts + y * w + tx * ts;
                            int oi = y * ts * nb + b;
                            for (int x = 0; x < validW; x++, oi += nb) {
                                tile[oi] = rowBuffer8[si + x];
                            }
                        }
                    }
                    store(tx, ty, tile);
                }
            }
        }
    }

    /** The next row {@link #writeRows} expects. */
    public int nextRow() {
        return nextRow;
    }

    private void writeTileFrom(int tileX, int tileY, float[] src, int srcStride, int srcX, int srcY,
                               int bandStride) throws IOException {
        if (tileX < 0 || tileY < 0 || tileX >= tilesAcross || tileY >= tilesDown) {
            throw new IllegalArgumentException("no tile " + tileX + "," + tileY);
        }
        int ts = o.tileSize();
        int nb = o.bands();
        int validW = Math.min(ts, o.width() - tileX * ts);
        int validH = Math.min(ts, o.height() - tileY * ts);
        float fill = o.noData() != null ? o.noData().floatValue() : 0f;
        if (o.type() == SampleType.UINT8) {
            byte[] out = new byte[ts * ts * nb];
            byte fb = (byte) clamp(fill, 0, 255);
            for (int y = 0; y < ts; y++) {
                int row = (y * ts) * nb;
                if (y >= validH) {
                    java.util.Arrays.fill(out, row, row + ts * nb, fb);
                    continue;
                }
                for (int b = 0; b < nb; b++) {
                    int base = b * bandStride + (srcY + y) * srcStride + srcX;
                    int oi = row + b;
                    for (int x = 0; x < validW; x++, oi += nb) {
                        float v = src[base + x];
                        out[oi] = (byte) (v >= 255f ? 255 : v > 0f ? (int) (v + 0.5f) : 0);
                    }
                    for (int x = validW; x < ts; x++, oi += nb) {
                        out[oi] = fb;
                    }
                }
            }
            store(tileX, tileY, out);
            return;
        }
        ByteBuffer buf = ByteBuffer.allocate(ts * ts * nb * bytesPerSample).order(order);
        for (int y = 0; y < ts; y++) {
            for (int x = 0; x < ts; x++) {
                for (int b = 0; b < nb; b++) {
                    float v = fill;
                    if (x < validW && y < validH) {
                        v = src[b * bandStride + (srcY + y) * srcStride + srcX + x];
                    }
                    switch (o.type()) {
                        case UINT16 -> buf.putShort((short) clamp(v, 0, 65535));
                        case INT16 -> buf.putShort((short) clamp(v, -32768, 32767));
                        default -> buf.putFloat(v);
                    }
                }
            }
        }
        store(tileX, tileY, buf.array());
    }

    private void store(int tileX, int tileY, byte[] data) throws IOException {
        int len = data.length;
        if (deflater != null) {
            deflater.reset();
            deflater.setInput(data);
            deflater.finish();
            byte[] out = new byte[data.length + data.length / 100 + 64];
            len = 0;
            while (!deflater.finished()) {
                if (len == out.length) {
                    out = java.util.Arrays.copyOf(out, out.length * 2);
                }
                len += deflater.deflate(out, len, out.length - len);
            }
            data = out;
        }
        int idx = tileY * tilesAcross + tileX;
        long at = pos;
        writeFully(ByteBuffer.wrap(data, 0, len), at);
        pos += len;
        offsets[idx] = at;
        counts[idx] = len;
        if (offsetsAt >= 0) { // count first: a kill in between leaves offset 0, an empty tile
            writeArrayValue(countsAt, idx, len);
            writeArrayValue(offsetsAt, idx, at);
        }
        if (!big && pos > 0xFFFFFFF0L) {
            throw new IOException("classic TIFF exceeded 4 GB while writing " + file);
        }
    }

    private void writeArrayValue(long arrayAt, int idx, long value) throws IOException {
        int size = big ? 8 : 4;
        ByteBuffer b = ByteBuffer.allocate(size).order(order);
        if (big) {
            b.putLong(value);
        } else {
            b.putInt((int) value);
        }
        b.flip();
        writeFully(b, arrayAt + (long) idx * size);
    }

    private static int clamp(float v, int lo, int hi) {
        if (Float.isNaN(v)) {
            return 0;
        }
        long r = Math.round(v);
        return (int) Math.max(lo, Math.min(hi, r));
    }

    private void writeFully(ByteBuffer b, long at) throws IOException {
        long p = at;
        while (b.hasRemaining()) {
            p += ch.write(b, p);
        }
    }

    // ---------------------------------------------------------------- directory

    private record Entry(int tag, int type, long count, byte[] data) {
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (rowBuffer != null && nextRow % o.tileSize() != 0 && nextRow < o.height()) {
                // partial last tile row from an incomplete stream: flush what we have
                int ty = nextRow / o.tileSize();
                for (int tx = 0; tx < tilesAcross; tx++) {
                    writeTileFrom(tx, ty, rowBuffer, o.width(), tx * o.tileSize(), 0, o.width() * o.tileSize());
                }
            }
            if (offsetsAt < 0) {
                writeDirectory();
            }
        } finally {
            ch.close();
            if (deflater != null) {
                deflater.end();
            }
        }
    }

    private void writeDirectory() throws IOException {
        writeIfd(directoryTags());
    }

    /** Reads back the directory of an in-place file: checks it is the one these options make, loads the tile table. */
    private void reopenDirectory() throws IOException {
        int headerSize = big ? 16 : 8;
        long saved = pos;
        pos = headerSize;
        TreeMap<Integer, Entry> tags = directoryTags();
        Layout expected = layout(tags);
        pos = saved;
        long size = ch.size();
        if (size < expected.end()) {
            throw new IOException(file + " is shorter than its directory");
        }
        ByteBuffer actual = ByteBuffer.allocate((int) expected.end()).order(order);
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
        ByteBuffer g = ByteBuffer.wrap(got).order(order);
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
        offsetsAt = expected.offsetsAt();
        countsAt = expected.countsAt();
        pos = size + (size & 1);
    }

    private TreeMap<Integer, Entry> directoryTags() {
        TreeMap<Integer, Entry> tags = new TreeMap<>();
        int nb = o.bands();
        shortTag(tags, 256, o.width() > 65535 ? -1 : o.width(), o.width());
        shortTag(tags, 257, o.height() > 65535 ? -1 : o.height(), o.height());
        short16(tags, 258, repeat(o.type().bits(), nb));
        short16(tags, 259, new int[] {o.compression() == Compression.DEFLATE ? 8 : 1});
        int photometric = o.palette() != null ? 3 : (nb >= 3 && o.type() == SampleType.UINT8 ? 2 : 1);
        short16(tags, 262, new int[] {photometric});
        short16(tags, 277, new int[] {nb});
        short16(tags, 284, new int[] {1});
        short16(tags, 322, new int[] {o.tileSize()});
        short16(tags, 323, new int[] {o.tileSize()});
        tags.put(324, longs(324, offsets));
        tags.put(325, longs(325, counts));
        int extra = photometric == 2 ? nb - 3 : nb - 1;
        if (extra > 0) {
            short16(tags, 338, new int[extra]);
        }
        int fmt = o.type() == SampleType.FLOAT32 ? 3 : o.type() == SampleType.INT16 ? 2 : 1;
        short16(tags, 339, repeat(fmt, nb));
        if (o.palette() != null) {
            int[] cm = new int[3 * 256];
            for (int i = 0; i < o.palette().length; i++) {
                int c = o.palette()[i];
                cm[i] = ((c >> 16) & 0xFF) * 257;
                cm[256 + i] = ((c >> 8) & 0xFF) * 257;
                cm[512 + i] = (c & 0xFF) * 257;
            }
            short16(tags, 320, cm);
        }
        AffineTransform t = o.gridToCrs();
        if (t != null) {
            if (t.getShearX() == 0 && t.getShearY() == 0) {
                doubles(tags, 33550, new double[] {t.getScaleX(), -t.getScaleY(), 0});
                doubles(tags, 33922, new double[] {0, 0, 0, t.getTranslateX(), t.getTranslateY(), 0});
            } else {
                doubles(tags, 34264, new double[] {
                    t.getScaleX(), t.getShearX(), 0, t.getTranslateX(),
                    t.getShearY(), t.getScaleY(), 0, t.getTranslateY(),
                    0, 0, 0, 0,
                    0, 0, 0, 1});
            }
        }
        List<int[]> keys = new ArrayList<>();
        String citation = null;
        if (o.crs() != null || t != null) {
            Optional<Integer> epsg = epsgCode(o.crs());
            if (o.crs() instanceof GeographicCRS && epsg.isPresent()) {
                keys.add(new int[] {1024, 0, 1, 2});
                keys.add(new int[] {1025, 0, 1, 1});
                keys.add(new int[] {2048, 0, 1, epsg.get()});
            } else if (o.crs() instanceof ProjectedCRS && epsg.isPresent()) {
                keys.add(new int[] {1024, 0, 1, 1});
                keys.add(new int[] {1025, 0, 1, 1});
                keys.add(new int[] {3072, 0, 1, epsg.get()});
            } else {
                keys.add(new int[] {1025, 0, 1, 1});
                if (o.crs() != null) {
                    keys.add(new int[] {1024, 0, 1, 32767});
                    citation = o.crs().getName().getCode() + "|";
                }
            }
            if (citation != null) {
                keys.add(new int[] {1026, 34737, citation.length(), 0});
                ascii(tags, 34737, citation);
            }
            keys.sort((a, b) -> Integer.compare(a[0], b[0]));
            int[] dir = new int[4 + 4 * keys.size()];
            dir[0] = 1;
            dir[1] = 1;
            dir[2] = 0;
            dir[3] = keys.size();
            for (int i = 0; i < keys.size(); i++) {
                System.arraycopy(keys.get(i), 0, dir, 4 + 4 * i, 4);
            }
            short16(tags, 34735, dir);
        }
        if (o.noData() != null) {
            double nd = o.noData();
            String s = nd == Math.rint(nd) && !Double.isInfinite(nd) ? Long.toString((long) nd) : Double.toString(nd);
            if (Double.isNaN(nd)) {
                s = "nan";
            }
            ascii(tags, 42113, s);
        }
        if (metadata != null) {
            ascii(tags, 42112, metadata);
        }
        return tags;
    }

    /**
     * The EPSG code for the GeoKeys: the CRS's own, or that of the EPSG CRS equal to it but for
     * axis order (SIS reads EPSG:4326 from a GeoTIFF as longitude-first "CRS:84").
     */
    static Optional<Integer> epsgCode(CoordinateReferenceSystem crs) {
        if (crs == null) {
            return Optional.empty();
        }
        Optional<Integer> code = Crs.epsgCode(crs);
        if (code.isPresent()) {
            return code;
        }
        try {
            var finder = org.apache.sis.referencing.IdentifiedObjects.newFinder("EPSG");
            finder.setIgnoringAxes(true);
            var found = finder.findSingleton(crs);
            if (found != null) {
                Integer c = org.apache.sis.referencing.IdentifiedObjects.lookupEPSG(found);
                return Optional.ofNullable(c);
            }
        } catch (Exception e) {
            // no EPSG equivalent
        }
        return Optional.empty();
    }

    private static int[] repeat(int v, int n) {
        int[] a = new int[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    private void shortTag(TreeMap<Integer, Entry> tags, int tag, int asShort, long value) {
        if (asShort >= 0) {
            short16(tags, tag, new int[] {asShort});
        } else {
            ByteBuffer b = ByteBuffer.allocate(4).order(order).putInt((int) value);
            tags.put(tag, new Entry(tag, 4, 1, b.array()));
        }
    }

    private void short16(TreeMap<Integer, Entry> tags, int tag, int[] v) {
        ByteBuffer b = ByteBuffer.allocate(2 * v.length).order(order);
        for (int x : v) {
            b.putShort((short) x);
        }
        tags.put(tag, new Entry(tag, 3, v.length, b.array()));
    }

    private Entry longs(int tag, long[] v) {
        if (big) {
            ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(order);
            for (long x : v) {
                b.putLong(x);
            }
            return new Entry(tag, 16, v.length, b.array());
        }
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(order);
        for (long x : v) {
            b.putInt((int) x);
        }
        return new Entry(tag, 4, v.length, b.array());
    }

    private void doubles(TreeMap<Integer, Entry> tags, int tag, double[] v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(order);
        for (double x : v) {
            b.putDouble(x);
        }
        tags.put(tag, new Entry(tag, 12, v.length, b.array()));
    }

    private void ascii(TreeMap<Integer, Entry> tags, int tag, String s) {
        byte[] a = (s + "\0").getBytes(StandardCharsets.ISO_8859_1);
        tags.put(tag, new Entry(tag, 2, a.length, a));
    }

    /** The directory as bytes from the file's start (header included), and where the tile tables lie. */
    private record Layout(byte[] bytes, long ifdPos, long offsetsAt, long countsAt, long end) {
    }

    /** Lays the directory out at {@code pos} (made even), with the header pointing at it. */
    private Layout layout(TreeMap<Integer, Entry> tags) {
        long start = pos + (pos & 1);
        int inline = big ? 8 : 4;
        int entrySize = big ? 20 : 12;
        long ifdPos = start;
        long ifdSize = (big ? 8 : 2) + (long) tags.size() * entrySize + (big ? 8 : 4);
        long extraPos = ifdPos + ifdSize;
        long total = extraPos;
        for (Entry e : tags.values()) {
            if (e.data().length > inline) {
                total += e.data().length + (e.data().length & 1);
            }
        }
        if (total > Integer.MAX_VALUE - 64) {
            throw new IllegalStateException("directory too large");
        }
        ByteBuffer all = ByteBuffer.allocate((int) total).order(order);
        all.put((byte) 'I').put((byte) 'I');
        if (big) {
            all.putShort((short) 43).putShort((short) 8).putShort((short) 0).putLong(ifdPos);
        } else {
            all.putShort((short) 42).putInt((int) ifdPos);
        }
        all.position((int) ifdPos);
        long offsetsAt = -1;
        long countsAt = -1;
        if (big) {
            all.putLong(tags.size());
        } else {
            all.putShort((short) tags.size());
        }
        List<Object[]> extras = new ArrayList<>();
        for (Entry e : tags.values()) {
            all.putShort((short) e.tag()).putShort((short) e.type());
            if (big) {
                all.putLong(e.count());
            } else {
                all.putInt((int) e.count());
            }
            long valueAt;
            if (e.data().length <= inline) {
                valueAt = all.position();
                all.put(java.util.Arrays.copyOf(e.data(), inline));
            } else {
                valueAt = extraPos;
                if (big) {
                    all.putLong(extraPos);
                } else {
                    all.putInt((int) extraPos);
                }
                extras.add(new Object[] {extraPos, e.data()});
                extraPos += e.data().length + (e.data().length & 1);
            }
            if (e.tag() == 324) {
                offsetsAt = valueAt;
            } else if (e.tag() == 325) {
                countsAt = valueAt;
            }
        }
        if (big) {
            all.putLong(0);
        } else {
            all.putInt(0);
        }
        for (Object[] x : extras) {
            all.position((int) (long) (Long) x[0]);
            all.put((byte[]) x[1]);
        }
        return new Layout(all.array(), ifdPos, offsetsAt, countsAt, total);
    }

    private void writeIfd(TreeMap<Integer, Entry> tags) throws IOException {
        Layout l = layout(tags);
        int headerSize = big ? 16 : 8;
        long p = l.end();
        if (!big && p > 0xFFFFFFFFL) {
            throw new IOException("classic TIFF exceeded 4 GB: " + file);
        }
        writeFully(ByteBuffer.wrap(l.bytes(), (int) l.ifdPos(), (int) (l.end() - l.ifdPos())), l.ifdPos());
        writeFully(ByteBuffer.wrap(l.bytes(), 0, headerSize), 0);
        if (l.ifdPos() == headerSize) { // directory first: tiles follow it, their tables are updated in place
            offsetsAt = l.offsetsAt();
            countsAt = l.countsAt();
            pos = p;
        } else if (p > pos) {
            // pad so the size is the end of the last item
            ch.truncate(Math.max(ch.size(), p));
        }
    }
}
