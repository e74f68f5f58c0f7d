package org.deepraster.model;

import java.util.List;
import java.util.Locale;
import org.deepraster.util.UserException;

/**
 * One model argument a tool's form shows and the {@code --model_arguments} string may set. Each spec
 * knows its type, default, range or choices and description, and parses/validates a text value, so a
 * form builder needs nothing else. Built by {@link ArgumentSpecs#forDefinition(ModelDefinition)}.
 */
public sealed interface ArgumentSpec
        permits ArgumentSpec.NumberSpec, ArgumentSpec.IntegerSpec, ArgumentSpec.ChoiceSpec,
                ArgumentSpec.BooleanSpec, ArgumentSpec.TextSpec {

    /** Name, label and help shared by every kind of argument. */
    record Info(String name, String displayName, String description, boolean required, boolean hidden,
                List<String> aliases) {
        public Info {
            displayName = displayName == null || displayName.isBlank() ? name : displayName;
            description = description == null ? "" : description;
            aliases = aliases == null ? List.of() : List.copyOf(aliases);
        }

        public static Info of(String name, String displayName, String description) {
            return new Info(name, displayName, description, false, false, List.of());
        }

        public Info hidden(boolean h) {
            return new Info(name, displayName, description, required, h, aliases);
        }

        public Info aliases(String... a) {
            return new Info(name, displayName, description, required, hidden, List.of(a));
        }
    }

    Info info();

    default String name() {
        return info().name();
    }

    /** The default as text (the form's initial value), or null when there is none. */
    String defaultText();

    /** The typed default (Double, Integer, String, Boolean) or null. */
    Object defaultValue();

    /** Short type label for forms and help: number, integer, choice, boolean, text. */
    String typeName();

    /** Human text of the accepted values, e.g. "a number from 0 to 1". */
    String expected();

    /** Parses and validates a text value; throws a UserException naming the argument. */
    Object parse(String text);

    /** Null when the text is valid, else the message. */
    default String validate(String text) {
        try {
            parse(text);
            return null;
        } catch (UserException e) {
            return e.getMessage();
        }
    }

    private static UserException bad(Info info, String text, String expected) {
        return new UserException("Model argument \"" + info.name() + "\": found \"" + text + "\", expected " + expected,
                info.description().isEmpty() ? "" : info.name() + ": " + info.description());
    }

    /** A decimal number with an optional inclusive range. */
    record NumberSpec(Info info, Double defaultValue, Double min, Double max) implements ArgumentSpec {
        public String defaultText() {
            return defaultValue == null ? null : fmt(defaultValue);
        }

        public String typeName() {
            return "number";
        }

        public String expected() {
            return "a number" + range(min == null ? null : fmt(min), max == null ? null : fmt(max));
        }

        public Double parse(String text) {
            double v;
            try {
                v = Double.parseDouble(text.trim());
            } catch (NumberFormatException | NullPointerException e) {
                throw bad(info, text, expected());
            }
            if (Double.isNaN(v) || (min != null && v < min) || (max != null && v > max)) {
                throw bad(info, text, expected());
            }
            return v;
        }
    }

    /** A whole number with an optional inclusive range. */
    record IntegerSpec(Info info, Integer defaultValue, Integer min, Integer max) implements ArgumentSpec {
        public String defaultText() {
            return defaultValue == null ? null : defaultValue.toString();
        }

        public String typeName() {
            return "integer";
        }

        public String expected() {
            return "a whole number" + range(min == null ? null : min.toString(), max == null ? null : max.toString());
        }

        public Integer parse(String text) {
            double v;
            try {
                v = Double.parseDouble(text.trim());
            } catch (NumberFormatException | NullPointerException e) {
                throw bad(info, text, expected());
            }
            if (v != Math.rint(v) || (min != null && v < min) || (max != null && v > max)) {
                throw bad(info, text, expected());
            }
            return (int) v;
        }
    }

    /** One of a fixed list of texts (matched ignoring case; the listed spelling is returned). */
    record ChoiceSpec(Info info, String defaultValue, List<String> choices) implements ArgumentSpec {
        public ChoiceSpec {
            choices = List.copyOf(choices);
        }

        public String defaultText() {
            return defaultValue;
        }

        public String typeName() {
            return "choice";
        }

        public String expected() {
            return "one of " + String.join(", ", choices);
        }

        public String parse(String text) {
            for (String c : choices) {
                if (text != null && c.equalsIgnoreCase(text.trim())) {
                    return c;
                }
            }
            throw bad(info, text, expected());
        }
    }

    /** True/false; accepts true/false, yes/no, 1/0 in any case. */
    record BooleanSpec(Info info, Boolean defaultValue) implements ArgumentSpec {
        public String defaultText() {
            return defaultValue == null ? null : (defaultValue ? "True" : "False");
        }

        public String typeName() {
            return "boolean";
        }

        public String expected() {
            return "True or False";
        }

        public Boolean parse(String text) {
            String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
            return switch (t) {
                case "true", "yes", "1", "y" -> true;
                case "false", "no", "0", "n" -> false;
                default -> throw bad(info, text, expected());
            };
        }
    }

    /** Free text. */
    record TextSpec(Info info, String defaultValue) implements ArgumentSpec {
        public String defaultText() {
            return defaultValue;
        }

        public String typeName() {
            return "text";
        }

        public String expected() {
            return "text";
        }

        public String parse(String text) {
            if (text == null || (info.required() && text.isBlank())) {
                throw bad(info, String.valueOf(text), "a non-empty text");
            }
            return text.trim();
        }
    }

    private static String range(String min, String max) {
        if (min != null && max != null) {
            return " from " + min + " to " + max;
        }
        if (min != null) {
            return " of at least " + min;
        }
        return max != null ? " of at most " + max : "";
    }

    static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
    }
}
