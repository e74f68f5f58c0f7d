package org.deepraster.plugin;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.deepraster.feature.FeatureCollection;
import org.deepraster.raster.RasterSource;
import org.locationtech.jts.geom.Envelope;
import org.opengis.referencing.crs.CoordinateReferenceSystem;

/** A layer of the map as plugins see it. */
public interface LayerInfo {

    /** Stable id for this session. */
    String id();

    String name();

    LayerKind kind();

    /** The file it was opened from, if any. */
    Optional<Path> path();

    /** Its own CRS (null when it has none). */
    CoordinateReferenceSystem crs();

    /** Its extent in its own CRS. */
    Envelope extent();

    boolean isVisible();

    /** For raster layers: the raster. The plugin must not close it. */
    Optional<RasterSource> raster();

    /** For vector layers: the features as currently held by the layer. */
    Optional<FeatureCollection> features();

    /** Warnings for the user (no CRS, skipped records). */
    List<String> warnings();

    /** For vector layers: how the layer is drawn now (its class colours, if any). */
    default Optional<LayerStyle> currentStyle() {
        return Optional.empty();
    }
}
