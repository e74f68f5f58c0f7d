package org.deepraster.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Maps a self-describing ONNX file (Deepness {@code metadata_props}, or only its tensor shapes) onto a
 * {@link ModelDefinition}: model_type to ModelType, class_names to Classes, tiles_size to the chip
 * size, the input shape to ExtractBands / ModelFormat / BatchSize.
 */
final class DeepnessMetadata {
    private DeepnessMetadata() {
    }

    /** Deepness model_type to our ModelType; absent = no tool runs it. */
    private static final Map<String, ModelType> TYPES = Map.of(
            "segmentor", ModelType.IMAGE_CLASSIFICATION,
            "detector", ModelType.OBJECT_DETECTION,
            // written by Classify Pixels as values (PixelConvention.REGRESSION / SUPERRESOLUTION), as ArcGIS runs
            // super-resolution models with Classify Pixels Using Deep Learning
            "regressor", ModelType.IMAGE_CLASSIFICATION,
            "superresolution", ModelType.IMAGE_CLASSIFICATION);

    /** The keys only Deepness writes; an Ultralytics export without any of them is read as Ultralytics only. */
    private static final java.util.Set<String> DEEPNESS_KEYS = java.util.Set.of("model_type", "class_names", "resolution",
            "tiles_size", "tile_size", "tiles_overlap", "standardization_mean", "standardization_std", "seg_thresh",
            "seg_small_segment", "det_conf", "det_iou_thresh", "det_type", "reg_output_scaling");

