package org.deepraster.tool;

import java.util.ArrayList;
import java.util.List;
import org.deepraster.feature.Feature;
import org.deepraster.feature.FeatureCollection;
import org.deepraster.util.UserException;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
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

    /**
     * A mask of the union of the polygons of a layer (other geometries are left out), in the layer's
     * CRS; a {@link UserException} when it holds none. The command line's {@code --mask} and the
     * dialogs' mask layer both build it here.
     */
    static Mask maskOf(FeatureCollection c) {
        List<Geometry> polys = new ArrayList<>();
        for (Feature f : c.features()) {
            if (f.geometry() != null && f.geometry().getDimension() == 2) {
                polys.add(f.geometry());
            }
        }
        if (polys.isEmpty()) {
            String where = c.source() != null ? c.source().toString() : c.schema().name();
            throw new UserException("The mask " + where + " holds no polygons.", "Give a layer or file of polygons.");
        }
        Geometry union = new GeometryFactory().buildGeometry(polys).union();
        return new Mask(union, c.schema().crs());
    }
}
