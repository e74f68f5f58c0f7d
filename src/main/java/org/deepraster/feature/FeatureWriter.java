package org.deepraster.feature;

import java.io.IOException;
import java.util.List;

/**
 * Writes features to a file as they come: call {@link #write} for each batch (from one thread at
 * a time), then {@link #close} once. Everything written by a finished {@code write} call is in the
 * file even if the program stops before {@code close} (for GeoPackage each batch is one
 * transaction); {@code close} completes what needs the whole set (spatial index, extents, headers).
 * Build one with {@link FeatureWriters#create}.
 */
public interface FeatureWriter extends AutoCloseable {

    /** Writes a batch of features. Their geometries are in the schema's CRS. */
    void write(List<Feature> features) throws IOException;

    /**
     * Describes the layer where the format has a place for it (GeoPackage: {@code gpkg_contents.description}, which
     * ogrinfo prints as DESCRIPTION and QGIS shows in the layer's information), e.g. that the features are in pixel
     * coordinates because no georeferencing could be read. Nothing for formats without one (shapefile).
     */
    default void describe(String description) throws IOException {
    }

    /** Number of features written so far. */
    long count();

    @Override
    void close() throws IOException;
}
