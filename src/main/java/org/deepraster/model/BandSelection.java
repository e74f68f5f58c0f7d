package org.deepraster.model;

import java.util.List;

/**
 * {@code ExtractBands}: 0-based band indexes, or band names (e.g. {@code ["red","green","nir"]}).
 * Exactly one of the two lists is non-empty, or both are empty when the key was absent.
 */
public record BandSelection(List<Integer> indexes, List<String> names) {
    public static final BandSelection NONE = new BandSelection(List.of(), List.of());

    public BandSelection {
        indexes = List.copyOf(indexes);
        names = List.copyOf(names);
    }

    public static BandSelection ofIndexes(List<Integer> indexes) {
        return new BandSelection(indexes, List.of());
    }

    public static BandSelection ofNames(List<String> names) {
        return new BandSelection(List.of(), names);
    }

    public boolean byName() {
        return !names.isEmpty();
    }

    public boolean isEmpty() {
        return indexes.isEmpty() && names.isEmpty();
    }

    /** Number of bands the model reads. */
    public int count() {
        return byName() ? names.size() : indexes.size();
    }

    @Override
    public String toString() {
        return byName() ? names.toString() : indexes.toString();
    }
}
