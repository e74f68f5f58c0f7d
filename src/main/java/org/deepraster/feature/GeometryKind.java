package org.deepraster.feature;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Lineal;
import org.locationtech.jts.geom.Polygonal;
import org.locationtech.jts.geom.Puntal;

/** The kind of geometries a layer holds. */
public enum GeometryKind {
    POINT, LINE, POLYGON, MIXED, NONE;

    public static GeometryKind of(Geometry g) {
        if (g == null) {
            return NONE;
        }
        if (g instanceof Puntal) {
            return POINT;
        }
        if (g instanceof Lineal) {
            return LINE;
        }
        if (g instanceof Polygonal) {
            return POLYGON;
        }
        return MIXED;
    }
}
