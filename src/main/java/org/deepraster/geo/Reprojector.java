package org.deepraster.geo;

import org.apache.sis.referencing.CRS;
import org.apache.sis.referencing.CommonCRS;
import org.apache.sis.referencing.crs.AbstractCRS;
import org.apache.sis.referencing.cs.AxesConvention;
import org.deepraster.util.UserException;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateSequenceFilter;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.opengis.referencing.crs.CoordinateReferenceSystem;
import org.opengis.referencing.operation.MathTransform;
import org.opengis.referencing.operation.TransformException;
import org.opengis.util.FactoryException;

/**
 * Transforms coordinates, envelopes and JTS geometries from one CRS to another. Coordinates are
 * always (x = easting / longitude, y = northing / latitude): both CRSs are normalised to
 * "display" axis order, whatever the EPSG definition says.
 */
public final class Reprojector {
    private final MathTransform transform;
    private final boolean identity;

    private Reprojector(MathTransform transform) {
        this.transform = transform;
        this.identity = transform == null || transform.isIdentity();
    }

    public static Reprojector identity() {
        return new Reprojector(null);
    }

    /** A reprojector; identity when either CRS is {@code null} or both are the same. */
    public static Reprojector between(CoordinateReferenceSystem source, CoordinateReferenceSystem target) {
        if (source == null || target == null || Crs.same(source, target)) {
            return identity();
        }
        try {
            CoordinateReferenceSystem s = xy(source);
            CoordinateReferenceSystem t = xy(target);
            return new Reprojector(CRS.findOperation(s, t, null).getMathTransform());
        } catch (FactoryException e) {
            throw new UserException("No transformation from " + Crs.displayName(source) + " to "
                    + Crs.displayName(target) + ": " + e.getMessage(),
                    "Reproject the layer to the map's CRS first, or check its CRS definition.", e);
        }
    }

    /** The CRS with (x, y) = (east, north) axis order. */
    public static CoordinateReferenceSystem xy(CoordinateReferenceSystem crs) {
        return AbstractCRS.castOrCopy(crs).forConvention(AxesConvention.DISPLAY_ORIENTED);
    }

    /** WGS 84 longitude, latitude. */
    public static CoordinateReferenceSystem wgs84() {
        return CommonCRS.WGS84.normalizedGeographic();
    }

    public boolean isIdentity() {
        return identity;
    }

    /** Transforms x,y pairs in place. */
    public void transform(double[] xy, int pointCount) {
        if (identity) {
            return;
        }
        try {
            transform.transform(xy, 0, xy, 0, pointCount);
        } catch (TransformException e) {
            throw new UserException("Coordinates cannot be transformed: " + e.getMessage(),
                    "The data may lie outside the area where its CRS is valid.", e);
        }
    }

    /** A transformed copy of the geometry. */
    public Geometry transform(Geometry g) {
        if (identity || g == null) {
            return g;
        }
        Geometry copy = g.copy();
        copy.apply(new CoordinateSequenceFilter() {
            private boolean done;

            @Override
            public void filter(CoordinateSequence seq, int i) {
                double[] p = {seq.getX(i), seq.getY(i)};
                transform(p, 1);
                seq.setOrdinate(i, 0, p[0]);
                seq.setOrdinate(i, 1, p[1]);
                done = i == seq.size() - 1;
            }

            @Override
            public boolean isDone() {
                return false;
            }

            @Override
            public boolean isGeometryChanged() {
                return true;
            }
        });
        copy.geometryChanged();
        return copy;
    }

    /** The envelope of the transformed envelope, densified along its edges. */
    public Envelope transform(Envelope env) {
        if (identity || env.isNull()) {
            return new Envelope(env);
        }
        int n = 16;
        double[] pts = new double[(4 * n) * 2];
        int k = 0;
        for (int i = 0; i < n; i++) {
            double f = i / (double) n;
            double x = env.getMinX() + f * env.getWidth();
            double y = env.getMinY() + f * env.getHeight();
            pts[k++] = x; pts[k++] = env.getMinY();
            pts[k++] = env.getMaxX(); pts[k++] = y;
            pts[k++] = env.getMaxX() - f * env.getWidth(); pts[k++] = env.getMaxY();
            pts[k++] = env.getMinX(); pts[k++] = env.getMaxY() - f * env.getHeight();
        }
        transform(pts, 4 * n);
        Envelope out = new Envelope();
        for (int i = 0; i < pts.length; i += 2) {
            if (Double.isFinite(pts[i]) && Double.isFinite(pts[i + 1])) {
                out.expandToInclude(pts[i], pts[i + 1]);
            }
        }
        return out;
    }
}
