package org.deepraster.inference;

import java.util.ArrayList;
import java.util.List;

/**
 * Object detection outputs, in one of these layouts (the YOLO ones recognised by {@link YoloLayouts},
 * which also says why in {@link #why()}):
 * <ul>
 * <li>{@link Layout#YOLO_V5}: {@code [N, K, 5 + C]} rows of cx, cy, w, h, objectness, class scores;
 *     score = objectness x best class score (YOLOv5/v7/v6 exports);</li>
 * <li>{@link Layout#ULTRALYTICS}: {@code [N, 4 + C, K]} (YOLOv8/v9/v11): cx, cy, w, h, class scores,
 *     attribute-major; score = best class score;</li>
 * <li>{@link Layout#END2END}: {@code [N, 300, 6]} (YOLOv10, YOLO26): x1, y1, x2, y2, score, class, NMS-free;</li>
 * <li>{@link Layout#OBB} {@code [N, 4 + C + 1, K]} and {@link Layout#OBB_END2END} {@code [N, 300, 7]}:
 *     oriented boxes (angle in radians), decoded to rotated rectangles ({@link Detection#corners()});</li>
 * <li>{@link Layout#SEGMENT} {@code [N, 4 + C + 32, K]} and {@link Layout#SEGMENT_END2END}
 *     {@code [N, 300, 6 + 32]}, with prototypes {@code [N, 32, H/4, W/4]}: boxes with instance masks;</li>
 * <li>{@link Layout#BOXES_SCORES_LABELS}: separate outputs boxes {@code [N, K, 4]} (x1, y1, x2, y2),
 *     scores {@code [N, K]}, labels {@code [N, K]}; labels are matched to class Values, else used as
 *     indexes. Boxes whose coordinates all lie in [0, 1] are taken as normalised and scaled to the chip.</li>
 * </ul>
 * Boxes come back in chip pixel coordinates; those scoring below the threshold are dropped. Overlaps
 * within a tile are the tool's (the model's own NMS, skipped for {@link #nmsFree()} heads), across tiles too.
 *
 * @param numClasses class scores read (0: all the output holds)
 * @param protos     the prototype output of a segmentation head, else null
 * @param why        how the layout was recognised (for {@code info})
 */
