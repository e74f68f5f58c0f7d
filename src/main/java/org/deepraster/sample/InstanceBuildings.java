package org.deepraster.sample;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Area;
import java.awt.geom.PathIterator;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The buildings of the {@link SampleScene.Flavour#INSTANCES} scene: what makes instance
 * segmentation hard. Rows of two to four buildings that touch (shared walls, each its own roof
 * colour and height, so its own shadow), L-shaped buildings, buildings centred on the lines
 * {@code x, y = k * 256} (cut by the edges of 256 and 512 px tiles), long dark shadows, and trees
 * whose crowns hang over roofs (the footprint stays the whole building). Draws with the renderer's
 * roof, shadow and tree painters; deterministic for the renderer's random generator.
 */
final class InstanceBuildings {

    /** Buildings are snapped onto multiples of this many pixels, the edges of 256 (and 512) px tiles. */
    static final int TILE_EDGE = 256;

    private final SceneRenderer r;
    private final SplittableRandom rnd;
    private final int size;

    InstanceBuildings(SceneRenderer r, SplittableRandom rnd, int size) {
        this.r = r;
        this.rnd = rnd;
        this.size = size;
    }

    void draw(Graphics2D g, Graphics2D lc) {
        int target = (int) (size * (double) size / 20000.0);
        int attempts = target * 12;
        for (int a = 0; a < attempts && r.buildings.size() < target; a++) {
            double u = rnd.nextDouble();
            String layout = u < 0.35 ? "row" : u < 0.65 ? "l_shape" : "single";
            double cx = 40 + rnd.nextDouble() * (size - 80), cy = 40 + rnd.nextDouble() * (size - 80);
            if (rnd.nextDouble() < 0.3) {
                cx = snap(cx);
            }
            if (rnd.nextDouble() < 0.3) {
                cy = snap(cy);
            }
            double angle = rnd.nextDouble() < 0.5 ? rnd.nextDouble() * Math.PI : (rnd.nextInt(4) * Math.PI / 2);
            AffineTransform t = AffineTransform.getTranslateInstance(cx, cy);
            t.rotate(angle);
            List<Shape> local = parts(layout);
            List<Shape> footprints = new ArrayList<>();
            Area union = new Area();
            for (Shape l : local) {
                Shape fp = t.createTransformedShape(l);
                footprints.add(fp);
                union.add(new Area(fp));
            }
            Rectangle2D b = union.getBounds2D();
            if (b.getMinX() < 2 || b.getMinY() < 2 || b.getMaxX() > size - 2 || b.getMaxY() > size - 2
                    || r.intersectsOccupied(union)) {
                continue;
            }
            double maxShadow = 0;
            double[] shadows = new double[footprints.size()];
            for (int i = 0; i < footprints.size(); i++) {
                shadows[i] = (8 + rnd.nextDouble() * 14) * r.shadowScale;
                maxShadow = Math.max(maxShadow, shadows[i]);
                Shape shadow = AffineTransform.getTranslateInstance(r.sunDx * shadows[i], r.sunDy * shadows[i])
                        .createTransformedShape(footprints.get(i));
                g.setColor(new Color(0, 0, 0, 120 + rnd.nextInt(40)));
                g.fill(shadow);
            }
            for (int i = 0; i < footprints.size(); i++) {
                int roof = rnd.nextInt(SceneRenderer.ROOFS.length);
                r.roof(g, footprints.get(i), t, local.get(i), r.jitter(SceneRenderer.ROOFS[roof]), "none");
                SceneRenderer.fillClass(lc, footprints.get(i), SceneRenderer.LC_BUILDING);
                r.buildings.add(new SceneRenderer.Building(footprints.get(i), false, SceneRenderer.ROOF_NAMES[roof],
                        "none", layout));
            }
            r.occupied.add(SceneRenderer.grow(union, 8 + maxShadow));
        }
    }

    private double snap(double v) {
        double s = Math.round(v / TILE_EDGE) * (double) TILE_EDGE + (rnd.nextDouble() - 0.5) * 16;
        return Math.max(40, Math.min(size - 40, s));
    }

    /** The footprints of one placement in local coordinates (centred on 0, 0). */
    private List<Shape> parts(String layout) {
        switch (layout) {
            case "row" -> {
                int n = 2 + rnd.nextInt(3);
                double depth = 26 + rnd.nextDouble() * 18;
                double[] widths = new double[n];
                double total = 0;
                for (int i = 0; i < n; i++) {
                    widths[i] = 20 + rnd.nextDouble() * 20;
                    total += widths[i];
                }
                List<Shape> out = new ArrayList<>();
                double x = -total / 2;
                for (int i = 0; i < n; i++) {
                    // neighbours share a wall; their depth differs a little (set back or forward)
                    double d = depth * (0.85 + rnd.nextDouble() * 0.3);
                    out.add(new Rectangle2D.Double(x, -d / 2, widths[i], d));
                    x += widths[i];
                }
                return out;
            }
            case "l_shape" -> {
                double w = 40 + rnd.nextDouble() * 40, h = 36 + rnd.nextDouble() * 36;
                Shape l = SceneRenderer.lShape(w, h);
                // one of four mirror images, so that the missing corner is anywhere
                AffineTransform m = AffineTransform.getScaleInstance(rnd.nextBoolean() ? 1 : -1, rnd.nextBoolean() ? 1 : -1);
                return List.of(m.createTransformedShape(l));
            }
            default -> {
                double w = 28 + rnd.nextDouble() * 50, h = 24 + rnd.nextDouble() * 40;
                return List.of(new Rectangle2D.Double(-w / 2, -h / 2, w, h));
            }
        }
    }

    /** Tree crowns over the edges of about a third of the roofs (drawn after the trees layer). */
    static void treesOverRoofs(SceneRenderer r, SplittableRandom rnd, Graphics2D g, Graphics2D lc) {
        int size = r.rgb.getWidth();
        for (SceneRenderer.Building b : r.buildings) {
            if (rnd.nextDouble() >= 0.3) {
                continue;
            }
            int n = 1 + rnd.nextInt(2);
            for (int k = 0; k < n; k++) {
                double[] p = pointOnOutline(b.footprint(), rnd);
                double radius = 6 + rnd.nextDouble() * 6;
                Rectangle2D box = new Rectangle2D.Double(p[0] - radius, p[1] - radius, 2 * radius, 2 * radius);
                if (box.getMinX() < 0 || box.getMinY() < 0 || box.getMaxX() > size || box.getMaxY() > size) {
                    continue;
                }
                r.tree(g, lc, p[0], p[1], radius);
                r.trees.add(new SceneRenderer.Box(box, "tree"));
            }
        }
    }

    /** A random point on a shape's outline. */
    private static double[] pointOnOutline(Shape s, SplittableRandom rnd) {
        List<double[]> pts = new ArrayList<>();
        double[] c = new double[6];
        for (PathIterator it = s.getPathIterator(null, 0.5); !it.isDone(); it.next()) {
            int type = it.currentSegment(c);
            if (type == PathIterator.SEG_MOVETO || type == PathIterator.SEG_LINETO) {
                pts.add(new double[] {c[0], c[1]});
            }
        }
        int i = rnd.nextInt(pts.size());
        double[] a = pts.get(i), b = pts.get((i + 1) % pts.size());
        double t = rnd.nextDouble();
        return new double[] {a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])};
    }
}
