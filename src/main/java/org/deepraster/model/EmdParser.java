package org.deepraster.model;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deepraster.util.UserException;

/**
 * Reads the JSON text of an Esri model definition (.emd or JSON string) into a {@link ModelDefinition}
 * builder. Tolerates what real files contain: a UTF-8 BOM, comments, trailing commas, nulls, Windows
 * paths, and typographic quotes (repaired, with a warning). Framework and model-file checks are done
 * by {@link ModelDefinitions}.
 */
final class EmdParser {
    static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_YAML_COMMENTS,
                    JsonReadFeature.ALLOW_TRAILING_COMMA, JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS,
                    JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
            .build();

    private EmdParser() {
    }

    static String stripBom(String text) {
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** Parses JSON text, repairing typographic quotes when (and only when) plain parsing fails. */
    /** The parser's message without its internals (the "[Source: … StreamReadFeature …]" location text). */
    static String plain(String parserMessage) {
        if (parserMessage == null) {
            return "";
        }
        String m = parserMessage.replaceAll("\\s*\\(start marker at \\[Source:[^\\]]*\\]\\)", "")
                .replaceAll("\\s*\\[Source:[^\\]]*\\]", "").trim();
        return m.startsWith("Unexpected end-of-input") ? m + " (the text ends too early: was it cut off when copied?)" : m;
    }

    static JsonNode readJson(String text, Issues issues) {
        String t = stripBom(text);
        try {
            return MAPPER.readTree(t);
        } catch (JsonProcessingException first) {
            String repaired = t.replace('\u201C', '"').replace('\u201D', '"').replace('\u201E', '"')
                    .replace('\u201F', '"').replace('\u2033', '"');
            if (!repaired.equals(t)) {
                try {
                    JsonNode n = MAPPER.readTree(repaired);
                    issues.warn(issues.file() + ": typographic quotes (\u201C \u201D) were replaced by plain quotes \"; "
                            + "save the file with plain quotes to silence this warning");
                    return n;
                } catch (JsonProcessingException ignored) {
                    // report the original error
                }
            }
            String where = first instanceof JsonParseException jp && jp.getLocation() != null
                    ? " at line " + jp.getLocation().getLineNr() + ", column " + jp.getLocation().getColumnNr() : "";
            throw new UserException(issues.file() + ": not valid JSON" + where + ": " + plain(first.getOriginalMessage()),
                    "A model definition is a JSON object such as {\"Framework\": \"ONNX\", \"ModelFile\": "
                            + "\"model.onnx\", \"ModelType\": \"ObjectDetection\", ...}.", first);
        }
    }

    /**
     * Fills a builder from the JSON object. {@code baseDir} resolves a relative ModelFile (the .emd's
     * folder, or the working folder for a JSON string).
     */
    static ModelDefinition.Builder parse(JsonNode root, Path baseDir, Issues issues) {
        if (root == null || !root.isObject()) {
            throw new UserException(issues.file() + ": the model definition must be a JSON object {...}, found "
                    + (root == null ? "nothing" : root.getNodeType().toString().toLowerCase(Locale.ROOT)),
                    "Check that the file is an Esri model definition (.emd).");
        }
        ModelDefinition.Builder b = new ModelDefinition.Builder();
        Iterator<Map.Entry<String, JsonNode>> it = root.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey().trim();
            JsonNode v = e.getValue();
            if (v == null || v.isNull() || v.isMissingNode()) {
                if (!isKnown(key)) {
                    b.extras.put(key, null);
                }
                continue;
            }
            switch (key.toLowerCase(Locale.ROOT)) {
                case "framework" -> b.framework = text(key, v, issues);
                case "modelconfiguration" -> b.modelConfiguration = configuration(key, v, issues);
                case "modelfile" -> {
                    b.modelFileText = text(key, v, issues);
                    b.modelFile = resolve(b.modelFileText, baseDir);
                }
                case "modeltype" -> {
                    b.modelTypeText = text(key, v, issues);
                    b.modelType = ModelType.fromEmd(b.modelTypeText).orElse(null);
                    if (b.modelType == null) {
                        issues.error(key, b.modelTypeText, "one of " + ModelType.expected());
                    }
                }
                case "inferencefunction" -> b.inferenceFunction = text(key, v, issues);
                case "imageheight" -> b.imageHeight = chipSide(key, v, issues);
                case "imagewidth" -> b.imageWidth = chipSide(key, v, issues);
                case "extractbands" -> b.extractBands = bands(key, v, issues);
                case "datarange" -> b.dataRange = dataRange(key, v, issues);
                case "classes" -> b.classes = classes(key, v, issues);
                case "batchsize" -> b.batchSize = boundedInt(key, v, issues, 1, MAX_BATCH,
                        "a whole number from 1 to " + MAX_BATCH + " (the range of the batch_size argument)");
                case "modelpadding" -> b.modelPadding = nonNegativeInt(key, v, issues);
                case "modelname" -> b.modelName = text(key, v, issues);
                case "version" -> b.version = (v.isTextual() ? v.asText() : v.toString());
                case "modelparameters" -> b.modelParameters = objectMap(key, v, issues);
                case "cropsizefixed" -> b.cropSizeFixed = bool(key, v, issues);
                case "blackenaroundfeature" -> b.blackenAroundFeature = bool(key, v, issues);
                case "imagespaceused" -> b.imageSpaceUsed = choice(key, v, issues, "MAP_SPACE", "PIXEL_SPACE");
                case "ismultispectral" -> b.isMultispectral = bool(key, v, issues);
                case "normalizationstats" -> b.normalizationStats = objectMap(key, v, issues);
                case "modelformat" -> {
                    String f = choice(key, v, issues, "NCHW", "NHWC");
                    b.modelFormat = f == null ? ModelFormat.NCHW : ModelFormat.valueOf(f);
                }
                case "mincellsize" -> b.minCellSize = cellSize(key, v, issues);
                case "maxcellsize" -> b.maxCellSize = cellSize(key, v, issues);
                case "supportsvariabletilesize" -> {
                    Boolean s = bool(key, v, issues);
                    b.supportsVariableTileSize = s != null && s;
                }
                case "metadatamode" -> b.metaDataMode = text(key, v, issues);
                case "modelarguments" -> b.modelArguments = arguments(key, v, issues);
                default -> b.extras.put(key, MAPPER.convertValue(v, Object.class));
            }
        }
        if (b.imageHeight != null && b.imageWidth == null) {
            b.imageWidth = b.imageHeight;
        } else if (b.imageWidth != null && b.imageHeight == null) {
            b.imageHeight = b.imageWidth;
        }
        if (b.modelType == null && b.modelTypeText == null) {
            issues.error("ModelType", null, "one of " + ModelType.expected());
        }
        return b;
    }

