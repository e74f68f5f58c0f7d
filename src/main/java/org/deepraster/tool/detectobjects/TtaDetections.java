package org.deepraster.tool.detectobjects;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.deepraster.inference.Detection;
import org.deepraster.inference.InstanceMask;
import org.deepraster.tiling.TtaView;

/**
 * Test-time augmentation for detectors (inference thread, no state): a view's detections turned back into the chip's
 * pixels ({@link #back}), then the views' detections of one tile fused by weighted boxes fusion ({@link #fuse},
 * Solovyev et al. 2021, as the {@code ensemble_boxes} package's {@code weighted_boxes_fusion} with equal weights and
 * {@code conf_type 'avg'}): by class, most confident first, a detection joins the fused box it overlaps most above
 * the IoU ({@link #IOU}) among those its view has not joined yet (one member a view, so one view alone is left as it
 * is), else starts one; a fused box is the confidence-weighted mean of its members' boxes, its
 * confidence their mean times {@code min(views, members) / views} (a box only one view of 8 saw keeps an eighth of its
 * confidence). Fused boxes below the run's threshold are dropped, so the output's confidences mean what they mean
 * without augmentation. Instance masks are fused by a per-pixel vote: a pixel is on when at least half of the members'
 * masks hold it. An oriented box keeps the corners of its most confident member (the axis boxes are fused for the
 * clustering and the confidence). The tool's usual steps (centre rule, NMS within the tile, NMS across tiles) follow.
 */
final class TtaDetections {
    /** The IoU above which detections of the views are one object (ensemble_boxes' default, 0.55). */
    static final double IOU = 0.55;

    private TtaDetections() {
    }

    /** A detection found in {@code view} of a {@code chipW x chipH} chip, in the chip's own pixels. */
    static Detection back(Detection d, TtaView view, int chipW, int chipH) {
        if (view == TtaView.IDENTITY) {
            return d;
        }
        double[] a = view.pointBack(d.x0(), d.y0(), chipW, chipH);
        double[] b = view.pointBack(d.x1(), d.y1(), chipW, chipH);
        double[] corners = null;
        double angle = d.angle();
        if (d.corners() != null) {
            corners = new double[d.corners().length];
            for (int i = 0; i < corners.length; i += 2) {
                double[] p = view.pointBack(d.corners()[i], d.corners()[i + 1], chipW, chipH);
                corners[i] = p[0];
                corners[i + 1] = p[1];
            }
            // Detection.rotated: corner 1 - corner 2 = w (cos, sin)
            angle = Math.atan2(corners[3] - corners[5], corners[2] - corners[4]);
        }
        InstanceMask mask = d.mask() == null ? null : maskBack(d.mask(), view, chipW, chipH);
        return new Detection((float) Math.min(a[0], b[0]), (float) Math.min(a[1], b[1]), (float) Math.max(a[0], b[0]),
                (float) Math.max(a[1], b[1]), d.classIndex(), d.score(), angle, corners, mask);
    }

