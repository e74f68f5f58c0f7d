package org.deepraster.raster;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.Deflater;
import org.deepraster.raster.GeoTiffWriter.Compression;
import org.deepraster.raster.GeoTiffWriter.Options;

/**
 * Turns the samples {@link GeoTiffWriter} is given into the bytes of a tile as the file stores
 * them: full {@code tileSize x tileSize} tiles, pixel-interleaved, little-endian in the sample
 * type (rounded and clamped to its range), pixels past the raster's edge filled with NoData (or
 * zero); then compressed as the options ask. Used by one writer's thread; {@link #end} frees the
 * compressor.
 */
final class TileEncoder {
    private final Options o;
    private final int bytesPerSample;
    private final Deflater deflater;

    TileEncoder(Options o) {
        this.o = o;
        this.bytesPerSample = o.type().bits() / 8;
        this.deflater = o.compression() == Compression.DEFLATE ? new Deflater(o.deflateLevel()) : null;
    }

    /**
     * Tile ({@code tileX}, {@code tileY}) from band-sequential floats: sample (x, y) of band b is
     * {@code src[b * bandStride + (srcY + y) * srcStride + srcX + x]}.
     */
    byte[] fromFloats(int tileX, int tileY, float[] src, int srcStride, int srcX, int srcY, int bandStride) {
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
                    Arrays.fill(out, row, row + ts * nb, fb);
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
            return out;
        }
        ByteBuffer buf = ByteBuffer.allocate(ts * ts * nb * bytesPerSample).order(TiffTags.ORDER);
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
        return buf.array();
    }

    /**
     * Tile ({@code tileX}, {@code tileY}) of a uint8 raster from a row of tiles: {@code rows} holds
     * {@code tileSize} full-width rows, band-sequential.
     */
    byte[] fromByteRows(int tileX, int tileY, byte[] rows) {
        int ts = o.tileSize();
        int nb = o.bands();
        int w = o.width();
        int validH = Math.min(ts, o.height() - tileY * ts);
        byte fb = o.noData() == null ? 0 : (byte) clamp(o.noData().floatValue(), 0, 255);
        int validW = Math.min(ts, w - tileX * ts);
        byte[] tile = new byte[ts * ts * nb];
        if (validW < ts || validH < ts) {
            Arrays.fill(tile, fb);
        }
        for (int y = 0; y < validH; y++) {
            for (int b = 0; b < nb; b++) {
                int si = b * w * ts + y * w + tileX * ts;
                int oi = y * ts * nb + b;
                for (int x = 0; x < validW; x++, oi += nb) {
                    tile[oi] = rows[si + x];
                }
            }
        }
        return tile;
    }

    /** The bytes to store for a tile's data: the data itself, or its DEFLATE stream. */
    ByteBuffer compress(byte[] data) {
        if (deflater == null) {
            return ByteBuffer.wrap(data);
        }
        deflater.reset();
        deflater.setInput(data);
        deflater.finish();
        byte[] out = new byte[data.length + data.length / 100 + 64];
        int len = 0;
        while (!deflater.finished()) {
            if (len == out.length) {
                out = Arrays.copyOf(out, out.length * 2);
            }
            len += deflater.deflate(out, len, out.length - len);
        }
        return ByteBuffer.wrap(out, 0, len);
    }

    /** Frees the compressor (the writer is closed). */
    void end() {
        if (deflater != null) {
            deflater.end();
        }
    }

    private static int clamp(float v, int lo, int hi) {
        if (Float.isNaN(v)) {
            return 0;
        }
        long r = Math.round(v);
        return (int) Math.max(lo, Math.min(hi, r));
    }
}
