package org.deepraster.vector;

import static org.deepraster.vector.Rings.MASK;

import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.algorithm.RobustLineIntersector;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.noding.BasicSegmentString;
import org.locationtech.jts.noding.MCIndexNoder;
import org.locationtech.jts.noding.SegmentIntersector;
import org.locationtech.jts.noding.SegmentString;

/**
 * Repairs the rings of one polygon simplified border by border ({@link ArcSimplifier}): borders
 * that are not shared (two islands a pixel apart) may cross after simplification, and the rings
 * that cross go back to their traced outline. Pure functions.
 */
final class CrossingRepair {
    private CrossingRepair() {
    }

    /**
     * Puts back the traced ring ({@code traced[k]}) of each simplified ring ({@code simplified[k]},
     * replaced in place) that crosses another or itself, holes first, until none cross (at most
     * four rounds). Ring 0 is the shell.
     */
    static void repair(int[][] traced, int[][] simplified) {
        // Arcs that do not share a border may now cross (two islands a pixel apart): such
        // rings go back to their pixel outline, holes first, until none cross.
        for (int round = 0; round < 4; round++) {
            List<int[]> conflicts = crossings(simplified);
            if (conflicts.isEmpty()) {
                break;
            }
            for (int[] c : conflicts) {
                int a = c[0];
                int b = c[1];
                if (round == 0 && a != b && (a == 0 || b == 0)) {
                    simplified[a == 0 ? b : a] = traced[a == 0 ? b : a];
                } else {
                    simplified[a] = traced[a];
                    simplified[b] = traced[b];
                }
            }
        }
    }

    /** Pairs of rings (indexes) whose segments meet other than end to end (a ring may pair with itself). */
    private static List<int[]> crossings(int[][] rings) {
        List<SegmentString> ss = new ArrayList<>(rings.length);
        for (int k = 0; k < rings.length; k++) {
            int[] r = rings[k];
            int m = r.length / 2;
            Coordinate[] cs = new Coordinate[m + 1];
            for (int i = 0; i < m; i++) {
                cs[i] = new Coordinate(r[2 * i] & MASK, r[2 * i + 1]);
            }
            cs[m] = cs[0];
            ss.add(new BasicSegmentString(cs, k));
        }
        List<int[]> found = new ArrayList<>();
        var li = new RobustLineIntersector();
        var noder = new MCIndexNoder();
        noder.setSegmentIntersector(new SegmentIntersector() {
            @Override
            public void processIntersections(SegmentString e0, int i0,
                                             SegmentString e1, int i1) {
                if (e0 == e1 && i0 == i1) {
                    return;
                }
                var c0 = e0.getCoordinates();
                var c1 = e1.getCoordinates();
                li.computeIntersection(c0[i0], c0[i0 + 1], c1[i1], c1[i1 + 1]);
                if (li.hasIntersection() && li.isInteriorIntersection()) {
                    found.add(new int[] {(Integer) e0.getData(), (Integer) e1.getData()});
                }
            }

            @Override
            public boolean isDone() {
                return false;
            }
        });
        noder.computeNodes(ss);
        return found;
    }
}
