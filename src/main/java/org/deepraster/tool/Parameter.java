package org.deepraster.tool;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One parameter of a tool, declared once. The declaration drives the command-line option (its names, label,
 * help, default and whether it is required), the dialog's form (label, widget by {@link Type}, tooltip, group), the
 * command-line preview, the job file ({@code deepraster run job.json}) and the validation messages: a value is
 * checked against the type, the choices and the range here, with the option's name in the message.
 *
 * @param name         the ArcGIS parameter name ({@code in_raster}); the command line takes {@code --in_raster} and
 *                     the kebab-case alias {@code --in-raster}; the job file takes either
 * @param aliases      more names, each also with its kebab-case form ({@code out_feature_class} for
 *                     {@code out_detected_objects}, {@code extent} for {@code processing_extent})
 * @param type         what kind of value, and so which widget
 * @param defaultValue the value when none is given, as text; null: none
 * @param choices      the allowed values of a {@link Type#CHOICE} (compared ignoring case), else empty
 * @param min          the smallest allowed number, or null
 * @param max          the largest allowed number, or null
 * @param required     the run cannot start without it
 * @param group        the form section and help group ("Input", "Model", "Output", "Environments", …)
 * @param label        the dialog's label ("Input raster")
 * @param valueLabel   the command line's placeholder ({@code RASTER}); null: from the type
 * @param help         one or two sentences for the help, the tooltip and the job file's documentation
 * @param separator    for a parameter that takes several values: their separator in one value (";" or ","),
 *                     and the option may also be repeated; null: one value
 */
public record Parameter(String name, List<String> aliases, Type type, String defaultValue, List<String> choices,
                        Double min, Double max, boolean required, String group, String label, String valueLabel,
                        String help, String separator) {

    /** The kinds of value a tool takes. */
    public enum Type {
        /** Free text. */
        TEXT,
        /** A whole number. */
        INTEGER,
        /** A number. */
        NUMBER,
        /** On when given ({@code --overwrite}); true/false in a job file. */
        FLAG,
        /** One of {@link Parameter#choices()}. */
        CHOICE,
        /** A raster file, or a folder of images. */
        RASTER,
        /** A vector file; {@code file.gpkg|table} names a GeoPackage table. */
        FEATURES,
        /** A model definition: .emd, .dlpk, .onnx, or the .emd JSON text. */
        MODEL,
        /** A file to read. */
        INPUT_FILE,
        /** A file to write. */
        OUTPUT_FILE,
        /** A folder to write into. */
        OUTPUT_FOLDER
    }

    public Parameter {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("A parameter name is snake_case: " + name);
        }
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        choices = choices == null ? List.of() : List.copyOf(choices);
        group = group == null ? "Parameters" : group;
        label = label == null ? humanName(name) : label;
        help = help == null ? "" : help;
        if (type == Type.CHOICE && choices.isEmpty()) {
            throw new IllegalArgumentException("The choice parameter " + name + " lists no choices");
        }
    }

    /** A parameter of this name and type, to be refined with the {@code with…} methods. */
    public static Parameter of(String name, Type type, String label, String help) {
        return new Parameter(name, List.of(), type, null, List.of(), null, null, false, null, label, null, help, null);
    }

    /** A choice among {@code choices}; the first is the default. */
    public static Parameter choice(String name, String label, String help, List<String> choices) {
        return new Parameter(name, List.of(), Type.CHOICE, choices.get(0), choices, null, null, false, null, label, null,
                help, null);
    }

    /** A choice among an enum's constants (their names); {@code defaultValue} is the default. */
    public static <E extends Enum<E>> Parameter choice(String name, String label, String help, Class<E> type, E defaultValue) {
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            names.add(e.name());
        }
        return new Parameter(name, List.of(), Type.CHOICE, defaultValue.name(), names, null, null, false, null, label, null,
                help, null);
    }

    /** An on/off switch, off by default. */
    public static Parameter flag(String name, String label, String help) {
        return of(name, Type.FLAG, label, help);
    }

    public Parameter withAliases(String... more) {
        return new Parameter(name, List.of(more), type, defaultValue, choices, min, max, required, group, label, valueLabel,
                help, separator);
    }

    public Parameter withDefault(Object value) {
        return new Parameter(name, aliases, type, value == null ? null : ParameterValues.format(value), choices, min, max,
                required, group, label, valueLabel, help, separator);
    }

    public Parameter withChoices(List<String> values) {
        return new Parameter(name, aliases, type, defaultValue, values, min, max, required, group, label, valueLabel, help,
                separator);
    }

    /** Numbers from {@code min} to {@code max} (either may be null). */
    public Parameter withRange(Number lo, Number hi) {
        return new Parameter(name, aliases, type, defaultValue, choices, lo == null ? null : lo.doubleValue(),
                hi == null ? null : hi.doubleValue(), required, group, label, valueLabel, help, separator);
    }

    public Parameter asRequired() {
        return new Parameter(name, aliases, type, defaultValue, choices, min, max, true, group, label, valueLabel, help,
                separator);
    }

    public Parameter inGroup(String g) {
        return new Parameter(name, aliases, type, defaultValue, choices, min, max, required, g, label, valueLabel, help,
                separator);
    }

    public Parameter withValueLabel(String l) {
        return new Parameter(name, aliases, type, defaultValue, choices, min, max, required, group, label, l, help, separator);
    }

    /** Several values, separated by {@code sep} in one value or given by repeating the option. */
    public Parameter several(String sep) {
        return new Parameter(name, aliases, type, defaultValue, choices, min, max, required, group, label, valueLabel, help,
                sep);
    }

    /** The command line's main option name, {@code --in_raster}. */
    public String option() {
        return "--" + name;
    }

    /** Every name this parameter answers to, without dashes: the name, its kebab case, each alias and its kebab case. */
    public Set<String> names() {
        Set<String> all = new LinkedHashSet<>();
        all.add(name);
        all.add(name.replace('_', '-'));
        for (String a : aliases) {
            all.add(a);
            all.add(a.replace('_', '-'));
        }
        return all;
    }

    /** The command-line option names: {@code --} before each of {@link #names()}. */
    public String[] optionNames() {
        return names().stream().map(n -> "--" + n).toArray(String[]::new);
    }

    /** The placeholder of the value on the command line. */
    public String valueLabelOrDefault() {
        if (valueLabel != null) {
            return valueLabel;
        }
        return switch (type) {
            case RASTER -> "RASTER";
            case FEATURES -> "FEATURES";
            case MODEL -> "MODEL";
            case INPUT_FILE -> "FILE";
            case OUTPUT_FILE -> "OUTPUT";
            case OUTPUT_FOLDER -> "FOLDER";
            case INTEGER -> "N";
            case NUMBER -> "X";
            case CHOICE -> String.join("|", choices);
            case TEXT, FLAG -> "TEXT";
        };
    }

    /** The help line: the text, then the choices, the range and the default. */
    public String helpLine() {
        StringBuilder b = new StringBuilder(help);
        if (type == Type.CHOICE) {
            b.append(b.isEmpty() ? "" : " ").append("One of ").append(String.join(", ", choices)).append('.');
        }
        if (min != null || max != null) {
            b.append(b.isEmpty() ? "" : " ").append(rangeText()).append('.');
        }
        if (separator != null) {
            b.append(b.isEmpty() ? "" : " ").append("Several: separate with '").append(separator).append("' or repeat.");
        }
        if (defaultValue != null && !defaultValue.isEmpty() && type != Type.FLAG) {
            b.append(" (default ").append(defaultValue).append(')');
        }
        return b.toString();
    }

    /** "From 0 to 1", "At least 1", "At most 100". */
    public String rangeText() {
        if (min != null && max != null) {
            return "From " + ParameterValues.format(min) + " to " + ParameterValues.format(max);
        }
        return min != null ? "At least " + ParameterValues.format(min) : "At most " + ParameterValues.format(max);
    }

    /** A label from a name: {@code in_raster} gives "In raster". */
    static String humanName(String name) {
        String s = name.replace('_', ' ');
        return s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
    }
}
