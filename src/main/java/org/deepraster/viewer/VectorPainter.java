package org.deepraster.viewer;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.util.function.BooleanSupplier;
import org.deepraster.feature.Feature;
import org.deepraster.plugin.LayerStyle;
import org.locationtech.jts.awt.PointShapeFactory;
import org.locationtech.jts.awt.ShapeWriter;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Puntal;
import org.opengis.referencing.crs.CoordinateReferenceSystem;

/**
 * How {@link MapRenderer} draws vector layers: only the features an STRtree finds in view,
 * through JTS's {@link ShapeWriter}, filtered as the layer says; in class colours (a relabel in
 * review takes the new class's), rejected features faded and dashed, the selection outlined, and
 * labels placed by {@link MapLabels}. On the rendering thread.
 */
final class VectorPainter {
    private static final Color SELECTION = new Color(0x00, 0xE5, 0xFF);
    /** Outline of a feature rejected in review. */
    static final Color REJECTED = new Color(0x80, 0x80, 0x80, 170);

    private VectorPainter() {
    }

    /** Draws the features of a vector layer in view, with class colours, review marks, the selection and labels. */
    static void drawVector(Graphics2D g, VectorLayer layer, MapViewport vp, CoordinateReferenceSystem mapCrs,
                            BooleanSupplier cancelled) {
        VectorLayer.Projection p = layer.projection(mapCrs);
        LayerStyle style = layer.style();
        Envelope view = vp.extent();
        double margin = Math.max(style.pointSize(), style.lineWidth()) * vp.scale();
        view.expandBy(margin);
        int[] hits = p.query(view);
        if (hits.length == 0) {
            return;
        }
        double s = vp.scale();
        double cx = vp.centerX(), cy = vp.centerY(), hw = vp.width() / 2.0, hh = vp.height() / 2.0;
        ShapeWriter writer = new ShapeWriter((src, dest) -> dest.setLocation((src.x - cx) / s + hw, (cy - src.y) / s + hh),
                new PointShapeFactory.Circle(style.pointSize()));
        writer.setDecimation(s * 0.5);
        writer.setRemoveDuplicatePoints(true);
        Graphics2D lg = (Graphics2D) g.create();
        try {
            lg.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, layer.opacity()));
            BasicStroke stroke = new BasicStroke(style.lineWidth(), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
            BasicStroke selStroke = new BasicStroke(style.lineWidth() + 2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
            java.util.Set<Long> selected = layer.selected();
            java.util.function.Predicate<Feature> filter = layer.filter();
            LayerStyle.Review review = style.review();
            LayerStyle.Label label = style.labelsShown() ? style.label() : null;
            MapLabels labels = label == null ? null : new MapLabels(lg, vp.width(), vp.height());
            int n = 0;
            for (int i : hits) {
                if ((++n & 1023) == 0) {
                    MapRenderer.check(cancelled);
                }
                Geometry geom = p.geometry(i);
                if (geom == null || geom.isEmpty()) {
                    continue;
                }
                Feature f = p.feature(i);
                if (filter != null && !filter.test(f)) {
                    continue;
                }
                Shape shape = writer.toShape(geom);
                boolean areal = geom.getDimension() == 2 || geom instanceof Puntal;
                Color fill = style.fill();
                Color strokeColor = style.stroke();
                Object st = review == null || review.statusField() == null ? null : f.get(review.statusField());
                boolean rejected = st != null && LayerStyle.Review.REJECTED.equalsIgnoreCase(st.toString().trim());
                if (rejected) {
                    // a rejected feature: faded, a grey dashed outline and no fill
                    lg.setColor(REJECTED);
                    lg.setStroke(new BasicStroke(Math.max(1f, style.lineWidth()), BasicStroke.CAP_BUTT,
                            BasicStroke.JOIN_ROUND, 10f, new float[] {4f, 3f}, 0f));
                    lg.draw(shape);
                } else {
                    if (style.classField() != null) {
                        Object cls = f.get(style.classField());
                        Object r = review == null || review.labelField() == null ? null : f.get(review.labelField());
                        if (r != null && !r.toString().isBlank()) {
                            cls = r.toString(); // relabelled in review: the new class's colour
                        }
                        Color c = style.colorFor(cls);
                        if (c != null) {
                            // the class colour outlines the feature; its fill stays see-through
                            strokeColor = new Color(c.getRGB());
                            fill = new Color(c.getRed(), c.getGreen(), c.getBlue(), Math.min(c.getAlpha(), 70));
                        }
                    }
                    if (areal && fill != null) {
                        lg.setColor(fill);
                        lg.fill(shape);
                    }
                    if (strokeColor != null) {
                        lg.setColor(strokeColor);
                        lg.setStroke(stroke);
                        lg.draw(shape);
                    }
                }
                if (!selected.isEmpty() && selected.contains(f.id())) {
                    lg.setColor(SELECTION);
                    lg.setStroke(selStroke);
                    lg.draw(shape);
                }
                if (labels != null && labels.wanted()) {
                    labels.offer(label, f, shape.getBounds2D(), geom instanceof Puntal, rejected);
                }
            }
            if (labels != null) {
                labels.draw();
            }
        } finally {
            lg.dispose();
        }
    }
}
