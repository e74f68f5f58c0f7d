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

    /** Packed 0xRRGGBB. */
    public int rgb() {
        return (red << 16) | (green << 8) | blue;
    }
}
