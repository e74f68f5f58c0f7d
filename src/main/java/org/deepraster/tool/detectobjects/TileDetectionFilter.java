package org.deepraster.tool.detectobjects;

import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.List;
import org.deepraster.detection.NonMaxSuppression;
import org.deepraster.inference.Detection;
import org.deepraster.tiling.Tile;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.prep.PreparedGeometry;

/**
 * Which of a tile's decoded detections it keeps, on the inference thread (thread-safe, no state):
 * boxes clipped to the chip; the centre rule — with {@code excludePad} a detection belongs to the
 * tile whose area (core within the region) holds its centre, else to any tile when its centre is in
 * the region —; the mask; then the model's own NMS within the tile ({@code nmsOverlap}; 1 for NMS-free
 * heads). Oriented boxes and instance masks keep their outline ({@link DetectionShapes}); their box is
 * the outline's envelope.
 *
 * @param maskInPixels the processing mask in pixels, or null
 */
record TileDetectionFilter(int chipW, int chipH, Rectangle roi, PreparedGeometry maskInPixels, boolean excludePad,
                           double nmsOverlap) {

    /** Clip to the chip, centre rule (padding, extent, mask), then the model's own NMS within the tile. */
    List<Det> keep(Tile t, List<Detection> found) {
        List<Det> dets = new ArrayList<>();
        Coordinate c = new Coordinate();
        GeometryFactory gf = new GeometryFactory();
        for (Detection d : found) {
            if (d.mask() != null && d.corners() == null) {
                continue; // an instance: see fragments
            }
            double x0 = Math.max(0, d.x0());
            double y0 = Math.max(0, d.y0());
            double x1 = Math.min(chipW, d.x1());
            double y1 = Math.min(chipH, d.y1());
            org.locationtech.jts.geom.Geometry shape = null;
            if (d.corners() != null) {
                shape = DetectionShapes.shape(d, t.window().x, t.window().y, chipW, chipH);
                if (shape == null) {
                    continue;
                }
                org.locationtech.jts.geom.Envelope e = shape.getEnvelopeInternal();
                x0 = e.getMinX() - t.window().x;
                y0 = e.getMinY() - t.window().y;
                x1 = e.getMaxX() - t.window().x;
                y1 = e.getMaxY() - t.window().y;
            }
            if (x1 <= x0 || y1 <= y0) {
                continue;
            }
            double cx = t.window().x + (x0 + x1) / 2;
            double cy = t.window().y + (y0 + y1) / 2;
            Rectangle area = excludePad ? t.area() : roi;
            if (cx < area.x || cx >= area.x + area.width || cy < area.y || cy >= area.y + area.height) {
                continue;
            }
            if (!excludePad && !roi.contains(cx, cy)) {
                continue;
            }
            if (maskInPixels != null) {
                c.x = cx;
                c.y = cy;
                if (!maskInPixels.contains(gf.createPoint(c))) {
                    continue;
                }
            }
            dets.add(new Det(t.window().x + x0, t.window().y + y0, t.window().x + x1, t.window().y + y1,
                    d.classIndex(), d.score(), 0, shape, d.angle()));
        }
        if (dets.size() > 1 && nmsOverlap < 1) {
            int[] k = NonMaxSuppression.keep(dets.stream().map(Det::candidate).toList(), nmsOverlap, false);
            List<Det> kept = new ArrayList<>(k.length);
            for (int i : k) {
                kept.add(dets.get(i));
            }
            return kept;
        }
        return dets;
    }

    /**
     * The instance masks among a tile's detections as fragments in raster pixels: each mask cut to the tile's
     * window and the region of interest (the centre rule does not apply: {@link InstanceMerger} gives each pixel
     * to the tile that owns it). The model's own NMS ran in the decoder, before the masks were made.
     */
    List<InstanceFragment> fragments(Tile t, List<Detection> found) {
        List<InstanceFragment> out = new ArrayList<>();
        Rectangle w = t.window();
        for (Detection d : found) {
            org.deepraster.inference.InstanceMask m = d.mask();
            if (m == null || d.corners() != null) {
                continue;
            }
            Rectangle r = new Rectangle(w.x + m.x0(), w.y + m.y0(), m.width(), m.height()).intersection(roi)
                    .intersection(w);
            if (r.isEmpty()) {
                continue;
            }
            boolean[] bits = new boolean[r.width * r.height];
            boolean any = false;
            for (int y = 0; y < r.height; y++) {
                for (int x = 0; x < r.width; x++) {
                    boolean on = m.on(r.x + x - w.x, r.y + y - w.y);
                    bits[y * r.width + x] = on;
                    any |= on;
                }
            }
            if (any) {
                out.add(new InstanceFragment(0, t.index(), d.classIndex(), d.score(), r.x, r.y, r.width, r.height, bits));
            }
        }
        return out;
    }
}
