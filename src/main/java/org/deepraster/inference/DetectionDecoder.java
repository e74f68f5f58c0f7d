package org.deepraster.inference;

import java.util.ArrayList;
import java.util.List;

/**
 * Object detection outputs, in one of three layouts:
 * <ul>
 * <li>{@link Layout#YOLO_V5}: {@code [N, K, 5 + C]} rows of cx, cy, w, h, objectness, class scores;
 *     score = objectness x best class score (YOLOv5/v7/v6 exports);</li>
 * <li>{@link Layout#ULTRALYTICS}: {@code [N, 4 + C, K]} (YOLOv8+/v9): cx, cy, w, h, class scores,
 *     attribute-major; score = best class score;</li>
 * <li>{@link Layout#BOXES_SCORES_LABELS}: separate outputs boxes {@code [N, K, 4]} (x1, y1, x2, y2),
 *     scores {@code [N, K]}, labels {@code [N, K]}; labels are matched to class Values, else used as
 *     indexes. Boxes whose coordinates all lie in [0, 1] are taken as normalised and scaled to the chip.</li>
 * </ul>
 * Boxes come back in chip pixel coordinates; those scoring below the threshold are dropped. No NMS
 * here: overlaps across tiles are resolved by the tool.
 */
public record DetectionDecoder(Layout layout, String boxes, String scores, String labels, int numClasses,
                               int[] classValues) implements Decoder {
    public enum Layout { YOLO_V5, ULTRALYTICS, BOXES_SCORES_LABELS }

    public String describe() {
        return switch (layout) {
            case YOLO_V5 -> "detection, YOLOv5/v7 layout: output " + boxes + " [N, K, 5+C] (cx, cy, w, h, obj, classes)";
            case ULTRALYTICS -> "detection, Ultralytics layout: output " + boxes + " [N, 4+C, K] (cx, cy, w, h, classes)";
            case BOXES_SCORES_LABELS -> "detection, separate outputs: boxes " + boxes + " [N, K, 4] (x1, y1, x2, y2), scores "
                    + scores + " [N, K]" + (labels == null ? "" : ", labels " + labels + " [N, K]");
        };
    }

    /** Detections per batch item, in output order, score at least {@code threshold}. */
    public List<List<Detection>> decode(InferenceOutputs outs, float threshold) {
        List<List<Detection>> res = new ArrayList<>(outs.count());
        for (int n = 0; n < outs.count(); n++) {
            res.add(switch (layout) {
                case YOLO_V5 -> yolo(outs.get(boxes), n, threshold);
                case ULTRALYTICS -> ultralytics(outs.get(boxes), n, threshold);
                case BOXES_SCORES_LABELS -> separate(outs, n, threshold);
            });
        }
        return res;
    }

    private static List<Detection> yolo(OutputTensor t, int n, float threshold) {
        int k = t.dim(1);
        int a = t.dim(2);
        List<Detection> out = new ArrayList<>();
        int base = n * k * a;
        for (int i = 0; i < k; i++) {
            int r = base + i * a;
            double obj = t.at(r + 4);
            if (obj < threshold) {
                continue;
            }
            int best = 0;
            double bestScore = a > 5 ? t.at(r + 5) : 1;
            for (int c = 1; c < a - 5; c++) {
                double s = t.at(r + 5 + c);
                if (s > bestScore) {
                    bestScore = s;
                    best = c;
                }
            }
            float score = (float) (obj * bestScore);
            if (score >= threshold) {
                out.add(box(t.at(r), t.at(r + 1), t.at(r + 2), t.at(r + 3), best, score));
            }
        }
        return out;
    }

    private static List<Detection> ultralytics(OutputTensor t, int n, float threshold) {
        int a = t.dim(1);
        int k = t.dim(2);
        int base = n * a * k;
        List<Detection> out = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            int best = 0;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < a - 4; c++) {
                double s = t.at(base + (4 + c) * k + i);
                if (s > bestScore) {
                    bestScore = s;
                    best = c;
                }
            }
            if (bestScore >= threshold) {
                out.add(box(t.at(base + i), t.at(base + k + i), t.at(base + 2 * k + i), t.at(base + 3 * k + i),
                        best, (float) bestScore));
            }
        }
        return out;
    }

    private static Detection box(double cx, double cy, double w, double h, int cls, float score) {
        return new Detection((float) (cx - w / 2), (float) (cy - h / 2), (float) (cx + w / 2), (float) (cy + h / 2),
                cls, score);
    }

    private List<Detection> separate(InferenceOutputs outs, int n, float threshold) {
        OutputTensor b = outs.get(boxes);
        OutputTensor s = outs.get(scores);
        OutputTensor l = labels == null ? null : outs.get(labels);
        boolean batched = b.rank() == 3;
        int k = batched ? b.dim(1) : b.dim(0);
        int bBase = batched ? n * k * 4 : 0;
        int sBase = s.rank() == 2 ? n * k : 0;
        boolean normalised = true;
        for (int i = 0; i < k * 4 && normalised; i++) {
            double v = b.at(bBase + i);
            normalised = v >= -1e-6 && v <= 1 + 1e-6;
        }
        float sx = normalised ? outs.chipWidth() : 1;
        float sy = normalised ? outs.chipHeight() : 1;
        List<Detection> out = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            float score = (float) s.at(sBase + i);
            if (score < threshold) {
                continue;
            }
            int label = l == null ? 0 : (int) Math.round(l.at(sBase + i));
            float x1 = (float) b.at(bBase + i * 4);
            float y1 = (float) b.at(bBase + i * 4 + 1);
            float x2 = (float) b.at(bBase + i * 4 + 2);
            float y2 = (float) b.at(bBase + i * 4 + 3);
            out.add(new Detection(Math.min(x1, x2) * sx, Math.min(y1, y2) * sy, Math.max(x1, x2) * sx,
                    Math.max(y1, y2) * sy, classIndex(label), score));
        }
        return out;
    }

    /** A label that equals a class Value maps to that class; otherwise the label is the index. */
    private int classIndex(int label) {
        if (classValues != null) {
            for (int i = 0; i < classValues.length; i++) {
                if (classValues[i] == label) {
                    return i;
                }
            }
        }
        return label;
    }
}
