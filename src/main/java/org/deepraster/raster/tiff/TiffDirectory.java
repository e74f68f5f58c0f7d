package org.deepraster.raster.tiff;

import java.nio.ByteOrder;
import java.util.Map;

/**
 * One parsed TIFF image file directory (IFD): the layout of one image (full resolution, a
 * reduced-resolution overview or a transparency mask) and where its tiles or strips lie in the
 * file. What a directory is for is decided by {@link TiffLayout}.
 */
public final class TiffDirectory {
    /** The largest decoded tile or strip accepted. */
    public static final long MAX_CHUNK_BYTES = 256L << 20;
    public static final int COMPRESSION_NONE = 1;
    public static final int COMPRESSION_LZW = 5;
    public static final int COMPRESSION_OJPEG = 6;
    public static final int COMPRESSION_JPEG = 7;
    public static final int COMPRESSION_DEFLATE = 8;
    public static final int COMPRESSION_PACKBITS = 32773;
    public static final int COMPRESSION_DEFLATE_OLD = 32946;

    final ByteOrder order;
    final Map<Integer, long[]> numbers;
    final Map<Integer, String> strings;
    final Map<Integer, double[]> doubles;
    final Map<Integer, byte[]> bytes;

    public final int width;
    public final int height;
    public final boolean tiled;
    public final int tileWidth;
    public final int tileHeight;
    public final int samplesPerPixel;
    public final int bitsPerSample;
    /** 1 unsigned int, 2 signed int, 3 IEEE float. */
    public final int sampleFormat;
    public final int compression;
    public final int predictor;
    /** 1 chunky (pixel interleaved), 2 planar (band after band). */
    public final int planarConfig;
    public final int photometric;
    public final long newSubfileType;
    public final long[] offsets;
    public final long[] byteCounts;

    TiffDirectory(ByteOrder order, Map<Integer, long[]> numbers, Map<Integer, String> strings,
                  Map<Integer, double[]> doubles, Map<Integer, byte[]> bytes, String file) {
        this.order = order;
        this.numbers = numbers;
        this.strings = strings;
        this.doubles = doubles;
        this.bytes = bytes;
        width = (int) required(256, file);
        height = (int) required(257, file);
        samplesPerPixel = (int) number(277, 1);
        long[] bps = numbers.get(258);
        bitsPerSample = bps == null ? 1 : (int) bps[0];
        if (bps != null) {
            for (long b : bps) {
                if (b != bitsPerSample) {
                    throw new TiffException("bands with different bit depths (" + java.util.Arrays.toString(bps) + ")");
                }
            }
        }
        long[] sf = numbers.get(339);
        sampleFormat = sf == null ? 1 : (int) sf[0];
        compression = (int) number(259, 1);
        predictor = (int) number(317, 1);
        planarConfig = (int) number(284, 1);
        photometric = (int) number(262, samplesPerPixel >= 3 ? 2 : 1);
        newSubfileType = number(254, 0);
        tiled = numbers.containsKey(322);
        if (tiled) {
            tileWidth = (int) required(322, file);
            tileHeight = (int) required(323, file);
            offsets = requiredArray(324, file);
            byteCounts = requiredArray(325, file);
        } else {
            tileWidth = width;
            long rps = number(278, height);
            int stripRows = (int) Math.max(1, Math.min(rps, height));
            long[] offs = requiredArray(273, file);
            long[] bc = numbers.get(279);
            long[] counts = bc != null ? bc : new long[offs.length];
            int planes = planarConfig == 2 ? samplesPerPixel : 1;
            long rowBytes = (long) width * (planarConfig == 2 ? 1 : samplesPerPixel) * Math.max(1, bitsPerSample / 8);
            int stripsPerPlane = (height + stripRows - 1) / stripRows;
            if (compression == COMPRESSION_NONE && bitsPerSample >= 8 && stripRows > 1 && rowBytes * stripRows > (1 << 20)
                    && offs.length >= (long) stripsPerPlane * planes) {
                // big uncompressed strips: address them as smaller virtual strips, so a read
                // decodes only the rows it needs (the rows of a strip are contiguous)
                int target = (int) Math.max(1, (1 << 18) / rowBytes);
                int k = (stripRows + target - 1) / target;
                while (stripRows % k != 0) {
                    k++;
                }
                int vRows = stripRows / k;
                int vPerPlane = (height + vRows - 1) / vRows;
                long[] vo = new long[vPerPlane * planes];
                long[] vc = new long[vo.length];
                for (int pl = 0; pl < planes; pl++) {
                    for (int v = 0; v < vPerPlane; v++) {
                        int row = v * vRows;
                        int strip = row / stripRows;
                        int inStrip = row - strip * stripRows;
                        int rows = Math.min(vRows, Math.min(height - row, stripRows - inStrip));
                        long base = offs[pl * stripsPerPlane + strip];
                        vo[pl * vPerPlane + v] = base == 0 ? 0 : base + inStrip * rowBytes;
                        vc[pl * vPerPlane + v] = base == 0 ? 0 : rows * rowBytes;
                    }
                }
                stripRows = vRows;
                offs = vo;
                counts = vc;
            }
            tileHeight = stripRows;
            offsets = offs;
            byteCounts = counts;
        }
        if (width <= 0 || height <= 0 || tileWidth <= 0 || tileHeight <= 0 || samplesPerPixel <= 0) {
            throw new TiffException("invalid image size " + width + " x " + height);
        }
        if (bitsPerSample <= 0 || bitsPerSample > 64 || samplesPerPixel > 10000) {
            throw new TiffException("invalid sample layout (" + samplesPerPixel + " samples of " + bitsPerSample
                    + " bits)");
        }
        if (predictor < 1 || predictor > 3) { // GDAL refuses these too ("Unknown predictor")
            throw new TiffException("unknown predictor " + predictor + " (tag 317: 1 none, 2 horizontal, 3 floating point)");
        }
        long chunkBytes = (long) tileWidth * tileHeight * (planarConfig == 2 ? 1 : samplesPerPixel)
                * Math.max(1, bitsPerSample / 8);
        if (chunkBytes > MAX_CHUNK_BYTES) {
            throw new TiffException("a tile or strip holds " + (chunkBytes >> 20) + " MB of pixels, more than "
                    + (MAX_CHUNK_BYTES >> 20) + " MB (re-tile it, e.g. gdal_translate -co TILED=YES)");
        }
        long expected = (long) tilesAcross() * tilesDown() * (planarConfig == 2 ? samplesPerPixel : 1);
        if (offsets.length < expected) {
            throw new TiffException("the image has " + offsets.length + " tiles/strips but needs " + expected);
        }
    }

