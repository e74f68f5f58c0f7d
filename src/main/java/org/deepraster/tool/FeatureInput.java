package org.deepraster.tool;

import java.nio.file.Path;
import org.deepraster.feature.FeatureCollection;

/** The objects of a tool: a layer of a vector file, or features already in memory (a map layer). */
public sealed interface FeatureInput {

    /**
     * A vector file; {@code layer} names the GeoPackage table (null: the file's only or first
     * feature layer).
     */
    record File(Path path, String layer) implements FeatureInput {
    }

    /** Features from the map (their schema carries the CRS). */
    record Layer(FeatureCollection features) implements FeatureInput {
    }

    static FeatureInput file(Path path) {
        return new File(path, null);
    }
}
