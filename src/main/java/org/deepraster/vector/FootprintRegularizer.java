package org.deepraster.vector;

import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.algorithm.MinimumAreaRectangle;
import org.locationtech.jts.algorithm.distance.DiscreteHausdorffDistance;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.simplify.DouglasPeuckerSimplifier;

/**
 * Regularises building footprints to right angles, in the spirit of ArcGIS's Regularize Building
 * Footprint ("right angles" method):
 * <ol>
 * <li>the outline is simplified with Douglas-Peucker at the tolerance (this removes the pixel
 *     staircase);</li>
 * <li>the dominant orientation θ is the length²-weighted circular mean of the simplified edges'
 *     directions modulo 90° (computed on 4θ, so 0°, 90°, 180°, 270° agree);</li>
 * <li>each edge is snapped to θ or θ + 90°, whichever is nearer; consecutive edges snapped alike
 *     become one line, placed at the length-weighted mean offset of its edges;</li>
 * <li>lines shorter than the tolerance whose neighbours are parallel (jogs) are removed, merging
 *     the neighbours, while more than four lines remain;</li>
 * <li>consecutive (perpendicular) lines are intersected to rebuild the corners.</li>
 * </ol>
 * Holes are regularised with the footprint's orientation; a hole that becomes degenerate,
 * invalid or leaves the shell is dropped. When the result is invalid, has fewer than four corners,
 * or strays from the source (Hausdorff distance to the simplified outline above tolerance + 5% of
 * the footprint's size, so at most about 2 × tolerance + 5% from the source; or intersection over
 * union with it below 0.75), the footprint's minimum-area rotated rectangle is returned instead. Stateless and thread-safe.
 */
public final class FootprintRegularizer {

    /** A regularised footprint, and whether it is the minimum-rectangle fallback. */
    public record Regularized(Polygon polygon, boolean fallback) {
    }

    /** The regularised footprint; see {@link #regularizeDetailed}. */
    public Polygon regularize(Polygon footprint, double tolerance) {
        return regularizeDetailed(footprint, tolerance).polygon();
    }

    /**
     * Regularises {@code footprint} with {@code tolerance} (map units, typically 1-2 pixels):
     * details smaller than it are smoothed away. An empty footprint comes back as it is; an
     * invalid one is repaired first (buffer 0, largest part).
     */
    public Regularized regularizeDetailed(Polygon footprint, double tolerance) {
        if (footprint == null || footprint.isEmpty()) {
            return new Regularized(footprint, false);
        }
        if (!(tolerance > 0) || Double.isInfinite(tolerance)) {
            throw new IllegalArgumentException("tolerance must be > 0: " + tolerance);
        }
        try {
            return squared(footprint, tolerance);
        } catch (RuntimeException e) { // a JTS robustness failure on odd input: the rectangle
            return new Regularized(rectangle(footprint), true);
        }
    }

    private Regularized squared(Polygon footprint, double tolerance) {
        GeometryFactory gf = footprint.getFactory();
        Polygon src = footprint;
        if (!src.isValid()) {
            src = largestPolygon(src.buffer(0));
            if (src == null) {
                return new Regularized(gf.createPolygon(), true);
            }
        }
        if (src.getArea() <= tolerance * tolerance) {
            return new Regularized(rectangle(src), true);
        }
        // work around the centroid for precision
        Coordinate c0 = src.getEnvelopeInternal().centre();
        Polygon local = translate(src, -c0.x, -c0.y, gf);
        Polygon simple = (Polygon) DouglasPeuckerSimplifier.simplify(local, tolerance);
        if (simple.isEmpty()) {
            return new Regularized(rectangle(src), true);
        }
        double theta = dominantAngle(simple.getExteriorRing().getCoordinates());
        Coordinate[] shell = regularizeRing(simple.getExteriorRing().getCoordinates(), theta, tolerance, true);
        if (shell == null) {
            return new Regularized(rectangle(src), true);
        }
        LinearRing shellRing = gf.createLinearRing(shell);
        Polygon shellPoly = gf.createPolygon(shellRing);
        List<LinearRing> holes = new ArrayList<>();
        for (int h = 0; h < simple.getNumInteriorRing(); h++) {
            Coordinate[] hc = regularizeRing(simple.getInteriorRingN(h).getCoordinates(), theta, tolerance, false);
            if (hc == null) {
                continue;
            }
            LinearRing hr = gf.createLinearRing(hc);
            Polygon hp = gf.createPolygon(hr);
            if (hp.isValid() && shellPoly.contains(hp)
                    && holes.stream().noneMatch(o -> gf.createPolygon(o).intersects(hp))) {
                holes.add(hr);
            }
        }
        Polygon result = gf.createPolygon(shellRing, holes.toArray(LinearRing[]::new));
        if (!result.isValid()) {
            result = shellPoly;
        }
        // compared with the simplified outline (a few vertices, so fast), which is within the
        // tolerance of the source
        if (!result.isValid() || strays(result, simple, tolerance)) {
            return new Regularized(rectangle(src), true);
        }
        return new Regularized(translate(result, c0.x, c0.y, gf), false);
    }

