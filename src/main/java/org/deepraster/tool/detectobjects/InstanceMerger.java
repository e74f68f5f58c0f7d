package org.deepraster.tool.detectobjects;

import java.awt.Rectangle;
import java.util.ArrayDeque;
import java.util.ArrayList;
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
 * instance: its pixels are the union of what each fragment's tile owns (its area: core within the region), so every
 * pixel comes from exactly one tile and the union has no seam; it is polygonised once (pixel-edge outline, the
 * largest part, no collinear vertices), its confidence is the highest of its fragments'; with a processing mask it is
 * kept when its box centre lies in the mask (as boxes are). A group is final once no unfinished tile's window
 * reaches (one pixel around) any of its fragments: only such a tile could still add a linked fragment.
 */
final class InstanceMerger {
    /** Overlap (over the smaller fragment, within the windows' overlap) above which two fragments are one instance. */
    static final double LINK_RATIO = 0.5;

    private final TileGrid grid;
    private final Map<Integer, Tile> tiles = new HashMap<>();
    private final Map<Long, InstanceFragment> pending = new LinkedHashMap<>();
    private final Map<Integer, List<Long>> byTile = new HashMap<>();
    private final Map<Long, Set<Long>> links = new HashMap<>();
    private long nextId = 1;
    /** The processing mask in pixels (an instance is kept when its box centre lies in it), or null. */
    private final org.locationtech.jts.geom.prep.PreparedGeometry mask;

    /** @param before the fragments an earlier run held back (resume), linked again here */
    InstanceMerger(TileGrid grid, List<Tile> all, List<InstanceFragment> before,
                   org.locationtech.jts.geom.prep.PreparedGeometry mask) {
        this.grid = grid;
        this.mask = mask;
        for (Tile t : all) {
            tiles.put(t.index(), t);
        }
        for (InstanceFragment f : before) {
            nextId = Math.max(nextId, f.id() + 1);
            add(f);
        }
    }

    /** Holds a finished tile's fragments back (numbered); returns them as numbered, for the resume records. */
    List<InstanceFragment> add(List<InstanceFragment> fragments) {
        List<InstanceFragment> out = new ArrayList<>(fragments.size());
        for (InstanceFragment f : fragments) {
            InstanceFragment g = f.withId(nextId++);
            add(g);
            out.add(g);
        }
        return out;
    }

    private void add(InstanceFragment f) {
        Tile t = tiles.get(f.tile());
        for (int row = t.row() - 1; row <= t.row() + 1; row++) {
            for (int col = t.col() - 1; col <= t.col() + 1; col++) {
                if (row < 0 || col < 0 || row >= grid.rows() || col >= grid.cols() || (row == t.row() && col == t.col())) {
                    continue;
                }
                for (long id : byTile.getOrDefault(row * grid.cols() + col, List.of())) {
                    InstanceFragment o = pending.get(id);
                    if (o.classIndex() == f.classIndex() && linked(f, t, o, tiles.get(o.tile()))) {
                        links.computeIfAbsent(f.id(), k -> new HashSet<>()).add(id);
                        links.computeIfAbsent(id, k -> new HashSet<>()).add(f.id());
                    }
                }
            }
        }
        pending.put(f.id(), f);
        byTile.computeIfAbsent(f.tile(), k -> new ArrayList<>()).add(f.id());
    }

    /** Whether two fragments of neighbouring tiles are the same instance. */
    static boolean linked(InstanceFragment a, Tile ta, InstanceFragment b, Tile tb) {
        Rectangle band = ta.window().intersection(tb.window());
        if (!band.isEmpty()) {
            int sa = a.count(band);
            int sb = b.count(band);
            return Math.min(sa, sb) > 0 && a.common(b, band) > LINK_RATIO * Math.min(sa, sb);
        }
        // no shared pixels (padding 0): owned pixels of a whose 4-neighbour is an owned pixel of b
        Rectangle oa = ta.area();
        Rectangle ob = tb.area();
        Rectangle r = a.bounds().intersection(oa);
        for (int y = r.y; y < r.y + r.height; y++) {
            for (int x = r.x; x < r.x + r.width; x++) {
                if (a.on(x, y) && (touches(b, ob, x + 1, y) || touches(b, ob, x - 1, y) || touches(b, ob, x, y + 1)
                        || touches(b, ob, x, y - 1))) {
                    return true;
                }
            }
        }
        return false;
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
                for (long n : links.getOrDefault(id, Set.of())) {
                    if (seen.add(n)) {
                        todo.push(n);
                    }
                }
            }
            if (!all && group.stream().anyMatch(f -> reachable(f, unfinished))) {
                continue;
            }
            for (InstanceFragment f : group) {
                pending.remove(f.id());
                links.remove(f.id());
                byTile.get(f.tile()).remove(f.id());
                released.add(f.id());
            }
            Det d = merge(group);
            if (d != null && (mask == null || mask.contains(new org.locationtech.jts.geom.GeometryFactory().createPoint(
                    new org.locationtech.jts.geom.Coordinate((d.x0() + d.x1()) / 2, (d.y0() + d.y1()) / 2))))) {
                out.add(d);
            }
        }
        return out;
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

    /** The instance of a group: the pixels each fragment's tile owns, one outline; null when no tile owns any. */
    Det merge(List<InstanceFragment> group) {
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
        Geometry shape = DetectionShapes.outline(new InstanceMask(0, 0, box.width, box.height, bits), box.x, box.y);
        // the union of the row runs keeps vertices where runs met along a straight edge: drop those (exactly collinear)
        shape = org.locationtech.jts.simplify.DouglasPeuckerSimplifier.simplify(shape, 0);
        Envelope e = shape.getEnvelopeInternal();
        return new Det(e.getMinX(), e.getMinY(), e.getMaxX(), e.getMaxY(), group.get(0).classIndex(), score, 0, shape,
                Double.NaN);
    }
}