public record DetectionDecoder(Layout layout, String boxes, String scores, String labels, int numClasses,
                               int[] classValues, String protos, String why) implements Decoder {
    public enum Layout {
        YOLO_V5("YOLOv5/v7 layout [N, K, 5+C] (cx, cy, w, h, objectness, classes)"),
        ULTRALYTICS("Ultralytics YOLOv8/v11 layout [N, 4+C, K] (cx, cy, w, h, classes)"),
        END2END("end-to-end YOLOv10/YOLO26 [N, 300, 6] (x1, y1, x2, y2, score, class; NMS-free)"),
        OBB("Ultralytics oriented boxes [N, 4+C+1, K] (cx, cy, w, h, classes, angle)"),
        OBB_END2END("end-to-end oriented boxes [N, 300, 7] (cx, cy, w, h, score, class, angle; NMS-free)"),
        SEGMENT("Ultralytics segmentation [N, 4+C+32, K] (cx, cy, w, h, classes, mask coefficients) + prototypes"),
        SEGMENT_END2END("end-to-end segmentation [N, 300, 6+32] (x1, y1, x2, y2, score, class, mask coefficients) + prototypes"),
        BOXES_SCORES_LABELS("separate boxes [N, K, 4], scores [N, K], labels [N, K]"),
        MASK_RCNN("torchvision Mask R-CNN boxes [N, 4], labels [N], scores [N], masks (pasted [N, 1, H, W] or per box"
                + " [N, C, M, M]); NMS done by the model");

        private final String title;

        Layout(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }

        public boolean oriented() {
            return this == OBB || this == OBB_END2END;
        }

        public boolean masks() {
            return this == SEGMENT || this == SEGMENT_END2END || this == MASK_RCNN;
        }
    }

    /** Without prototypes; {@code why} empty. */
    public DetectionDecoder(Layout layout, String boxes, String scores, String labels, int numClasses, int[] classValues) {
        this(layout, boxes, scores, labels, numClasses, classValues, null, "");
    }

    /** End-to-end heads ran their own selection in the graph: no NMS within the tile. */
    public boolean nmsFree() {
        return layout == Layout.END2END || layout == Layout.OBB_END2END || layout == Layout.SEGMENT_END2END
                || layout == Layout.MASK_RCNN;
    }

    public String describe() {
        String what = switch (layout) {
            case MASK_RCNN -> instances(null).describe();
            case BOXES_SCORES_LABELS -> "detection, separate outputs: boxes " + boxes + " [N, K, 4] (x1, y1, x2, y2), scores "
                    + scores + " [N, K]" + (labels == null ? "" : ", labels " + labels + " [N, K]");
            default -> "detection, " + layout.title() + ": output " + boxes + (protos == null ? "" : ", prototypes " + protos)
                    + (numClasses > 0 ? ", " + numClasses + " classes" : "");
        };
        return what + (why == null || why.isEmpty() ? "" : "; recognised from " + why);
    }

    /** Detections per batch item, in output order, score at least {@code threshold}. */
    public List<List<Detection>> decode(InferenceOutputs outs, float threshold) {
        return decode(outs, threshold, 1);
    }

    /**
     * As {@link #decode(InferenceOutputs, float)}; segmentation heads first run the model's own NMS
     * ({@code nmsOverlap}, within each class, as Ultralytics does before making masks) so that masks are
     * made only for the instances kept.
     */
    public List<List<Detection>> decode(InferenceOutputs outs, float threshold, double nmsOverlap) {
        return decode(outs, threshold, nmsOverlap, 0.5);
    }

    /** As {@link #decode(InferenceOutputs, float, double)}; a mask pixel is on when its probability exceeds {@code maskThreshold}. */
    public List<List<Detection>> decode(InferenceOutputs outs, float threshold, double nmsOverlap, double maskThreshold) {
        List<List<Detection>> res = new ArrayList<>(outs.count());
        for (int n = 0; n < outs.count(); n++) {
            res.add(switch (layout) {
                case YOLO_V5 -> YoloDecoding.v5(outs.get(boxes), n, threshold, numClasses);
                case ULTRALYTICS -> YoloDecoding.v8(outs.get(boxes), n, threshold, numClasses);
                case END2END -> YoloDecoding.end2end(outs.get(boxes), n, threshold);
                case OBB -> YoloDecoding.obb(outs.get(boxes), n, threshold, numClasses);
                case OBB_END2END -> YoloDecoding.obbEnd2end(outs.get(boxes), n, threshold);
                case SEGMENT, SEGMENT_END2END -> segment(outs, n, threshold, nmsOverlap, maskThreshold);
                case BOXES_SCORES_LABELS -> separate(outs, n, threshold);
                case MASK_RCNN -> maskRcnn(outs, n, threshold, maskThreshold);
            });
        }
        return res;
    }

    /** The Mask R-CNN decoder over the same outputs ({@code protos} holds the masks' name); batch axis from the boxes' rank. */
    private InstanceDecoder instances(InferenceOutputs outs) {
        boolean batchAxis = outs != null && outs.get(boxes).rank() == 3;
        return new InstanceDecoder(boxes, labels, scores, protos, batchAxis, numClasses);
    }

    /** Chip {@code n}'s instances as detections with their masks (box, class index, score). */
    private List<Detection> maskRcnn(InferenceOutputs outs, int n, float threshold, double maskThreshold) {
        InstanceDecoder dec = instances(outs);
        List<List<Instance>> all = dec.decode(outs, threshold, (float) maskThreshold);
        List<Detection> out = new ArrayList<>();
        if (n < all.size()) {
            for (Instance i : all.get(n)) {
                out.add(new Detection(i.x0(), i.y0(), i.x1(), i.y1(), i.classIndex(), i.score()).withMask(i.mask()));
            }
        }
        return out;
    }

    private List<Detection> segment(InferenceOutputs outs, int n, float threshold, double nmsOverlap, double maskThreshold) {
        OutputTensor p = outs.get(protos);
        List<YoloDecoding.Candidate> cands = YoloDecoding.segment(outs.get(boxes), n, threshold, numClasses, p.dim(1),
                layout == Layout.SEGMENT_END2END);
        if (!nmsFree() && nmsOverlap < 1 && cands.size() > 1) {
            int[] keep = org.deepraster.detection.NonMaxSuppression.keep(cands.stream().map(c -> new
                    org.deepraster.detection.NonMaxSuppression.Candidate(c.detection().x0(), c.detection().y0(),
                    c.detection().x1(), c.detection().y1(), c.detection().score(), c.detection().classIndex(), null)).toList(),
                    nmsOverlap, false);
            List<YoloDecoding.Candidate> kept = new ArrayList<>(keep.length);
            for (int i : keep) {
                kept.add(cands.get(i));
            }
            cands = kept;
        }
        List<Detection> out = new ArrayList<>(cands.size());
        for (YoloDecoding.Candidate c : cands) {
            InstanceMask m = YoloDecoding.mask(p, n, c.coefficients(), c.detection(), outs.chipWidth(), outs.chipHeight(),
                    maskThreshold);
            if (m != null) {
                out.add(c.detection().withMask(m));
            }
        }
        return out;
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
