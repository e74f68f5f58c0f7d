package org.deepraster.model;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.deepraster.model.ArgumentSpec.BooleanSpec;
import org.deepraster.model.ArgumentSpec.ChoiceSpec;
import org.deepraster.model.ArgumentSpec.Info;
import org.deepraster.model.ArgumentSpec.IntegerSpec;
import org.deepraster.model.ArgumentSpec.NumberSpec;
import org.deepraster.model.ArgumentSpec.TextSpec;

/**
 * The model arguments of a definition: the standard ones of its model type (ArcGIS's names and
 * defaults), with defaults taken from the definition (ImageHeight/4 padding, BatchSize, Deepness
 * seg_thresh / det_conf / det_iou_thresh / tiles_overlap), followed or overridden by the .emd's own
 * {@code ModelArguments}.
 */
public final class ArgumentSpecs {
    private ArgumentSpecs() {
    }

    /** Standard argument builders, by name. */
    /** Instance models: the probability above which a mask pixel is on. */
    public static final String MASK_THRESHOLD = "mask_threshold";
    private static final Map<String, Function<ModelDefinition, ArgumentSpec>> STANDARD = new LinkedHashMap<>();
    /** Which standard arguments each model type shows, in form order. */
    private static final Map<ModelType, List<String>> BY_TYPE = new EnumMap<>(ModelType.class);

    static {
        STANDARD.put("padding", d -> new IntegerSpec(Info.of("padding", "Padding",
                "Pixels of context read around each tile; predictions in the padding are discarded.")
                .hidden(d.modelPadding() != null), paddingDefault(d), 0, d.imageHeight() == null ? null : d.imageHeight() / 2));
        STANDARD.put("threshold", d -> new NumberSpec(Info.of("threshold", "Confidence threshold",
                "Detections (or pixels) scoring below this are dropped.").aliases("score_threshold"),
                thresholdDefault(d), 0.0, 1.0));
        STANDARD.put("score_threshold", d -> new NumberSpec(Info.of("score_threshold", "Score threshold",
                "Objects whose best class score is below this get no class."), 0.0, 0.0, 1.0));
        STANDARD.put("nms_overlap", d -> new NumberSpec(Info.of("nms_overlap", "NMS overlap",
                "Detections of one class overlapping more than this (intersection over union) are merged."),
                d.deepness() != null && d.deepness().detIouThresh() != null ? d.deepness().detIouThresh() : 0.1, 0.0, 1.0));
        STANDARD.put("batch_size", d -> new IntegerSpec(Info.of("batch_size", "Batch size",
                "Tiles sent to the model at once; lower it when memory runs out.").hidden(d.batchSize() != null),
                d.batchSize() != null ? d.batchSize() : 4, 1, 1024));
        STANDARD.put("exclude_pad_detections", d -> new BooleanSpec(Info.of("exclude_pad_detections",
                "Exclude padding detections", "Drop detections whose centre lies in a tile's padding."), true));
        STANDARD.put("test_time_augmentation", d -> new BooleanSpec(Info.of("test_time_augmentation",
                "Test-time augmentation", "Also predict flipped/rotated tiles and merge the results (slower)."), false));
        STANDARD.put("tile_size", d -> new IntegerSpec(Info.of("tile_size", "Tile size",
                "Size of the square tiles given to the model, in pixels."),
                d.imageHeight() != null ? d.imageHeight() : 512, 16, 16384));
        STANDARD.put("predict_background", d -> new BooleanSpec(Info.of("predict_background", "Predict background",
                "Also assign the background class (class 0) to pixels."), true));
        STANDARD.put("merge_policy", d -> new ChoiceSpec(Info.of("merge_policy", "Merge policy",
                "How test-time augmentation predictions are merged."), "mean", List.of("mean", "max", "min")));
        STANDARD.put("blend_tiles", d -> new BooleanSpec(Info.of("blend_tiles", "Blend tiles",
                "Blend the probabilities of overlapping tiles with a smooth window instead of discarding the padding."),
                false));
        STANDARD.put("return_probability_raster", d -> new BooleanSpec(Info.of("return_probability_raster",
                "Return probability raster", "Write the class probabilities as an extra raster."), false));

        STANDARD.put("yolo_layout", d -> new ChoiceSpec(Info.of("yolo_layout", "YOLO output layout",
                "Which YOLO head wrote the output when its shape and metadata do not tell: auto (recognise it), v5"
                        + " ([N, K, 5+C], objectness), v8 ([N, 4+C, K]), end2end ([N, 300, 6]), obb ([N, 4+C+1, K]),"
                        + " obb_end2end ([N, 300, 7]), segment ([N, 4+C+32, K] + prototypes), segment_end2end."), "auto",
                List.of("auto", "v5", "v8", "end2end", "obb", "obb_end2end", "segment", "segment_end2end")));
        STANDARD.put("num_classes", d -> new IntegerSpec(Info.of("num_classes", "Number of classes",
                "Class scores in a YOLO output; 0: the classes of the model's description (or all the output holds"
                        + " once the layout is known)."), 0, 0, 100000));

        STANDARD.put(MASK_THRESHOLD, d -> new NumberSpec(Info.of(MASK_THRESHOLD, "Mask threshold",
                "Instance models: a pixel belongs to an instance when its mask probability is above this."), 0.5, 0.0, 1.0));

        List<String> detection = List.of("padding", "threshold", "nms_overlap", "batch_size",
                "exclude_pad_detections", "test_time_augmentation", "tile_size", "yolo_layout", "num_classes");
        BY_TYPE.put(ModelType.OBJECT_DETECTION, detection);
        List<String> instance = new ArrayList<>(detection);
        instance.add(MASK_THRESHOLD);
        BY_TYPE.put(ModelType.INSTANCE_DETECTION, List.copyOf(instance));
        BY_TYPE.put(ModelType.IMAGE_CLASSIFICATION, List.of("padding", "batch_size", "predict_background",
                "test_time_augmentation", "merge_policy", "threshold", "return_probability_raster", "blend_tiles", "tile_size"));
        BY_TYPE.put(ModelType.OBJECT_CLASSIFICATION, List.of("batch_size", "score_threshold", "test_time_augmentation"));
        BY_TYPE.put(ModelType.CHANGE_DETECTION, List.of("padding", "batch_size", "tile_size"));
    }

