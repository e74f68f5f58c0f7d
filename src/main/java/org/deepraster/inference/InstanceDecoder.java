package org.deepraster.inference;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import org.deepraster.model.ModelArguments;
import org.deepraster.model.ModelDefinition;
import org.deepraster.model.ModelSignature;
import org.deepraster.model.TensorSpec;
import org.deepraster.util.UserException;

/**
 * Instance segmentation outputs in torchvision's Mask R-CNN form: {@code boxes [N, 4]} (x1, y1, x2,
 * y2, chip pixels), {@code labels [N]} (int64, 0 is the background, so label {@code k} is the
 * {@code k}-th class of the definition, as Esri's ArcGISInstanceDetector reads
 * {@code Classes[label - 1]}), {@code scores [N]} and {@code masks}, soft masks (0..1) either
 * <ul>
 * <li>{@link MaskLayout#PASTED} into the chip, {@code [N, 1, H, W]} or {@code [N, H, W]} with H x W
 *     the chip (what torchvision's {@code MaskRCNN} returns in eval mode), or</li>
 * <li>{@link MaskLayout#PER_BOX}, {@code [N, 1, M, M]} or {@code [N, C, M, M]} (typically 28 x 28,
 *     the mask head's raw output), stretched over the instance's box with bilinear sampling; with C
 *     channels the channel of the instance's label is taken (C = classes + 1, background first; C =
 *     classes: label - 1).</li>
 * </ul>
 * torchvision's outputs have no batch axis: such a model runs one chip at a time. Outputs with a
 * leading batch axis ({@code boxes [B, N, 4]}, {@code masks [B, N, 1, H, W]}) are read per chip.
 * A pixel belongs to the instance when its soft-mask value is at least the mask threshold (0.5 by
 * default, as arcgis.learn's inference contours its masks at 0.5; model argument
 * {@value #MASK_THRESHOLD_ARGUMENT}, our name: arcgis.learn has no such argument). Instances scoring below
 * the score threshold, or whose mask keeps no pixel, are dropped.
 */
