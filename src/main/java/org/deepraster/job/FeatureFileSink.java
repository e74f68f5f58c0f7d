package org.deepraster.job;

import java.io.IOException;
import java.util.List;
import org.deepraster.feature.Feature;
import org.deepraster.feature.FeatureWriter;

/**
 * Writes result features to a {@link FeatureWriter} (GeoPackage, GeoJSON, Shapefile, CSV), one
 * {@code write} per batch: for GeoPackage that is one transaction, so a run that stops at any point
 * leaves every finished batch in the file. Owns the writer and closes it (spatial index, extents).
 */
public final class FeatureFileSink implements ResultSink<Feature> {
    private final FeatureWriter writer;

    public FeatureFileSink(FeatureWriter writer) {
        this.writer = writer;
    }

    @Override
    public void accept(List<Feature> results) throws IOException {
        writer.write(results);
    }

    /** Features written by this run. */
    public long written() {
        return writer.count();
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