    /** Deepness' small-segment removal (median filter) size for pixel classifiers given as .onnx. */
    public static final String SMALL_SEGMENT = "small_segment_size";
    /** Its default in Deepness' dock widget (checked, 9) when the model has no seg_small_segment. */
    public static final int DEEPNESS_SMALL_SEGMENT = 9;

    /** The argument that scales the input of an ONNX file without metadata. */
    public static final String INPUT_SCALE = "input_scale";
    /** Deepness' output scaling of a Regressor / Superresolution model: each written value = model output × it. */
    public static final String OUTPUT_SCALING = "output_scaling";
    /** The standard arguments a values model (Deepness Regressor / Superresolution) reads. */
    private static final java.util.Set<String> VALUES_ARGUMENTS = java.util.Set.of("padding", "batch_size", "tile_size",
            "test_time_augmentation", "merge_policy");
    /** Its default: 1/255, as Deepness scales every input ({@code models/preprocessing_utils.py} normalize_values_to_01). */
    public static final double DEFAULT_INPUT_SCALE = 1.0 / 255.0;

    /** A bare .onnx file without metadata_props: its input scale is {@link #INPUT_SCALE}. */
    public static boolean noMetadataOnnx(ModelDefinition d) {
        // an Ultralytics export carries no Deepness keys but says its input range (0-1)
        return d.source() != null && d.source().kind() == ModelSource.Kind.ONNX && d.deepness() == null
                && d.dataRange() == null;
    }

