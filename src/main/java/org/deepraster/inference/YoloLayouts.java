package org.deepraster.inference;

import java.util.Locale;
import java.util.Map;
import org.deepraster.inference.DetectionDecoder.Layout;
import org.deepraster.model.ModelArguments;
import org.deepraster.model.ModelDefinition;
import org.deepraster.model.ModelSignature;
import org.deepraster.model.TensorSpec;
import org.deepraster.model.UltralyticsMetadata;
import org.deepraster.util.UserException;

/**
 * Tells which YOLO head wrote a detector's output, with a sentence saying why (printed by {@code info}):
 * <ul>
 * <li>YOLOv5/v7 {@code [N, K, 5+C]} (objectness), Ultralytics YOLOv8/v11 {@code [N, 4+C, K]};</li>
 * <li>end-to-end (NMS-free) heads, YOLOv10 / YOLO26: {@code [N, 300, 6]} (x1, y1, x2, y2, score, class);</li>
 * <li>oriented boxes {@code [N, 4+C+1, K]} (angle last), end-to-end {@code [N, 300, 7]};</li>
 * <li>segmentation {@code [N, 4+C+M, K]} plus prototypes {@code [N, M, H/4, W/4]} (M = 32), end-to-end
 *     {@code [N, 300, 6+M]}.</li>
 * </ul>
 * In order: the model arguments {@code yolo_layout} / {@code num_classes}; Deepness {@code det_type}; the
 * Ultralytics metadata ({@code task}, {@code names}, {@code end2end}); the shapes with the class count of
 * the definition. What the shapes cannot settle is a {@link UserException} naming the shapes and the
 * arguments that settle it.
 */
public final class YoloLayouts {
    /** The model argument naming the layout, and its values. */
    public static final String LAYOUT_ARGUMENT = "yolo_layout";
    public static final String CLASSES_ARGUMENT = "num_classes";
    public static final Map<String, Layout> BY_NAME = Map.of(
            "v5", Layout.YOLO_V5, "v8", Layout.ULTRALYTICS, "end2end", Layout.END2END, "obb", Layout.OBB,
            "obb_end2end", Layout.OBB_END2END, "segment", Layout.SEGMENT, "segment_end2end", Layout.SEGMENT_END2END);

    /** Deepness det_type to our layout (data, not code per model). */
    private static final Map<String, Layout> DET_TYPES = Map.of(
            "yolo_v5_or_v7_default", Layout.YOLO_V5,
            "yolo_v6", Layout.YOLO_V5,
            "yolo_v9", Layout.ULTRALYTICS,
            "yolo_ultralytics", Layout.ULTRALYTICS,
            "yolo_ultralytics_segmentation", Layout.SEGMENT);

    /** What was recognised: the layout, the tensors read, the class count (0: all the shape holds) and why. */
    public record Recognition(Layout layout, String output, String protos, int numClasses, String why) {
    }

    private YoloLayouts() {
    }

