package org.deepraster.inference;

import java.util.List;
import java.util.Locale;
import org.deepraster.model.ClassInfo;
import org.deepraster.model.ModelArguments;
import org.deepraster.model.ModelDefinition;
import org.deepraster.model.ModelSignature;
import org.deepraster.model.ModelType;
import org.deepraster.model.TensorSpec;
import org.deepraster.util.UserException;

/**
 * Chooses the decoder from the definition (model type, Deepness det_type, classes) and the output
 * tensors' shapes and names. Fails with a UserException saying which outputs were found and what was
 * expected.
 */
public final class Decoders {
    private Decoders() {
    }

    public static Decoder select(ModelDefinition d, ModelSignature sig) {
        return select(d, sig, ModelArguments.EMPTY);
    }

    /** As {@link #select(ModelDefinition, ModelSignature)}; {@code yolo_layout} / {@code num_classes} settle YOLO layouts. */
    public static Decoder select(ModelDefinition d, ModelSignature sig, ModelArguments args) {
        ModelType type = d.modelType();
        if (type == null) {
            throw fail(d, sig, "a model type", "ModelType is missing");
        }
        return switch (type) {
            case OBJECT_CLASSIFICATION -> classification(d, sig);
            case IMAGE_CLASSIFICATION, CHANGE_DETECTION -> pixels(d, sig);
            case OBJECT_DETECTION, INSTANCE_DETECTION -> detection(d, sig, args);
        };
    }

    private static Decoder classification(ModelDefinition d, ModelSignature sig) {
        TensorSpec o = sig.outputs().get(0);
        if (o.rank() != 2) {
            throw fail(d, sig, "one output [N, C] of class scores", "output " + o.name() + " is " + o.shapeText());
        }
        return new ClassificationDecoder(o.name(), o.isDynamic(1) ? -1 : (int) o.dim(1));
    }

    private static Decoder pixels(ModelDefinition d, ModelSignature sig) {
        return pixels(d, sig, sig.outputs().get(0));
    }

    /**
     * One pixel decoder per output of a pixel classifier, in output order (Deepness writes one result per
     * output: {@code map_processor_segmentation.py} loops over {@code model.process}'s outputs). Each output
     * is decoded by the same rules as the first.
     */
    public static List<PixelDecoder> pixelHeads(ModelDefinition d, ModelSignature sig) {
        List<PixelDecoder> heads = new java.util.ArrayList<>();
        for (TensorSpec o : sig.outputs()) {
            heads.add(pixels(d, sig, o));
        }
        return heads;
    }

    private static PixelDecoder pixels(ModelDefinition d, ModelSignature sig, TensorSpec o) {
        if (o.rank() == 4 && (o.dim(1) > 1 || o.isDynamic(1))) {
            return new PixelDecoder(PixelDecoder.Kind.CLASS_SCORES, o.name());
        }
        if (o.rank() == 4 && o.dim(1) == 1 && o.isFloat()) {
            return new PixelDecoder(PixelDecoder.Kind.SIGMOID, o.name());
        }
        if (o.rank() == 3 && o.isInteger()) {
            return new PixelDecoder(PixelDecoder.Kind.LABELS, o.name());
        }
        if (o.rank() == 3 && o.isFloat()) {
            return new PixelDecoder(PixelDecoder.Kind.SIGMOID, o.name());
        }
        throw fail(d, sig, "[N, C, H, W] class scores, [N, 1, H, W] or [N, H, W] probabilities, or [N, H, W] labels",
                "output " + o.name() + " is " + o.elementType() + " " + o.shapeText());
    }

    private static Decoder detection(ModelDefinition d, ModelSignature sig, ModelArguments args) {
        List<ClassInfo> classes = d.classes();
        int[] values = classes.stream().mapToInt(ClassInfo::value).toArray();
        int nc = classes.size();
        boolean yoloShaped = sig.outputs().stream().anyMatch(t -> t.rank() == 3)
                && sig.outputs().stream().allMatch(t -> t.rank() == 3 || t.rank() == 4);
        if (!yoloShaped) {
            // boxes, labels, scores and masks (torchvision Mask R-CNN): instance masks, whatever the ModelType says
            java.util.Optional<InstanceDecoder> inst = InstanceDecoder.recognise(d, sig);
            if (inst.isPresent()) {
                InstanceDecoder i = inst.get();
                return new DetectionDecoder(DetectionDecoder.Layout.MASK_RCNN, i.boxes(), i.scores(), i.labels(),
                        i.numClasses(), values, i.masks(), "output names (boxes, labels, scores, masks)");
            }
        }
        if (sig.outputs().size() >= 2 && !yoloShaped) {
            TensorSpec boxes = find(sig, "box", t -> t.dim(-1) == 4 && t.rank() >= 2);
            TensorSpec scores = find(sig, "score", t -> t.isFloat() && t != boxes && t.rank() <= 2
                    && !t.name().toLowerCase(Locale.ROOT).contains("label"));
            TensorSpec labels = find(sig, "label", t -> t != boxes && t != scores && t.rank() <= 2);
            if (labels == null) {
                labels = find(sig, "class", t -> t != boxes && t != scores && t.rank() <= 2);
            }
            if (boxes != null && scores != null) {
                return new DetectionDecoder(DetectionDecoder.Layout.BOXES_SCORES_LABELS, boxes.name(), scores.name(),
                        labels == null ? null : labels.name(), nc, values, null, "output names (boxes, scores, labels)");
            }
        }
        if (!yoloShaped) {
            throw fail(d, sig, "[N, K, 5+C] (YOLOv5/v7), [N, 4+C, K] (Ultralytics), [N, 300, 6] (end-to-end), with"
                    + " prototypes [N, 32, H/4, W/4] for segmentation, or separate boxes [N, K, 4] / scores [N, K] /"
                    + " labels [N, K] outputs", "outputs " + shapes(sig));
        }
        YoloLayouts.Recognition r = YoloLayouts.recognise(d, sig, args);
        return new DetectionDecoder(r.layout(), r.output(), null, null, r.numClasses(), values, r.protos(), r.why());
    }

    private static TensorSpec find(ModelSignature sig, String namePart, java.util.function.Predicate<TensorSpec> shapeOk) {
        for (TensorSpec t : sig.outputs()) {
            if (t.name().toLowerCase(Locale.ROOT).contains(namePart) && t.rank() > 0 && shapeOk.test(t)) {
                return t;
            }
        }
        for (TensorSpec t : sig.outputs()) {
            if (t.rank() > 0 && shapeOk.test(t) && namePart.equals("box")) {
                return t;
            }
        }
        return null;
    }

    static String shapes(ModelSignature sig) {
        StringBuilder sb = new StringBuilder();
        for (TensorSpec t : sig.outputs()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(t);
        }
        return sb.toString();
    }

    private static UserException fail(ModelDefinition d, ModelSignature sig, String expected, String found) {
        return new UserException(d.source().label() + ": the model's outputs do not fit ModelType "
                + (d.modelType() == null ? "(none)" : d.modelType().emdName()) + ": found " + found + ", expected " + expected,
                "Check ModelType in the definition, or export the model with outputs in one of the expected layouts.");
    }
}