    /** The minimum-area rotated rectangle around {@code p}. */
    static Polygon rectangle(Polygon p) {
        Geometry r = MinimumAreaRectangle.getMinimumRectangle(p);
        if (r instanceof Polygon rp) {
            return rp;
        }
        // degenerate (a line or a point): a tiny square around it keeps the result a polygon
        return (Polygon) p.getFactory().toGeometry(r.getEnvelopeInternal()).buffer(1e-9, 1).getEnvelope();
    }

    private static boolean strays(Polygon result, Polygon src, double tolerance) {
        double size = Math.sqrt(src.getArea());
        double hd = DiscreteHausdorffDistance.distance(result, src, 0.25);
        if (hd > tolerance + 0.05 * size) {
            return true;
        }
        double inter = result.intersection(src).getArea();
        double union = result.getArea() + src.getArea() - inter;
        return union <= 0 || inter / union < 0.75;
    }

    /** Length²-weighted circular mean of edge directions modulo 90°, in radians in [-π/4, π/4). */
    static double dominantAngle(Coordinate[] ring) {
        double s = 0;
        double c = 0;
        for (int k = 0; k + 1 < ring.length; k++) {
            double dx = ring[k + 1].x - ring[k].x;
            double dy = ring[k + 1].y - ring[k].y;
            double w = dx * dx + dy * dy;
            double a = Math.atan2(dy, dx);
            s += w * Math.sin(4 * a);
            c += w * Math.cos(4 * a);
        }
        return Math.atan2(s, c) / 4;
    }

    /** A line of the regularised outline: along axis 0 (θ) or 1 (θ + 90°), at an offset. */
    private static final class Line {
        final int axis;
        double weight;
        double offsetSum;

        Line(int axis) {
            this.axis = axis;
        }

        double offset() {
            return offsetSum / weight;
        }
    }

