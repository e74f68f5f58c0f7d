package org.deepraster.detection;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;

/**
 * Non maximum suppression as ArcGIS's Non Maximum Suppression tool does it: duplicates are removed
 * within each class first, then across classes; of two boxes that overlap by more than
 * {@code maxOverlapRatio} (intersection over union) the one with the lower confidence goes.
 *
 * <p>Greedy: boxes are visited by descending confidence (ties: lower index first); a box is kept
 * when no already kept box (of the same class in the first pass, of any class in the second) overlaps
 * it by more than the ratio. Candidates come from a uniform grid of the kept boxes (cells about the
 * mean box size), so the cost is about n log n (the sort) for boxes that overlap few others. Rectangles use the IoU of their envelopes;
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
        // order by descending score, ties by index: sort (score, index) pairs packed in primitive arrays
        double[] score = new double[n];
        for (int i = 0; i < n; i++) {
            score[i] = boxes.get(i).score();
        }
        Integer[] boxed = new Integer[n];
        for (int i = 0; i < n; i++) {
            boxed[i] = i;
        }
        Arrays.sort(boxed, (a, b) -> {
            int c = Double.compare(score[b], score[a]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        int[] order = new int[n];
        for (int r = 0; r < n; r++) {
            order[r] = boxed[r];
        }
        boolean[] alive = new boolean[n];
        Arrays.fill(alive, true);
        KeptGrid grid = new KeptGrid(boxes);
        pass(boxes, order, grid, alive, maxOverlapRatio, true);
        if (acrossClasses) {
            grid.clear();
            pass(boxes, order, grid, alive, maxOverlapRatio, false);
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
     * One greedy pass over the alive boxes in rank order: a box dies when a box kept before it (same
     * class when {@code sameClass}) overlaps it by more than the ratio; a box that stays is added to
     * the grid of kept boxes.
     */
    private static void pass(List<Candidate> boxes, int[] order, KeptGrid grid, boolean[] alive, double ratio,
                             boolean sameClass) {
        for (int i : order) {
            if (!alive[i]) {
                continue;
            }
            Candidate c = boxes.get(i);
            if (grid.suppresses(c, ratio, sameClass)) {
                alive[i] = false;
            } else {
                grid.add(i);
            }
        }
    }

    /**
     * The boxes kept so far in a uniform grid (cells about the size of the mean box, at most about 4
     * cells per box): a box is listed in every cell its envelope touches, so every kept box that
     * overlaps a query box shares a cell with it. Cheaper than an R-tree over all boxes because
     * only kept boxes are indexed and there are no objects per query.
     */
    private static final class KeptGrid {
        private final List<Candidate> boxes;
        private final double x0;
        private final double y0;
        private final double cell;
        private final int cols;
        private final int rows;
        private final int[][] cells;
        private final int[] sizes;
        private final int[] seen;
        private int stamp;

        KeptGrid(List<Candidate> boxes) {
            this.boxes = boxes;
            int n = boxes.size();
            double minX = Double.POSITIVE_INFINITY;
            double minY = Double.POSITIVE_INFINITY;
            double maxX = Double.NEGATIVE_INFINITY;
            double maxY = Double.NEGATIVE_INFINITY;
            double sumSize = 0;
            int finite = 0;
            for (Candidate c : boxes) {
                if (!(c.minX() <= c.maxX() && c.minY() <= c.maxY())) {
                    continue; // NaN or inverted: overlaps nothing (iou 0)
                }
                minX = Math.min(minX, c.minX());
                minY = Math.min(minY, c.minY());
                maxX = Math.max(maxX, c.maxX());
                maxY = Math.max(maxY, c.maxY());
                sumSize += Math.max(c.maxX() - c.minX(), c.maxY() - c.minY());
                finite++;
            }
            if (finite == 0) {
                minX = minY = 0;
                maxX = maxY = 1;
            }
            double w = Math.max(maxX - minX, 1e-12);
            double h = Math.max(maxY - minY, 1e-12);
            double cs = finite == 0 ? 1 : Math.max(sumSize / finite, 1e-12);
            double maxCells = 4.0 * n + 16;
            if ((w / cs + 1) * (h / cs + 1) > maxCells) {
                cs = Math.max(cs, Math.sqrt(w * h / maxCells) * 1.01);
                while ((w / cs + 1) * (h / cs + 1) > maxCells) {
                    cs *= 1.5;
                }
            }
            x0 = minX;
            y0 = minY;
            cell = cs;
            cols = (int) (w / cs) + 1;
            rows = (int) (h / cs) + 1;
            cells = new int[cols * rows][];
            sizes = new int[cols * rows];
            seen = new int[n];
        }

        void clear() {
            Arrays.fill(sizes, 0);
        }

        private int col(double x) {
            return Math.max(0, Math.min(cols - 1, (int) Math.floor((x - x0) / cell)));
        }

        private int row(double y) {
            return Math.max(0, Math.min(rows - 1, (int) Math.floor((y - y0) / cell)));
        }

        void add(int i) {
            Candidate c = boxes.get(i);
            if (!(c.minX() <= c.maxX() && c.minY() <= c.maxY())) {
                return;
            }
            for (int r = row(c.minY()), r1 = row(c.maxY()); r <= r1; r++) {
                for (int k = col(c.minX()), k1 = col(c.maxX()); k <= k1; k++) {
                    int cellIndex = r * cols + k;
                    int[] list = cells[cellIndex];
                    if (list == null) {
                        list = cells[cellIndex] = new int[4];
                    } else if (sizes[cellIndex] == list.length) {
                        list = cells[cellIndex] = Arrays.copyOf(list, list.length * 2);
                    }
                    list[sizes[cellIndex]++] = i;
                }
            }
        }

        boolean suppresses(Candidate c, double ratio, boolean sameClass) {
            if (!(c.minX() <= c.maxX() && c.minY() <= c.maxY())) {
                return false;
            }
            stamp++;
            for (int r = row(c.minY()), r1 = row(c.maxY()); r <= r1; r++) {
                for (int k = col(c.minX()), k1 = col(c.maxX()); k <= k1; k++) {
                    int cellIndex = r * cols + k;
                    int[] list = cells[cellIndex];
                    for (int m = 0, size = sizes[cellIndex]; m < size; m++) {
                        int j = list[m];
                        if (seen[j] == stamp) {
                            continue;
                        }
                        seen[j] = stamp;
                        Candidate o = boxes.get(j);
                        if (sameClass && !Objects.equals(c.classValue(), o.classValue())) {
                            continue;
                        }
                        if (iou(c, o) > ratio) {
                            return true;
                        }
                    }
                }
            }
            return false;
        }
    }

    /** The area two candidates share: of their envelopes for rectangles, of the polygons otherwise. */
    private static double intersection(Candidate a, Candidate b) {
        double iw = Math.min(a.maxX(), b.maxX()) - Math.max(a.minX(), b.minX());
        double ih = Math.min(a.maxY(), b.maxY()) - Math.max(a.minY(), b.minY());
        if (iw <= 0 || ih <= 0) {
            return 0;
        }
        if (a.polygon() == null && b.polygon() == null) {
            return iw * ih;
        } else {
            Geometry ga = a.polygon() != null ? a.polygon() : box(a);
            Geometry gb = b.polygon() != null ? b.polygon() : box(b);
            return ga.intersection(gb).getArea();
        }
    }

    /** Intersection over union: of envelopes for rectangles, of the polygons otherwise. */
    public static double iou(Candidate a, Candidate b) {
        double inter = intersection(a, b);
        if (inter <= 0) {
            return 0;
        }
        double union = a.area() + b.area() - inter;
        return union <= 0 ? 0 : inter / union;
    }

    /**
     * Intersection over the smaller area (Deepness's {@code calculate_intersection_over_smaler_area}):
     * of envelopes for rectangles, of the polygons otherwise; 0 when either area is 0.
     */
    public static double intersectionOverSmaller(Candidate a, Candidate b) {
        double inter = intersection(a, b);
        if (inter <= 0) {
            return 0;
        }
        double smaller = Math.min(a.area(), b.area());
        return smaller <= 0 ? 0 : inter / smaller;
    }

    /**
     * Deepness's "remove overlapping detections" (after its NMS, {@code MapProcessorDetection.
     * apply_non_maximum_suppression}): the candidates ordered by area, largest first (ties: input order);
     * each one not yet removed removes every later one, not yet removed, whose intersection with it is more
     * than {@code maxContainment} of the smaller area. Blind to class and confidence, as Deepness.
     * Returns the indexes kept, ascending. {@code maxContainment} 1 or more removes nothing.
     *
     * <p>Deepness measures integer pixel boxes with a +1 on the intersection's sides only; here boxes
     * are continuous, so the intersection is the plain overlap area.
     */
    public static int[] removeContained(List<Candidate> boxes, double maxContainment) {
        if (!(maxContainment >= 0)) {
            throw new IllegalArgumentException("max containment ratio must be >= 0: " + maxContainment);
        }
        int n = boxes.size();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        double[] area = new double[n];
        for (int i = 0; i < n; i++) {
            area[i] = boxes.get(i).area();
        }
        Arrays.sort(order, (a, b) -> Double.compare(area[b], area[a])); // stable: ties keep input order
        int[] rank = new int[n];
        for (int r = 0; r < n; r++) {
            rank[order[r]] = r;
        }
        boolean[] removed = new boolean[n];
        if (maxContainment < 1) {
            org.locationtech.jts.index.strtree.STRtree tree = new org.locationtech.jts.index.strtree.STRtree();
            for (int i = 0; i < n; i++) {
                Candidate c = boxes.get(i);
                if (c.minX() <= c.maxX() && c.minY() <= c.maxY()) {
                    tree.insert(new Envelope(c.minX(), c.maxX(), c.minY(), c.maxY()), i);
                }
            }
            for (int r = 0; r < n; r++) {
                int i = order[r];
                if (removed[i]) {
                    continue;
                }
                Candidate c = boxes.get(i);
                if (!(c.minX() <= c.maxX() && c.minY() <= c.maxY())) {
                    continue;
                }
                tree.query(new Envelope(c.minX(), c.maxX(), c.minY(), c.maxY()), o -> {
                    int j = (Integer) o;
                    if (rank[j] > rank[i] && !removed[j] && intersectionOverSmaller(c, boxes.get(j)) > maxContainment) {
                        removed[j] = true;
                    }
                });
            }
        }
        int count = 0;
        for (boolean x : removed) {
            count += x ? 0 : 1;
        }
        int[] out = new int[count];
        for (int i = 0, k = 0; i < n; i++) {
            if (!removed[i]) {
                out[k++] = i;
            }
        }
        return out;
    }

    private static Geometry box(Candidate c) {
        return new org.locationtech.jts.geom.GeometryFactory()
                .toGeometry(new Envelope(c.minX(), c.maxX(), c.minY(), c.maxY()));
    }
}
