package org.deepraster.raster.tiff;

import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Iterator;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes tiles and strips: none, LZW, PackBits, DEFLATE (with predictors 2 and 3) directly,
 * JPEG through the JDK's {@code javax.imageio} JPEG decoder (JPEGTables merged in, YCbCr
 * converted to RGB here). Thread-safe.
 */
public final class TiffChunkDecoder {
    private static final ThreadLocal<Inflater> INFLATER = ThreadLocal.withInitial(Inflater::new);

    private TiffChunkDecoder() {
    }

    public static boolean isSupported(int compression) {
        return switch (compression) {
            case TiffDirectory.COMPRESSION_NONE, TiffDirectory.COMPRESSION_LZW, TiffDirectory.COMPRESSION_DEFLATE,
                 TiffDirectory.COMPRESSION_DEFLATE_OLD, TiffDirectory.COMPRESSION_PACKBITS,
                 TiffDirectory.COMPRESSION_JPEG -> true;
            default -> false;
        };
    }

    public static String compressionName(int compression) {
        return switch (compression) {
            case 1 -> "none";
            case 2 -> "CCITT RLE";
            case 3 -> "CCITT Group 3";
            case 4 -> "CCITT Group 4";
            case 5 -> "LZW";
            case 6 -> "old-style JPEG";
            case 7 -> "JPEG";
            case 8, 32946 -> "DEFLATE";
            case 32773 -> "PackBits";
            case 34887 -> "LERC";
            case 34925 -> "LZMA";
            case 50000 -> "ZSTD";
            case 50001 -> "WebP";
            case 50002 -> "JPEG XL";
            default -> "code " + compression;
        };
    }

    /** Number of rows chunk {@code index} holds (the last strip may be shorter). */
    static int rowsOf(TiffDirectory d, int index) {
        if (d.tiled) {
            return d.tileHeight;
        }
        int perPlane = d.tilesAcross() * d.tilesDown();
        int row = (index % perPlane) * d.tileHeight;
        return Math.min(d.tileHeight, d.height - row);
    }

    /**
     * Decodes chunk {@code index} (for planar images, plane-major: band * chunksPerPlane + i).
     * An empty (sparse) chunk is filled with {@code fill}.
     */
    public static Chunk decode(TiffFile file, TiffDirectory d, int index, double fill) throws IOException {
        int w = d.tileWidth;
        int h = rowsOf(d, index);
        int spp = d.planarConfig == 2 ? 1 : d.samplesPerPixel;
        int bps = d.bitsPerSample / 8;
        int n = w * h * spp;
        long offset = d.offsets[index];
        long count = index < d.byteCounts.length ? d.byteCounts[index] : 0;
        if (count == 0 && d.compression == TiffDirectory.COMPRESSION_NONE && offset != 0) {
            count = (long) n * bps; // missing StripByteCounts in old files
        }
        if (offset == 0 || count == 0) {
            return filled(d, w, h, spp, fill);
        }
        if (count > Integer.MAX_VALUE - 16 || offset + count > file.size()) { // checked before anything is allocated
            throw new TiffException((d.tiled ? "tile " : "strip ") + index + " claims " + count + " bytes at byte " + offset
                    + ", but the file has " + file.size() + " (it is truncated or damaged)");
        }
        byte[] raw = file.read(offset, (int) count).array();
        if (d.compression == TiffDirectory.COMPRESSION_JPEG) {
            return jpeg(d, raw, w, h, spp);
        }
        if (d.compression == TiffDirectory.COMPRESSION_NONE && raw.length < (long) n * bps) {
            // GDAL: "Read error at row ..."; zero padding would be read as pixels
            throw new TiffException((d.tiled ? "tile " : "strip ") + index + " holds " + raw.length + " bytes of the "
                    + (long) n * bps + " its pixels need (the file is truncated or damaged)");
        }
        byte[] data = switch (d.compression) {
            case TiffDirectory.COMPRESSION_NONE -> raw;
            case TiffDirectory.COMPRESSION_DEFLATE, TiffDirectory.COMPRESSION_DEFLATE_OLD -> inflate(raw, n * bps);
            case TiffDirectory.COMPRESSION_LZW -> lzw(raw, n * bps);
            case TiffDirectory.COMPRESSION_PACKBITS -> packBits(raw, n * bps);
            default -> throw new TiffException("unsupported compression " + compressionName(d.compression));
        };
        if (data.length < n * bps) {
            data = Arrays.copyOf(data, n * bps);
        }
        if (d.predictor == 3) {
            data = undoFloatPredictor(data, w, h, spp, bps);
            return typed(d, data, w, h, spp, java.nio.ByteOrder.BIG_ENDIAN);
        }
        Chunk c = typed(d, data, w, h, spp, d.order);
        if (d.predictor == 2) {
            undoHorizontalPredictor(c);
        }
        return c;
    }