    private long required(int tag, String file) {
        long[] v = numbers.get(tag);
        if (v == null || v.length == 0) {
            throw new TiffException("required TIFF tag " + tag + " is missing");
        }
        return v[0];
    }

    private long[] requiredArray(int tag, String file) {
        long[] v = numbers.get(tag);
        if (v == null) {
            throw new TiffException("required TIFF tag " + tag + " is missing");
        }
        return v;
    }

    public long number(int tag, long dflt) {
        long[] v = numbers.get(tag);
        return v == null || v.length == 0 ? dflt : v[0];
    }

    public long[] numbers(int tag) {
        return numbers.get(tag);
    }

    public double[] doubles(int tag) {
        return doubles.get(tag);
    }

    public String string(int tag) {
        return strings.get(tag);
    }

    public byte[] bytes(int tag) {
        return bytes.get(tag);
    }

    public ByteOrder order() {
        return order;
    }

    public int tilesAcross() {
        return (width + tileWidth - 1) / tileWidth;
    }

    public int tilesDown() {
        return (height + tileHeight - 1) / tileHeight;
    }

    public boolean isReducedResolution() {
        return (newSubfileType & 1) != 0;
    }

    public boolean isMask() {
        return (newSubfileType & 4) != 0;
    }

    /** GDAL_NODATA (tag 42113), if present and numeric. */
    public Double noData() {
        String s = strings.get(42113);
        if (s == null) {
            return null;
        }
        s = s.trim();
        if (s.isEmpty()) {
            return null;
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            if (s.equalsIgnoreCase("nan")) {
                return Double.NaN;
            }
            return null;
        }
    }

    /** Colour map (tag 320) as 16-bit values r[], g[], b[] one after the other, or null. */
    public long[] colorMap() {
        return numbers.get(320);
    }

    @Override
    public String toString() {
        return width + "x" + height + " tiles " + tileWidth + "x" + tileHeight + " spp " + samplesPerPixel
                + " bits " + bitsPerSample + " fmt " + sampleFormat + " comp " + compression
                + " pred " + predictor + " planar " + planarConfig + " photometric " + photometric;
    }
}
