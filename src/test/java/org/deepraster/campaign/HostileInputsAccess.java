package org.deepraster.campaign;

/** The campaign's TIFF patches, for tests of other packages. */
public final class HostileInputsAccess {
    private HostileInputsAccess() {
    }

    /** The TIFF with the byte count of its first tile or strip (TileByteCounts, else StripByteCounts) set to {@code count}. */
    public static byte[] tileCount(byte[] tif, int count) {
        byte[] b = HostileInputs.patchArray(tif, 325, 0, count);
        return java.util.Arrays.equals(b, tif) ? HostileInputs.patchArray(tif, 279, 0, count) : b;
    }
}