    static ModelDefinition.Builder toDefinition(Path onnx, ModelSignature sig, Issues issues) {
        ModelDefinition.Builder b = new ModelDefinition.Builder();
        b.framework = "ONNX";
        b.modelFile = onnx.toAbsolutePath().normalize();
        b.modelFileText = onnx.getFileName().toString();
        b.modelName = stripExt(onnx.getFileName().toString());
        b.onnxMetadata.putAll(sig.metadata());
        Map<String, String> m = sig.metadata();

        String type = str(m, "model_type");
        Integer tile = intOf(m, "tiles_size", issues);
        if (tile == null) {
            tile = intOf(m, "tile_size", issues);
        }
        UltralyticsMetadata yolo = UltralyticsMetadata.read(m);
        boolean deepnessKeys = m.keySet().stream().anyMatch(DEEPNESS_KEYS::contains);
        List<List<ClassInfo>> perOutput = classes(m, issues, yolo != null);
        b.deepness = m.isEmpty() || (yolo != null && !deepnessKeys) ? null : new DeepnessInfo(type, dbl(m, "resolution", issues), tile,
                dbl(m, "tiles_overlap", issues), list(m, "standardization_mean", issues),
                list(m, "standardization_std", issues), dbl(m, "seg_thresh", issues),
                intOf(m, "seg_small_segment", issues), dbl(m, "det_conf", issues), dbl(m, "det_iou_thresh", issues),
                str(m, "det_type"), dbl(m, "reg_output_scaling", issues), perOutput);

        if (type != null) {
            b.modelTypeText = type;
            b.modelType = TYPES.get(type.toLowerCase(Locale.ROOT));
            if (b.modelType == null) {
                issues.errorText("metadata key \"model_type\": found \"" + type + "\", expected Segmentor, Detector,"
                        + " Regressor or Superresolution (DeepRaster has no tool for Deepness " + type + " models"
                        + ("recognition".equalsIgnoreCase(type) ? ": Recognition (image embeddings and a query image) is"
                        + " not supported yet" : "") + ")", "");
            }
        } else if (yolo != null && yolo.modelType() != null) {
            b.modelType = yolo.modelType();
            b.modelTypeText = b.modelType.emdName();
            if ("pose".equals(yolo.task())) {
                issues.warn(onnx.getFileName() + ": Ultralytics task pose: the boxes are written, the keypoints are not read");
            }
        } else {
            b.modelType = guessType(sig);
            b.modelTypeText = b.modelType == null ? null : b.modelType.emdName();
            if (b.modelType == null) {
                issues.errorText("the ONNX file has no Deepness metadata \"model_type\" and its outputs "
                        + outputs(sig) + " do not tell the model type",
                        "Describe it with an .emd: {\"Framework\": \"ONNX\", \"ModelFile\": \"" + onnx.getFileName()
                                + "\", \"ModelType\": \"ImageClassification\", \"ImageHeight\": 256, ...}.");
            } else {
                issues.warn(onnx.getFileName() + ": no metadata \"model_type\"; guessed " + b.modelType.emdName()
                        + " from the output shapes " + outputs(sig));
            }
        }
        b.classes = perOutput == null || perOutput.isEmpty() ? new ArrayList<>() : new ArrayList<>(perOutput.get(0));
        if (perOutput != null && perOutput.size() > 1 && b.modelType != ModelType.IMAGE_CLASSIFICATION) {
            issues.warn(onnx.getFileName() + ": class_names lists " + perOutput.size() + " outputs' classes; using the first");
        }
        if (b.classes.isEmpty() && yolo != null) {
            b.classes = yolo.classes();
        }

        TensorSpec in = sig.input();
        if (in.rank() == 4) {
            boolean nhwc = !in.isDynamic(3) && in.dim(3) <= 16 && (in.isDynamic(1) || in.dim(1) > 16);
            b.modelFormat = nhwc ? ModelFormat.NHWC : ModelFormat.NCHW;
            long c = nhwc ? in.dim(3) : in.dim(1);
            long h = nhwc ? in.dim(1) : in.dim(2);
            long w = nhwc ? in.dim(2) : in.dim(3);
            List<Integer> bands = new ArrayList<>();
            for (int i = 0; i < (c > 0 ? c : 3); i++) {
                bands.add(i);
            }
            if (c <= 0) {
                issues.warn(onnx.getFileName() + ": the channel axis of input " + in.name() + " is dynamic; assuming 3 bands");
            }
            b.extractBands = BandSelection.ofIndexes(bands);
            if (tile != null) {
                b.imageHeight = tile;
                b.imageWidth = tile;
            } else if (yolo != null && yolo.imgsz() != null && (h <= 0 || w <= 0)) {
                b.imageHeight = yolo.imgsz()[0]; // the size it was exported (letterboxed) at
                b.imageWidth = yolo.imgsz()[1];
            } else if (h > 0 && w > 0) {
                b.imageHeight = (int) h;
                b.imageWidth = (int) w;
            }
            if (!in.isDynamic(0)) {
                b.batchSize = (int) in.dim(0);
            }
            b.supportsVariableTileSize = in.isDynamic(nhwc ? 1 : 2) && in.isDynamic(nhwc ? 2 : 3);
        } else {
            issues.errorText("input \"" + in.name() + "\" has shape " + in.shapeText()
                    + ", expected an image batch [N, C, H, W] or [N, H, W, C]", "");
        }
        // Ultralytics feeds RGB scaled to 0..1 (no mean/std): DataRange [0, 1] says so
        b.dataRange = yolo != null && b.deepness == null ? new DataRange(0, 1) : null;
        return b;
    }

    private static String outputs(ModelSignature sig) {
        return sig.outputs().stream().map(TensorSpec::shapeText).toList().toString();
    }

    /** Guess from the outputs when metadata says nothing: [N,C] classifier, [N,C,H,W]/[N,H,W] pixels. */
    private static ModelType guessType(ModelSignature sig) {
        if (sig.outputs().size() != 1) {
            return sig.outputs().size() >= 2 ? ModelType.OBJECT_DETECTION : null;
        }
        TensorSpec o = sig.outputs().get(0);
        TensorSpec in = sig.input();
        if (o.rank() == 2) {
            return ModelType.OBJECT_CLASSIFICATION;
        }
        if (o.rank() == 4 || (o.rank() == 3 && in.rank() == 4 && o.dim(1) > 16 && o.dim(2) > 16)) {
            return ModelType.IMAGE_CLASSIFICATION;
        }
        return o.rank() == 3 ? ModelType.OBJECT_DETECTION : null;
    }

