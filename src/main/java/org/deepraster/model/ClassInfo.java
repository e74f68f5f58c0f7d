package org.deepraster.model;

/**
 * One class of the legend: {@code {Value, Name, Color:[r,g,b]}}. A detector or classifier maps
 * output index i to the i-th class of the definition.
 */
public record ClassInfo(int value, String name, int red, int green, int blue) {
    public ClassInfo {
        name = name == null ? String.valueOf(value) : name;
    }

    /** Colour as {@code #rrggbb}. */
    public String hexColor() {
        return String.format("#%02x%02x%02x", red, green, blue);
    }

    /** The default legend colour (0xRRGGBB) of the i-th class, for classes a definition gives no colour. */
    public static int defaultRgb(int i) {
        int[] c = EmdParser.paletteColor(i);
        return (c[0] << 16) | (c[1] << 8) | c[2];
    }

    /** Packed 0xRRGGBB. */
    public int rgb() {
        return (red << 16) | (green << 8) | blue;
    }
}
