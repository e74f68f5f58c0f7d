package org.deepraster.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deepraster.util.UserException;

/**
 * Argument values as the user gave them, in ArcGIS's string form {@code "padding 0;batch_size 4"}
 * ({@code padding=0}, {@code padding:0} and extra spaces are tolerated). Immutable; keeps order.
 * {@link #resolve(List)} validates them against the specs and fills in defaults.
 */
public final class ModelArguments {
    public static final ModelArguments EMPTY = new ModelArguments(Map.of());

    private final Map<String, String> values;

    private ModelArguments(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public static ModelArguments of(Map<String, String> values) {
        return new ModelArguments(values);
    }

    /** Parses {@code "name value;name value"}; an empty or null text gives no values. */
    public static ModelArguments parse(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        if (text == null) {
            return EMPTY;
        }
        for (String part : text.split(";")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            int cut = -1;
            for (int i = 0; i < p.length(); i++) {
                char c = p.charAt(i);
                if (c == '=' || c == ':' || Character.isWhitespace(c)) {
                    cut = i;
                    break;
                }
            }
            if (cut <= 0) {
                throw new UserException("Model arguments: \"" + p + "\" has no value",
                        "Write arguments as \"name value;name value\", e.g. \"padding 0;batch_size 4\".");
            }
            String name = p.substring(0, cut).strip();
            String value = p.substring(cut).strip();
            if (!value.isEmpty() && (value.charAt(0) == '=' || value.charAt(0) == ':')) {
                value = value.substring(1).strip();
            }
            if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                    || value.startsWith("'") && value.endsWith("'"))) {
                value = value.substring(1, value.length() - 1);
            }
            out.put(name, value);
        }
        return new ModelArguments(out);
    }

    public Map<String, String> values() {
        return values;
    }

    public String get(String name) {
        return values.get(name);
    }

    /** A copy with one value set (replacing an earlier one). */
    public ModelArguments with(String name, String value) {
        Map<String, String> m = new LinkedHashMap<>(values);
        m.put(name, value);
        return new ModelArguments(m);
    }

    /** ArcGIS's string form: {@code padding 0;batch_size 4}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        values.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ";").append(k).append(' ').append(v));
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelArguments m && m.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    /**
     * Validates every value against the specs and adds defaults. Unknown names and bad values are all
     * reported in one UserException; the message for an unknown name lists the known ones.
     */
    public Resolved resolve(List<ArgumentSpec> specs) {
        Map<String, Object> typed = new LinkedHashMap<>();
        List<String> errors = new ArrayList<>();
        for (ArgumentSpec s : specs) {
            if (s.defaultValue() != null) {
                typed.put(s.name(), s.defaultValue());
            }
        }
        for (Map.Entry<String, String> e : values.entrySet()) {
            ArgumentSpec s = ArgumentSpecs.find(specs, e.getKey());
            if (s == null) {
                errors.add("unknown model argument \"" + e.getKey() + "\"; this model knows: "
                        + String.join(", ", specs.stream().map(ArgumentSpec::name).toList()));
                continue;
            }
            try {
                typed.put(s.name(), s.parse(e.getValue()));
            } catch (UserException ex) {
                errors.add(ex.getMessage());
            }
        }
        for (ArgumentSpec s : specs) {
            if (s.info().required() && !typed.containsKey(s.name())) {
                errors.add("model argument \"" + s.name() + "\" is required (" + s.expected() + ")");
            }
        }
        if (!errors.isEmpty()) {
            throw new UserException(errors.size() == 1 ? cap(errors.get(0))
                    : "Model arguments have " + errors.size() + " problems:\n  - " + String.join("\n  - ", errors),
                    "Write arguments as \"name value;name value\"; run 'info MODEL' to list them with their defaults.");
        }
        return new Resolved(typed);
    }

    private static String cap(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** Validated, typed argument values (defaults included). */
    public record Resolved(Map<String, Object> values) {
        public Resolved {
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }

        public boolean has(String name) {
            return values.containsKey(name);
        }

        public double getDouble(String name, double fallback) {
            return values.get(name) instanceof Number n ? n.doubleValue() : fallback;
        }

        public int getInt(String name, int fallback) {
            return values.get(name) instanceof Number n ? n.intValue() : fallback;
        }

        public boolean getBoolean(String name, boolean fallback) {
            return values.get(name) instanceof Boolean b ? b : fallback;
        }

        public String getString(String name, String fallback) {
            Object v = values.get(name);
            return v == null ? fallback : v.toString();
        }
    }
}
