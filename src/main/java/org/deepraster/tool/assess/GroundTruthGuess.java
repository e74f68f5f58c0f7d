package org.deepraster.tool.assess;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.deepraster.feature.Feature;
import org.deepraster.feature.FeatureCollection;
import org.deepraster.feature.FeatureSchema;
import org.deepraster.feature.Field;

/**
 * Which of the map's feature layers are the ground truth of some results, when that is unambiguous
 * (the dialog preselects them; when unsure it selects nothing). A layer qualifies when it is not the
 * results, is not a tool's output (no {@code Confidence} field), has the results' geometry kind and a
 * class field (named as the tool looks for one) whose values all are classes of the results. The
 * qualifying layers are the guess only when no two of them hold the same class (else: which one?).
 * Layers larger than {@link #MAX_FEATURES} are not read (none chosen rather than a slow form).
 */
public final class GroundTruthGuess {
    static final int MAX_FEATURES = 200_000;

    private GroundTruthGuess() {
    }

    /**
     * The indexes of {@code layers} that are the ground truth of {@code results}, or none ({@code layers}
     * may hold nulls: entries that are not feature layers).
     *
     * @param classField      the results' class field (null: as the tool picks it)
     * @param truthClassField the ground truth's class field (null: as the tool picks it)
     */
    public static List<Integer> pick(FeatureCollection results, List<FeatureCollection> layers, String classField,
                                     String truthClassField) {
        if (results == null || results.size() > MAX_FEATURES) {
            return List.of();
        }
        Optional<String> rf = field(results.schema(), classField, VectorInputs.RESULT_CLASS_FIELDS);
        Set<String> classes = rf.map(f -> values(results, f)).orElse(Set.of());
        if (classes.isEmpty()) {
            return List.of();
        }
        List<Integer> out = new ArrayList<>();
        Set<String> claimed = new HashSet<>();
        for (int i = 0; i < layers.size(); i++) {
            FeatureCollection l = layers.get(i);
            if (l == null || l == results || l.size() == 0 || l.size() > MAX_FEATURES || l.schema().field("Confidence").isPresent()
                    || l.schema().geometryKind() != results.schema().geometryKind()) {
                continue;
            }
            String given = truthClassField != null ? truthClassField : rf.get();
            Optional<String> tf = l.schema().field(given).map(Field::name)
                    .or(() -> truthClassField != null ? Optional.empty() : field(l.schema(), null, VectorInputs.TRUTH_CLASS_FIELDS));
            if (tf.isEmpty()) {
                continue;
            }
            Set<String> vs = values(l, tf.get());
            if (vs.isEmpty() || !classes.containsAll(vs)) {
                continue;
            }
            for (String v : vs) {
                if (!claimed.add(v)) {
                    return List.of(); // two layers hold this class: unsure which is the ground truth
                }
            }
            out.add(i);
        }
        return out;
    }

    private static Optional<String> field(FeatureSchema s, String given, List<String> defaults) {
        if (given != null) {
            return s.field(given).map(Field::name);
        }
        for (String d : defaults) {
            Optional<Field> f = s.field(d);
            if (f.isPresent()) {
                return Optional.of(f.get().name());
            }
        }
        return Optional.empty();
    }

    private static Set<String> values(FeatureCollection c, String field) {
        Set<String> out = new LinkedHashSet<>();
        for (Feature f : c.features()) {
            Object v = f.get(field);
            if (v != null && !v.toString().isBlank()) {
                out.add(v.toString().trim());
            }
        }
        return out;
    }
}