    private static int paddingDefault(ModelDefinition d) {
        if (d.modelPadding() != null) {
            return d.modelPadding();
        }
        if (d.deepness() != null && d.deepness().tilesOverlap() != null && d.imageHeight() != null) {
            // Deepness: overlap (percent of the tile) shared by two neighbours -> half on each side
            return (int) Math.round(d.imageHeight() * d.deepness().tilesOverlap() / 100.0 / 2.0);
        }
        return d.defaultPadding();
    }

    private static double thresholdDefault(ModelDefinition d) {
        DeepnessInfo x = d.deepness();
        if (x != null && d.modelType() == ModelType.IMAGE_CLASSIFICATION && x.segThresh() != null) {
            return x.segThresh();
        }
        if (x != null && x.detConf() != null) {
            return x.detConf();
        }
        return 0.5;
    }

    /** The arguments for this definition, in form order. */
    public static List<ArgumentSpec> forDefinition(ModelDefinition d) {
        Map<String, ArgumentSpec> out = new LinkedHashMap<>();
        boolean values = PixelConvention.of(d).writesValues();
        for (String name : BY_TYPE.getOrDefault(d.modelType(), List.of("batch_size"))) {
            if ((name.equals("tile_size") && !d.supportsVariableTileSize()) || (values && !VALUES_ARGUMENTS.contains(name))) {
                continue;
            }
            if ((name.equals("yolo_layout") || name.equals("num_classes")) && !mayBeYolo(d)) {
                continue;
            }
            out.put(name, STANDARD.get(name).apply(d));
        }
        if (d.modelType() == ModelType.IMAGE_CLASSIFICATION && PixelConvention.of(d) == PixelConvention.DEEPNESS) {
            Integer meta = d.deepness() == null ? null : d.deepness().segSmallSegment();
            out.put(SMALL_SEGMENT, new IntegerSpec(Info.of(SMALL_SEGMENT, "Remove small segments",
                    "Deepness' 'remove small segment areas': a median filter of this size (made odd) over the classes;"
                            + " 0 = off. Default: the model's seg_small_segment, else 9 as in Deepness."),
                    meta != null ? meta : DEEPNESS_SMALL_SEGMENT, 0, 255));
        }
        if (values) {
            out.put(OUTPUT_SCALING, new NumberSpec(Info.of(OUTPUT_SCALING, "Output scaling",
                    "Each written value is the model's output times this (Deepness' output scaling). Default: the"
                            + " model's reg_output_scaling, else 1 (Regressor); 255 (Superresolution, as Deepness)."),
                    PixelConvention.of(d).defaultOutputScaling(d), null, null));
        }
        if (noMetadataOnnx(d)) {
            out.put(INPUT_SCALE, new NumberSpec(Info.of(INPUT_SCALE, "Input scale",
                    "The ONNX file carries no metadata: pixel values are multiplied by this before the model"
                            + " (1/255 = 0.00392157, Deepness' default; 1 = raw values)."), DEFAULT_INPUT_SCALE, 0.0, null));
        }
        for (ModelArgumentDecl a : d.modelArguments()) {
            ArgumentSpec prior = out.get(a.name());
            out.put(a.name(), fromDecl(a, prior));
        }
        return List.copyOf(out.values());
    }

    /**
     * Whether the YOLO layout arguments apply: a detector given as an ONNX file (bare, Deepness or Ultralytics
     * metadata), or an .emd whose model configuration or name says YOLO. An Esri detector with its own outputs
     * (boxes, scores, labels) does not get them.
     */
    static boolean mayBeYolo(ModelDefinition d) {
        if (d.source() != null && d.source().kind() == ModelSource.Kind.ONNX) {
            return true;
        }
        ModelConfiguration c = d.modelConfiguration();
        String text = (c == null ? "" : c.name() + " " + c.architecture() + " " + c.config()) + " "
                + (d.modelName() == null ? "" : d.modelName());
        return text.toLowerCase(java.util.Locale.ROOT).contains("yolo");
    }

