package org.deepraster.tool;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * Non maximum suppression as ArcGIS's Non Maximum Suppression tool does it: duplicates are removed
 * within each class first, then across classes; of two boxes that overlap by more than
 * {@code maxOverlapRatio} (intersection over union) the one with the lower confidence goes.
 *
 * <p>Greedy: boxes are visited by descending confidence (ties: lower index first); a box is kept
 * when no already kept box (of the same class in the first pass, of any class in the second) overlaps
 * it by more than the ratio. Candidates come from an STRtree over the boxes' envelopes, so the cost
 * is about n log n for boxes that overlap few others. Rectangles use the IoU of their envelopes;
 * other polygons, when given, use the true polygon IoU.
 */
public final class NonMaxSuppression {

    /** A box (or polygon) to suppress: envelope, confidence, class (any value; null is a class too). */
    public record Candidate(double minX, double minY, double maxX, double maxY, double score, Object classValue,
                            Geometry polygon) {
        public Candidate(Envelope e, double score, Object classValue) {
            this(e.getMinX(), e.getMinY(), e.getMaxX(), e.getMaxY(), score, classValue, null);
        }

        /** From a geometry: its envelope, and the geometry itself when it is not a rectangle. */
        public static Candidate of(Geometry g, double score, Object classValue) {
            Envelope e = g.getEnvelopeInternal();
            Geometry poly = g.getDimension() == 2 && !g.isRectangle() ? g : null;
            return new Candidate(e.getMinX(), e.getMinY(), e.getMaxX(), e.getMaxY(), score, classValue, poly);
        }

        double area() {
            return polygon != null ? polygon.getArea() : (maxX - minX) * (maxY - minY);
        }
    }

    private NonMaxSuppression() {
    }

    /** Indexes (ascending) of the candidates kept. {@code maxOverlapRatio} is an IoU in [0, 1]. */
    public static int[] keep(List<Candidate> boxes, double maxOverlapRatio) {
        return keep(boxes, maxOverlapRatio, true);
    }

    /**
     * As {@link #keep(List, double)}; with {@code acrossClasses} false only the first pass runs (boxes
     * of different classes never suppress each other, as a detector's own NMS does).
     */
    public static int[] keep(List<Candidate> boxes, double maxOverlapRatio, boolean acrossClasses) {
        if (!(maxOverlapRatio >= 0 && maxOverlapRatio <= 1)) {
            throw new IllegalArgumentException("max overlap ratio must be in [0, 1]: " + maxOverlapRatio);
        }
        int n = boxes.size();
        if (n == 0) {
            return new int[0];
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> {
            int c = Double.compare(boxes.get(b).score(), boxes.get(a).score());
            return c != 0 ? c : Integer.compare(a, b);
        });
        int[] rank = new int[n];
        for (int r = 0; r < n; r++) {
            rank[order[r]] = r;
        }
        STRtree tree = new STRtree();
        for (int i = 0; i < n; i++) {
            Candidate c = boxes.get(i);
            tree.insert(new Envelope(c.minX(), c.maxX(), c.minY(), c.maxY()), i);
        }
        tree.build();
        boolean[] alive = new boolean[n];
        Arrays.fill(alive, true);
        pass(boxes, order, rank, tree, alive, maxOverlapRatio, true);
        if (acrossClasses) {
            pass(boxes, order, rank, tree, alive, maxOverlapRatio, false);
        }
        int count = 0;
        for (boolean a : alive) {
            if (a) {
                count++;
            }
        }
        int[] out = new int[count];
        for (int i = 0, k = 0; i < n; i++) {
            if (alive[i]) {
                out[k++] = i;
            }
        }
        return out;
    }

    /**
     * One greedy pass over the alive boxes in rank order: a box dies when an alive box of higher rank
     * (same class when {@code sameClass}) overlaps it by more than the ratio. Boxes of higher rank are
     * final when a box is visited, so "alive" of a neighbour of higher rank means "kept".
     */
    private static void pass(List<Candidate> boxes, Integer[] order, int[] rank, STRtree tree, boolean[] alive,
                             double ratio, boolean sameClass) {
        List<Integer> hits = new ArrayList<>();
        for (int r = 0; r < order.length; r++) {
            int i = order[r];
            if (!alive[i]) {
                continue;
            }
            Candidate c = boxes.get(i);
            hits.clear();
            tree.query(new Envelope(c.minX(), c.maxX(), c.minY(), c.maxY()), o -> hits.add((Integer) o));
            for (int j : hits) {
                if (j == i || !alive[j] || rank[j] > r) {
                    continue;
                }
                Candidate k = boxes.get(j);
                if (sameClass && !Objects.equals(c.classValue(), k.classValue())) {
                    continue;
                }
                if (iou(c, k) > ratio) {
                    alive[i] = false;
                    break;
                }
            }
        }
    }

    /** Intersection over union: of envelopes for rectangles, of the polygons otherwise. */
    public static double iou(Candidate a, Candidate b) {
        double iw = Math.min(a.maxX(), b.maxX()) - Math.max(a.minX(), b.minX());
        double ih = Math.min(a.maxY(), b.maxY()) - Math.max(a.minY(), b.minY());
        if (iw <= 0 || ih <= 0) {
            return 0;
        }
        double inter;
        if (a.polygon() == null && b.polygon() == null) {
            inter = iw * ih;
        } else {
            Geometry ga = a.polygon() != null ? a.polygon() : box(a);
            Geometry gb = b.polygon() != null ? b.polygon() : box(b);
            inter = ga.intersection(gb).getArea();
        }
        double union = a.area() + b.area() - inter;
        return union <= 0 ? 0 : inter / union;
    }

    private static Geometry box(Candidate c) {
        return new org.locationtech.jts.geom.GeometryFactory()
                .toGeometry(new Envelope(c.minX(), c.maxX(), c.minY(), c.maxY()));
    }
}