    /**
     * Regularises one closed ring (first = last) to lines along θ and θ + 90°; null when fewer
     * than four lines remain or the ring is degenerate.
     */
    static Coordinate[] regularizeRing(Coordinate[] ring, double theta, double tolerance, boolean shell) {
        int n = ring.length - 1;
        if (n < 3) {
            return null;
        }
        double ux = Math.cos(theta);
        double uy = Math.sin(theta);
        double vx = -uy;
        double vy = ux;
        List<Line> lines = new ArrayList<>();
        List<Double> lengths = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            Coordinate a = ring[k];
            Coordinate b = ring[k + 1];
            double dx = b.x - a.x;
            double dy = b.y - a.y;
            double len = Math.hypot(dx, dy);
            if (len == 0) {
                continue;
            }
            double along = Math.abs(dx * ux + dy * uy);
            double across = Math.abs(dx * vx + dy * vy);
            int axis = along >= across ? 0 : 1;
            // a line along u sits at an offset along v; a line along v at an offset along u
            double mx = (a.x + b.x) / 2;
            double my = (a.y + b.y) / 2;
            double off = axis == 0 ? mx * vx + my * vy : mx * ux + my * uy;
            Line last = lines.isEmpty() ? null : lines.get(lines.size() - 1);
            if (last != null && last.axis == axis) {
                last.weight += len;
                last.offsetSum += len * off;
                lengths.set(lengths.size() - 1, lengths.get(lengths.size() - 1) + len);
            } else {
                Line l = new Line(axis);
                l.weight = len;
                l.offsetSum = len * off;
                lines.add(l);
                lengths.add(len);
            }
        }
        // wrap around: the last line may continue the first
        if (lines.size() > 1 && lines.get(0).axis == lines.get(lines.size() - 1).axis) {
            Line first = lines.get(0);
            Line last = lines.remove(lines.size() - 1);
            first.weight += last.weight;
            first.offsetSum += last.offsetSum;
            lengths.set(0, lengths.get(0) + lengths.remove(lengths.size() - 1));
        }
        // remove short jogs between parallel lines
        boolean changed = true;
        while (changed && lines.size() > 4) {
            changed = false;
            int shortest = -1;
            double min = tolerance;
            for (int k = 0; k < lines.size(); k++) {
                double extent = extent(lines, k, ux, uy, vx, vy);
                if (extent < min) {
                    min = extent;
                    shortest = k;
                }
            }
            if (shortest >= 0) {
                int m = lines.size();
                int prev = (shortest - 1 + m) % m;
                int next = (shortest + 1) % m;
                Line p = lines.get(prev);
                Line q = lines.get(next);
                p.weight += q.weight;
                p.offsetSum += q.offsetSum;
                // remove the jog and the next line (merged into prev); mind index shifts
                int hi = Math.max(shortest, next);
                int lo = Math.min(shortest, next);
                lines.remove(hi);
                lines.remove(lo);
                changed = true;
            }
        }
        int m = lines.size();
        if (m < 4 || m % 2 != 0) {
            return null;
        }
        Coordinate[] out = new Coordinate[m + 1];
        for (int k = 0; k < m; k++) {
            out[k] = corner(lines.get((k - 1 + m) % m), lines.get(k), ux, uy, vx, vy);
        }
        out[m] = out[0].copy();
        // degenerate corners (two lines at the same offset) would make zero-length edges
        for (int k = 0; k < m; k++) {
            if (out[k].distance(out[k + 1]) < 1e-9) {
                return null;
            }
        }
        return out;
    }

    /** Length of line k between its corners with the neighbouring lines. */
    private static double extent(List<Line> lines, int k, double ux, double uy, double vx, double vy) {
        int m = lines.size();
        Line prev = lines.get((k - 1 + m) % m);
        Line cur = lines.get(k);
        Line next = lines.get((k + 1) % m);
        if (prev.axis == cur.axis || next.axis == cur.axis) {
            return 0;
        }
        // along a u-line the position is given by the v-lines' offsets (along u), and vice versa
        return Math.abs(next.offset() - prev.offset());
    }

    private static Coordinate corner(Line a, Line b, double ux, double uy, double vx, double vy) {
        // a u-line is {p : p·v = c}; a v-line is {p : p·u = c}; the corner is (p·u) u + (p·v) v
        double pu;
        double pv;
        if (a.axis == 0) {
            pv = a.offset();
            pu = b.offset();
        } else {
            pu = a.offset();
            pv = b.offset();
        }
        return new Coordinate(pu * ux + pv * vx, pu * uy + pv * vy);
    }

    private static Polygon translate(Polygon p, double dx, double dy, GeometryFactory gf) {
        Polygon c = (Polygon) p.copy();
        c.apply((org.locationtech.jts.geom.CoordinateSequenceFilter) new org.locationtech.jts.geom.CoordinateSequenceFilter() {
            @Override
            public void filter(org.locationtech.jts.geom.CoordinateSequence seq, int i) {
                seq.setOrdinate(i, 0, seq.getOrdinate(i, 0) + dx);
                seq.setOrdinate(i, 1, seq.getOrdinate(i, 1) + dy);
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
        return c;
    }

    private static Polygon largestPolygon(Geometry g) {
        Polygon best = null;
        for (int i = 0; i < g.getNumGeometries(); i++) {
            if (g.getGeometryN(i) instanceof Polygon p && !p.isEmpty() && (best == null || p.getArea() > best.getArea())) {
                best = p;
            }
        }
        return best;
    }
}
