package org.deepraster.raster.tiff;

/**
 * One decoded tile or strip: {@code width x height} pixels of {@code samples} interleaved
 * samples, in exactly one of the typed arrays.
 */
public final class Chunk {
    public final int width;
    public final int height;
    public final int samples;
    final byte[] b;
    final short[] s;
    final int[] i;
    final float[] f;
    final double[] d;
    final boolean signed;

    Chunk(int width, int height, int samples, Object data, boolean signed) {
        this.width = width;
        this.height = height;
        this.samples = samples;
        this.signed = signed;
        this.b = data instanceof byte[] a ? a : null;
        this.s = data instanceof short[] a ? a : null;
        this.i = data instanceof int[] a ? a : null;
        this.f = data instanceof float[] a ? a : null;
        this.d = data instanceof double[] a ? a : null;
    }

    /** Sample at a flat index {@code (y * width + x) * samples + band}. */
    public float get(int idx) {
        if (b != null) {
            return signed ? b[idx] : b[idx] & 0xFF;
        }
        if (s != null) {
            return signed ? s[idx] : s[idx] & 0xFFFF;
        }
        if (f != null) {
            return f[idx];
        }
        if (i != null) {
            return signed ? i[idx] : (float) (i[idx] & 0xFFFFFFFFL);
        }
        return (float) d[idx];
    }

    /** The bytes of an 8-bit chunk (no copy), or null. */
    public byte[] byteData() {
        return b;
    }

    public long memoryBytes() {
        long n = (long) width * height * samples;
        if (b != null) {
            return n + 64;
        }
        if (s != null) {
            return 2 * n + 64;
        }
        if (d != null) {
            return 8 * n + 64;
        }
        return 4 * n + 64;
    }
}
