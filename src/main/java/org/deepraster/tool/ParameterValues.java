package org.deepraster.tool;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.deepraster.util.UserException;

/**
 * The values of one tool run, by parameter name: what the command line parsed, what a job file holds, or what a
 * dialog's form says. Each value is its text (as the command line and the job file write it) and, from a dialog, an
 * optional object the text stands for (a map layer, the map's extent with its CRS) that a tool uses instead of
 * reading the text again. The typed getters check a value against its {@link Parameter} declaration and fail with a
 * {@link UserException} that names the option, so the command line, the job file and the dialog give the same
 * messages. A name that is not declared is a programming error ({@link IllegalArgumentException}).
 */
public final class ParameterValues {

    /** A value: its text and, from a dialog, the object it stands for (or null). */
    public record Value(String text, Object object) {
        public Value {
            Objects.requireNonNull(text, "text");
        }
    }

    private final Map<String, Parameter> declared = new LinkedHashMap<>();
    private final Map<String, Value> values = new LinkedHashMap<>();

    public ParameterValues(List<Parameter> parameters) {
        for (Parameter p : parameters) {
            if (declared.put(p.name(), p) != null) {
                throw new IllegalArgumentException("The parameter " + p.name() + " is declared twice");
            }
        }
    }

    /** The declarations, in order. */
    public List<Parameter> parameters() {
        return List.copyOf(declared.values());
    }

    /** The declaration of {@code name}. */
    public Parameter parameter(String name) {
        Parameter p = declared.get(name);
        if (p == null) {
            throw new IllegalArgumentException("No parameter " + name + " is declared; declared: " + declared.keySet());
        }
        return p;
    }

    public boolean declares(String name) {
        return declared.containsKey(name);
    }

    /** Sets {@code name} to {@code value} (formatted as text; null or blank: unset). Returns this. */
    public ParameterValues set(String name, Object value) {
        parameter(name);
        String text = value == null ? null : format(value);
        if (text == null || text.isBlank()) {
            values.remove(name);
        } else {
            values.put(name, new Value(text, null));
        }
        return this;
    }

    /** Sets {@code name} to an object and the text that stands for it on a command line (null text: unset). */
    public ParameterValues setObject(String name, Object object, String text) {
        parameter(name);
        if (object == null && (text == null || text.isBlank())) {
            values.remove(name);
        } else {
            values.put(name, new Value(text == null ? "" : text, object));
        }
        return this;
    }

    /** Sets a flag: on, or unset. */
    public ParameterValues flag(String name, boolean on) {
        return set(name, on ? "true" : null);
    }

    /** The value given for {@code name} (not the default), or null. */
    public Value given(String name) {
        parameter(name);
        return values.get(name);
    }

    /** The values given, in the order of the declarations. */
    public Map<String, Value> givenValues() {
        Map<String, Value> m = new LinkedHashMap<>();
        for (String n : declared.keySet()) {
            Value v = values.get(n);
            if (v != null) {
                m.put(n, v);
            }
        }
        return Collections.unmodifiableMap(m);
    }

    /** The text of {@code name}: given, else the default, else null. */
    public String text(String name) {
        Value v = given(name);
        return v != null ? v.text() : parameter(name).defaultValue();
    }

    /** The object a dialog set for {@code name}, or null. */
    public Object object(String name) {
        Value v = given(name);
        return v == null ? null : v.object();
    }

    /** The text, or a {@link UserException} when a required value is missing. */
    public String required(String name) {
        String t = text(name);
        if (t == null || t.isBlank()) {
            Parameter p = parameter(name);
            throw new UserException(p.label() + " (" + p.option() + ") is required.",
                    p.help().isEmpty() ? "Give " + p.option() + "." : p.help());
        }
        return t;
    }

    /** The text, null when blank. */
    public String optional(String name) {
        String t = text(name);
        return t == null || t.isBlank() ? null : t;
    }

    public boolean isOn(String name) {
        String t = text(name);
        if (t == null) {
            return false;
        }
        return switch (t.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0", "" -> false;
            default -> throw new UserException(parameter(name).option() + " '" + t + "' is not true or false.",
                    "Use true or false.");
        };
    }

