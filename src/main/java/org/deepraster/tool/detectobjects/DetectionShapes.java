package org.deepraster.tool.detectobjects;

import java.util.ArrayList;
import java.util.List;
import org.deepraster.inference.Detection;
import org.deepraster.inference.InstanceMask;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.operation.union.UnaryUnionOp;

/**
 * The outline of a decoded detection that is not its box, in raster pixels (chip origin {@code ox, oy}):
 * an oriented box's rotated rectangle, cut to the chip; an instance mask's pixel outline (one polygon
 * per instance: the largest 4-connected part, holes kept). Null for a plain box.
 */
final class DetectionShapes {
    private static final GeometryFactory GF = new GeometryFactory();

    private DetectionShapes() {
    }

    static Geometry shape(Detection d, double ox, double oy, int chipW, int chipH) {
        if (d.corners() != null) {
            double[] c = d.corners();
            Coordinate[] ring = new Coordinate[5];
            for (int i = 0; i < 4; i++) {
                ring[i] = new Coordinate(ox + c[2 * i], oy + c[2 * i + 1]);
            }
            ring[4] = ring[0].copy();
            Polygon p = GF.createPolygon(ring);
            Envelope chip = new Envelope(ox, ox + chipW, oy, oy + chipH);
            if (chip.contains(p.getEnvelopeInternal())) {
                return p;
            }
            return largest(p.intersection(GF.toGeometry(chip)));
        }
        InstanceMask m = d.mask();
        return m == null ? null : outline(m, ox, oy);
    }

    /** The mask's pixels as one polygon (pixel-edge outline): runs of each row united, the largest part kept. */
    static Geometry outline(InstanceMask m, double ox, double oy) {
        List<Geometry> runs = new ArrayList<>();
        // runs of equal extent on consecutive rows become one rectangle
        java.util.Map<Long, Integer> open = new java.util.HashMap<>();
        for (int y = 0; y <= m.height(); y++) {
            java.util.Map<Long, Integer> next = new java.util.HashMap<>();
            if (y < m.height()) {
                int x = 0;
                while (x < m.width()) {
                    if (!m.bits()[y * m.width() + x]) {
                        x++;
                        continue;
                    }
                    int s = x;
                    while (x < m.width() && m.bits()[y * m.width() + x]) {
                        x++;
                    }
                    long key = ((long) s << 32) | x;
                    Integer top = open.remove(key);
                    next.put(key, top == null ? y : top);
                }
            }
            for (java.util.Map.Entry<Long, Integer> e : open.entrySet()) {
                int s = (int) (e.getKey() >> 32);
                int x1 = (int) (long) e.getKey();
                double left = ox + m.x0() + s;
                double right = ox + m.x0() + x1;
                double top = oy + m.y0() + e.getValue();
                double bottom = oy + m.y0() + y;
                runs.add(GF.toGeometry(new Envelope(left, right, top, bottom)));
            }
            open = next;
        }
        if (runs.isEmpty()) {
            return null;
        }
        return largest(UnaryUnionOp.union(runs));
    }

    /** The largest polygon of a geometry (null when it has none). */
    static Geometry largest(Geometry g) {
        Geometry best = null;
        for (int i = 0; i < g.getNumGeometries(); i++) {
            Geometry part = g.getGeometryN(i);
            if (part instanceof Polygon && !part.isEmpty() && (best == null || part.getArea() > best.getArea())) {
                best = part;
            }
        }
        return best;
    }
}