    /** Finds a spec by name or alias (ignoring case). */
    public static ArgumentSpec find(List<ArgumentSpec> specs, String name) {
        for (ArgumentSpec s : specs) {
            if (s.name().equalsIgnoreCase(name)) {
                return s;
            }
        }
        for (ArgumentSpec s : specs) {
            for (String a : s.info().aliases()) {
                if (a.equalsIgnoreCase(name)) {
                    return s;
                }
            }
        }
        return null;
    }

    /**
     * A spec from an .emd ModelArguments entry. dataType numeric/number/double/float → number (integer
     * when the default is whole and dataType says int/long), boolean/bool → boolean, a list domain →
     * choice, else text. A same-named standard argument keeps its range when the entry has none.
     */
    static ArgumentSpec fromDecl(ModelArgumentDecl a, ArgumentSpec prior) {
        String type = a.dataType() == null ? "" : a.dataType().toLowerCase(Locale.ROOT);
        Info info = new Info(a.name(), a.displayName() != null ? a.displayName() : prior != null ? prior.info().displayName() : null,
                a.description() != null ? a.description() : prior != null ? prior.info().description() : null,
                a.required(), false, prior != null ? prior.info().aliases() : List.of());
        List<String> choices = choices(a.domain());
        if (!choices.isEmpty()) {
            String def = a.value() != null ? a.value() : choices.get(0);
            return new ChoiceSpec(info, def, choices);
        }
        double[] range = range(a.domain());
        if (type.contains("bool") || (prior instanceof BooleanSpec && a.value() != null
                && a.value().toLowerCase(Locale.ROOT).matches("true|false"))) {
            return new BooleanSpec(info, a.value() == null ? null : Boolean.parseBoolean(a.value().trim()));
        }
        if (type.contains("int") || type.contains("long") || prior instanceof IntegerSpec p && !type.contains("str")) {
            IntegerSpec p = prior instanceof IntegerSpec ip ? ip : null;
            Integer def = a.value() == null ? null : (int) Math.round(declNumber(a));
            return new IntegerSpec(info, def, range != null ? (int) range[0] : p != null ? p.min() : null,
                    range != null ? (int) range[1] : p != null ? p.max() : null);
        }
        if (type.contains("num") || type.contains("double") || type.contains("float") || prior instanceof NumberSpec) {
            NumberSpec p = prior instanceof NumberSpec np ? np : null;
            Double def = a.value() == null ? null : declNumber(a);
            return new NumberSpec(info, def, range != null ? range[0] : p != null ? p.min() : null,
                    range != null ? range[1] : p != null ? p.max() : null);
        }
        return new TextSpec(info, a.value());
    }

    private static double declNumber(ModelArgumentDecl a) {
        try {
            return Double.parseDouble(a.value().trim());
        } catch (NumberFormatException e) {
            throw new org.deepraster.util.UserException("ModelArguments entry \"" + a.name() + "\": key \"value\": found \""
                    + a.value() + "\", expected a number (its dataType is " + a.dataType() + ")",
                    "Fix the default value of this argument in the .emd.");
        }
    }

    private static List<String> choices(Object domain) {
        List<String> out = new ArrayList<>();
        Object list = domain;
        if (domain instanceof Map<?, ?> m) {
            list = m.get("codedValues") != null ? m.get("codedValues") : m.get("values");
        }
        if (list instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof Map<?, ?> cv && cv.get("code") != null) {
                    out.add(String.valueOf(cv.get("code")));
                } else if (o != null && !(o instanceof Map)) {
                    out.add(String.valueOf(o));
                }
            }
        }
        return out;
    }

    private static double[] range(Object domain) {
        if (domain instanceof Map<?, ?> m) {
            Object r = m.get("range");
            if (r instanceof List<?> l && l.size() == 2 && l.get(0) instanceof Number a && l.get(1) instanceof Number b) {
                return new double[] {a.doubleValue(), b.doubleValue()};
            }
            if (m.get("minValue") instanceof Number a && m.get("maxValue") instanceof Number b) {
                return new double[] {a.doubleValue(), b.doubleValue()};
            }
        }
        return null;
    }
}