    /** A mask in the view's pixels back in the chip's: chip pixel (x, y) is on when its pixel in the view is. */
    static InstanceMask maskBack(InstanceMask m, TtaView view, int chipW, int chipH) {
        double[] a = view.pointBack(m.x0(), m.y0(), chipW, chipH);
        double[] b = view.pointBack(m.x0() + m.width(), m.y0() + m.height(), chipW, chipH);
        int x0 = (int) Math.round(Math.min(a[0], b[0]));
        int y0 = (int) Math.round(Math.min(a[1], b[1]));
        int w = (int) Math.round(Math.abs(a[0] - b[0]));
        int h = (int) Math.round(Math.abs(a[1] - b[1]));
        int viewW = view.swapsAxes() ? chipH : chipW;
        boolean[] bits = new boolean[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = view.index(x0 + x, y0 + y, chipW, chipH);
                bits[y * w + x] = m.on(i % viewW, i / viewW);
            }
        }
        return new InstanceMask(x0, y0, w, h, bits);
    }

    /** A fused box being built: the members' confidence-weighted coordinates. */
    private static final class Cluster {
        final int classIndex;
        final List<Detection> members = new ArrayList<>();
        final boolean[] views;
        double sx0, sy0, sx1, sy1, sw;

        Cluster(Detection first, int viewCount) {
            classIndex = first.classIndex();
            views = new boolean[viewCount];
            add(first);
        }

        void add(Detection d) {
            members.add(d);
            double s = d.score();
            sx0 += s * d.x0();
            sy0 += s * d.y0();
            sx1 += s * d.x1();
            sy1 += s * d.y1();
            sw += s;
        }

        double x0() {
            return sx0 / sw;
        }

        double y0() {
            return sy0 / sw;
        }

        double x1() {
            return sx1 / sw;
        }

        double y1() {
            return sy1 / sw;
        }
    }

    /**
     * Weighted boxes fusion of the detections of the views of one chip ({@code perView.get(v)}: view v's, already in
     * the chip's pixels), dropping fused boxes whose confidence is below {@code threshold}; most confident first. A view
     * gives a fused box at most one member (its own duplicates were settled by the model's NMS), so one view alone
     * is returned as it is.
     */
    static List<Detection> fuse(List<List<Detection>> perView, double iou, float threshold) {
        int views = perView.size();
        if (views == 1) {
            return perView.get(0);
        }
        record Tagged(Detection d, int view) {
        }
        List<Tagged> sorted = new ArrayList<>();
        for (int v = 0; v < views; v++) {
            for (Detection d : perView.get(v)) {
                sorted.add(new Tagged(d, v));
            }
        }
        sorted.sort(Comparator.comparingDouble((Tagged t) -> -t.d().score()));
        List<Cluster> clusters = new ArrayList<>();
        for (Tagged t : sorted) {
            Detection d = t.d();
            Cluster best = null;
            double bestIou = iou;
            for (Cluster c : clusters) {
                if (c.classIndex != d.classIndex() || c.views[t.view()]) {
                    continue;
                }
                double o = iou(c.x0(), c.y0(), c.x1(), c.y1(), d.x0(), d.y0(), d.x1(), d.y1());
                if (o > bestIou) {
                    bestIou = o;
                    best = c;
                }
            }
            if (best == null) {
                best = new Cluster(d, views);
                clusters.add(best);
            } else {
                best.add(d);
            }
            best.views[t.view()] = true;
        }
        List<Detection> out = new ArrayList<>(clusters.size());
        for (Cluster c : clusters) {
            int n = c.members.size();
            float score = (float) (c.sw / n * Math.min(views, n) / views);
            if (score < threshold) {
                continue;
            }
            Detection top = c.members.get(0); // most confident (sorted)
            InstanceMask mask = top.mask() == null ? null : vote(c.members);
            if (top.mask() != null && mask == null) {
                continue;
            }
            out.add(new Detection((float) c.x0(), (float) c.y0(), (float) c.x1(), (float) c.y1(), c.classIndex, score,
                    top.angle(), top.corners(), mask));
        }
        out.sort(Comparator.comparingDouble((Detection d) -> -d.score()));
        return out;
    }

    /** The pixels that at least half of the members' masks hold, cut to their rectangle; null when none. */
    static InstanceMask vote(List<Detection> members) {
        int minX = Integer.MAX_VALUE, minY = Integer.MAX_VALUE, maxX = Integer.MIN_VALUE, maxY = Integer.MIN_VALUE;
        int n = 0;
        for (Detection d : members) {
            InstanceMask m = d.mask();
            if (m == null) {
                continue;
            }
            n++;
            minX = Math.min(minX, m.x0());
            minY = Math.min(minY, m.y0());
            maxX = Math.max(maxX, m.x0() + m.width());
            maxY = Math.max(maxY, m.y0() + m.height());
        }
        if (n == 0 || maxX <= minX || maxY <= minY) {
            return null;
        }
        int w = maxX - minX;
        int h = maxY - minY;
        int[] votes = new int[w * h];
        for (Detection d : members) {
            InstanceMask m = d.mask();
            if (m == null) {
                continue;
            }
            for (int y = 0; y < m.height(); y++) {
                for (int x = 0; x < m.width(); x++) {
                    if (m.bits()[y * m.width() + x]) {
                        votes[(m.y0() - minY + y) * w + (m.x0() - minX + x)]++;
                    }
                }
            }
        }
        int rx0 = Integer.MAX_VALUE, ry0 = Integer.MAX_VALUE, rx1 = -1, ry1 = -1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (2 * votes[y * w + x] >= n) {
                    rx0 = Math.min(rx0, x);
                    ry0 = Math.min(ry0, y);
                    rx1 = Math.max(rx1, x);
                    ry1 = Math.max(ry1, y);
                }
            }
        }
        if (rx1 < 0) {
            return null;
        }
        int cw = rx1 - rx0 + 1;
        int ch = ry1 - ry0 + 1;
        boolean[] bits = new boolean[cw * ch];
        for (int y = 0; y < ch; y++) {
            for (int x = 0; x < cw; x++) {
                bits[y * cw + x] = 2 * votes[(ry0 + y) * w + rx0 + x] >= n;
            }
        }
        return new InstanceMask(minX + rx0, minY + ry0, cw, ch, bits);
    }

    static double iou(double ax0, double ay0, double ax1, double ay1, double bx0, double by0, double bx1, double by1) {
        double iw = Math.min(ax1, bx1) - Math.max(ax0, bx0);
        double ih = Math.min(ay1, by1) - Math.max(ay0, by0);
        if (iw <= 0 || ih <= 0) {
            return 0;
        }
        double inter = iw * ih;
        double union = (ax1 - ax0) * (ay1 - ay0) + (bx1 - bx0) * (by1 - by0) - inter;
        return union <= 0 ? 0 : inter / union;
    }
}
