package org.deepraster.vector;

import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.algorithm.distance.DiscreteHausdorffDistance;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.simplify.DouglasPeuckerSimplifier;
import org.locationtech.jts.simplify.TopologyPreservingSimplifier;

/**
 * The two other methods of ArcGIS's Regularize Building Footprint, beside {@link FootprintRegularizer}'s right
 * angles:
 * <ul>
 * <li>{@link Mode#RIGHT_ANGLES_AND_DIAGONALS}: every edge at a multiple of 45° to the footprint's dominant direction
 *     (the length²-weighted mean of the simplified edges' directions modulo 90°), for buildings with cut
 *     corners;</li>
 * <li>{@link Mode#ANY_ANGLE}: edges keep their own directions, but consecutive edges within
 *     {@value #ANY_ANGLE_MERGE_DEGREES}° of one another become one straight line (the outline's dominant edges), for
 *     irregular shapes.</li>
 * </ul>
 * Each ring is simplified with Douglas-Peucker at the tolerance (this removes the pixel staircase); consecutive edges
 * of one direction become one line through their length-weighted midpoint; details under the tolerance are removed,
 * smallest first, while more than three lines remain: a line whose neighbours, meeting without it, stay within twice
 * the tolerance of it (a cut corner: the simplified staircase cuts a corner by up to about that), or a jog shorter than the tolerance between parallel neighbours (which become one);
 * consecutive lines are intersected to rebuild the corners. A ring whose result is invalid or strays from the
 * simplified outline (Hausdorff distance above tolerance + 5 % of the footprint's size, or IoU below 0.75) is
 * replaced: RIGHT_ANGLES_AND_DIAGONALS by the right-angle result, ANY_ANGLE by the simplified outline itself. Holes
 * that become degenerate or leave the shell are dropped. Stateless and thread-safe.
 */
public final class AngleRegularizer {
    /** Consecutive edges closer than this in direction are one line (ANY_ANGLE). */
    static final double ANY_ANGLE_MERGE_DEGREES = 15;
    /** Lines closer than this in direction are not intersected (their corner would fly off). */
    private static final double PARALLEL = Math.sin(Math.toRadians(5));

    /** Which directions the edges may take. */
    public enum Mode { RIGHT_ANGLES_AND_DIAGONALS, ANY_ANGLE }

    /**
     * The regularised footprint ({@code tolerance} in map units, typically 1-2 pixels). An empty footprint comes back
     * as it is; an invalid one is repaired first (buffer 0, largest part).
     */
    public Polygon regularize(Polygon footprint, double tolerance, Mode mode) {
        if (footprint == null || footprint.isEmpty()) {
            return footprint;
        }
        if (!(tolerance > 0) || Double.isInfinite(tolerance)) {
            throw new IllegalArgumentException("tolerance must be > 0: " + tolerance);
        }
        Polygon src = footprint.isValid() ? footprint : largest(footprint.buffer(0));
        if (src == null) {
            return footprint.getFactory().createPolygon();
        }
        try {
            Polygon p = lines(src, tolerance, mode);
            if (p != null) {
                return p;
            }
        } catch (RuntimeException e) { // a JTS robustness failure on odd input: the fallback below
        }
        return mode == Mode.RIGHT_ANGLES_AND_DIAGONALS ? new FootprintRegularizer().regularize(src, tolerance)
                : simplified(src, tolerance);
    }

    private static Polygon simplified(Polygon src, double tolerance) {
        Geometry s = TopologyPreservingSimplifier.simplify(src, tolerance);
        return s instanceof Polygon p && !p.isEmpty() && p.isValid() ? p : src;
    }

    /** The regularised polygon, or null when the shell cannot be regularised in this mode. */
    private static Polygon lines(Polygon src, double tolerance, Mode mode) {
        GeometryFactory gf = src.getFactory();
        if (src.getArea() <= tolerance * tolerance) {
            return null;
        }
        Polygon simple = (Polygon) DouglasPeuckerSimplifier.simplify(src, tolerance);
        if (simple.isEmpty()) {
            return null;
        }
        double theta = FootprintRegularizer.dominantAngle(simple.getExteriorRing().getCoordinates());
        Coordinate[] shell = ring(simple.getExteriorRing().getCoordinates(), theta, tolerance, mode);
        if (shell == null) {
            return null;
        }
        Polygon shellPoly = gf.createPolygon(shell);
        if (!shellPoly.isValid()) {
            return null;
        }
        List<LinearRing> holes = new ArrayList<>();
        for (int h = 0; h < simple.getNumInteriorRing(); h++) {
            Coordinate[] hc = ring(simple.getInteriorRingN(h).getCoordinates(), theta, tolerance, mode);
            if (hc == null) {
                continue;
            }
            LinearRing hr = gf.createLinearRing(hc);
            Polygon hp = gf.createPolygon(hr);
            if (hp.isValid() && shellPoly.contains(hp) && holes.stream().noneMatch(o -> gf.createPolygon(o).intersects(hp))) {
                holes.add(hr);
            }
        }
        Polygon result = gf.createPolygon(gf.createLinearRing(shell), holes.toArray(LinearRing[]::new));
        if (!result.isValid()) {
            result = shellPoly;
        }
        return strays(result, simple, tolerance) ? null : result;
    }

    private static boolean strays(Polygon result, Polygon src, double tolerance) {
        double size = Math.sqrt(src.getArea());
        if (DiscreteHausdorffDistance.distance(result, src, 0.25) > tolerance + 0.05 * size) {
            return true;
        }
        double inter = result.intersection(src).getArea();
        double union = result.getArea() + src.getArea() - inter;
        return union <= 0 || inter / union < 0.75;
    }

