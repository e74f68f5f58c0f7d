package org.deepraster.raster;

import java.awt.geom.AffineTransform;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.deepraster.util.UserException;
import org.deepraster.geo.CrsRef;
import org.deepraster.util.WriteFailures;
import org.opengis.referencing.crs.CoordinateReferenceSystem;

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
 *
 * <p>The pieces: {@link TileEncoder} (samples to stored tile bytes, compression),
 * {@link TiffDirectory} (the directory's tags and bytes, with {@link TiffTags} and {@link GeoKeys})
 * and {@link InPlaceTables} (the crash-consistent mode's tables and the reopening check).
 */
public final class GeoTiffWriter implements AutoCloseable {

    public enum Compression { NONE, DEFLATE }

    /**
     * What to write. {@code gridToCrs} maps pixel corners to map coordinates (x east, y north) or
     * is null; {@code crsRef} may be null (a CRS known by its code is written without being built); {@code palette} holds 0xRRGGBB colours (up to 256) for a
     * single-band uint8 raster, or null.
     */
    public record Options(int width, int height, int bands, SampleType type, Compression compression,
                          int tileSize, AffineTransform gridToCrs, CrsRef crsRef,
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
            return new Options(width, height, bands, type, Compression.DEFLATE, 256, null, (CrsRef) null, null, null, false, 6);
        }

        public Options georeferenced(AffineTransform gridToCrs, CoordinateReferenceSystem crs) {
            return georeferenced(gridToCrs, CrsRef.of(crs));
        }

        public Options georeferenced(AffineTransform gridToCrs, CrsRef crs) {
            return new Options(width, height, bands, type, compression, tileSize, gridToCrs, crs, noData, palette,
                    forceBigTiff, deflateLevel);
        }

        /** The grid's transform and CRS (a CRS known by its code stays unbuilt). */
        public Options georeferenced(org.deepraster.geo.GridGeometry grid) {
            return georeferenced(grid.gridToCrs(), grid.crsRef());
        }

        /** The CRS (built now if it was known only by its code), or null. */
        public CoordinateReferenceSystem crs() {
            return CrsRef.crsOf(crsRef);
        }

        public Options withCompression(Compression c) {
            return new Options(width, height, bands, type, c, tileSize, gridToCrs, crsRef, noData, palette,
                    forceBigTiff, deflateLevel);
        }

        public Options withDeflateLevel(int level) {
            return new Options(width, height, bands, type, compression, tileSize, gridToCrs, crsRef, noData, palette,
                    forceBigTiff, level);
        }

        public Options withTileSize(int size) {
            return new Options(width, height, bands, type, compression, size, gridToCrs, crsRef, noData, palette,
                    forceBigTiff, deflateLevel);
        }

        public Options withNoData(Double value) {
            return new Options(width, height, bands, type, compression, tileSize, gridToCrs, crsRef, value, palette,
                    forceBigTiff, deflateLevel);
        }

        public Options withPalette(int[] rgb) {
            return new Options(width, height, bands, type, compression, tileSize, gridToCrs, crsRef, noData, rgb,
                    forceBigTiff, deflateLevel);
        }

        public Options withBigTiff(boolean force) {
            return new Options(width, height, bands, type, compression, tileSize, gridToCrs, crsRef, noData, palette,
                    force, deflateLevel);
        }
    }

    private static final long BIG_LIMIT = 0xF0000000L; // a little under 4 GB

    private final Path file;
    private final Options o;
    private final FileChannel ch;
    private final boolean big;
    private final int tilesAcross;
    private final int tilesDown;
    private final long[] offsets;
    private final long[] counts;
    private final int bytesPerSample;
    private final TileEncoder encoder;
    private final TiffDirectory directory;
    private long pos;
    private boolean closed;
    /** Crash-consistent mode: the tile tables in the file, updated with each tile (else null). */
    private InPlaceTables inPlace;
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
        this.directory = new TiffDirectory(o, big, metadata);
        try {
            this.ch = reopen ? FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.READ)
                    : FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.READ);
        } catch (IOException e) {
            WriteFailures.orExplained(e, file);
            throw new UserException("Cannot write " + file + ": " + e.getMessage(),
                    "Choose a folder you can write to, and close programs that hold the file open.", e);
        }
        this.encoder = new TileEncoder(o);
        int headerSize = big ? 16 : 8;
        if (reopen) {
            try {
                this.inPlace = InPlaceTables.reopen(ch, file, big, directory.layout(headerSize, offsets, counts),
                        offsets, counts);
                long size = ch.size();
                pos = size + (size & 1);
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
            return;
        }
        ByteBuffer h = ByteBuffer.allocate(headerSize).order(TiffTags.ORDER);
        h.put((byte) 'I').put((byte) 'I');
        if (big) {
            h.putShort((short) 43).putShort((short) 8).putShort((short) 0).putLong(0);
        } else {
            h.putShort((short) 42).putInt(0);
        }
        h.flip();
        try {
            writeFully(ch, h, 0);
        } catch (IOException e) {
            ch.close();
            throw WriteFailures.orExplained(e, file);
        }
        pos = h.capacity();
        if (inPlace) {
            writeDirectory(); // offsets and counts all 0: every tile empty
        }
    }

    public static GeoTiffWriter create(Path file, Options options) throws IOException {
        return new GeoTiffWriter(file, options);
    }

    /** As {@link #create(Path, Options)}, with {@code metadata} (or null) stored as GDAL_METADATA (tag 42112). */
    public static GeoTiffWriter create(Path file, Options options, String metadata) throws IOException {
        return new GeoTiffWriter(file, options, metadata, false, false);
    }

    /** GDAL_METADATA text ({@code <GDALMetadata>} of {@code <Item>}s) for one item, its value escaped for XML. */
    public static String gdalMetadata(String name, String value) {
        return "<GDALMetadata>\n  <Item name=\"" + name + "\">" + value.replace("&", "&amp;").replace("<", "&lt;")
                .replace(">", "&gt;") + "</Item>\n</GDALMetadata>";
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
                for (int tx = 0; tx < tilesAcross; tx++) {
                    store(tx, ty, encoder.fromByteRows(tx, ty, rowBuffer8));
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
        store(tileX, tileY, encoder.fromFloats(tileX, tileY, src, srcStride, srcX, srcY, bandStride));
    }

    private void store(int tileX, int tileY, byte[] data) throws IOException {
        ByteBuffer stored = encoder.compress(data);
        int len = stored.remaining();
        int idx = tileY * tilesAcross + tileX;
        long at = pos;
        try {
            writeFully(ch, stored, at);
        } catch (IOException e) {
            throw WriteFailures.orExplained(e, file);
        }
        pos += len;
        offsets[idx] = at;
        counts[idx] = len;
        if (inPlace != null) { // count first: a kill in between leaves offset 0, an empty tile
            inPlace.update(idx, at, len);
        }
        if (!big && pos > 0xFFFFFFF0L) {
            throw new IOException("classic TIFF exceeded 4 GB while writing " + file);
        }
    }

    /** Writes all of {@code b} at file position {@code at}. */
    static void writeFully(FileChannel ch, ByteBuffer b, long at) throws IOException {
        long p = at;
        while (b.hasRemaining()) {
            p += ch.write(b, p);
        }
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
            if (inPlace == null) {
                writeDirectory();
            }
        } catch (IOException e) {
            throw WriteFailures.orExplained(e, file);
        } finally {
            ch.close();
            encoder.end();
        }
    }

    /**
     * Writes the directory at the end of the data, or, right after the header, first (the
     * crash-consistent mode: the tables are then updated in place), and points the header at it.
     */
    private void writeDirectory() throws IOException {
        TiffDirectory.Layout l = directory.layout(pos, offsets, counts);
        int headerSize = big ? 16 : 8;
        long p = l.end();
        if (!big && p > 0xFFFFFFFFL) {
            throw new IOException("classic TIFF exceeded 4 GB: " + file);
        }
        writeFully(ch, ByteBuffer.wrap(l.bytes(), (int) l.ifdPos(), (int) (l.end() - l.ifdPos())), l.ifdPos());
        writeFully(ch, ByteBuffer.wrap(l.bytes(), 0, headerSize), 0);
        if (l.ifdPos() == headerSize) { // directory first: tiles follow it, their tables are updated in place
            inPlace = new InPlaceTables(ch, big, l.offsetsAt(), l.countsAt());
            pos = p;
        } else if (p > pos) {
            // pad so the size is the end of the last item
            ch.truncate(Math.max(ch.size(), p));
        }
    }
}