public record InstanceDecoder(String boxes, String labels, String scores, String masks, boolean batchAxis,
                              int numClasses) implements Decoder {
    public static final String MASK_THRESHOLD_ARGUMENT = "mask_threshold";
    public static final float DEFAULT_MASK_THRESHOLD = 0.5f;

    public enum MaskLayout { PASTED, PER_BOX }

    @Override
    public String describe() {
        String b = batchAxis ? "B, " : "";
        return "instance masks: torchvision Mask R-CNN outputs " + boxes + " [" + b + "N, 4] (x1, y1, x2, y2), "
                + labels + " [" + b + "N] (1 = first class), " + scores + " [" + b + "N], " + masks + " [" + b
                + "N, 1, H, W] soft masks pasted into the chip, or [" + b + "N, C, M, M] per box"
                + (batchAxis ? "" : "; one chip per run");
    }

    /**
     * The instance decoder for a model with boxes, labels, scores and masks outputs (found by name:
     * "box", "label" or "class", "score", "mask"), if it has them.
     */
    public static Optional<InstanceDecoder> recognise(ModelDefinition d, ModelSignature sig) {
        TensorSpec box = find(sig, t -> has(t, "box") && t.rank() >= 2 && t.dim(-1) == 4);
        TensorSpec mask = find(sig, t -> has(t, "mask") && (t.rank() == 3 || t.rank() == 4 || t.rank() == 5));
        TensorSpec score = find(sig, t -> has(t, "score") && t.isFloat());
        TensorSpec label = find(sig, t -> has(t, "label") && t != score);
        if (label == null) {
            label = find(sig, t -> has(t, "class") && t != score && t != mask);
        }
        if (box == null || mask == null || score == null || label == null) {
            return Optional.empty();
        }
        boolean batch = box.rank() == 3;
        return Optional.of(new InstanceDecoder(box.name(), label.name(), score.name(), mask.name(), batch,
                d.classes().size()));
    }

    private static boolean has(TensorSpec t, String part) {
        return t.name().toLowerCase(Locale.ROOT).contains(part);
    }

    private static TensorSpec find(ModelSignature sig, Predicate<TensorSpec> ok) {
        return sig.outputs().stream().filter(ok).findFirst().orElse(null);
    }

    /** The mask threshold of a run: model argument {@value #MASK_THRESHOLD_ARGUMENT}, else 0.5. */
    public static float maskThreshold(ModelArguments args) {
        String v = args == null ? null : args.get(MASK_THRESHOLD_ARGUMENT);
        if (v == null || v.isBlank()) {
            return DEFAULT_MASK_THRESHOLD;
        }
        try {
            float t = Float.parseFloat(v.trim());
            if (t > 0 && t < 1) {
                return t;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UserException("Model argument " + MASK_THRESHOLD_ARGUMENT + " is \"" + v + "\": it must be a number between 0 and 1 (exclusive).",
                "Pass e.g. " + MASK_THRESHOLD_ARGUMENT + " 0.5 (the soft-mask value from which a pixel belongs to the instance).");
    }

    /** How the masks output of this run is laid out, from its shape and the chip size. */
    public MaskLayout maskLayout(InferenceOutputs outs) {
        OutputTensor m = outs.get(masks);
        return m.dim(-2) == outs.chipHeight() && m.dim(-1) == outs.chipWidth() ? MaskLayout.PASTED : MaskLayout.PER_BOX;
    }

    /** Instances per batch item, in output order. */
    public List<List<Instance>> decode(InferenceOutputs outs, float scoreThreshold, float maskThreshold) {
        OutputTensor b = outs.get(boxes);
        OutputTensor l = outs.get(labels);
        OutputTensor s = outs.get(scores);
        OutputTensor m = outs.get(masks);
        if (!m.isFloat()) {
            throw new UserException("Output " + masks + " holds integers; soft masks (float 0..1) are expected.",
                    "Export the model with torchvision's Mask R-CNN mask output (float probabilities).");
        }
        int chips = batchAxis ? b.dim(0) : 1;
        if (!batchAxis && outs.count() > 1) {
            throw new UserException("The model's outputs have no batch axis (torchvision Mask R-CNN), so it reads one chip per run, but "
                    + outs.count() + " chips were sent together.", "Set the model argument batch_size to 1.");
        }
        int perChip = b.dim(batchAxis ? 1 : 0);
        MaskLayout layout = maskLayout(outs);
        int mh = m.dim(-2), mw = m.dim(-1);
        int channels = m.rank() == (batchAxis ? 4 : 3) ? 1 : m.dim(batchAxis ? 2 : 1);
        int plane = mh * mw;
        List<List<Instance>> res = new ArrayList<>(outs.count());
        for (int n = 0; n < Math.min(outs.count(), chips); n++) {
            List<Instance> out = new ArrayList<>();
            for (int i = 0; i < perChip; i++) {
                int k = n * perChip + i;
                float score = (float) s.at(k);
                if (score < scoreThreshold) {
                    continue;
                }
                long label = Math.round(l.at(k));
                float x0 = (float) Math.min(b.at(4 * k), b.at(4 * k + 2)), x1 = (float) Math.max(b.at(4 * k), b.at(4 * k + 2));
                float y0 = (float) Math.min(b.at(4 * k + 1), b.at(4 * k + 3)), y1 = (float) Math.max(b.at(4 * k + 1), b.at(4 * k + 3));
                int channel = channels == 1 ? 0 : (int) Math.max(0, Math.min(channels - 1, channels == numClasses ? label - 1 : label));
                int offset = (k * channels + channel) * plane;
                InstanceMask mask = layout == MaskLayout.PASTED
                        ? InstanceMask.threshold(m.floats(), offset, mw, mh, maskThreshold)
                        : pasteInBox(m.floats(), offset, mw, mh, x0, y0, x1, y1, outs.chipWidth(), outs.chipHeight(), maskThreshold);
                if (mask == null) {
                    continue;
                }
                int classIndex = label >= 1 && label <= numClasses ? (int) label - 1 : -1;
                out.add(new Instance(classIndex, label, score, x0, y0, x1, y1, mask));
            }
            res.add(out);
        }
        for (int n = res.size(); n < outs.count(); n++) {
            res.add(List.of());
        }
        return res;
    }

    /**
     * An M x M soft mask stretched over the box (pixel centres sampled bilinearly, the mask's cells
     * covering the box edge to edge), thresholded, in chip pixels; null when no pixel is kept.
     */
    static InstanceMask pasteInBox(float[] data, int offset, int mw, int mh, float x0, float y0, float x1, float y1,
                                   int chipWidth, int chipHeight, float threshold) {
        int c0 = Math.max(0, (int) Math.floor(x0)), c1 = Math.min(chipWidth, (int) Math.ceil(x1));
        int r0 = Math.max(0, (int) Math.floor(y0)), r1 = Math.min(chipHeight, (int) Math.ceil(y1));
        float bw = Math.max(1e-6f, x1 - x0), bh = Math.max(1e-6f, y1 - y0);
        if (c1 <= c0 || r1 <= r0) {
            return null;
        }
        float[] plane = new float[(c1 - c0) * (r1 - r0)];
        for (int r = r0; r < r1; r++) {
            double v = (r + 0.5 - y0) / bh * mh - 0.5;
            for (int c = c0; c < c1; c++) {
                double u = (c + 0.5 - x0) / bw * mw - 0.5;
                plane[(r - r0) * (c1 - c0) + (c - c0)] = (float) bilinear(data, offset, mw, mh, u, v);
            }
        }
        InstanceMask local = InstanceMask.threshold(plane, 0, c1 - c0, r1 - r0, threshold);
        return local == null ? null : new InstanceMask(local.x0() + c0, local.y0() + r0, local.width(), local.height(), local.bits());
    }

    /** Bilinear sample at (u, v) in cell-centre coordinates; zero beyond half a cell outside the grid. */
    private static double bilinear(float[] d, int offset, int w, int h, double u, double v) {
        if (u < -0.5 || v < -0.5 || u > w - 0.5 || v > h - 0.5) {
            return 0;
        }
        double cu = Math.max(0, Math.min(w - 1, u)), cv = Math.max(0, Math.min(h - 1, v));
        int i0 = (int) Math.floor(cu), j0 = (int) Math.floor(cv);
        int i1 = Math.min(w - 1, i0 + 1), j1 = Math.min(h - 1, j0 + 1);
        double fu = cu - i0, fv = cv - j0;
        double a = d[offset + j0 * w + i0], b = d[offset + j0 * w + i1];
        double c = d[offset + j1 * w + i0], e = d[offset + j1 * w + i1];
        return (a * (1 - fu) + b * fu) * (1 - fv) + (c * (1 - fu) + e * fu) * fv;
    }
}
