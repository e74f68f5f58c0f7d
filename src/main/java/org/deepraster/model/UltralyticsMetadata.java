package org.deepraster.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The ONNX {@code metadata_props} an Ultralytics export writes ({@code ultralytics/engine/exporter.py}:
 * every value is {@code str(v)} of the Python value): {@code description}, {@code author}
 * ("Ultralytics"), {@code date}, {@code version}, {@code license}, {@code docs}, {@code stride}
 * ("32"), {@code task} (detect, segment, classify, pose, obb), {@code batch} ("1"), {@code imgsz}
 * ("[640, 640]", height then width), {@code names} (a Python dict repr: {@code {0: 'person', 1: 'bicycle'}}),
 * and in newer exports {@code channels}, {@code end2end} ("True"/"False"), {@code kpt_shape}.
 *
 * @param names  class index to name, in index order (empty when absent)
 * @param imgsz  {height, width}, or null
 * @param end2end the exporter's end2end flag, or null when the export predates it
 */
public record UltralyticsMetadata(String task, Map<Integer, String> names, int[] imgsz, Integer stride, Integer batch,
                                  Boolean end2end, String version) {
    public static final List<String> TASKS = List.of("detect", "segment", "classify", "pose", "obb");

    /** The Ultralytics keys of {@code m}, or null when they are not there (no {@code task}/{@code names}/{@code stride}). */
    public static UltralyticsMetadata read(Map<String, String> m) {
        boolean byAuthor = "ultralytics".equalsIgnoreCase(trim(m.get("author")));
        if (!byAuthor && !(m.containsKey("task") && m.containsKey("names")) && !(m.containsKey("names") && m.containsKey("stride"))) {
            return null;
        }
        String task = trim(m.get("task"));
        return new UltralyticsMetadata(task == null ? null : task.toLowerCase(Locale.ROOT), names(m.get("names")),
                ints(m.get("imgsz"), 2), integer(m.get("stride")), integer(m.get("batch")), bool(m.get("end2end")),
                trim(m.get("version")));
    }

    /** The task's model type: classify → object classification, the others → object detection (segment: instances). */
    public ModelType modelType() {
        if (task == null) {
            return null;
        }
        return switch (task) {
            case "classify" -> ModelType.OBJECT_CLASSIFICATION;
            case "segment" -> ModelType.INSTANCE_DETECTION;
            case "detect", "obb", "pose" -> ModelType.OBJECT_DETECTION;
            default -> null;
        };
    }

    /** The classes named in {@code names}, values = indexes, palette colours. */
    public List<ClassInfo> classes() {
        List<ClassInfo> out = new ArrayList<>();
        names.forEach((i, n) -> {
            int[] rgb = EmdParser.paletteColor(i);
            out.add(new ClassInfo(i, n, rgb[0], rgb[1], rgb[2]));
        });
        return out;
    }

    /**
     * Parses {@code names}: a Python dict repr ({@code {0: 'person', 1: "it's"}}), a JSON object
     * ({@code {"0": "person"}}) or a Python list ({@code ['a', 'b']}). Unreadable text gives an empty map.
     */
    static Map<Integer, String> names(String raw) {
        Map<Integer, String> out = new LinkedHashMap<>();
        if (raw == null) {
            return out;
        }
        String s = raw.trim();
        boolean list = s.startsWith("[");
        if (!(s.startsWith("{") && s.endsWith("}")) && !(list && s.endsWith("]"))) {
            return out;
        }
        int i = 1;
        int end = s.length() - 1;
        int index = 0;
        while (i < end) {
            i = skip(s, i, end);
            if (i >= end) {
                break;
            }
            Integer key = index;
            if (!list) {
                int colon = s.indexOf(':', i);
                if (colon < 0) {
                    return new LinkedHashMap<>();
                }
                String k = s.substring(i, colon).trim();
                if (k.length() >= 2 && (k.charAt(0) == '\'' || k.charAt(0) == '"')) {
                    k = k.substring(1, k.length() - 1);
                }
                try {
                    key = Integer.parseInt(k.trim());
                } catch (NumberFormatException e) {
                    return new LinkedHashMap<>();
                }
                i = skip(s, colon + 1, end);
            }
            if (i >= end || (s.charAt(i) != '\'' && s.charAt(i) != '"')) {
                return new LinkedHashMap<>();
            }
            char q = s.charAt(i++);
            StringBuilder v = new StringBuilder();
            while (i < end && s.charAt(i) != q) {
                char c = s.charAt(i++);
                if (c == '\\' && i < end) {
                    char e = s.charAt(i++);
                    v.append(switch (e) {
                        case 'n' -> '\n';
                        case 't' -> '\t';
                        default -> e;
                    });
                } else {
                    v.append(c);
                }
            }
            i++; // closing quote
            out.put(key, v.toString());
            index++;
            i = skip(s, i, end);
            if (i < end && s.charAt(i) == ',') {
                i++;
            }
        }
        return out;
    }

    private static int skip(String s, int i, int end) {
        while (i < end && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static String trim(String s) {
        if (s == null) {
            return null;
        }
        String t = s.trim();
        if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
            t = t.substring(1, t.length() - 1);
        }
        return t.isEmpty() ? null : t;
    }

    private static Integer integer(String s) {
        String t = trim(s);
        if (t == null) {
            return null;
        }
        try {
            return (int) Math.round(Double.parseDouble(t));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Boolean bool(String s) {
        String t = trim(s);
        if (t == null) {
            return null;
        }
        return switch (t.toLowerCase(Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> null;
        };
    }

    /** "[640, 640]" or "(640, 640)" → {640, 640}; one number n → {n, n}; else null. */
    static int[] ints(String s, int n) {
        String t = trim(s);
        if (t == null) {
            return null;
        }
        t = t.replaceAll("[\\[\\]()\\s]", "");
        String[] parts = t.split(",");
        try {
            if (parts.length == 1) {
                int v = Integer.parseInt(parts[0]);
                return new int[] {v, v};
            }
            if (parts.length != n) {
                return null;
            }
            int[] out = new int[n];
            for (int i = 0; i < n; i++) {
                out[i] = Integer.parseInt(parts[i]);
            }
            return out;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
