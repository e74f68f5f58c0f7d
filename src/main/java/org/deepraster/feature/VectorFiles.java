package org.deepraster.feature;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Reads vector files: GeoPackage (every feature table), Shapefile (with .prj), GeoJSON. */
public final class VectorFiles {
    private VectorFiles() {
    }

    /** True when the file looks like a vector file this class reads (judged by content). */
    public static boolean isVector(Path file) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * Reads every layer of a file (one per GeoPackage feature table). Bad input gives a
     * {@link org.deepraster.util.UserException} naming the file and the problem; a missing CRS is a
     * warning in the collection, not an error.
     */
    public static List<FeatureCollection> open(Path file) throws IOException {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