    /** A straight line of the outline: through (px, py) along the unit direction (dx, dy), from merged edges. */
    private static final class Line {
        double weight;
        double sx;
        double sy;
        /** Sums of length × (cos 2a, sin 2a) of the edges' directions (an axis, not a way). */
        double c2;
        double s2;
        /** The fixed direction (diagonals) or NaN (the edges' mean). */
        final double fixed;

        Line(double fixed) {
            this.fixed = fixed;
        }

        void add(Line o) {
            weight += o.weight;
            sx += o.sx;
            sy += o.sy;
            c2 += o.c2;
            s2 += o.s2;
        }

        double angle() {
            return Double.isNaN(fixed) ? Math.atan2(s2, c2) / 2 : fixed;
        }

        double px() {
            return sx / weight;
        }

        double py() {
            return sy / weight;
        }
    }

    /** Whether two lines run the same way: the same fixed direction, or mean directions within the merge angle. */
    private static boolean sameWay(Line a, Line b) {
        double d = Math.abs(Math.IEEEremainder(a.angle() - b.angle(), Math.PI));
        return Double.isNaN(a.fixed) ? d < Math.toRadians(ANY_ANGLE_MERGE_DEGREES) : d < 1e-9;
    }

    /** One closed ring (first = last) as intersected lines; null when fewer than three remain or a corner fails. */
    static Coordinate[] ring(Coordinate[] ring, double theta, double tolerance, Mode mode) {
        List<Line> lines = new ArrayList<>();
        for (int k = 0; k + 1 < ring.length; k++) {
            Coordinate a = ring[k];
            Coordinate b = ring[k + 1];
            double len = a.distance(b);
            if (len == 0) {
                continue;
            }
            double dir = Math.atan2(b.y - a.y, b.x - a.x);
            Line l = new Line(mode == Mode.ANY_ANGLE ? Double.NaN
                    : theta + Math.PI / 4 * Math.round((dir - theta) / (Math.PI / 4)));
            l.weight = len;
            l.sx = len * (a.x + b.x) / 2;
            l.sy = len * (a.y + b.y) / 2;
            l.c2 = len * Math.cos(2 * dir);
            l.s2 = len * Math.sin(2 * dir);
            Line last = lines.isEmpty() ? null : lines.get(lines.size() - 1);
            if (last != null && sameWay(last, l)) {
                last.add(l);
            } else {
                lines.add(l);
            }
        }
        if (lines.size() > 1 && sameWay(lines.get(0), lines.get(lines.size() - 1))) {
            lines.get(0).add(lines.remove(lines.size() - 1));
        }
        // remove the details under the tolerance, smallest first: a line whose neighbours, meeting without it, stay
        // within twice the tolerance of it (a cut corner), or a jog shorter than it between parallel neighbours
        while (lines.size() > 3) {
            Coordinate[] c = corners(lines);
            int m = lines.size();
            int smallest = -1;
            double min = 1;
            for (int k = 0; k < m && c != null; k++) {
                Line prev = lines.get((k - 1 + m) % m);
                Line next = lines.get((k + 1) % m);
                double cost;
                // in tolerances: a jog's length, a cut corner's depth over twice the tolerance (the simplified
                // staircase around a corner cuts it by up to about that)
                if (sameWay(prev, next)) {
                    cost = c[k].distance(c[k + 1]) / tolerance;
                } else {
                    Coordinate meet = intersect(prev, next);
                    cost = meet == null ? Double.POSITIVE_INFINITY
                            : org.locationtech.jts.algorithm.Distance.pointToSegment(meet, c[k], c[k + 1]) / (2 * tolerance);
                }
                if (cost < min) {
                    min = cost;
                    smallest = k;
                }
            }
            if (smallest < 0) {
                break;
            }
            Line prev = lines.get((smallest - 1 + m) % m);
            Line next = lines.get((smallest + 1) % m);
            if (sameWay(prev, next)) {
                prev.add(next);
                int hi = Math.max(smallest, (smallest + 1) % m);
                int lo = Math.min(smallest, (smallest + 1) % m);
                lines.remove(hi);
                lines.remove(lo);
            } else {
                lines.remove(smallest);
            }
        }
        if (lines.size() < 3) {
            return null;
        }
        return corners(lines);
    }

    /** Corner k joins line k-1 and line k (closed: last = first); null when two consecutive lines are parallel. */
    private static Coordinate[] corners(List<Line> lines) {
        int m = lines.size();
        Coordinate[] out = new Coordinate[m + 1];
        for (int k = 0; k < m; k++) {
            Coordinate c = intersect(lines.get((k - 1 + m) % m), lines.get(k));
            if (c == null) {
                return null;
            }
            out[k] = c;
        }
        out[m] = out[0].copy();
        for (int k = 0; k < m; k++) {
            if (out[k].distance(out[k + 1]) < 1e-9) {
                return null;
            }
        }
        return out;
    }

    private static Coordinate intersect(Line a, Line b) {
        double ax = Math.cos(a.angle());
        double ay = Math.sin(a.angle());
        double bx = Math.cos(b.angle());
        double by = Math.sin(b.angle());
        double cross = ax * by - ay * bx;
        if (Math.abs(cross) < PARALLEL) {
            return null;
        }
        // a.p + s a.d = b.p + t b.d
        double qx = b.px() - a.px();
        double qy = b.py() - a.py();
        double s = (qx * by - qy * bx) / cross;
        return new Coordinate(a.px() + s * ax, a.py() + s * ay);
    }

    private static Polygon largest(Geometry g) {
        Polygon best = null;
        for (int i = 0; i < g.getNumGeometries(); i++) {
            if (g.getGeometryN(i) instanceof Polygon p && !p.isEmpty() && (best == null || p.getArea() > best.getArea())) {
                best = p;
            }
        }
        return best;
    }
}
