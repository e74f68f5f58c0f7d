package org.deepraster.model;

/** {@code DataRange [min, max]}: the input is rescaled into this range. */
public record DataRange(double min, double max) {
    @Override
    public String toString() {
        return "[" + min + ", " + max + "]";
    }
}
