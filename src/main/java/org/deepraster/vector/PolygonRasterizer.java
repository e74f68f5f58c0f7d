package org.deepraster.vector;

import java.util.Arrays;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;

/**
 * Rasterises polygons onto a {@code width x height} pixel grid (coordinates in pixels, x right,
 * y down): a pixel belongs to a polygon when its centre does (even-odd rule, so holes stay empty),
 * exactly what a point-in-polygon test at {@code (x + 0.5, y + 0.5)} gives. Scanline, no Java2D:
 * its anti-aliasing-free fill rule is not documented to be the centre rule.
 */
public final class PolygonRasterizer {

    /** Receives the runs {@code [x0, x1)} of row {@code y}. */
    @FunctionalInterface
    public interface Runs {
        void run(int y, int x0, int x1);
    }

    private PolygonRasterizer() {
    }

    /** Calls {@code out} for each run of pixels inside a polygon of {@code g} (other parts are ignored). */
    public static void rasterize(Geometry g, int width, int height, Runs out) {
        for (int i = 0; i < g.getNumGeometries(); i++) {
            Geometry part = g.getGeometryN(i);
            if (part instanceof Polygon p && !p.isEmpty()) {
                polygon(p, width, height, out);
            } else if (part != g && part.getNumGeometries() > 1) {
                rasterize(part, width, height, out);
            }
        }
    }

    /** Sets {@code value} in a row-major {@code int} raster. */
    public static void fill(Geometry g, int width, int height, int[] raster, int value) {
        rasterize(g, width, height, (y, x0, x1) -> Arrays.fill(raster, y * width + x0, y * width + x1, value));
    }

    private static void polygon(Polygon p, int width, int height, Runs out) {
        int n = p.getExteriorRing().getNumPoints();
        for (int h = 0; h < p.getNumInteriorRing(); h++) {
            n += p.getInteriorRingN(h).getNumPoints();
        }
        double[] ex0 = new double[n];
        double[] ey0 = new double[n];
        double[] ex1 = new double[n];
        double[] ey1 = new double[n];
        int[] count = {0};
        addRing(p.getExteriorRing(), ex0, ey0, ex1, ey1, count);
        for (int h = 0; h < p.getNumInteriorRing(); h++) {
            addRing(p.getInteriorRingN(h), ex0, ey0, ex1, ey1, count);
        }
        int edges = count[0];
        var env = p.getEnvelopeInternal();
        int yStart = Math.max(0, (int) Math.floor(env.getMinY() - 0.5));
        int yEnd = Math.min(height - 1, (int) Math.ceil(env.getMaxY()));
        double[] xs = new double[Math.max(2, edges)];
        for (int y = yStart; y <= yEnd; y++) {
            double yc = y + 0.5;
            int k = 0;
            for (int e = 0; e < edges; e++) {
                double a = ey0[e];
                double b = ey1[e];
                if ((a <= yc && yc < b) || (b <= yc && yc < a)) {
                    xs[k++] = ex0[e] + (yc - a) * (ex1[e] - ex0[e]) / (b - a);
                }
            }
            if (k < 2) {
                continue;
            }
            Arrays.sort(xs, 0, k);
            for (int i = 0; i + 1 < k; i += 2) {
                // pixels whose centre x + 0.5 lies in [xs[i], xs[i+1])
                int x0 = Math.max(0, (int) Math.ceil(xs[i] - 0.5));
                int x1 = Math.min(width, (int) Math.ceil(xs[i + 1] - 0.5));
                if (x1 > x0) {
                    out.run(y, x0, x1);
                }
            }
        }
    }

    private static void addRing(LinearRing r, double[] x0, double[] y0, double[] x1, double[] y1, int[] count) {
        Coordinate[] c = r.getCoordinates();
        for (int i = 0; i + 1 < c.length; i++) {
            if (c[i].y == c[i + 1].y) {
                continue; // horizontal edges never cross a scanline under the half-open rule
            }
            int k = count[0]++;
            x0[k] = c[i].x;
            y0[k] = c[i].y;
            x1[k] = c[i + 1].x;
            y1[k] = c[i + 1].y;
        }
    }
}