    public static Recognition recognise(ModelDefinition d, ModelSignature sig, ModelArguments args) {
        TensorSpec protos = null;
        TensorSpec o = null;
        for (TensorSpec t : sig.outputs()) {
            if (t.rank() == 4 && protos == null) {
                protos = t;
            } else if (t.rank() == 3 && o == null) {
                o = t;
            }
        }
        if (o == null) {
            throw new UserException(d.source().label() + ": no YOLO detection output: found " + Decoders.shapes(sig)
                    + ", expected [N, K, 5+C], [N, 4+C, K], [N, 300, 6] (+ prototypes [N, 32, H/4, W/4] for segmentation)",
                    "Export the model with its detection head (Ultralytics: format=onnx, nms=False).");
        }
        int nm = protos == null || protos.isDynamic(1) ? 0 : (int) protos.dim(1);
        String pName = protos == null ? null : protos.name();
        long a = o.dim(1);
        long b = o.dim(2);
        String shapes = o.name() + " " + o.shapeText() + (protos == null ? "" : " and " + protos.name() + " " + protos.shapeText());
        int nc = classCount(d, args);
        String ncWhy = args.get(CLASSES_ARGUMENT) != null ? "num_classes " + nc : nc > 0 ? nc + " classes" : null;
        UltralyticsMetadata meta = UltralyticsMetadata.read(sig.metadata());

        String forced = args.get(LAYOUT_ARGUMENT);
        if (forced != null && !forced.isBlank() && !forced.equalsIgnoreCase("auto")) {
            Layout l = BY_NAME.get(forced.trim().toLowerCase(Locale.ROOT));
            if (l == null) {
                throw new UserException("yolo_layout \"" + forced + "\" is not a layout.",
                        "Use one of auto, " + String.join(", ", BY_NAME.keySet().stream().sorted().toList()) + ".");
            }
            return fit(l, o, pName, nm, nc, shapes, "yolo_layout " + forced.trim() + " (model argument)");
        }
        String detType = d.deepness() == null ? null : d.deepness().detType();
        if (detType != null && DET_TYPES.containsKey(detType.toLowerCase(Locale.ROOT))) {
            Layout l = DET_TYPES.get(detType.toLowerCase(Locale.ROOT));
            return fit(l, o, pName, nm, nc, shapes, "Deepness det_type " + detType);
        }
        if (meta != null && meta.task() != null) {
            String from = "Ultralytics metadata task " + meta.task()
                    + (meta.end2end() == null ? "" : ", end2end " + meta.end2end()) + (ncWhy == null ? "" : ", " + ncWhy);
            boolean e2e = Boolean.TRUE.equals(meta.end2end());
            switch (meta.task()) {
                case "detect", "pose" -> {
                    if (e2e || (meta.end2end() == null && b == 6 && (nc <= 0 || a != 4 + nc))) {
                        return fit(Layout.END2END, o, pName, nm, nc, shapes, from);
                    }
                    boolean pose = "pose".equals(meta.task());
                    if (pose && nc > 0) {
                        if (a < 4 + nc) {
                            throw mismatch(Layout.ULTRALYTICS, shapes, a + " attributes, fewer than 4 + " + nc + " classes");
                        }
                        return new Recognition(Layout.ULTRALYTICS, o.name(), pName, nc,
                                from + " (keypoints after the class scores are not read)");
                    }
                    return fit(Layout.ULTRALYTICS, o, pName, nm, nc, shapes, from);
                }
                case "obb" -> {
                    return fit(e2e || (meta.end2end() == null && b == 7 && (nc <= 0 || a != 5 + nc))
                            ? Layout.OBB_END2END : Layout.OBB, o, pName, nm, nc, shapes, from);
                }
                case "segment" -> {
                    if (protos == null) {
                        throw new UserException(d.source().label() + ": Ultralytics task segment but no prototype output"
                                + " [N, 32, H/4, W/4]: found " + Decoders.shapes(sig), "Export the whole segmentation model.");
                    }
                    return fit(e2e || (meta.end2end() == null && b == 6 + nm && (nc <= 0 || a != 4 + nc + nm))
                            ? Layout.SEGMENT_END2END : Layout.SEGMENT, o, pName, nm, nc, shapes, from);
                }
                default -> {
                    // classify (not a detector) or unknown: fall through to the shapes
                }
            }
        }
        String fromShape = "shape " + shapes + (ncWhy == null ? "" : " with " + ncWhy);
        if (protos != null) {
            if (nc > 0 && b == 6 + nm && a != 4 + nc + nm) {
                return fit(Layout.SEGMENT_END2END, o, pName, nm, nc, shapes, fromShape);
            }
            if (nc <= 0 && !(a > 0 && b > 0 && a < b)) {
                throw ambiguous(d, shapes, "segmentation [N, 4+C+" + nm + ", K] or end-to-end [N, K, 6+" + nm + "]",
                        "yolo_layout segment;num_classes C");
            }
            return fit(Layout.SEGMENT, o, pName, nm, nc, shapes, fromShape + (nc > 0 ? "" : " (attribute axis 1 shorter than K)"));
        }
        if (nc <= 0) {
            String v8 = a > 4 ? "YOLOv8/v11 [N, 4+C, K] with C = " + (a - 4) + " (or OBB with " + (a - 5) + ")" : null;
            String v5 = b > 5 ? "YOLOv5/v7 [N, K, 5+C] with C = " + (b - 5) : null;
            String e2e = b == 6 ? "end-to-end [N, 300, 6] (YOLOv10/YOLO26)" : null;
            String options = String.join(", or ", java.util.stream.Stream.of(v8, v5, e2e).filter(x -> x != null).toList());
            throw ambiguous(d, shapes, options.isEmpty() ? "no known YOLO layout" : options,
                    "yolo_layout v8;num_classes " + (a > 4 ? a - 4 : "C"));
        }
        boolean v5 = b == 5 + nc;
        boolean v8 = a == 4 + nc;
        boolean obb = a == 5 + nc;
        boolean e2e = b == 6 && !v5;
        int fits = (v5 ? 1 : 0) + (v8 ? 1 : 0) + (obb ? 1 : 0) + (e2e ? 1 : 0);
        if (fits != 1) {
            throw ambiguous(d, shapes, fits == 0 ? "none of [N, K, 5+" + nc + "], [N, 4+" + nc + ", K], [N, 5+" + nc
                    + ", K] (OBB), [N, 300, 6] fits" : "several layouts fit", "yolo_layout v8;num_classes " + nc);
        }
        Layout l = v5 ? Layout.YOLO_V5 : v8 ? Layout.ULTRALYTICS : obb ? Layout.OBB : Layout.END2END;
        return fit(l, o, pName, nm, nc, shapes, fromShape);
    }

