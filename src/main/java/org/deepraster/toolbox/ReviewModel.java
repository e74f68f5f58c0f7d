package org.deepraster.toolbox;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.deepraster.feature.Feature;
import org.deepraster.feature.FeatureCollection;
import org.deepraster.feature.FeatureSchema;
import org.deepraster.feature.FeatureWriter;
import org.deepraster.feature.FeatureWriters;
import org.deepraster.feature.ReviewStore;
import org.deepraster.feature.ReviewStore.Decision;
import org.deepraster.feature.ReviewStore.Status;
import org.deepraster.feature.VectorFiles;
import org.deepraster.feature.WriteMode;
import org.deepraster.plugin.LayerStyle;
import org.deepraster.util.UserException;

/**
 * The review of one results layer, free of Swing: the features as the results file holds them
 * (ids are the file's feature ids), which field holds the model's class and confidence, the
 * classes in the model's order (number keys 1–9 follow it), the decisions, counts per class,
 * the filter the map and the table share, and the export of accepted features. Decisions are
 * written to the file by {@link #decide} before it returns. Used on one thread (the EDT), except
 * {@link #filter}'s predicate, which the map's render thread calls.
 */
public final class ReviewModel implements AutoCloseable {
    /** The bucket of features without a class label. */
    public static final String NO_CLASS = "(no class)";

    /** The tools' default colour for the i-th class (the one the map and the accuracy report use). */
    static Color defaultColour(int i) {
        return new Color(org.deepraster.model.ClassInfo.defaultRgb(i));
    }

    /** What the status filter lets through. */
    public enum StatusFilter {
        ALL("All"), NOT_REVIEWED("Not reviewed"), ACCEPTED("Accepted"), RELABELLED("Relabelled"),
        REJECTED("Rejected");

        private final String label;