    private static final List<String> KNOWN = List.of("framework", "modelconfiguration", "modelfile", "modeltype",
            "inferencefunction", "imageheight", "imagewidth", "extractbands", "datarange", "classes", "batchsize",
            "modelpadding", "modelname", "version", "modelparameters", "cropsizefixed", "blackenaroundfeature",
            "imagespaceused", "ismultispectral", "normalizationstats", "modelformat", "mincellsize", "maxcellsize",
            "supportsvariabletilesize", "metadatamode", "modelarguments");

    static boolean isKnown(String key) {
        return KNOWN.contains(key.toLowerCase(Locale.ROOT));
    }

    /** Resolves a ModelFile text: Windows separators accepted, relative to {@code baseDir}. */
    static Path resolve(String text, Path baseDir) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.trim().replace('\\', '/');
        while (t.startsWith("./")) {
            t = t.substring(2);
        }
        Path p = Path.of(t);
        if (!p.isAbsolute() && baseDir != null) {
            p = baseDir.resolve(p);
        }
        return p.toAbsolutePath().normalize();
    }

    private static String text(String key, JsonNode v, Issues issues) {
        if (v.isValueNode()) {
            return v.asText();
        }
        issues.error(key, raw(v), "a text value");
        return null;
    }

    private static Integer intValue(String key, JsonNode v, Issues issues, int min, String expected) {
        Double d = null;
        if (v.isNumber()) {
            d = v.asDouble();
        } else if (v.isTextual()) {
            try {
                d = Double.parseDouble(v.asText().trim());
            } catch (NumberFormatException ex) {
                d = null;
            }
        }
        if (d == null || d != Math.rint(d) || d < min || d > Integer.MAX_VALUE) {
            issues.error(key, raw(v), expected);
            return null;
        }
        return d.intValue();
    }

    /** The largest batch_size, as the command line's model argument allows. */
    static final int MAX_BATCH = 1024;
    /** The largest chip side (ImageHeight/ImageWidth), as the tile_size argument allows. */
    static final int MAX_CHIP = 16384;
    /** The largest band index ExtractBands may name (a TIFF has at most 65535 samples per pixel). */
    static final int MAX_BAND = 65534;

    private static Integer boundedInt(String key, JsonNode v, Issues issues, int min, int max, String expected) {
        Integer i = intValue(key, v, issues, min, expected);
        if (i != null && i > max) {
            issues.error(key, raw(v), expected);
            return null;
        }
        return i;
    }

    private static Integer chipSide(String key, JsonNode v, Issues issues) {
        return boundedInt(key, v, issues, 1, MAX_CHIP, "a whole number of pixels from 1 to " + MAX_CHIP);
    }

    private static Integer positiveInt(String key, JsonNode v, Issues issues) {
        return intValue(key, v, issues, 1, "a whole number greater than 0");
    }

    private static Integer nonNegativeInt(String key, JsonNode v, Issues issues) {
        return intValue(key, v, issues, 0, "a whole number of pixels, 0 or more");
    }

    private static Double number(String key, JsonNode v, Issues issues) {
        if (v.isNumber()) {
            return v.asDouble();
        }
        if (v.isTextual()) {
            try {
                return Double.parseDouble(v.asText().trim());
            } catch (NumberFormatException ignored) {
                // fall through
            }
        }
        issues.error(key, raw(v), "a number");
        return null;
    }

    private static Boolean bool(String key, JsonNode v, Issues issues) {
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        String s = v.asText().trim().toLowerCase(Locale.ROOT);
        if (v.isNumber() || v.isTextual()) {
            switch (s) {
                case "1", "1.0", "true", "yes" -> { return true; }
                case "0", "0.0", "false", "no" -> { return false; }
                default -> { }
            }
        }
        issues.error(key, raw(v), "true/false (or 1/0)");
        return null;
    }

    private static String choice(String key, JsonNode v, Issues issues, String... choices) {
        String s = v.isValueNode() ? v.asText().trim() : null;
        for (String c : choices) {
            if (c.equalsIgnoreCase(s)) {
                return c;
            }
        }
        issues.error(key, s == null ? raw(v) : s, "one of " + String.join(", ", choices));
        return null;
    }

    private static ModelConfiguration configuration(String key, JsonNode v, Issues issues) {
        if (v.isTextual()) {
            return ModelConfiguration.named(v.asText());
        }
        if (v.isObject()) {
            JsonNode name = v.get("Name");
            if (name == null || !name.isTextual()) {
                issues.error(key + ".Name", name == null ? null : raw(name), "the model family as text");
            }
            return new ModelConfiguration(name == null ? null : name.asText(), textOrNull(v.get("Architecture")),
                    textOrNull(v.get("Config")));
        }
        issues.error(key, raw(v), "a text (e.g. \"FasterRCNN\") or an object {Name, Architecture, Config}");
        return null;
    }

    private static String textOrNull(JsonNode n) {
        return n == null || n.isNull() ? null : n.isValueNode() ? n.asText() : n.toString();
    }

    private static BandSelection bands(String key, JsonNode v, Issues issues) {
        List<JsonNode> items = new ArrayList<>();
        if (v.isArray()) {
            v.forEach(items::add);
        } else if (v.isTextual()) {
            for (String s : v.asText().split(",")) {
                if (!s.isBlank()) {
                    items.add(MAPPER.getNodeFactory().textNode(s.trim()));
                }
            }
        } else if (v.isNumber()) {
            items.add(v);
        }
        if (items.isEmpty()) {
            issues.error(key, raw(v), "a list of 0-based band indexes such as [0, 1, 2] or band names");
            return BandSelection.NONE;
        }
        List<Integer> idx = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (JsonNode n : items) {
            boolean digits = n.isTextual() && n.asText().trim().matches("\\d+");
            if (n.isIntegralNumber() && n.canConvertToInt() && n.asInt() >= 0 && n.asInt() <= MAX_BAND
                    || digits && n.asText().trim().length() <= 6 && Integer.parseInt(n.asText().trim()) <= MAX_BAND) {
                idx.add(Integer.parseInt(n.asText().trim()));
            } else if (n.isIntegralNumber() && !n.asText().startsWith("-") || digits) {
                issues.error(key, raw(v), "band indexes from 0 to " + MAX_BAND);
                return BandSelection.NONE;
            } else if (n.isTextual() && !n.asText().isBlank()) {
                names.add(n.asText().trim());
            } else {
                issues.error(key, raw(v), "band indexes (whole numbers >= 0) or band names");
                return BandSelection.NONE;
            }
        }
        if (!idx.isEmpty() && !names.isEmpty()) {
            issues.error(key, raw(v), "either band indexes or band names, not both");
            return BandSelection.NONE;
        }
        return idx.isEmpty() ? BandSelection.ofNames(names) : BandSelection.ofIndexes(idx);
    }

    private static DataRange dataRange(String key, JsonNode v, Issues issues) {
        if (v.isArray() && v.size() == 2 && v.get(0).isNumber() && v.get(1).isNumber()
                && v.get(0).asDouble() < v.get(1).asDouble()) {
            return new DataRange(v.get(0).asDouble(), v.get(1).asDouble());
        }
        issues.error(key, raw(v), "[min, max] with min < max, e.g. [0, 1]");
        return null;
    }

    private static final int[][] PALETTE = {{230, 25, 75}, {60, 180, 75}, {255, 225, 25}, {0, 130, 200},
        {245, 130, 48}, {145, 30, 180}, {70, 240, 240}, {240, 50, 230}, {210, 245, 60}, {250, 190, 212},
        {0, 128, 128}, {220, 190, 255}, {170, 110, 40}, {255, 250, 200}, {128, 0, 0}, {170, 255, 195}};

    /** A distinct default colour for the i-th class when a definition gives none. */
    static int[] paletteColor(int i) {
        return PALETTE[Math.floorMod(i, PALETTE.length)];
    }

    private static List<ClassInfo> classes(String key, JsonNode v, Issues issues) {
        List<ClassInfo> out = new ArrayList<>();
        if (!v.isArray()) {
            issues.error(key, raw(v), "a list of {\"Value\": 1, \"Name\": \"Tree\", \"Color\": [0, 255, 0]}");
            return out;
        }
        for (int i = 0; i < v.size(); i++) {
            JsonNode c = v.get(i);
            String k = key + "[" + i + "]";
            if (!c.isObject()) {
                issues.error(k, raw(c), "an object {Value, Name, Color}");
                continue;
            }
            JsonNode val = field(c, "Value");
            Integer value = val == null || val.isNull() ? null : intValue(k + ".Value", val, issues,
                    Integer.MIN_VALUE, "a whole number");
            if (val == null || val.isNull()) {
                issues.warn(issues.file() + ": key \"" + k + ".Value\" is missing; using " + i);
                value = i;
            } else if (value == null) {
                continue;
            }
            JsonNode name = field(c, "Name");
            int[] rgb = paletteColor(i);
            JsonNode col = field(c, "Color");
            if (col != null && !col.isNull()) {
                if (col.isArray() && (col.size() == 3 || col.size() == 4) && allBytes(col)) {
                    rgb = new int[] {col.get(0).asInt(), col.get(1).asInt(), col.get(2).asInt()};
                } else {
                    issues.error(k + ".Color", raw(col), "[r, g, b] with values 0..255");
                }
            }
            out.add(new ClassInfo(value, name == null || name.isNull() ? String.valueOf(value) : name.asText(),
                    rgb[0], rgb[1], rgb[2]));
        }
        return out;
    }

    private static JsonNode field(JsonNode obj, String name) {
        Iterator<String> names = obj.fieldNames();
        while (names.hasNext()) {
            String n = names.next();
            if (n.trim().equalsIgnoreCase(name)) {
                return obj.get(n);
            }
        }
        return null;
    }

    private static boolean allBytes(JsonNode arr) {
        for (JsonNode n : arr) {
            if (!n.isNumber() || n.asDouble() < 0 || n.asDouble() > 255) {
                return false;
            }
        }
        return true;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> objectMap(String key, JsonNode v, Issues issues) {
        if (!v.isObject()) {
            issues.error(key, raw(v), "a JSON object {...}");
            return new LinkedHashMap<>();
        }
        return MAPPER.convertValue(v, LinkedHashMap.class);
    }

    private static CellSize cellSize(String key, JsonNode v, Issues issues) {
        if (v.isNumber()) {
            return new CellSize(v.asDouble(), v.asDouble(), null);
        }
        JsonNode x = v.isObject() ? field(v, "x") : null;
        JsonNode y = v.isObject() ? field(v, "y") : null;
        if (x == null || !x.isNumber()) {
            issues.error(key, raw(v), "{\"x\": size, \"y\": size, \"spatialReference\": {\"wkid\": code}}");
            return null;
        }
        JsonNode sr = field(v, "spatialReference");
        JsonNode wkid = sr == null ? null : field(sr, "latestWkid") != null ? field(sr, "latestWkid") : field(sr, "wkid");
        return new CellSize(x.asDouble(), y != null && y.isNumber() ? y.asDouble() : x.asDouble(),
                wkid != null && wkid.isInt() ? wkid.asInt() : null);
    }

    private static List<ModelArgumentDecl> arguments(String key, JsonNode v, Issues issues) {
        List<ModelArgumentDecl> out = new ArrayList<>();
        if (!v.isArray()) {
            issues.error(key, raw(v), "a list of {name, dataType, value, required, displayName, description, domain}");
            return out;
        }
        for (int i = 0; i < v.size(); i++) {
            JsonNode a = v.get(i);
            String k = key + "[" + i + "]";
            JsonNode name = a.isObject() ? field(a, "name") : null;
            if (name == null || !name.isTextual() || !name.asText().trim().matches("[A-Za-z_][A-Za-z0-9_]*")) {
                issues.error(k + ".name", name == null ? null : raw(name),
                        "an argument name (letters, digits, _), e.g. \"score_threshold\"");
                continue;
            }
            JsonNode type = field(a, "dataType");
            JsonNode value = field(a, "value");
            JsonNode req = field(a, "required");
            JsonNode domain = field(a, "domain");
            out.add(new ModelArgumentDecl(name.asText().trim(), textOrNull(type),
                    value == null || value.isNull() ? null : value.isValueNode() ? value.asText() : value.toString(),
                    req != null && (req.asBoolean() || "true".equalsIgnoreCase(req.asText())),
                    textOrNull(field(a, "displayName")), textOrNull(field(a, "description")),
                    domain == null || domain.isNull() ? null : MAPPER.convertValue(domain, Object.class)));
        }
        return out;
    }

    /** What was found, for messages: text unquoted-by-JSON, other values as JSON (not quoted again). */
    static Object raw(JsonNode v) {
        if (v == null) {
            return null;
        }
        return v.isTextual() ? v.asText() : new Object() {
            @Override
            public String toString() {
                return v.toString();
            }
        };
    }

    /** Number from a JSON node for other readers in this package (null when not a number). */
    static Double numberOrNull(String key, JsonNode v, Issues issues) {
        return v == null || v.isNull() ? null : number(key, v, issues);
    }
}