    private static Chunk filled(TiffDirectory d, int w, int h, int spp, double fill) {
        int n = w * h * spp;
        boolean signed = d.sampleFormat == 2;
        double v = Double.isNaN(fill) ? 0 : fill;
        if (d.sampleFormat == 3) {
            if (d.bitsPerSample == 64) {
                double[] a = new double[n];
                Arrays.fill(a, fill);
                return new Chunk(w, h, spp, a, true);
            }
            float[] a = new float[n];
            Arrays.fill(a, (float) fill);
            return new Chunk(w, h, spp, a, true);
        }
        return switch (d.bitsPerSample) {
            case 8 -> {
                byte[] a = new byte[n];
                Arrays.fill(a, (byte) v);
                yield new Chunk(w, h, spp, a, signed);
            }
            case 16 -> {
                short[] a = new short[n];
                Arrays.fill(a, (short) v);
                yield new Chunk(w, h, spp, a, signed);
            }
            default -> {
                int[] a = new int[n];
                Arrays.fill(a, (int) (long) v);
                yield new Chunk(w, h, spp, a, signed);
            }
        };
    }

    private static Chunk typed(TiffDirectory d, byte[] data, int w, int h, int spp, java.nio.ByteOrder order) {
        int n = w * h * spp;
        boolean signed = d.sampleFormat == 2;
        ByteBuffer bb = ByteBuffer.wrap(data).order(order);
        if (d.sampleFormat == 3) {
            if (d.bitsPerSample == 32) {
                float[] a = new float[n];
                bb.asFloatBuffer().get(a);
                return new Chunk(w, h, spp, a, true);
            }
            if (d.bitsPerSample == 64) {
                double[] a = new double[n];
                bb.asDoubleBuffer().get(a);
                return new Chunk(w, h, spp, a, true);
            }
            throw new TiffException("unsupported floating-point size " + d.bitsPerSample + " bits");
        }
        return switch (d.bitsPerSample) {
            case 8 -> new Chunk(w, h, spp, data.length == n ? data : Arrays.copyOf(data, n), signed);
            case 16 -> {
                short[] a = new short[n];
                bb.asShortBuffer().get(a);
                yield new Chunk(w, h, spp, a, signed);
            }
            case 32 -> {
                int[] a = new int[n];
                bb.asIntBuffer().get(a);
                yield new Chunk(w, h, spp, a, signed);
            }
            default -> throw new TiffException("unsupported sample size " + d.bitsPerSample + " bits");
        };
    }

    private static void undoHorizontalPredictor(Chunk c) {
        int rowLen = c.width * c.samples;
        int spp = c.samples;
        for (int y = 0; y < c.height; y++) {
            int start = y * rowLen;
            for (int k = start + spp; k < start + rowLen; k++) {
                if (c.b != null) {
                    c.b[k] += c.b[k - spp];
                } else if (c.s != null) {
                    c.s[k] += c.s[k - spp];
                } else if (c.i != null) {
                    c.i[k] += c.i[k - spp];
                }
            }
        }
    }

    private static byte[] undoFloatPredictor(byte[] data, int w, int h, int spp, int bps) {
        int wc = w * spp;
        int rowBytes = wc * bps;
        byte[] out = new byte[data.length];
        for (int y = 0; y < h; y++) {
            int base = y * rowBytes;
            for (int k = base + spp; k < base + rowBytes; k++) {
                data[k] += data[k - spp];
            }
            for (int i = 0; i < wc; i++) {
                for (int b = 0; b < bps; b++) {
                    out[base + bps * i + b] = data[base + b * wc + i]; // big-endian bytes
                }
            }
        }
        return out;
    }

    static byte[] inflate(byte[] raw, int expected) {
        Inflater inf = INFLATER.get();
        inf.reset();
        inf.setInput(raw);
        byte[] out = new byte[expected];
        int pos = 0;
        try {
            while (pos < expected && !inf.finished()) {
                int k = inf.inflate(out, pos, expected - pos);
                if (k == 0 && (inf.needsInput() || inf.needsDictionary())) {
                    break;
                }
                pos += k;
            }
        } catch (DataFormatException e) {
            throw new TiffException("corrupt DEFLATE data: " + e.getMessage(), e);
        }
        if (pos < expected) {
            throw new TiffException("corrupt or truncated DEFLATE data (" + pos + " of " + expected + " bytes)");
        }
        return out;
    }

    static byte[] packBits(byte[] in, int expected) {
        byte[] out = new byte[expected];
        int ip = 0;
        int op = 0;
        while (ip < in.length && op < expected) {
            int n = in[ip++];
            if (n >= 0) {
                int len = Math.min(n + 1, Math.min(expected - op, in.length - ip));
                System.arraycopy(in, ip, out, op, len);
                ip += n + 1;
                op += len;
            } else if (n != -128) {
                if (ip >= in.length) {
                    break;
                }
                byte v = in[ip++];
                int len = Math.min(-n + 1, expected - op);
                Arrays.fill(out, op, op + len, v);
                op += len;
            }
        }
        if (op < expected) {
            throw new TiffException("corrupt or truncated PackBits data (" + op + " of " + expected + " bytes)");
        }
        return out;
    }