    /** A path, or null when not given. */
    public Path path(String name) {
        String t = optional(name);
        if (t == null) {
            return null;
        }
        try {
            return Path.of(t);
        } catch (InvalidPathException e) {
            throw new UserException(parameter(name).option() + " '" + t + "' is not a valid path.", "Check the file name.");
        }
    }

    public int integer(String name) {
        return integer(parameter(name), required(name));
    }

    /** The whole numbers of a parameter that takes several ({@link #list}), each checked as {@link #integer} is. */
    public List<Integer> integers(String name) {
        Parameter p = parameter(name);
        List<Integer> out = new ArrayList<>();
        for (String t : list(name)) {
            out.add(integer(p, t));
        }
        return out;
    }

    private static int integer(Parameter p, String t) {
        int v;
        try {
            v = Integer.parseInt(t.trim());
        } catch (NumberFormatException e) {
            throw new UserException(p.option() + " '" + t + "' is not a whole number.", hint(p, "Give e.g. 1."));
        }
        checkRange(p, v, t);
        return v;
    }

    public double number(String name) {
        String t = required(name);
        Parameter p = parameter(name);
        double v;
        try {
            v = Double.parseDouble(t.trim());
        } catch (NumberFormatException e) {
            throw new UserException(p.option() + " '" + t + "' is not a number.", hint(p, "Give e.g. 0.5."));
        }
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            throw new UserException(p.option() + " '" + t + "' is not a finite number.", hint(p, "Give e.g. 0.5."));
        }
        checkRange(p, v, t);
        return v;
    }

    /** One of the declared choices (ignoring case), as declared; null when not given and without default. */
    public String choice(String name) {
        String t = optional(name);
        if (t == null) {
            return null;
        }
        Parameter p = parameter(name);
        for (String c : p.choices()) {
            if (c.equalsIgnoreCase(t.trim())) {
                return c;
            }
        }
        throw new UserException("Unknown " + p.option() + " '" + t + "'.", "Use " + String.join(", ", p.choices()) + ".");
    }

    /** A choice as the enum constant of the same name. */
    public <E extends Enum<E>> E choice(String name, Class<E> type) {
        String c = choice(name);
        return c == null ? null : Enum.valueOf(type, c);
    }

    /** The values of a parameter that takes several: split at its separator, trimmed, blanks dropped. */
    public List<String> list(String name) {
        String t = optional(name);
        if (t == null) {
            return List.of();
        }
        Parameter p = parameter(name);
        String sep = p.separator() == null ? ";" : p.separator();
        List<String> out = new ArrayList<>();
        for (String s : t.split(java.util.regex.Pattern.quote(sep))) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return out;
    }

    private static void checkRange(Parameter p, double v, String text) {
        if ((p.min() != null && v < p.min()) || (p.max() != null && v > p.max())) {
            throw new UserException(p.option() + " '" + text + "' is out of range.", p.rangeText() + ".");
        }
    }

    private static String hint(Parameter p, String fallback) {
        return p.min() != null || p.max() != null ? p.rangeText() + "." : fallback;
    }

    /** Text for a value: numbers without a needless ".0", paths as given, lists joined by ';'. */
    public static String format(Object value) {
        if (value instanceof Double d) {
            double v = d;
            return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
        }
        if (value instanceof Float f) {
            return format(f.doubleValue());
        }
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        if (value instanceof List<?> l) {
            List<String> parts = new ArrayList<>();
            for (Object o : l) {
                parts.add(format(o));
            }
            return String.join(";", parts);
        }
        return value.toString();
    }

    /**
     * Checks every value given against its declaration (whole number, number, range, choice, true/false) and
     * returns this; the first one that is wrong gives its {@link UserException}.
     */
    public ParameterValues check() {
        for (String name : givenValues().keySet()) {
            switch (parameter(name).type()) {
                case INTEGER -> integer(name);
                case NUMBER -> number(name);
                case CHOICE -> choice(name);
                case FLAG -> isOn(name);
                default -> {
                }
            }
        }
        return this;
    }

    /** A copy with the same declarations and values. */
    public ParameterValues copy() {
        ParameterValues c = new ParameterValues(parameters());
        c.values.putAll(values);
        return c;
    }

    @Override
    public String toString() {
        return givenValues().toString();
    }
}
