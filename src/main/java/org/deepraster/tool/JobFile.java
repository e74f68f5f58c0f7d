package org.deepraster.tool;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.deepraster.util.UserException;

/**
 * A tool run as data: {@code {"tool": "detect-objects", "parameters": {"in_raster": "ortho.tif", …}}}. Parameter
 * names are the ArcGIS names (the command line's kebab-case aliases and other aliases are accepted too); values are
 * strings, numbers, booleans (flags) or arrays (parameters that take several values). {@code deepraster run job.json}
 * runs one; a dialog saves the job of the run it would start; a cluster runner passes them around. Relative paths are
 * resolved against the folder the command runs in, as on the command line.
 *
 * @param tool   the tool's id
 * @param values the values, declared by the tool's {@link ToolSpec}
 */
public record JobFile(String tool, ParameterValues values) {
    /** The format's version, written as {@code "deepraster_job"}. */
    public static final int VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Reads a job file; {@code tools} finds the tool by id (null: unknown). */
    public static JobFile read(Path file, Function<String, ToolSpec<?>> tools) throws IOException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new UserException("The job file " + file + " does not exist.", "Check the path.");
        }
        return parse(text, file.toString(), tools);
    }

    /** Parses a job's JSON ({@code where} names it in messages). */
    public static JobFile parse(String text, String where, Function<String, ToolSpec<?>> tools) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UserException("The job file " + where + " is not valid JSON: " + e.getOriginalMessage() + ".",
                    "Write it as {\"tool\": \"detect-objects\", \"parameters\": {\"in_raster\": \"ortho.tif\", …}}.");
        }
        if (root == null || !root.isObject() || !root.path("tool").isTextual()) {
            throw new UserException("The job file " + where + " names no tool.",
                    "Write it as {\"tool\": \"detect-objects\", \"parameters\": {…}}.");
        }
        String id = root.get("tool").asText();
        ToolSpec<?> spec = tools.apply(id);
        if (spec == null) {
            throw new UserException("The job file " + where + " names the tool '" + id + "', which does not exist.",
                    "Use one of the tools `deepraster --help` lists.");
        }
        JsonNode version = root.get("deepraster_job");
        if (version != null && (!version.canConvertToInt() || version.asInt() > VERSION)) {
            throw new UserException("The job file " + where + " is of a newer format (" + version + ").",
                    "Run it with a newer DeepRaster, or write it for version " + VERSION + ".");
        }
        ParameterValues values = spec.newValues();
        JsonNode params = root.path("parameters");
        if (!params.isMissingNode() && !params.isObject()) {
            throw new UserException("The job file " + where + ": \"parameters\" is not an object.",
                    "Write the parameters as {\"name\": value, …}.");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Parameter p = find(values, e.getKey());
            if (p == null) {
                List<String> names = values.parameters().stream().map(Parameter::name).toList();
                throw new UserException("The job file " + where + " gives '" + e.getKey() + "', which is not a parameter of "
                        + spec.id() + ".", "Its parameters: " + String.join(", ", names) + ".");
            }
            values.set(p.name(), text(e.getValue(), p, where));
        }
        return new JobFile(spec.id(), values);
    }

    /** The declaration {@code name} stands for (the name, its kebab case, an alias), or null. */
    static Parameter find(ParameterValues values, String name) {
        String n = name.startsWith("--") ? name.substring(2) : name;
        for (Parameter p : values.parameters()) {
            if (p.names().contains(n)) {
                return p;
            }
        }
        return null;
    }

    private static String text(JsonNode v, Parameter p, String where) {
        if (v.isNull()) {
            return null;
        }
        if (v.isArray()) {
            if (p.separator() == null) {
                throw new UserException("The job file " + where + " gives several values for " + p.name()
                        + ", which takes one.", "Give one value.");
            }
            List<String> parts = new ArrayList<>();
            for (JsonNode e : v) {
                parts.add(e.asText());
            }
            return String.join(p.separator(), parts);
        }
        if (v.isContainerNode()) {
            throw new UserException("The job file " + where + " gives an object for " + p.name() + ".",
                    "Give a string, a number or true/false.");
        }
        return v.isNumber() ? ParameterValues.format(v.numberValue() instanceof Integer i ? i : v.numberValue())
                : v.asText();
    }

    /** The JSON text: the tool, the format version and the values given, typed by their declarations. */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("deepraster_job", VERSION);
        root.put("tool", tool);
        ObjectNode params = root.putObject("parameters");
        for (Map.Entry<String, ParameterValues.Value> e : values.givenValues().entrySet()) {
            Parameter p = values.parameter(e.getKey());
            String t = e.getValue().text();
            switch (p.type()) {
                case FLAG -> params.put(p.name(), values.isOn(p.name()));
                case INTEGER -> putNumber(params, p.name(), t);
                case NUMBER -> putNumber(params, p.name(), t);
                default -> {
                    if (p.separator() != null) {
                        ArrayNode a = params.putArray(p.name());
                        values.list(p.name()).forEach(a::add);
                    } else {
                        params.put(p.name(), t);
                    }
                }
            }
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void putNumber(ObjectNode o, String name, String text) {
        try {
            if (text.matches("-?\\d+")) {
                o.put(name, Long.parseLong(text));
            } else {
                o.put(name, Double.parseDouble(text));
            }
        } catch (NumberFormatException e) {
            o.put(name, text); // the run will say what is wrong with it
        }
    }

    /** Writes the job file (through a temporary file beside it, so a failed write leaves no half file). */
    public void write(Path file) throws IOException {
        Path abs = file.toAbsolutePath();
        Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
        Files.writeString(tmp, toJson());
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
