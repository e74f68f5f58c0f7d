package org.deepraster.tool.detectobjects;

import java.awt.Rectangle;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;
import org.deepraster.inference.InstanceMask;
import org.deepraster.tiling.Tile;
import org.deepraster.tiling.TileGrid;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;

/**
 * One instance from the fragments neighbouring tiles saw of it (writer thread). Two fragments of the same class
 * from different tiles are linked when, inside the overlap of their tiles' windows, their masks overlap by more than
 * {@value #LINK_RATIO} of the smaller one's pixels there; tiles whose windows do not overlap (padding 0) link
 * fragments whose owned pixels touch across the shared core edge (4-neighbours). A group of linked fragments is one
 * instance, except that one tile never gives two fragments to one instance (the model said they are two): where a
 * fragment would chain two fragments of one tile (one tile saw two touching buildings as one, the next saw them apart),
 * a connected group is split by taking its links strongest first (IoU within the overlap) and refusing any that would
 * put two fragments of one tile together. An instance's pixels are the union of what each fragment's tile owns (its area: core within the region), so every
 * pixel comes from exactly one tile and the union has no seam; it is polygonised once (pixel-edge outline, the
 * largest part, no collinear vertices), its confidence is the highest of its fragments'; with a processing mask it is
 * kept when its box centre lies in the mask (as boxes are). A group is final once no unfinished tile's window
 * reaches (one pixel around) any of its fragments: only such a tile could still add a linked fragment.
 */
final class InstanceMerger {
    /** Overlap (over the smaller fragment, within the windows' overlap) above which two fragments are one instance. */
    static final double LINK_RATIO = 0.5;

    private final TileGrid grid;
    /** The bounds of the tiles' areas (the region processed). */
    private final Rectangle region;
    private final Map<Integer, Tile> tiles = new HashMap<>();
    private final Map<Long, InstanceFragment> pending = new LinkedHashMap<>();
    private final Map<Integer, List<Long>> byTile = new HashMap<>();
    /** Candidate links with their strength (IoU within the windows' overlap; touching pixels at padding 0). */
    private final Map<Long, Map<Long, Double>> links = new HashMap<>();
    private long nextId = 1;
    /** The processing mask in pixels (an instance is kept when its box centre lies in it), or null. */
    private final org.locationtech.jts.geom.prep.PreparedGeometry mask;

    /** @param before the fragments an earlier run held back (resume), linked again here */
    InstanceMerger(TileGrid grid, List<Tile> all, List<InstanceFragment> before,
                   org.locationtech.jts.geom.prep.PreparedGeometry mask) {
        this.grid = grid;
        this.mask = mask;
        Rectangle r = null;
        for (Tile t : all) {
            tiles.put(t.index(), t);
            r = r == null ? t.area() : r.union(t.area());
        }
        region = r == null ? new Rectangle() : r;
        for (InstanceFragment f : before) {
            nextId = Math.max(nextId, f.id() + 1);
            add(f);
        }
    }

    /** Holds a finished tile's fragments back (numbered); returns them as numbered, for the resume records. */
    List<InstanceFragment> add(List<InstanceFragment> fragments) {
        List<InstanceFragment> out = new ArrayList<>(fragments.size());
        for (InstanceFragment f : distinct(fragments)) {
            InstanceFragment g = f.withId(nextId++);
            add(g);
            out.add(g);
        }
        return out;
    }

    /**
     * One tile's fragments less those that lie, by more than {@value #LINK_RATIO} of their pixels, in a more
     * confident one of the same class (the model gave one object twice, e.g. whole and a part).
     */
    static List<InstanceFragment> distinct(List<InstanceFragment> fragments) {
        List<InstanceFragment> order = new ArrayList<>(fragments);
        order.sort(Comparator.comparingDouble((InstanceFragment f) -> -f.score()).thenComparing(FRAGMENT_ORDER));
        List<InstanceFragment> kept = new ArrayList<>();
        for (InstanceFragment f : order) {
            int n = f.count(f.bounds());
            if (kept.stream().noneMatch(k -> k.classIndex() == f.classIndex()
                    && k.common(f, f.bounds()) > LINK_RATIO * n)) {
                kept.add(f);
            }
        }
        return kept;
    }

