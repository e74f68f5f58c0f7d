package org.deepraster.feature;

import java.nio.file.Path;
import java.util.List;
import org.locationtech.jts.geom.Envelope;

/**
 * Features read into memory with their schema, the file they came from (null if made in memory),
 * and warnings found while reading (no CRS, skipped records), for the user.
 */
public record FeatureCollection(FeatureSchema schema, List<Feature> features, Path source, List<String> warnings) {

    public FeatureCollection {
        features = List.copyOf(features);
        warnings = List.copyOf(warnings);
    }

    public Envelope envelope() {
        Envelope e = new Envelope();
        for (Feature f : features) {
            if (f.geometry() != null) {
                e.expandToInclude(f.geometry().getEnvelopeInternal());
            }
        }
        return e;
    }

    public int size() {
        return features.size();
    }
}
