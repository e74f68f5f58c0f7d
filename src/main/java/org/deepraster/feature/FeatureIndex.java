package org.deepraster.feature;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygonal;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * A spatial index (JTS STRtree) over the features of a collection, in the collection's CRS.
 * Built once, then read-only: safe to query from several threads.
 */
public final class FeatureIndex {
    private static final GeometryFactory GF = new GeometryFactory();
    private final STRtree tree = new STRtree();
    private final int size;

    public FeatureIndex(List<Feature> features) {
        int n = 0;
        for (Feature f : features) {
            if (f.geometry() != null && !f.geometry().isEmpty()) {
                tree.insert(f.geometry().getEnvelopeInternal(), f);
                n++;
            }
        }
        tree.build();
        this.size = n;
    }

    public FeatureIndex(FeatureCollection collection) {
        this(collection.features());
    }

    /** Number of indexed features (those with a non-empty geometry). */
    public int size() {
        return size;
    }

    /** Features whose envelope intersects {@code area} (cheap; for drawing). */
    @SuppressWarnings("unchecked")
    public List<Feature> query(Envelope area) {
        return new ArrayList<>((List<Feature>) tree.query(area));
    }

    /** Features whose geometry really intersects {@code area}. */
    public List<Feature> intersecting(Envelope area) {
        Geometry box = GF.toGeometry(area);
        List<Feature> out = new ArrayList<>();
        for (Feature f : query(area)) {
            if (area.contains(f.geometry().getEnvelopeInternal()) || f.geometry().intersects(box)) {
                out.add(f);
            }
        }
        return out;
    }

    /**
     * The feature under a point, for identify: a point or line within {@code tolerance} (the nearest
     * wins) comes first, as it is drawn on top; otherwise the smallest polygon that contains the
     * point; otherwise a polygon whose outline is within the tolerance.
     */
    public Optional<Feature> nearest(Coordinate at, double tolerance) {
        Envelope search = new Envelope(at);
        search.expandBy(Math.max(tolerance, 0));
        Point p = GF.createPoint(at);
        Feature bestOther = null;
        double bestOtherDist = Double.MAX_VALUE;
        Feature bestContaining = null;
        double bestArea = Double.MAX_VALUE;
        Feature bestEdge = null;
        double bestEdgeDist = Double.MAX_VALUE;
        for (Feature f : query(search)) {
            Geometry g = f.geometry();
            if (g instanceof Polygonal) {
                if (g.getEnvelopeInternal().contains(at) && g.covers(p)) {
                    double a = g.getArea();
                    if (a < bestArea) {
                        bestArea = a;
                        bestContaining = f;
                    }
                } else {
                    double d = g.distance(p);
                    if (d <= tolerance && d < bestEdgeDist) {
                        bestEdgeDist = d;
                        bestEdge = f;
                    }
                }
            } else {
                double d = g.distance(p);
                if (d <= tolerance && d < bestOtherDist) {
                    bestOtherDist = d;
                    bestOther = f;
                }
            }
        }
        if (bestOther != null) {
            return Optional.of(bestOther);
        }
        if (bestContaining != null) {
            return Optional.of(bestContaining);
        }
        return Optional.ofNullable(bestEdge);
    }
}