    private void add(InstanceFragment f) {
        Tile t = tiles.get(f.tile());
        // every tile whose window reaches one pixel around the fragment (with padding past half the chip that is
        // more than the 8 neighbours)
        int[] cs = grid.colsTouching(f.x0() - 1, f.x0() + f.width() + 1);
        int[] rs = grid.rowsTouching(f.y0() - 1, f.y0() + f.height() + 1);
        for (int row = rs[0]; row <= rs[1]; row++) {
            for (int col = cs[0]; col <= cs[1]; col++) {
                if (row == t.row() && col == t.col()) {
                    continue;
                }
                for (long id : byTile.getOrDefault(row * grid.cols() + col, List.of())) {
                    InstanceFragment o = pending.get(id);
                    double w = o.classIndex() == f.classIndex() ? link(f, t, o, tiles.get(o.tile())) : 0;
                    if (w > 0) {
                        links.computeIfAbsent(f.id(), k -> new HashMap<>()).put(id, w);
                        links.computeIfAbsent(id, k -> new HashMap<>()).put(f.id(), w);
                    }
                }
            }
        }
        pending.put(f.id(), f);
        byTile.computeIfAbsent(f.tile(), k -> new ArrayList<>()).add(f.id());
    }

    /**
     * How strongly two fragments of neighbouring tiles are the same instance: 0 when they are not; else their IoU
     * within the overlap of the windows, or (windows that do not overlap) the number of owned pixel pairs touching
     * across the core edge.
     */
    static double link(InstanceFragment a, Tile ta, InstanceFragment b, Tile tb) {
        Rectangle band = ta.window().intersection(tb.window());
        if (!band.isEmpty()) {
            int sa = a.count(band);
            int sb = b.count(band);
            int common = a.common(b, band);
            return Math.min(sa, sb) > 0 && common > LINK_RATIO * Math.min(sa, sb)
                    ? (double) common / (sa + sb - common) : 0;
        }
        int touching = 0;
        // no shared pixels (padding 0): owned pixels of a whose 4-neighbour is an owned pixel of b
        Rectangle oa = ta.area();
        Rectangle ob = tb.area();
        Rectangle r = a.bounds().intersection(oa);
        for (int y = r.y; y < r.y + r.height; y++) {
            for (int x = r.x; x < r.x + r.width; x++) {
                if (a.on(x, y) && (touches(b, ob, x + 1, y) || touches(b, ob, x - 1, y) || touches(b, ob, x, y + 1)
                        || touches(b, ob, x, y - 1))) {
                    touching++;
                }
            }
        }
        return touching;
    }

    private static boolean touches(InstanceFragment b, Rectangle owned, int x, int y) {
        return owned.contains(x, y) && b.on(x, y);
    }

    /** Fragments held back (not yet final). */
    int size() {
        return pending.size();
    }

    /**
     * Takes the final groups out ({@code all}: every group, at the end of a run) and returns their instances
     * (ids of the released fragments go to {@code released}). {@code unfinished} says whether a tile index is not done.
     */
    List<Det> release(boolean all, IntPredicate unfinished, List<Long> released) {
        List<Det> out = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (long start : List.copyOf(pending.keySet())) {
            if (!seen.add(start)) {
                continue;
            }
            List<InstanceFragment> group = new ArrayList<>();
            ArrayDeque<Long> todo = new ArrayDeque<>(List.of(start));
            while (!todo.isEmpty()) {
                long id = todo.pop();
                group.add(pending.get(id));
                for (long n : links.getOrDefault(id, Map.of()).keySet()) {
                    if (seen.add(n)) {
                        todo.push(n);
                    }
                }
            }
            if (!all && group.stream().anyMatch(f -> reachable(f, unfinished))) {
                continue;
            }
            List<List<InstanceFragment>> parts = split(group);
            for (InstanceFragment f : group) {
                pending.remove(f.id());
                links.remove(f.id());
                byTile.get(f.tile()).remove(f.id());
                released.add(f.id());
            }
            for (Det d : resolve(parts)) {
                if (mask == null || mask.contains(new org.locationtech.jts.geom.GeometryFactory()
                        .createPoint(new org.locationtech.jts.geom.Coordinate((d.x0() + d.x1()) / 2,
                                (d.y0() + d.y1()) / 2)))) {
                    out.add(d);
                }
            }
        }
        return out;
    }