    /**
     * class_names: one {"0": "name", ...} object, or a list of them (one per output), as Deepness reads it
     * ({@code models/model_base.py} {@code get_outputs_channel_names}: a single object is one output's list,
     * each sorted by its integer keys). Null when the key is absent.
     */
    private static List<List<ClassInfo>> classes(Map<String, String> m, Issues issues, boolean ultralytics) {
        // Deepness reads both keys; an Ultralytics export's "names" is a Python dict (UltralyticsMetadata reads it)
        String raw = m.containsKey("class_names") ? m.get("class_names") : ultralytics ? null : m.get("names");
        if (raw == null) {
            return null;
        }
        JsonNode n = json(raw);
        if (!m.containsKey("class_names") && (n == null || !(n.isObject() || n.isArray()))) {
            return null; // names as Ultralytics writes it (a Python dict repr): UltralyticsMetadata reads it
        }
        List<JsonNode> objects = new ArrayList<>();
        if (n != null && n.isArray()) {
            n.forEach(objects::add);
        } else if (n != null) {
            objects.add(n);
        }
        List<List<ClassInfo>> all = new ArrayList<>();
        for (JsonNode o : objects) {
            if (!o.isObject()) {
                issues.errorText("metadata key \"class_names\": found " + Issues.show(raw)
                        + ", expected {\"0\": \"name\", \"1\": \"name\", ...} or a list of such objects, one per output", "");
                return all;
            }
            all.add(classesOf(o, issues));
        }
        if (all.isEmpty()) {
            issues.errorText("metadata key \"class_names\": found " + Issues.show(raw)
                    + ", expected {\"0\": \"name\", \"1\": \"name\", ...}", "");
        }
        return all;
    }

    private static List<ClassInfo> classesOf(JsonNode n, Issues issues) {
        List<ClassInfo> out = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = n.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            int value;
            try {
                value = Integer.parseInt(e.getKey().trim());
            } catch (NumberFormatException ex) {
                issues.errorText("metadata key \"class_names\": key " + Issues.show(e.getKey())
                        + " is not a class index, expected \"0\", \"1\", ...", "");
                continue;
            }
            int[] rgb = EmdParser.paletteColor(value);
            out.add(new ClassInfo(value, e.getValue().asText(), rgb[0], rgb[1], rgb[2]));
        }
        out.sort((a, c) -> Integer.compare(a.value(), c.value()));
        return out;
    }

    static JsonNode json(String raw) {
        try {
            return EmdParser.MAPPER.readTree(raw);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String str(Map<String, String> m, String key) {
        String raw = m.get(key);
        if (raw == null) {
            return null;
        }
        JsonNode n = json(raw);
        return n != null && n.isTextual() ? n.asText() : raw.trim();
    }

    private static Double dbl(Map<String, String> m, String key, Issues issues) {
        String raw = m.get(key);
        if (raw == null) {
            return null;
        }
        JsonNode n = json(raw);
        if (n != null && n.isNumber()) {
            return n.asDouble();
        }
        try {
            return Double.parseDouble((n != null && n.isTextual() ? n.asText() : raw).trim());
        } catch (NumberFormatException e) {
            issues.errorText("metadata key \"" + key + "\": found " + Issues.show(raw) + ", expected a number", "");
            return null;
        }
    }

    private static Integer intOf(Map<String, String> m, String key, Issues issues) {
        Double d = dbl(m, key, issues);
        return d == null ? null : (int) Math.round(d);
    }

    private static List<Double> list(Map<String, String> m, String key, Issues issues) {
        String raw = m.get(key);
        if (raw == null) {
            return null;
        }
        JsonNode n = json(raw);
        if (n != null && n.isArray()) {
            List<Double> out = new ArrayList<>();
            for (JsonNode x : n) {
                if (!x.isNumber()) {
                    break;
                }
                out.add(x.asDouble());
            }
            if (out.size() == n.size()) {
                return out;
            }
        }
        issues.errorText("metadata key \"" + key + "\": found " + Issues.show(raw)
                + ", expected a list of numbers, one per channel", "");
        return null;
    }

    static String stripExt(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
