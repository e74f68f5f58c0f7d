package org.deepraster.vector;

import static org.deepraster.vector.Rings.MASK;

import java.awt.geom.AffineTransform;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.deepraster.feature.Feature;
import org.deepraster.feature.FeatureWriter;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.geom.impl.PackedCoordinateSequenceFactory;
import org.locationtech.jts.simplify.TopologyPreservingSimplifier;

/**
 * Writes the regions {@link RegionScan} finishes as polygon features in the raster's CRS, in
 * batches: drops those under the minimum area, simplifies ({@link ArcSimplifier}) or regularises
 * ({@link FootprintRegularizer}) the outline as the options ask, and counts what it did. Used by
 * the scanning thread only.
 */
final class RegionWriter {
    private static final int BATCH = 1000;

    private final PolygonizeOptions options;
    private final FeatureWriter out;
    private final AffineTransform g2c;
    private final double pixelArea;
    private final boolean markNodes;
    private final double tolerancePixels;
    // packed coordinates: 16 bytes a vertex instead of about 48 for Coordinate objects, which
    // matters for a background polygon holding every island of the raster as a hole
    private final GeometryFactory factory = new GeometryFactory(new PrecisionModel(), 0,
            PackedCoordinateSequenceFactory.DOUBLE_FACTORY);
    private final FootprintRegularizer regularizer = new FootprintRegularizer();
    private final List<Feature> batch = new ArrayList<>();
    private long nextId = 1;
    final Map<Integer, Long> counts = new TreeMap<>();
    long dropped;
    long regularized;
    long fallbacks;

    /** {@code g2c}: pixel grid to CRS; {@code markNodes}: the rings carry nodes, to be simplified. */
    RegionWriter(PolygonizeOptions options, FeatureWriter out, AffineTransform g2c, boolean markNodes) {
        this.options = options;
        this.out = out;
        this.g2c = g2c;
        this.pixelArea = Math.abs(g2c.getDeterminant());
        this.markNodes = markNodes;
        this.tolerancePixels = options.simplifyTolerance() / Math.sqrt(pixelArea);
    }

    /** Writes a finished region as a polygon feature, or drops it when it is under the minimum area. */
    void emit(Region reg) throws IOException {
        if (reg.shell == null) {
            throw new IllegalStateException("region of value " + reg.value + " finished without a closed outline");
        }
        double area = reg.pixels * pixelArea;
        if (options.minArea() > 0 && area < options.minArea()) {
            dropped++;
            reg.holes = null;
            reg.shell = null;
            return;
        }
        boolean regularize = options.regularizeClasses().contains(reg.value);
        Geometry g = null;
        if (markNodes && !regularize) {
            g = simplified(reg);
        }
        if (g == null) { // the traced outline is built only when it is needed
            Polygon p = polygon(reg.shell, reg.holes);
            g = p;
            if (regularize) {
                double tol = options.regularizeTolerance() > 0 ? options.regularizeTolerance()
                        : 1.5 * Math.sqrt(pixelArea);
                FootprintRegularizer.Regularized rg = regularizer.regularizeDetailed(p, tol);
                regularized++;
                if (rg.fallback()) {
                    fallbacks++;
                }
                g = rg.polygon();
            } else if (markNodes && p.getNumPoints() <= 200_000) {
                // the border-by-border simplification stayed invalid: simplify this one alone
                // (not a huge one: JTS's simplifier indexes every segment; that stays as traced)
                Geometry s = TopologyPreservingSimplifier.simplify(p, options.simplifyTolerance());
                if (s instanceof Polygon sp && !sp.isEmpty() && sp.isValid()) {
                    g = sp;
                }
            }
        }
        reg.holes = null;
        reg.shell = null;
        var attrs = new LinkedHashMap<String, Object>();
        attrs.put(options.valueField(), reg.value);
        attrs.put(options.classField(), options.className(reg.value));
        attrs.put(options.areaField(), g.getArea());
        batch.add(new Feature(nextId++, g, attrs));
        counts.merge(reg.value, 1L, Long::sum);
        if (batch.size() >= BATCH) {
            flush();
        }
    }

    /** Writes the features not written yet. */
    void flush() throws IOException {
        if (!batch.isEmpty()) {
            out.write(List.copyOf(batch));
            batch.clear();
        }
    }

    private Polygon polygon(int[] shell, List<int[]> holes) {
        LinearRing[] hs = new LinearRing[holes == null ? 0 : holes.size()];
        for (int k = 0; k < hs.length; k++) {
            hs[k] = ring(holes.get(k));
        }
        return factory.createPolygon(ring(shell), hs);
    }

    /**
     * The region simplified arc by arc ({@link ArcSimplifier#simplifyRing}, crossings repaired by
     * {@link CrossingRepair}), so that neighbours simplify their shared borders alike; null when
     * the result is not a valid polygon (then this polygon alone is simplified with JTS's
     * topology-preserving simplifier).
     */
    private Polygon simplified(Region reg) {
        int n = 1 + (reg.holes == null ? 0 : reg.holes.size());
        int[][] orig = new int[n][];
        int[][] simp = new int[n][];
        for (int k = 0; k < n; k++) {
            orig[k] = k == 0 ? reg.shell : reg.holes.get(k - 1);
            // a ring that would collapse stays as it is (its neighbour, the same ring, does too)
            int[] sr = ArcSimplifier.simplifyRing(orig[k], tolerancePixels);
            simp[k] = sr != null ? sr : orig[k];
        }
        CrossingRepair.repair(orig, simp);
        List<int[]> holes = new ArrayList<>(n - 1);
        for (int k = 1; k < n; k++) {
            holes.add(simp[k]);
        }
        Polygon p = polygon(simp[0], holes);
        return p.isValid() ? p : null;
    }

    private LinearRing ring(int[] pts) {
        int n = pts.length / 2;
        double[] cs = new double[2 * (n + 1)];
        double m00 = g2c.getScaleX();
        double m01 = g2c.getShearX();
        double m02 = g2c.getTranslateX();
        double m10 = g2c.getShearY();
        double m11 = g2c.getScaleY();
        double m12 = g2c.getTranslateY();
        for (int k = 0; k < n; k++) {
            double px = pts[2 * k] & MASK;
            double py = pts[2 * k + 1];
            cs[2 * k] = m00 * px + m01 * py + m02;
            cs[2 * k + 1] = m10 * px + m11 * py + m12;
        }
        cs[2 * n] = cs[0];
        cs[2 * n + 1] = cs[1];
        return factory.createLinearRing(PackedCoordinateSequenceFactory.DOUBLE_FACTORY.create(cs, 2));
    }
}