        StatusFilter(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** Counts for one class of the model. */
    public record Counts(int total, int accepted, int relabelled, int rejected) {
        public int reviewed() {
            return accepted + relabelled + rejected;
        }

        public int remaining() {
            return total - reviewed();
        }
    }

    private final ReviewStore store;
    private final FeatureCollection data;
    private final String labelField;
    private final String valueField;
    private final String confidenceField;
    private final List<String> classes;
    private final Map<String, Color> colors;
    private final Map<Long, Feature> byId = new LinkedHashMap<>();
    private final Map<Long, Decision> decisions = new ConcurrentHashMap<>();

    private ReviewModel(ReviewStore store, FeatureCollection data, String labelField, String valueField,
                        String confidenceField, List<String> classes, Map<String, Color> colors) {
        this.store = store;
        this.data = data;
        this.labelField = labelField;
        this.valueField = valueField;
        this.confidenceField = confidenceField;
        this.classes = List.copyOf(classes);
        this.colors = Map.copyOf(colors);
        for (Feature f : data.features()) {
            byId.put(f.id(), f);
        }
    }

    /**
     * Opens the results table {@code layerName} of a GeoPackage for review (adding the review
     * fields when missing) and reads its features and decisions. {@code style}, when the map
     * layer has class colours, gives the class field, the classes' order and colours. Call off
     * the EDT (reads the whole table).
     */
    public static ReviewModel open(Path file, String layerName, LayerStyle style) throws IOException {
        ReviewStore store = ReviewStore.open(file, layerName);
        try {
            FeatureCollection data = null;
            for (FeatureCollection c : VectorFiles.open(file)) {
                if (c.schema().name().equalsIgnoreCase(store.table())) {
                    data = c;
                }
            }
            if (data == null) {
                throw new UserException("The table " + store.table() + " of " + file.getFileName() + " could not be read.", "");
            }
            FeatureSchema schema = data.schema();
            String label = style != null && style.classField() != null && schema.field(style.classField()).isPresent()
                    ? schema.field(style.classField()).get().name() : guessLabelField(schema);
            if (label == null) {
                throw new UserException("The layer " + layerName + " has no class field to review (ClassLabel or Class).",
                        "Review the output of Classify Objects or Detect Objects, which write the class of each feature.");
            }
            String value = valueFieldFor(schema, label);
            String confidence = schema.field("Confidence").map(org.deepraster.feature.Field::name).orElse(null);
            LinkedHashMap<String, Color> colors = new LinkedHashMap<>();
            if (style != null && label.equalsIgnoreCase(String.valueOf(style.classField()))) {
                style.classColors().forEach((k, c) -> colors.put(String.valueOf(k), c));
            }
            Set<String> classes = new LinkedHashSet<>(classOrder(data, label, value, colors.keySet()));
            // a class the layer's style does not colour gets the tools' default colour of its place in the
            // class order, as the map and the accuracy report give it
            int place = 0;
            for (String c : classes) {
                if (c.equals(NO_CLASS)) {
                    colors.putIfAbsent(c, Color.GRAY);
                } else {
                    colors.putIfAbsent(c, defaultColour(place++));
                }
            }
            ReviewModel m = new ReviewModel(store, data, label, value, confidence, new ArrayList<>(classes), colors);
            m.decisions.putAll(store.read());
            return m;
        } catch (IOException | RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** The model's label field of a results table: ClassLabel (Classify Objects) or Class (Detect Objects). */
    static String guessLabelField(FeatureSchema schema) {
        for (String n : List.of("ClassLabel", "Class", "ClassName", "label")) {
            var f = schema.field(n);
            if (f.isPresent() && f.get().type() == org.deepraster.feature.FieldType.STRING) {
                return f.get().name();
            }
        }
        return null;
    }

    /** The integer class value field that goes with a label field: ClassValue next to Class, else Class. */
    static String valueFieldFor(FeatureSchema schema, String label) {
        for (String n : List.of("ClassValue", "Class")) {
            var f = schema.field(n);
            if (f.isPresent() && !f.get().name().equalsIgnoreCase(label)
                    && f.get().type() == org.deepraster.feature.FieldType.INTEGER) {
                return f.get().name();
            }
        }
        return null;
    }

    /** The style's classes first (the model's order), then others found, by class value or name. */
    private static List<String> classOrder(FeatureCollection data, String label, String value, Collection<String> styled) {
        List<String> out = new ArrayList<>(styled);
        Map<String, Long> valueOf = new HashMap<>();
        boolean none = false;
        for (Feature f : data.features()) {
            Object l = f.get(label);
            if (l == null || l.toString().isBlank()) {
                none = true;
            } else if (value != null && f.get(value) instanceof Number n) {
                valueOf.putIfAbsent(l.toString(), n.longValue());
            } else {
                valueOf.putIfAbsent(l.toString(), Long.MAX_VALUE);
            }
        }
        TreeSet<String> rest = new TreeSet<>((a, b) -> {
            int c = Long.compare(valueOf.get(a), valueOf.get(b));
            return c != 0 ? c : a.compareTo(b);
        });
        for (String s : valueOf.keySet()) {
            if (!out.contains(s)) {
                rest.add(s);
            }
        }
        out.addAll(rest);
        if (none) {
            out.add(NO_CLASS);
        }
        return out;
    }

    // ---------------------------------------------------------------- what it holds

    public Path file() {
        return store.file();
    }

    public String table() {
        return store.table();
    }

    /** The features as the file holds them (ids are the file's feature ids). */
    public FeatureCollection data() {
        return data;
    }

    public List<Feature> features() {
        return data.features();
    }

    public Feature feature(long id) {
        return byId.get(id);
    }

    public String labelField() {
        return labelField;
    }

    /** The classes in the model's order (with the no-class bucket when some features have no class). */
    public List<String> classes() {
        return classes;
    }

    /** The classes number keys relabel to: {@link #classes()} without the no-class bucket; key n is class n. */
    public List<String> keyedClasses() {
        return classes.stream().filter(c -> !c.equals(NO_CLASS)).toList();
    }

    public Color color(String cls) {
        return colors.getOrDefault(cls, Color.GRAY);
    }

    /** The class colours, in class order, as a map style (coloured by the model's label). */
    public LayerStyle style(LayerStyle base) {
        Map<Object, Color> m = new LinkedHashMap<>();
        for (String c : classes) {
            if (!c.equals(NO_CLASS)) {
                m.put(c, colors.get(c));
            }
        }
        LayerStyle b = base != null ? base : LayerStyle.simple(new Color(0x55, 0x55, 0x55), new Color(0x80, 0x80, 0x80, 50));
        LayerStyle.Label label = b.label() != null ? b.label()
                : LayerStyle.Label.classAndConfidence(labelField, confidenceField != null ? confidenceField : "Confidence");
        return new LayerStyle(b.stroke(), b.fill(), Math.max(2f, b.lineWidth()), b.pointSize(), labelField, m,
                label, LayerStyle.Review.DEFAULT);
    }

    /** The model's class of a feature ({@link #NO_CLASS} when it has none). */
    public String modelClass(Feature f) {
        Object l = f.get(labelField);
        return l == null || l.toString().isBlank() ? NO_CLASS : l.toString();
    }

    /** The class after review: the reviewer's, else the model's. */
    public String reviewedClass(Feature f) {
        Decision d = decisions.get(f.id());
        return d != null && d.label() != null ? d.label() : modelClass(f);
    }

    /** Confidence 0–100, or NaN when the layer has none. */
    public double confidence(Feature f) {
        return confidenceField != null && f.get(confidenceField) instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    public boolean hasConfidence() {
        return confidenceField != null;
    }

    public Decision decision(long id) {
        return decisions.getOrDefault(id, Decision.NONE);
    }

    /** ACCEPTED, RELABELLED, REJECTED or NOT_REVIEWED. */
    public StatusFilter status(long id) {
        Decision d = decision(id);
        if (d.status() == Status.REJECTED) {
            return StatusFilter.REJECTED;
        }
        if (d.label() != null) {
            return StatusFilter.RELABELLED;
        }
        return d.status() == Status.ACCEPTED ? StatusFilter.ACCEPTED : StatusFilter.NOT_REVIEWED;
    }

    // ---------------------------------------------------------------- deciding

    /** Accepts the model's label (clearing a relabel). Saved before it returns. */
    public Feature accept(long id) throws IOException {
        return decide(id, Decision.now(Status.ACCEPTED, null));
    }

    public Feature reject(long id) throws IOException {
        return decide(id, Decision.now(Status.REJECTED, null));
    }

    /** Accepts the feature with another class (the model's class again means a plain accept). */
    public Feature relabel(long id, String cls) throws IOException {
        Feature f = byId.get(id);
        String label = f != null && cls.equals(modelClass(f)) ? null : cls;
        return decide(id, Decision.now(Status.ACCEPTED, label));
    }

    /** Clears the review of a feature. */
    public Feature clear(long id) throws IOException {
        return decide(id, Decision.NONE);
    }

    /**
     * Writes the decision to the file, then keeps it; returns the feature with its review
     * fields set (for the map layer). On failure nothing changes and the error is thrown.
     */
    public Feature decide(long id, Decision d) throws IOException {
        Feature f = byId.get(id);
        if (f == null) {
            throw new IllegalArgumentException("No feature " + id + " in " + table());
        }
        Map<Long, Decision> one = new HashMap<>();
        one.put(id, d);
        store.save(one);
        if (d.isEmpty()) {
            decisions.remove(id);
        } else {
            decisions.put(id, d);
        }
        Map<String, Object> a = new LinkedHashMap<>();
        a.put(ReviewStore.STATUS_FIELD, d.status() == null ? null : d.status().text());
        a.put(ReviewStore.LABEL_FIELD, d.label());
        a.put(ReviewStore.TIME_FIELD, d.isEmpty() ? null : d.at());
        Feature updated = f.with(a);
        byId.put(id, updated);
        return updated;
    }

    // ---------------------------------------------------------------- counts and filter

    /** Counts per model class, in class order. */
    public Map<String, Counts> counts() {
        Map<String, int[]> c = new LinkedHashMap<>();
        for (String cls : classes) {
            c.put(cls, new int[4]);
        }
        for (Feature f : data.features()) {
            int[] n = c.computeIfAbsent(modelClass(f), k -> new int[4]);
            n[0]++;
            switch (status(f.id())) {
                case ACCEPTED -> n[1]++;
                case RELABELLED -> n[2]++;
                case REJECTED -> n[3]++;
                default -> {
                }
            }
        }
        Map<String, Counts> out = new LinkedHashMap<>();
        c.forEach((k, n) -> out.put(k, new Counts(n[0], n[1], n[2], n[3])));
        return out;
    }

    /**
     * The features shown: of the given model classes, at least this confidence (features without
     * a confidence pass), and of this review status; null when everything passes. The predicate is
     * thread-safe (the map's render thread calls it) and sees later decisions.
     */
    public Predicate<Feature> filter(Set<String> shownClasses, double minConfidence, StatusFilter status) {
        boolean allClasses = shownClasses.containsAll(classes);
        if (allClasses && minConfidence <= 0 && status == StatusFilter.ALL) {
            return null;
        }
        Set<String> shown = Set.copyOf(shownClasses);
        String label = labelField;
        String conf = confidenceField;
        Map<Long, Decision> ds = decisions;
        return f -> {
            Object l = f.get(label);
            String cls = l == null || l.toString().isBlank() ? NO_CLASS : l.toString();
            if (!allClasses && !shown.contains(cls)) {
                return false;
            }
            if (minConfidence > 0 && conf != null && f.get(conf) instanceof Number n && n.doubleValue() < minConfidence) {
                return false;
            }
            if (status == StatusFilter.ALL) {
                return true;
            }
            Decision d = ds.get(f.id());
            StatusFilter s = d == null ? StatusFilter.NOT_REVIEWED
                    : d.status() == Status.REJECTED ? StatusFilter.REJECTED
                    : d.label() != null ? StatusFilter.RELABELLED
                    : d.status() == Status.ACCEPTED ? StatusFilter.ACCEPTED : StatusFilter.NOT_REVIEWED;
            return s == status;
        };
    }

    // ---------------------------------------------------------------- export

    /**
     * Writes the accepted features (relabelled ones with the reviewer's class in the label field,
     * and its class value when the layer has one) to a new file; returns how many. Call off the EDT.
     */
    public long exportAccepted(Path out, WriteMode mode) throws IOException {
        Map<String, Object> valueOfClass = new HashMap<>();
        if (valueField != null) {
            for (Feature f : data.features()) {
                Object v = f.get(valueField);
                if (v != null) {
                    valueOfClass.putIfAbsent(modelClass(f), v);
                }
            }
        }
        List<Feature> accepted = new ArrayList<>();
        for (Feature f : data.features()) {
            Decision d = decision(f.id());
            if (d.status() != Status.ACCEPTED) {
                continue;
            }
            Map<String, Object> a = new LinkedHashMap<>();
            a.put(ReviewStore.STATUS_FIELD, d.status().text());
            a.put(ReviewStore.LABEL_FIELD, d.label());
            a.put(ReviewStore.TIME_FIELD, d.at());
            if (d.label() != null) {
                a.put(labelField, d.label());
                if (valueField != null) {
                    a.put(valueField, valueOfClass.get(d.label()));
                }
            }
            accepted.add(f.with(a));
        }
        String name = out.getFileName().toString().replaceFirst("\\.[^.]+$", "");
        FeatureSchema schema = new FeatureSchema(name, data.schema().geometryKind(), data.schema().fields(),
                data.schema().crs());
        try (FeatureWriter w = FeatureWriters.create(out, schema, mode)) {
            w.write(accepted);
            return w.count();
        }
    }

    @Override
    public void close() throws IOException {
        store.close();
    }
}
