package org.deepraster.plugin;

import java.awt.Color;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a vector layer is drawn: a stroke and fill colour, point size, line width, and optionally
 * a colour per value of one attribute ({@code classField}), e.g. the class colours of a model.
 * The class colours keep the order they were given in (the model's class order), which legends
 * and reviewers' number keys follow.
 *
 * <p>Optionally a {@link Label} (text drawn next to each feature when the map is zoomed in far
 * enough, e.g. class and confidence of a detection) and {@link Review} fields (review decisions:
 * a rejected feature is drawn faded, a relabelled one in its new class's colour). Both are null
 * in styles made with the six-value constructor, which draw as before.
 */
public record LayerStyle(Color stroke, Color fill, float lineWidth, float pointSize,
                         String classField, Map<Object, Color> classColors, Label label, Review review) {

    public LayerStyle {
        classColors = classColors == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(classColors));
    }

    /** A style without labels or review fields. */
    public LayerStyle(Color stroke, Color fill, float lineWidth, float pointSize,
                      String classField, Map<Object, Color> classColors) {
        this(stroke, fill, lineWidth, pointSize, classField, classColors, null, null);
    }

    public static LayerStyle simple(Color stroke, Color fill) {
        return new LayerStyle(stroke, fill, 1.5f, 6f, null, Map.of());
    }

    /** The colour of a feature with this class value, or the default fill. */
    public Color colorFor(Object value) {
        Color c = value == null ? null : classColors.get(value);
        return c != null ? c : fill;
    }

    public LayerStyle withStroke(Color c) {
        return new LayerStyle(c, fill, lineWidth, pointSize, classField, classColors, label, review);
    }

    public LayerStyle withFill(Color c) {
        return new LayerStyle(stroke, c, lineWidth, pointSize, classField, classColors, label, review);
    }

    public LayerStyle withLineWidth(float w) {
        return new LayerStyle(stroke, fill, w, pointSize, classField, classColors, label, review);
    }

    public LayerStyle withPointSize(float s) {
        return new LayerStyle(stroke, fill, lineWidth, s, classField, classColors, label, review);
    }

    /** This style with another label (null: none). */
    public LayerStyle withLabel(Label l) {
        return new LayerStyle(stroke, fill, lineWidth, pointSize, classField, classColors, l, review);
    }

    /** This style with review fields (null: review decisions are not drawn). */
    public LayerStyle withReview(Review r) {
        return new LayerStyle(stroke, fill, lineWidth, pointSize, classField, classColors, label, r);
    }

    /** Whether labels are drawn: a label is set and switched on. */
    public boolean labelsShown() {
        return label != null && label.shown();
    }

    /**
     * The text drawn next to each feature: a template in which {@code {Field}} stands for the
     * value of an attribute, {@code {A|B}} for the first of A, B that has a non-blank value, and
     * {@code {Field:%.0f}} for a number formatted with {@link String#format} (Locale.ROOT).
     * A placeholder whose attributes are all empty gives nothing; the text is trimmed. E.g.
     * {@code "{Class} {Confidence:%.0f}%"} gives "tree 87%". {@code shown} false keeps the
     * template but draws no labels (the layer list's "Labels" switch).
     */
    public record Label(String template, boolean shown) {
        private static final Pattern FIELD = Pattern.compile("\\{([^{}:]+)(?::([^{}]+))?}");

        public Label {
            if (template == null || template.isBlank()) {
                throw new IllegalArgumentException("a label needs a template");
            }
        }

        /** A shown label with this template. */
        public static Label of(String template) {
            return new Label(template, true);
        }

        /** Class and confidence, e.g. "tree 87%"; the confidence is left out where a feature has none. */
        public static Label classAndConfidence(String classField, String confidenceField) {
            return of("{" + Review.LABEL_FIELD + "|" + classField + "} {" + confidenceField + ":%.0f}%");
        }

        public Label withShown(boolean s) {
            return new Label(template, s);
        }

        /** The names of the attributes the template uses, in order. */
        public java.util.List<String> fields() {
            java.util.List<String> out = new java.util.ArrayList<>();
            Matcher m = FIELD.matcher(template);
            while (m.find()) {
                for (String f : m.group(1).split("\\|")) {
                    out.add(f.trim());
                }
            }
            return out;
        }

        /** The label of a feature whose attributes {@code values} gives (null: no such attribute). */
        public String text(Function<String, Object> values) {
            Matcher m = FIELD.matcher(template);
            StringBuilder b = new StringBuilder();
            int last = 0;
            boolean any = false;
            while (m.find()) {
                b.append(template, last, m.start());
                last = m.end();
                Object v = null;
                for (String f : m.group(1).split("\\|")) {
                    Object x = values.apply(f.trim());
                    if (x != null && !x.toString().isBlank()) {
                        v = x;
                        break;
                    }
                }
                if (v == null) {
                    // the literal text right after an empty placeholder (e.g. its "%") goes too
                    int end = last;
                    while (end < template.length() && template.charAt(end) != ' ' && template.charAt(end) != '{') {
                        end++;
                    }
                    last = end;
                    continue;
                }
                any = true;
                String fmt = m.group(2);
                if (fmt != null && v instanceof Number n) {
                    try {
                        b.append(String.format(Locale.ROOT, fmt, fmt.matches(".*[dxX]$") ? (Object) n.longValue()
                                : (Object) n.doubleValue()));
                    } catch (java.util.IllegalFormatException e) {
                        b.append(v);
                    }
                } else {
                    b.append(v);
                }
            }
            b.append(template.substring(last));
            return any ? b.toString().trim().replaceAll("\\s{2,}", " ") : b.toString().trim();
        }
    }

    /**
     * Attributes holding review decisions: {@code statusField} whose value
     * {@value #REJECTED} draws the feature faded (grey dashed outline, no fill), and
     * {@code labelField} whose non-blank value is the feature's class after review (it is drawn
     * in that class's colour). The defaults are the fields the review panel writes.
     */
    public record Review(String statusField, String labelField) {
        public static final String STATUS_FIELD = "Review";
        public static final String LABEL_FIELD = "ReviewLabel";
        public static final String REJECTED = "rejected";
        public static final Review DEFAULT = new Review(STATUS_FIELD, LABEL_FIELD);
    }
}
