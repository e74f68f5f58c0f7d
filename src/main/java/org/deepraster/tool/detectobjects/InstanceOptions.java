package org.deepraster.tool.detectobjects;

import org.deepraster.util.UserException;
import org.deepraster.vector.AngleRegularizer;
import org.deepraster.vector.FootprintRegularizer;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.simplify.TopologyPreservingSimplifier;

/**
 * What becomes of an instance polygon (map units of the raster's CRS, after the merge across tiles): instances whose
 * mask covers less than {@code minArea} are dropped; then the outline is simplified (Douglas-Peucker keeping the
 * topology, {@code simplifyTolerance}; 0: the pixel outline) and regularised as ArcGIS's Regularize Building
 * Footprint names its methods: {@link Method#RIGHT_ANGLES} with {@link FootprintRegularizer} (edges snapped to the
 * dominant direction and its perpendicular, details under the tolerance smoothed away),
 * {@link Method#RIGHT_ANGLES_AND_DIAGONALS} and {@link Method#ANY_ANGLE} with {@link AngleRegularizer} (edges at
 * multiples of 45° to the dominant direction; edges in their own directions, the outline's dominant edges kept),
 * {@link Method#CIRCLE} the circle of the instance's area around its centroid with a vertex every
 * {@code densification} along it (default: the tolerance).
 *
 * @param tolerance regularisation tolerance; 0: two cells of the raster
 */
public record InstanceOptions(double minArea, double simplifyTolerance, Method regularization, double tolerance,
                              double densification) {
    public static final InstanceOptions NONE = new InstanceOptions(0, 0, Method.NONE, 0, 0);

    /** Regularize Building Footprint's methods. */
    public enum Method { NONE, RIGHT_ANGLES, RIGHT_ANGLES_AND_DIAGONALS, ANY_ANGLE, CIRCLE }

    public InstanceOptions {
        regularization = regularization == null ? Method.NONE : regularization;
        for (double v : new double[] {minArea, simplifyTolerance, tolerance, densification}) {
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new UserException("The instance options (minimum area, simplify tolerance, regularisation tolerance,"
                        + " densification) must be 0 or more: found " + v + ".", "Give 0 (off / default) or a positive number.");
            }
        }
    }

    public boolean isNone() {
        return minArea == 0 && simplifyTolerance == 0 && regularization == Method.NONE;
    }

    /**
     * The polygon to write, or null when the instance is below the minimum area.
     *
     * @param cell the side of one raster cell in map units (for the default tolerance)
     */
    Geometry apply(Geometry polygon, double cell) {
        if (polygon.getArea() < minArea) {
            return null;
        }
        Geometry g = polygon;
        if (simplifyTolerance > 0) {
            g = TopologyPreservingSimplifier.simplify(g, simplifyTolerance);
        }
        double tol = tolerance > 0 ? tolerance : 2 * cell;
        switch (regularization) {
            case RIGHT_ANGLES -> {
                if (g instanceof Polygon p) {
                    g = new FootprintRegularizer().regularize(p, tol);
                }
            }
            case RIGHT_ANGLES_AND_DIAGONALS, ANY_ANGLE -> {
                if (g instanceof Polygon p) {
                    g = new AngleRegularizer().regularize(p, tol, regularization == Method.ANY_ANGLE
                            ? AngleRegularizer.Mode.ANY_ANGLE : AngleRegularizer.Mode.RIGHT_ANGLES_AND_DIAGONALS);
                }
            }
            case CIRCLE -> {
                double r = Math.sqrt(polygon.getArea() / Math.PI);
                double step = densification > 0 ? densification : tol;
                int quadrantSegments = Math.max(2, (int) Math.ceil(Math.PI / 2 * r / step));
                g = polygon.getCentroid().buffer(r, quadrantSegments);
            }
            default -> {
            }
        }
        return g.isEmpty() ? null : g;
    }
}
