package org.deepraster.raster;

/** The type of the samples a raster stores. */
public enum SampleType {
    UINT8(8), INT8(8), UINT16(16), INT16(16), UINT32(32), INT32(32), FLOAT32(32), FLOAT64(64);

    private final int bits;

    SampleType(int bits) {
        this.bits = bits;
    }

    public int bits() {
        return bits;
    }

    /** True when the values need a stretch for 8-bit display. */
    public boolean needsStretch() {
        return this != UINT8;
    }
}
