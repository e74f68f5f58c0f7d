package org.deepraster.inference;

import java.util.ArrayList;
import java.util.List;

/**
 * The YOLO output layouts read into {@link Detection}s of one batch item (chip pixels; the chip is the
 * model's input, so Ultralytics' letterbox at {@code imgsz} is the identity). Rows below the
 * threshold are dropped; no NMS here (see {@link DetectionDecoder#decode(InferenceOutputs, float, double)}).
 * {@code nc} bounds the class scores read (pose heads carry keypoints after them).
 */
final class YoloDecoding {
    private YoloDecoding() {
    }

    /** {@code [N, K, 5+C]}: cx, cy, w, h, objectness, class scores; score = objectness × best class score. */
    static List<Detection> v5(OutputTensor t, int n, float threshold, int nc) {
        int k = t.dim(1);
        int a = t.dim(2);
        int classes = nc > 0 ? Math.min(nc, a - 5) : a - 5;
        List<Detection> out = new ArrayList<>();
        int base = n * k * a;
        for (int i = 0; i < k; i++) {
            int r = base + i * a;
            double obj = t.at(r + 4);
            if (obj < threshold) {
                continue;
            }
            int best = 0;
            double bestScore = classes > 0 ? t.at(r + 5) : 1;
            for (int c = 1; c < classes; c++) {
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

    /** The best class of anchor {@code i} of an attribute-major {@code [N, A, K]} output: {index, score bits}. */
    private static double[] best(OutputTensor t, int base, int k, int i, int first, int classes) {
        int best = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
            double s = t.at(base + (first + c) * k + i);
            if (s > bestScore) {
                bestScore = s;
                best = c;
            }
        }
        return new double[] {best, bestScore};
    }

    /** {@code [N, 4+C(+extra), K]}: cx, cy, w, h, class scores (YOLOv8/v11); score = best class score. */
    static List<Detection> v8(OutputTensor t, int n, float threshold, int nc) {
        int a = t.dim(1);
        int k = t.dim(2);
        int base = n * a * k;
        int classes = nc > 0 ? Math.min(nc, a - 4) : a - 4;
        List<Detection> out = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            double[] b = best(t, base, k, i, 4, classes);
            if (b[1] >= threshold) {
                out.add(box(t.at(base + i), t.at(base + k + i), t.at(base + 2 * k + i), t.at(base + 3 * k + i),
                        (int) b[0], (float) b[1]));
            }
        }
        return out;
    }

    /** {@code [N, 4+C+1, K]}: cx, cy, w, h, class scores, angle (radians). */
    static List<Detection> obb(OutputTensor t, int n, float threshold, int nc) {
        int a = t.dim(1);
        int k = t.dim(2);
        int base = n * a * k;
        int classes = nc > 0 ? nc : a - 5;
        List<Detection> out = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            double[] b = best(t, base, k, i, 4, classes);
            if (b[1] >= threshold) {
                out.add(Detection.rotated(t.at(base + i), t.at(base + k + i), t.at(base + 2 * k + i),
                        t.at(base + 3 * k + i), t.at(base + (4 + classes) * k + i), (int) b[0], (float) b[1]));
            }
        }
        return out;
    }