    /**
     * The instances of a connected group's parts, overlaps settled: most confident first (then largest), an instance
     * goes when more than {@value #LINK_RATIO} of it lies in one kept before (the model saw one object twice, or two
     * tiles saw it differently), else it loses what it shares with those kept before (largest part kept).
     */
    private List<Det> resolve(List<List<InstanceFragment>> parts) {
        List<Det> all = new ArrayList<>();
        for (List<InstanceFragment> p : parts) {
            Det d = merge(p);
            if (d != null) {
                all.add(d);
            }
        }
        if (all.size() < 2) {
            return all;
        }
        all.sort(Comparator.comparingDouble((Det d) -> -d.score()).thenComparingDouble(d -> -d.shape().getArea())
                .thenComparingDouble(Det::y0).thenComparingDouble(Det::x0));
        List<Det> kept = new ArrayList<>();
        for (Det d : all) {
            Geometry g = d.shape();
            boolean dropped = false;
            for (Det k : kept) {
                if (!g.getEnvelopeInternal().intersects(k.shape().getEnvelopeInternal())) {
                    continue;
                }
                Geometry common = g.intersection(k.shape());
                if (common.getArea() > LINK_RATIO * Math.min(g.getArea(), k.shape().getArea())) {
                    dropped = true;
                    break;
                }
                if (common.getArea() > 0) {
                    g = largest(g.difference(k.shape()));
                }
            }
            if (!dropped && g != null && !g.isEmpty()) {
                Envelope e = g.getEnvelopeInternal();
                kept.add(g == d.shape() ? d : new Det(e.getMinX(), e.getMinY(), e.getMaxX(), e.getMaxY(),
                        d.classIndex(), d.score(), 0, g, Double.NaN));
            }
        }
        return kept;
    }

    private static Geometry largest(Geometry g) {
        Geometry best = null;
        for (int i = 0; i < g.getNumGeometries(); i++) {
            Geometry p = g.getGeometryN(i);
            if (p.getArea() > 0 && (best == null || p.getArea() > best.getArea())) {
                best = p;
            }
        }
        return best;
    }