    static byte[] lzw(byte[] in, int expected) {
        byte[] out = new byte[expected];
        int[] prefix = new int[4096];
        byte[] suffix = new byte[4096];
        byte[] first = new byte[4096];
        int[] len = new int[4096];
        for (int k = 0; k < 256; k++) {
            prefix[k] = -1;
            suffix[k] = (byte) k;
            first[k] = (byte) k;
            len[k] = 1;
        }
        int op = 0;
        int next = 258;
        int width = 9;
        int old = -1;
        long bitBuf = 0;
        int bitCount = 0;
        int ip = 0;
        while (op < expected) {
            while (bitCount < width && ip < in.length) {
                bitBuf = (bitBuf << 8) | (in[ip++] & 0xFF);
                bitCount += 8;
            }
            if (bitCount < width) {
                break;
            }
            int code = (int) ((bitBuf >>> (bitCount - width)) & ((1 << width) - 1));
            bitCount -= width;
            if (code == 257) {
                break;
            }
            if (code == 256) {
                next = 258;
                width = 9;
                old = -1;
                continue;
            }
            int emit;
            if (old == -1) {
                if (code > 255) {
                    throw new TiffException("corrupt LZW data");
                }
                emit = code;
            } else if (code < next) {
                emit = code;
                if (next < 4096) {
                    prefix[next] = old;
                    suffix[next] = first[code];
                    first[next] = first[old];
                    len[next] = len[old] + 1;
                    next++;
                }
            } else if (code == next && next < 4096) {
                prefix[next] = old;
                suffix[next] = first[old];
                first[next] = first[old];
                len[next] = len[old] + 1;
                emit = next;
                next++;
            } else {
                throw new TiffException("corrupt LZW data");
            }
            int l = len[emit];
            int c = emit;
            for (int k = l - 1; k >= 0; k--) {
                if (op + k < expected) {
                    out[op + k] = suffix[c];
                }
                c = prefix[c];
            }
            op += l;
            old = emit;
            if (next == 511) {
                width = 10;
            } else if (next == 1023) {
                width = 11;
            } else if (next == 2047) {
                width = 12;
            }
        }
        if (op < expected) {
            throw new TiffException("corrupt or truncated LZW data (" + op + " of " + expected + " bytes)");
        }
        return out;
    }

    private static Chunk jpeg(TiffDirectory d, byte[] raw, int w, int h, int spp) throws IOException {
        if (d.bitsPerSample != 8) {
            throw new TiffException("JPEG with " + d.bitsPerSample + "-bit samples is not supported");
        }
        byte[] tables = d.bytes(347);
        byte[] stream = raw;
        if (tables != null && tables.length > 4 && raw.length > 2) {
            int tl = tables.length;
            if ((tables[tl - 2] & 0xFF) == 0xFF && (tables[tl - 1] & 0xFF) == 0xD9) {
                tl -= 2;
            }
            stream = new byte[tl + raw.length - 2];
            System.arraycopy(tables, 0, stream, 0, tl);
            System.arraycopy(raw, 2, stream, tl, raw.length - 2);
        }
        Raster r;
        Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName("jpeg");
        if (!it.hasNext()) {
            throw new TiffException("no JPEG decoder in this Java runtime");
        }
        ImageReader reader = it.next();
        try (ImageInputStream iis = ImageIO.createImageInputStream(new ByteArrayInputStream(stream))) {
            reader.setInput(iis, true, true);
            r = reader.readRaster(0, null);
        } catch (IOException | RuntimeException e) {
            throw new TiffException("corrupt JPEG tile: " + e.getMessage(), e);
        } finally {
            reader.dispose();
        }
        byte[] out = new byte[w * h * spp];
        int rw = Math.min(w, r.getWidth());
        int rh = Math.min(h, r.getHeight());
        int bands = Math.min(spp, r.getNumBands());
        int[] px = new int[rw * r.getNumBands()];
        boolean ycc = d.photometric == 6 && bands == 3;
        for (int y = 0; y < rh; y++) {
            r.getPixels(r.getMinX(), r.getMinY() + y, rw, 1, px);
            int nb = r.getNumBands();
            for (int x = 0; x < rw; x++) {
                int o = (y * w + x) * spp;
                if (ycc) {
                    double yy = px[x * nb];
                    double cb = px[x * nb + 1] - 128.0;
                    double cr = px[x * nb + 2] - 128.0;
                    out[o] = clamp(yy + 1.402 * cr);
                    out[o + 1] = clamp(yy - 0.344136 * cb - 0.714136 * cr);
                    out[o + 2] = clamp(yy + 1.772 * cb);
                } else {
                    for (int b = 0; b < bands; b++) {
                        out[o + b] = (byte) px[x * nb + b];
                    }
                }
            }
        }
        return new Chunk(w, h, spp, out, false);
    }

    private static byte clamp(double v) {
        long r = Math.round(v);
        return (byte) (r < 0 ? 0 : r > 255 ? 255 : r);
    }
}