    /** {@code [N, K, 6]} (YOLOv10 / YOLO26 end-to-end): x1, y1, x2, y2, score, class; already NMS-free. */
    static List<Detection> end2end(OutputTensor t, int n, float threshold) {
        int k = t.dim(1);
        int a = t.dim(2);
        List<Detection> out = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            int r = (n * k + i) * a;
            float score = (float) t.at(r + 4);
            if (score >= threshold) {
                float x1 = (float) t.at(r);
                float y1 = (float) t.at(r + 1);
                float x2 = (float) t.at(r + 2);
                float y2 = (float) t.at(r + 3);
                out.add(new Detection(Math.min(x1, x2), Math.min(y1, y2), Math.max(x1, x2), Math.max(y1, y2),
                        (int) Math.round(t.at(r + 5)), score));
            }
        }
        return out;
    }

    /** {@code [N, K, 7]} (end-to-end OBB): cx, cy, w, h, score, class, angle. */
    static List<Detection> obbEnd2end(OutputTensor t, int n, float threshold) {
        int k = t.dim(1);
        int a = t.dim(2);
        List<Detection> out = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            int r = (n * k + i) * a;
            float score = (float) t.at(r + 4);
            if (score >= threshold) {
                out.add(Detection.rotated(t.at(r), t.at(r + 1), t.at(r + 2), t.at(r + 3), t.at(r + 6),
                        (int) Math.round(t.at(r + 5)), score));
            }
        }
        return out;
    }

    /**
     * Segmentation candidates with their mask coefficients: {@code [N, 4+C+M, K]} (cx, cy, w, h, classes,
     * coefficients) or, end-to-end, {@code [N, K, 6+M]} (x1, y1, x2, y2, score, class, coefficients).
     */
    static List<Candidate> segment(OutputTensor t, int n, float threshold, int nc, int nm, boolean end2end) {
        List<Candidate> out = new ArrayList<>();
        if (end2end) {
            int k = t.dim(1);
            int a = t.dim(2);
            for (int i = 0; i < k; i++) {
                int r = (n * k + i) * a;
                float score = (float) t.at(r + 4);
                if (score >= threshold) {
                    float[] coef = new float[nm];
                    for (int m = 0; m < nm; m++) {
                        coef[m] = (float) t.at(r + 6 + m);
                    }
                    float x1 = (float) t.at(r);
                    float y1 = (float) t.at(r + 1);
                    float x2 = (float) t.at(r + 2);
                    float y2 = (float) t.at(r + 3);
                    out.add(new Candidate(new Detection(Math.min(x1, x2), Math.min(y1, y2), Math.max(x1, x2),
                            Math.max(y1, y2), (int) Math.round(t.at(r + 5)), score), coef));
                }
            }
            return out;
        }
        int a = t.dim(1);
        int k = t.dim(2);
        int base = n * a * k;
        int classes = nc > 0 ? nc : a - 4 - nm;
        for (int i = 0; i < k; i++) {
            double[] b = best(t, base, k, i, 4, classes);
            if (b[1] >= threshold) {
                float[] coef = new float[nm];
                for (int m = 0; m < nm; m++) {
                    coef[m] = (float) t.at(base + (4 + classes + m) * k + i);
                }
                out.add(new Candidate(box(t.at(base + i), t.at(base + k + i), t.at(base + 2 * k + i),
                        t.at(base + 3 * k + i), (int) b[0], (float) b[1]), coef));
            }
        }
        return out;
    }

    /** A segmentation candidate before its mask is made. */
    record Candidate(Detection detection, float[] coefficients) {
    }

    /**
     * The instance mask as Ultralytics makes it ({@code ops.process_mask_native}): sigmoid(coefficients ·
     * prototypes) at prototype resolution, upsampled bilinearly (half-pixel centres, as
     * {@code F.interpolate(align_corners=False)}) to the chip, cut to the box (pixel index x with
     * {@code x1 <= x < x2}), on above {@code maskThreshold} (Ultralytics: 0.5). Returns null when no pixel is on.
     */
    static InstanceMask mask(OutputTensor protos, int n, float[] coef, Detection d, int chipW, int chipH,
                             double maskThreshold) {
        int nm = protos.dim(1);
        int mh = protos.dim(2);
        int mw = protos.dim(3);
        int x0 = Math.max(0, (int) Math.ceil(d.x0()));
        int y0 = Math.max(0, (int) Math.ceil(d.y0()));
        int x1 = Math.min(chipW, (int) Math.ceil(d.x1()));
        int y1 = Math.min(chipH, (int) Math.ceil(d.y1()));
        if (x1 <= x0 || y1 <= y0) {
            return null;
        }
        // the prototype cells the window reads (bilinear needs one more on each side)
        int px0 = Math.max(0, (int) Math.floor(src(x0, mw, chipW)));
        int px1 = Math.min(mw - 1, (int) Math.floor(src(x1 - 1, mw, chipW)) + 1);
        int py0 = Math.max(0, (int) Math.floor(src(y0, mh, chipH)));
        int py1 = Math.min(mh - 1, (int) Math.floor(src(y1 - 1, mh, chipH)) + 1);
        int lw = px1 - px0 + 1;
        float[] low = new float[(py1 - py0 + 1) * lw];
        int plane = mh * mw;
        int base = n * nm * plane;
        for (int y = py0; y <= py1; y++) {
            for (int x = px0; x <= px1; x++) {
                double s = 0;
                for (int m = 0; m < nm; m++) {
                    s += coef[m] * protos.at(base + m * plane + y * mw + x);
                }
                low[(y - py0) * lw + (x - px0)] = (float) (1 / (1 + Math.exp(-s)));
            }
        }
        int w = x1 - x0;
        int h = y1 - y0;
        boolean[] bits = new boolean[w * h];
        boolean any = false;
        for (int y = y0; y < y1; y++) {
            double sy = clamp(src(y, mh, chipH), mh);
            int ya = (int) Math.floor(sy);
            int yb = Math.min(ya + 1, mh - 1);
            double fy = sy - ya;
            for (int x = x0; x < x1; x++) {
                double sx = clamp(src(x, mw, chipW), mw);
                int xa = (int) Math.floor(sx);
                int xb = Math.min(xa + 1, mw - 1);
                double fx = sx - xa;
                double top = low[(ya - py0) * lw + xa - px0] * (1 - fx) + low[(ya - py0) * lw + xb - px0] * fx;
                double bottom = low[(yb - py0) * lw + xa - px0] * (1 - fx) + low[(yb - py0) * lw + xb - px0] * fx;
                boolean on = top * (1 - fy) + bottom * fy > maskThreshold;
                bits[(y - y0) * w + (x - x0)] = on;
                any |= on;
            }
        }
        return any ? new InstanceMask(x0, y0, w, h, bits) : null;
    }

    /** Source coordinate of output pixel {@code i} (half-pixel centres) when {@code out} pixels cover {@code in}. */
    private static double src(int i, int in, int out) {
        return (i + 0.5) * in / out - 0.5;
    }

    private static double clamp(double v, int size) {
        return Math.max(0, Math.min(size - 1, v));
    }

    static Detection box(double cx, double cy, double w, double h, int cls, float score) {
        return new Detection((float) (cx - w / 2), (float) (cy - h / 2), (float) (cx + w / 2), (float) (cy + h / 2),
                cls, score);
    }
}