    /**
     * The instances of a connected group: its links taken strongest first (ties in an order of the fragments' tiles
     * and positions, not of their ids, so a resumed run splits alike), each joining two instances unless that would
     * put two fragments of one tile into one.
     */
    private List<List<InstanceFragment>> split(List<InstanceFragment> group) {
        if (group.size() == 1) {
            return List.of(group);
        }
        List<InstanceFragment> order = new ArrayList<>(group);
        order.sort(FRAGMENT_ORDER);
        Map<Long, Integer> index = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            index.put(order.get(i).id(), i);
        }
        record Link(int a, int b, double w) { }
        List<Link> all = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            for (Map.Entry<Long, Double> e : links.getOrDefault(order.get(i).id(), Map.of()).entrySet()) {
                int j = index.get(e.getKey());
                if (i < j) {
                    all.add(new Link(i, j, e.getValue()));
                }
            }
        }
        all.sort(Comparator.comparingDouble((Link l) -> -l.w()).thenComparingInt(Link::a)
                .thenComparingInt(Link::b));
        int[] parent = new int[order.size()];
        List<Set<Integer>> tilesOf = new ArrayList<>();
        for (int i = 0; i < parent.length; i++) {
            parent[i] = i;
            tilesOf.add(new HashSet<>(List.of(order.get(i).tile())));
        }
        for (Link l : all) {
            int ra = root(parent, l.a());
            int rb = root(parent, l.b());
            if (ra != rb && Collections.disjoint(tilesOf.get(ra), tilesOf.get(rb))) {
                parent[rb] = ra;
                tilesOf.get(ra).addAll(tilesOf.get(rb));
            }
        }
        Map<Integer, List<InstanceFragment>> parts = new LinkedHashMap<>();
        for (int i = 0; i < order.size(); i++) {
            parts.computeIfAbsent(root(parent, i), k -> new ArrayList<>()).add(order.get(i));
        }
        return List.copyOf(parts.values());
    }

    private static final java.util.Comparator<InstanceFragment> FRAGMENT_ORDER = java.util.Comparator
            .comparingInt(InstanceFragment::tile).thenComparingInt(InstanceFragment::y0)
            .thenComparingInt(InstanceFragment::x0).thenComparingDouble(f -> -f.score())
            .thenComparingInt(InstanceFragment::height).thenComparingInt(InstanceFragment::width);

    private static int root(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private boolean reachable(InstanceFragment f, IntPredicate unfinished) {
        int[] c = grid.colsTouching(f.x0() - 1, f.x0() + f.width() + 1);
        int[] r = grid.rowsTouching(f.y0() - 1, f.y0() + f.height() + 1);
        for (int row = r[0]; row <= r[1]; row++) {
            for (int col = c[0]; col <= c[1]; col++) {
                if (unfinished.test(row * grid.cols() + col)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether a fragment reaches a side of its tile's window that lies inside the region (the model saw it cut). */
    private boolean cut(InstanceFragment f) {
        Rectangle w = tiles.get(f.tile()).window();
        return f.x0() <= w.x && w.x > region.x || f.y0() <= w.y && w.y > region.y
                || f.x0() + f.width() >= w.x + w.width && w.x + w.width < region.x + region.width
                || f.y0() + f.height() >= w.y + w.height && w.y + w.height < region.y + region.height;
    }

    /**
     * The instance of a group, one outline: the whole mask of its most confident (then largest) fragment that no
     * window edge cuts, when it has one (one tile saw all of it); else the pixels each fragment's tile owns. Null when no tile owns any.
     */
    Det merge(List<InstanceFragment> group) {
        InstanceFragment whole = null;
        for (InstanceFragment f : group) {
            if (!cut(f) && (whole == null || f.score() > whole.score()
                    || f.score() == whole.score() && f.count(f.bounds()) > whole.count(whole.bounds()))) {
                whole = f;
            }
        }
        if (whole != null) {
            float best = 0;
            for (InstanceFragment f : group) {
                best = Math.max(best, f.score());
            }
            return det(new Rectangle(whole.x0(), whole.y0(), whole.width(), whole.height()), whole.bits(),
                    group.get(0).classIndex(), best);
        }
        Rectangle box = null;
        for (InstanceFragment f : group) {
            Rectangle own = f.bounds().intersection(tiles.get(f.tile()).area());
            if (!own.isEmpty()) {
                box = box == null ? own : box.union(own);
            }
        }
        if (box == null) {
            return null;
        }
        boolean[] bits = new boolean[box.width * box.height];
        float score = 0;
        boolean any = false;
        for (InstanceFragment f : group) {
            Rectangle own = f.bounds().intersection(tiles.get(f.tile()).area());
            boolean contributes = false;
            for (int y = own.y; y < own.y + own.height; y++) {
                for (int x = own.x; x < own.x + own.width; x++) {
                    if (f.on(x, y)) {
                        bits[(y - box.y) * box.width + x - box.x] = true;
                        contributes = true;
                    }
                }
            }
            if (contributes) {
                score = Math.max(score, f.score());
                any = true;
            }
        }
        if (!any) {
            return null;
        }
        return det(box, bits, group.get(0).classIndex(), score);
    }

    private static Det det(Rectangle box, boolean[] bits, int classIndex, float score) {
        Geometry shape = DetectionShapes.outline(new InstanceMask(0, 0, box.width, box.height, bits), box.x, box.y);
        // the union of the row runs keeps vertices where runs met along a straight edge: drop those (exactly collinear)
        shape = org.locationtech.jts.simplify.DouglasPeuckerSimplifier.simplify(shape, 0);
        Envelope e = shape.getEnvelopeInternal();
        return new Det(e.getMinX(), e.getMinY(), e.getMaxX(), e.getMaxY(), classIndex, score, 0, shape,
                Double.NaN);
    }
}