    /** Checks the shape against the layout and the class count; the class count is the shape's when unknown. */
    private static Recognition fit(Layout l, TensorSpec o, String protos, int nm, int nc, String shapes, String why) {
        long a = o.dim(1);
        long b = o.dim(2);
        long attrs = switch (l) {
            case YOLO_V5, END2END, OBB_END2END, SEGMENT_END2END -> b;
            default -> a;
        };
        int extra = switch (l) {
            case YOLO_V5 -> 5;
            case ULTRALYTICS -> 4;
            case OBB -> 5;
            case SEGMENT -> 4 + nm;
            default -> 0;
        };
        if ((l == Layout.SEGMENT || l == Layout.SEGMENT_END2END) && protos == null) {
            throw new UserException("Layout " + l.title() + " needs a prototype output [N, 32, H/4, W/4]: found " + shapes + ".",
                    "Pick another yolo_layout, or export the whole segmentation model.");
        }
        long fixed = switch (l) {
            case END2END -> 6;
            case OBB_END2END -> 7;
            case SEGMENT_END2END -> 6 + nm;
            default -> -1;
        };
        if (attrs <= 0) {
            throw new UserException("Layout " + l.title() + ": the attribute axis of " + shapes + " is dynamic.",
                    "Export the model with static output shapes.");
        }
        int classes = nc;
        if (fixed > 0) {
            if (attrs != fixed) {
                throw mismatch(l, shapes, attrs + " values per detection, expected " + fixed);
            }
        } else if (nc > 0 && attrs != extra + nc) {
            throw mismatch(l, shapes, attrs + " attributes, expected " + extra + " + " + nc + " classes");
        } else if (nc <= 0) {
            classes = (int) (attrs - extra);
            if (classes <= 0) {
                throw mismatch(l, shapes, attrs + " attributes leave no class score");
            }
        }
        return new Recognition(l, o.name(), protos, classes, why);
    }

    /** num_classes when given, else the definition's classes (Ultralytics names included), else 0. */
    static int classCount(ModelDefinition d, ModelArguments args) {
        String n = args.get(CLASSES_ARGUMENT);
        if (n != null && !n.isBlank() && !n.trim().equals("0")) {
            try {
                int v = Integer.parseInt(n.trim());
                if (v > 0) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // falls to the error below
            }
            throw new UserException("num_classes \"" + n + "\" is not a positive whole number.", "E.g. num_classes 80.");
        }
        return d.classes().size();
    }

    private static UserException mismatch(Layout l, String shapes, String what) {
        return new UserException("The output " + shapes + " does not fit layout " + l.title() + ": " + what + ".",
                "Check yolo_layout and num_classes in the model arguments (or the classes of the definition).");
    }

    private static UserException ambiguous(ModelDefinition d, String shapes, String options, String settle) {
        return new UserException(d.source().label() + ": cannot tell the YOLO layout of " + shapes + ": " + options
                + ", and the model carries no Ultralytics metadata (task, names) nor Deepness det_type.",
                "Settle it with the model arguments, e.g. --model_arguments \"" + settle + "\" (yolo_layout: "
                        + String.join(", ", BY_NAME.keySet().stream().sorted().toList())
                        + "; num_classes: the class scores per box), or list the classes in an .emd.");
    }
}
