package org.deepraster.raster.tiff;

import java.io.IOException;
import java.util.Arrays;

/** Decodes the tiles and strips of transparency masks (1-bit or 8-bit; see {@link TiffLayout}). Thread-safe. */
public final class TiffMaskDecoder {
    private TiffMaskDecoder() {
    }

    /**
     * Decodes chunk {@code index} of a transparency mask (1 or 8 bits, first sample only) into one
     * byte per pixel: 0 where the mask is 0 (transparent, no data), non-zero elsewhere. An empty
     * (sparse) chunk is all 0, as GDAL reads a missing block.
     */
    public static Chunk decode(TiffFile file, TiffDirectory d, int index) throws IOException {
        if (d.bitsPerSample == 8) {
            Chunk c = TiffChunkDecoder.decode(file, d, index, 0);
            if (c.samples == 1) {
                return c;
            }
            byte[] one = new byte[c.width * c.height];
            for (int i = 0; i < one.length; i++) {
                one[i] = c.b[i * c.samples];
            }
            return new Chunk(c.width, c.height, 1, one, false);
        }
        if (d.bitsPerSample != 1) {
            throw new TiffException("a transparency mask of " + d.bitsPerSample + "-bit samples is not supported");
        }
        int w = d.tileWidth;
        int h = TiffChunkDecoder.rowsOf(d, index);
        int spp = d.planarConfig == 2 ? 1 : d.samplesPerPixel;
        int rowBytes = (w * spp + 7) / 8;
        int n = rowBytes * h;
        long offset = d.offsets[index];
        long count = index < d.byteCounts.length ? d.byteCounts[index] : 0;
        if (count == 0 && d.compression == TiffDirectory.COMPRESSION_NONE && offset != 0) {
            count = n;
        }
        byte[] out = new byte[w * h];
        if (offset == 0 || count == 0) {
            return new Chunk(w, h, 1, out, false);
        }
        if (count > Integer.MAX_VALUE - 16) {
            throw new TiffException("a tile or strip is larger than 2 GB");
        }
        byte[] raw = file.read(offset, (int) count).array();
        byte[] bits = switch (d.compression) {
            case TiffDirectory.COMPRESSION_NONE -> raw;
            case TiffDirectory.COMPRESSION_DEFLATE, TiffDirectory.COMPRESSION_DEFLATE_OLD -> TiffChunkDecoder.inflate(raw, n);
            case TiffDirectory.COMPRESSION_LZW -> TiffChunkDecoder.lzw(raw, n);
            case TiffDirectory.COMPRESSION_PACKBITS -> TiffChunkDecoder.packBits(raw, n);
            default -> throw new TiffException("unsupported mask compression " + TiffChunkDecoder.compressionName(d.compression));
        };
        if (bits.length < n) {
            bits = Arrays.copyOf(bits, n);
        }
        for (int y = 0; y < h; y++) {
            int rb = y * rowBytes;
            for (int x = 0; x < w; x++) {
                int bit = x * spp;
                out[y * w + x] = (byte) ((bits[rb + (bit >> 3)] >> (7 - (bit & 7))) & 1);
            }
        }
        return new Chunk(w, h, 1, out, false);
    }
}
