package org.deepraster.tool;

import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.opengis.referencing.crs.CoordinateReferenceSystem;

/**
 * The processing extent environment: everything, an envelope (e.g. the map's current extent), or a
 * polygon mask. A {@code null} CRS means the raster's CRS. Objects that do not intersect the extent
 * are not processed.
 */
public sealed interface ProcessingExtent {

    ProcessingExtent WHOLE = new Whole();

    record Whole() implements ProcessingExtent {
    }

    record Box(Envelope envelope, CoordinateReferenceSystem crs) implements ProcessingExtent {
    }

    record Mask(Geometry polygon, CoordinateReferenceSystem crs) implements ProcessingExtent {
    }
}
