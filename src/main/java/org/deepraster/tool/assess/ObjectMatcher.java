package org.deepraster.tool.assess;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deepraster.feature.Feature;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygonal;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.index.strtree.STRtree;

/** Pairs classified objects with ground-truth objects, one to one (see {@link ObjectMatching}). */
final class ObjectMatcher {
    private ObjectMatcher() {
    }

    /**
     * The pairs found. {@code pairs} holds {result index, truth index}; {@code duplicateIds} counts
     * results whose id another result already used (left unmatched).
     */
    record Matches(List<int[]> pairs, int unmatchedResults, int unmatchedTruths, int duplicateIds) {
    }

    /**
     * By id: the result's {@code idField} against the truth's {@code truthIdField} (null: the truth's
     * feature id), compared as labels (so 7, 7L and "7" match).
     */
    static Matches byId(List<Feature> results, List<Feature> truths, String idField, String truthIdField) {
        Map<String, Integer> truthById = new HashMap<>();
        for (int i = 0; i < truths.size(); i++) {
            Feature t = truths.get(i);
            String id = Labels.text(truthIdField == null ? (Object) t.id() : t.get(truthIdField));
            if (id != null) {
                truthById.putIfAbsent(id, i);
            }
        }
        boolean[] used = new boolean[truths.size()];
        List<int[]> pairs = new ArrayList<>();
        int duplicates = 0;
        for (int r = 0; r < results.size(); r++) {
            String id = Labels.text(results.get(r).get(idField));
            Integer t = id == null ? null : truthById.get(id);
            if (t == null) {
                continue;
            }
            if (used[t]) {
                duplicates++;
                continue;
            }
            used[t] = true;
            pairs.add(new int[] {r, t});
        }
        return new Matches(pairs, results.size() - pairs.size(), truths.size() - pairs.size(), duplicates);
    }

    /** By geometry: greedy one-to-one by descending overlap (both in one CRS). */
    static Matches byGeometry(List<Feature> results, List<Feature> truths) {
        STRtree index = new STRtree();
        for (int i = 0; i < truths.size(); i++) {
            Geometry g = truths.get(i).geometry();
            if (g != null && !g.isEmpty()) {
                index.insert(g.getEnvelopeInternal(), i);
            }
        }
        List<double[]> candidates = new ArrayList<>(); // {score, result, truth}
        for (int r = 0; r < results.size(); r++) {
            Geometry rg = results.get(r).geometry();
            if (rg == null || rg.isEmpty()) {
                continue;
            }
            PreparedGeometry prepared = PreparedGeometryFactory.prepare(rg);
            for (Object o : index.query(rg.getEnvelopeInternal())) {
                int t = (Integer) o;
                Geometry tg = truths.get(t).geometry();
                if (!prepared.intersects(tg)) {
                    continue;
                }
                double score = rg instanceof Polygonal && tg instanceof Polygonal ? rg.intersection(tg).getArea() : 1;
                if (score > 0) {
                    candidates.add(new double[] {score, r, t});
                }
            }
        }
        // descending score; ties by result, then truth order (deterministic)
        candidates.sort((a, b) -> a[0] != b[0] ? Double.compare(b[0], a[0])
                : a[1] != b[1] ? Double.compare(a[1], b[1]) : Double.compare(a[2], b[2]));
        boolean[] rUsed = new boolean[results.size()];
        boolean[] tUsed = new boolean[truths.size()];
        List<int[]> pairs = new ArrayList<>();
        for (double[] c : candidates) {
            int r = (int) c[1], t = (int) c[2];
            if (!rUsed[r] && !tUsed[t]) {
                rUsed[r] = true;
                tUsed[t] = true;
                pairs.add(new int[] {r, t});
            }
        }
        pairs.sort((a, b) -> Integer.compare(a[0], b[0]));
        return new Matches(pairs, results.size() - pairs.size(), truths.size() - pairs.size(), 0);
    }
}
