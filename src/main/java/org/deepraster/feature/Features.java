package org.deepraster.feature;

import java.util.ArrayList;
import java.util.List;
import org.deepraster.geo.Crs;
import org.deepraster.geo.Reprojector;
import org.opengis.referencing.crs.CoordinateReferenceSystem;

/** Operations on whole feature collections. */
public final class Features {
    private Features() {
    }

    /**
     * The collection with its geometries in {@code target} (x = east, y = north). A collection
     * already in that CRS is returned as it is. A collection without a CRS cannot be placed: it is
     * returned unchanged with a warning added (and keeps a null CRS).
     *
     * @throws org.deepraster.util.UserException when no transformation exists between the CRSs
     */
    public static FeatureCollection reproject(FeatureCollection c, CoordinateReferenceSystem target) {
        CoordinateReferenceSystem source = c.schema().crs();
        if (target == null || Crs.same(source, target)) {
            return c;
        }
        if (source == null) {
            List<String> w = new ArrayList<>(c.warnings());
            w.add(c.schema().name() + " has no coordinate reference system; it is shown with its coordinates as they are.");
            return new FeatureCollection(c.schema(), c.features(), c.source(), w);
        }
        Reprojector r = Reprojector.between(source, target);
        List<Feature> out = new ArrayList<>(c.size());
        for (Feature f : c.features()) {
            out.add(f.geometry() == null ? f : f.withGeometry(r.transform(f.geometry())));
        }
        FeatureSchema s = c.schema();
        return new FeatureCollection(new FeatureSchema(s.name(), s.geometryKind(), s.fields(), target), out, c.source(),
                c.warnings());
    }
}
