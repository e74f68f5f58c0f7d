package org.deepraster.sample;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws a synthetic aerial scene (0.3 m-like) in pixel space: ground texture, roads with cars,
 * parking lots, water, buildings with roofs of several colours and shapes casting shadows (some
 * damaged: rubble, holes, scorched roofs) and trees. Deterministic for a seed. Every object is
 * recorded with its pixel-space outline so that ground truth can be written.
 */
final class SceneRenderer {

    /** Land-cover class values of the ground-truth raster. */
    static final int LC_BARE = 1, LC_GRASS = 2, LC_ROAD = 3, LC_BUILDING = 4, LC_TREE = 5, LC_WATER = 6;

    /** A building; {@code layout} says how it was placed (single, l_shape, row: touching neighbours). */
    record Building(Shape footprint, boolean damaged, String roof, String damageKind, String layout) {
        Building(Shape footprint, boolean damaged, String roof, String damageKind) {
            this(footprint, damaged, roof, damageKind, "single");
        }
    }

    record Box(Rectangle2D box, String kind) {
    }

    private final int size;
    private final SampleScene.Flavour flavour;
    private final SplittableRandom rnd;
    final BufferedImage rgb;
    final BufferedImage landCover;
    final List<Building> buildings = new ArrayList<>();
    final List<Box> trees = new ArrayList<>();
    final List<Box> cars = new ArrayList<>();
    final List<Shape> occupied = new ArrayList<>();
    /** Shadow direction (unit vector, pixel space): the sun's azimuth differs from scene to scene. */
    final double sunDx, sunDy;
    /** Shadow length factor (sun elevation). */
    final double shadowScale;
    /** Per-scene lighting: exposure gain, contrast, white balance and haze. */
    private final double gain, contrast, haze;
    private final double[] whiteBalance;

    SceneRenderer(int size, long seed) {
        this(size, seed, SampleScene.Flavour.STANDARD);
    }

    SceneRenderer(int size, long seed, SampleScene.Flavour flavour) {
        this.size = size;
        this.flavour = flavour;
        this.rnd = new SplittableRandom(seed);
        this.rgb = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        this.landCover = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        // Lighting differs from scene to scene (time of day, season, sensor), so that a model
        // trained on some seeds has to generalise to others.
        double azimuth = Math.toRadians(100 + rnd.nextDouble() * 160); // sun from the south-east to north-west
        this.sunDx = -Math.cos(azimuth);
        this.sunDy = Math.sin(azimuth) * 0.9 + 0.1;
        this.shadowScale = 0.6 + rnd.nextDouble() * 0.9;
        this.gain = 0.8 + rnd.nextDouble() * 0.35;
        this.contrast = 0.85 + rnd.nextDouble() * 0.3;
        this.haze = rnd.nextDouble() * 22;
        this.whiteBalance = new double[] {0.93 + rnd.nextDouble() * 0.14, 0.95 + rnd.nextDouble() * 0.1,
            0.92 + rnd.nextDouble() * 0.16};
    }

    void render() {
        Graphics2D g = rgb.createGraphics();
        Graphics2D lc = landCover.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        ground(g, lc);
        water(g, lc);
        List<Shape> roads = roads(g, lc);
        parkingLots(g, lc, roads);
        if (flavour == SampleScene.Flavour.INSTANCES) {
            new InstanceBuildings(this, rnd, size).draw(g, lc);
        } else {
            buildingsLayer(g, lc);
        }
        treesLayer(g, lc);
        if (flavour == SampleScene.Flavour.INSTANCES) {
            InstanceBuildings.treesOverRoofs(this, rnd, g, lc);
        }
        g.dispose();
        lc.dispose();
        sensorNoise();
    }

    // ---------------------------------------------------------------- ground

    private void ground(Graphics2D g, Graphics2D lc) {
        ValueNoise soil = new ValueNoise(rnd.nextLong());
        ValueNoise detail = new ValueNoise(rnd.nextLong());
        int[] row = new int[size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double m = soil.fractal(x / 600.0, y / 600.0, 4);          // grass vs bare
                double d = detail.fractal(x / 12.0, y / 12.0, 3) - 0.5;   // texture
                double t = smooth((m - 0.42) / 0.16);
                double r = lerp(150, 88, t) + d * 40;
                double gr = lerp(128, 122, t) + d * 40;
                double b = lerp(98, 62, t) + d * 30;
                row[x] = rgbOf(r, gr, b);
            }
            rgb.setRGB(0, y, size, 1, row, 0, size);
        }
        // land cover: grass where t > 0.5
        byte[] lcData = ((java.awt.image.DataBufferByte) landCover.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double m = soil.fractal(x / 600.0, y / 600.0, 4);
                lcData[y * size + x] = (byte) (m > 0.42 + 0.08 ? LC_GRASS : LC_BARE);
            }
        }
    }

    // ---------------------------------------------------------------- water

    private void water(Graphics2D g, Graphics2D lc) {
        int ponds = 1 + rnd.nextInt(2);
        for (int i = 0; i < ponds; i++) {
            double cx = size * (0.15 + 0.7 * rnd.nextDouble());
            double cy = size * (0.15 + 0.7 * rnd.nextDouble());
            double r = size * (0.04 + 0.04 * rnd.nextDouble());
            Path2D p = new Path2D.Double();
            int n = 28;
            double phase = rnd.nextDouble() * 6;
            for (int k = 0; k < n; k++) {
                double a = 2 * Math.PI * k / n;
                double rr = r * (1 + 0.25 * Math.sin(3 * a + phase) + 0.1 * Math.sin(7 * a));
                double x = cx + rr * Math.cos(a) * 1.4, y = cy + rr * Math.sin(a);
                if (k == 0) {
                    p.moveTo(x, y);
                } else {
                    p.lineTo(x, y);
                }
            }
            p.closePath();
            g.setColor(new Color(96, 110, 74));
            g.setStroke(new BasicStroke(6f));
            g.draw(p);
            g.setPaint(new java.awt.RadialGradientPaint((float) cx, (float) cy, (float) (r * 1.5),
                    new float[] {0f, 1f}, new Color[] {new Color(28, 58, 82), new Color(48, 84, 96)}));
            g.fill(p);
            fillClass(lc, p, LC_WATER);
            occupied.add(grow(p, 12));
        }
    }

    // ---------------------------------------------------------------- roads, cars

    private List<Shape> roads(Graphics2D g, Graphics2D lc) {
        List<Shape> roads = new ArrayList<>();
        int count = Math.max(2, size / 900);
        for (int i = 0; i < count; i++) {
            boolean horizontal = i % 2 == 0;
            double pos = size * (0.2 + 0.6 * (i + rnd.nextDouble() * 0.5) / count);
            double width = 22 + rnd.nextInt(10);
            double angle = (rnd.nextDouble() - 0.5) * 0.25;
            Shape band = horizontal
                    ? new Rectangle2D.Double(-size, pos - width / 2, 3 * size, width)
                    : new Rectangle2D.Double(pos - width / 2, -size, width, 3 * size);
            AffineTransform rot = AffineTransform.getRotateInstance(angle, size / 2.0, size / 2.0);
            Shape road = rot.createTransformedShape(band);
            g.setColor(new Color(74, 74, 76));
            g.fill(road);
            // centre dashes
            g.setColor(new Color(210, 210, 200));
            g.setStroke(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {10f, 12f}, 0f));
            Shape centre = horizontal
                    ? new java.awt.geom.Line2D.Double(-size, pos, 2 * size, pos)
                    : new java.awt.geom.Line2D.Double(pos, -size, pos, 2 * size);
            g.draw(rot.createTransformedShape(centre));
            fillClass(lc, road, LC_ROAD);
            roads.add(road);
            occupied.add(grow(road, 6));
            // cars along the lanes
            int n = (int) (size / 70.0 * (0.5 + rnd.nextDouble()));
            for (int k = 0; k < n; k++) {
                double along = rnd.nextDouble() * size;
                double lane = (rnd.nextBoolean() ? -1 : 1) * width / 4;
                double cx = horizontal ? along : pos + lane;
                double cy = horizontal ? pos + lane : along;
                double[] c = {cx, cy};
                rot.transform(c, 0, c, 0, 1);
                double heading = angle + (horizontal ? 0 : Math.PI / 2);
                car(g, c[0], c[1], heading);
            }
        }
        return roads;
    }

    private void parkingLots(Graphics2D g, Graphics2D lc, List<Shape> roads) {
        int lots = Math.max(1, size / 1400);
        for (int i = 0; i < lots; i++) {
            double w = 120 + rnd.nextInt(80), h = 70 + rnd.nextInt(40);
            double x = rnd.nextDouble() * (size - w), y = rnd.nextDouble() * (size - h);
            Rectangle2D lot = new Rectangle2D.Double(x, y, w, h);
            if (intersectsOccupied(lot)) {
                continue;
            }
            g.setColor(new Color(92, 92, 94));
            g.fill(lot);
            fillClass(lc, lot, LC_ROAD);
            g.setColor(new Color(220, 220, 215));
            g.setStroke(new BasicStroke(1f));
            for (double sx = x + 4; sx < x + w - 8; sx += 9) {
                g.draw(new java.awt.geom.Line2D.Double(sx, y + 2, sx, y + 18));
                g.draw(new java.awt.geom.Line2D.Double(sx, y + h - 18, sx, y + h - 2));
                if (rnd.nextDouble() < 0.6) {
                    car(g, sx + 4.5, y + 10, Math.PI / 2);
                }
                if (rnd.nextDouble() < 0.6) {
                    car(g, sx + 4.5, y + h - 10, Math.PI / 2);
                }
            }
            occupied.add(grow(lot, 6));
        }
    }

    private static final Color[] CAR_COLORS = {
        new Color(230, 230, 230), new Color(20, 20, 24), new Color(160, 20, 24), new Color(30, 60, 140),
        new Color(150, 150, 155), new Color(200, 190, 60), new Color(60, 90, 60)};

    private void car(Graphics2D g, double cx, double cy, double heading) {
        double len = 14 + rnd.nextDouble() * 3, wid = 6.2 + rnd.nextDouble();
        AffineTransform t = AffineTransform.getTranslateInstance(cx, cy);
        t.rotate(heading);
        Shape body = t.createTransformedShape(new java.awt.geom.RoundRectangle2D.Double(-len / 2, -wid / 2, len, wid, 3, 3));
        Rectangle2D bounds = body.getBounds2D();
        if (bounds.getMinX() < 0 || bounds.getMinY() < 0 || bounds.getMaxX() > size || bounds.getMaxY() > size) {
            return;
        }
        for (Box other : cars) {
            if (other.box().intersects(bounds)) {
                return;
            }
        }
        Color c = CAR_COLORS[rnd.nextInt(CAR_COLORS.length)];
        g.setColor(new Color(0, 0, 0, 90));
        g.fill(AffineTransform.getTranslateInstance(2, 2).createTransformedShape(body));
        g.setColor(c);
        g.fill(body);
        g.setColor(new Color(30, 36, 44));
        g.fill(t.createTransformedShape(new Rectangle2D.Double(len * 0.12, -wid / 2 + 1, len * 0.18, wid - 2)));
        g.fill(t.createTransformedShape(new Rectangle2D.Double(-len * 0.35, -wid / 2 + 1, len * 0.12, wid - 2)));
        cars.add(new Box(bounds, "car"));
    }

    // ---------------------------------------------------------------- buildings

    static final Color[][] ROOFS = {
        {new Color(168, 72, 52), new Color(128, 52, 38)},    // red tiles
        {new Color(150, 150, 154), new Color(112, 112, 118)}, // grey
        {new Color(70, 70, 78), new Color(48, 48, 54)},       // dark
        {new Color(150, 110, 70), new Color(118, 84, 52)},    // brown
        {new Color(196, 196, 188), new Color(170, 170, 162)}, // light flat
    };
    static final String[] ROOF_NAMES = {"red", "grey", "dark", "brown", "light"};

    private void buildingsLayer(Graphics2D g, Graphics2D lc) {
        int target = (int) (size * (double) size / 22000.0);
        int attempts = target * 12;
        for (int a = 0; a < attempts && buildings.size() < target; a++) {
            double w = 28 + rnd.nextDouble() * 50, h = 24 + rnd.nextDouble() * 40;
            double cx = 40 + rnd.nextDouble() * (size - 80), cy = 40 + rnd.nextDouble() * (size - 80);
            double angle = rnd.nextDouble() < 0.5 ? rnd.nextDouble() * Math.PI : (rnd.nextInt(4) * Math.PI / 2);
            Shape local = rnd.nextDouble() < 0.3 ? lShape(w, h) : new Rectangle2D.Double(-w / 2, -h / 2, w, h);
            AffineTransform t = AffineTransform.getTranslateInstance(cx, cy);
            t.rotate(angle);
            Shape fp = t.createTransformedShape(local);
            if (intersectsOccupied(fp)) {
                continue;
            }
            int roof = rnd.nextInt(ROOFS.length);
            boolean damaged = rnd.nextDouble() < 0.35;
            String kind = damaged ? new String[] {"rubble", "holes", "scorched"}[rnd.nextInt(3)] : "none";
            // shadow
            double shadowLen = (6 + rnd.nextDouble() * 8) * shadowScale;
            Shape shadow = AffineTransform.getTranslateInstance(sunDx * shadowLen, sunDy * shadowLen).createTransformedShape(fp);
            g.setColor(new Color(0, 0, 0, 110));
            g.fill(shadow);
            roof(g, fp, t, local, jitter(ROOFS[roof]), kind);
            fillClass(lc, fp, LC_BUILDING);
            buildings.add(new Building(fp, damaged, ROOF_NAMES[roof], kind));
            occupied.add(grow(fp, 8 + shadowLen));
        }
    }

    /**
     * What intact roofs carry: skylights, air-conditioning units, solar panels, weathering stains;
     * dark spots that a damage classifier must not take for holes or soot.
     */
    private void clutter(Graphics2D g, Rectangle2D b) {
        if (rnd.nextDouble() < 0.45) {
            int n = 1 + rnd.nextInt(3);
            for (int i = 0; i < n; i++) {
                double w = 2 + rnd.nextDouble() * 6, h = 2 + rnd.nextDouble() * 5;
                double x = b.getX() + rnd.nextDouble() * (b.getWidth() - w), y = b.getY() + rnd.nextDouble() * (b.getHeight() - h);
                boolean panel = rnd.nextBoolean();
                g.setColor(panel ? new Color(34, 44, 66) : new Color(170, 172, 176));
                g.fill(new Rectangle2D.Double(x, y, w, h));
                g.setColor(new Color(0, 0, 0, 90));
                g.fill(new Rectangle2D.Double(x + sunDx * 1.5, y + sunDy * 1.5, w, h * 0.3));
            }
        }
        if (rnd.nextDouble() < 0.3) {
            double cx = b.getX() + rnd.nextDouble() * b.getWidth(), cy = b.getY() + rnd.nextDouble() * b.getHeight();
            float r = (float) (4 + rnd.nextDouble() * 8);
            g.setPaint(new java.awt.RadialGradientPaint((float) cx, (float) cy, r, new float[] {0f, 1f},
                    new Color[] {new Color(30, 30, 25, 70), new Color(30, 30, 25, 0)}));
            g.fill(new Ellipse2D.Double(cx - r, cy - r, 2 * r, 2 * r));
        }
    }

    /** A roof's colours, shifted a little per building (material, age, dirt). */
    Color[] jitter(Color[] c) {
        int dr = rnd.nextInt(31) - 15, dg = rnd.nextInt(31) - 15, db = rnd.nextInt(31) - 15;
        double k = 0.85 + rnd.nextDouble() * 0.3;
        Color[] out = new Color[c.length];
        for (int i = 0; i < c.length; i++) {
            out[i] = new Color(clamp(c[i].getRed() * k + dr), clamp(c[i].getGreen() * k + dg), clamp(c[i].getBlue() * k + db));
        }
        return out;
    }

    static Shape lShape(double w, double h) {
        Path2D p = new Path2D.Double();
        p.moveTo(-w / 2, -h / 2);
        p.lineTo(w / 2, -h / 2);
        p.lineTo(w / 2, 0);
        p.lineTo(0, 0);
        p.lineTo(0, h / 2);
        p.lineTo(-w / 2, h / 2);
        p.closePath();
        return p;
    }

    void roof(Graphics2D g, Shape fp, AffineTransform t, Shape local, Color[] colors, String damage) {
        Rectangle2D lb = local.getBounds2D();
        // two roof halves, split along the long axis (a ridge), with different lighting
        g.setColor(colors[0]);
        g.fill(fp);
        Shape old = g.getClip();
        g.clip(fp);
        boolean alongX = lb.getWidth() >= lb.getHeight();
        Rectangle2D half = alongX
                ? new Rectangle2D.Double(lb.getX(), lb.getCenterY(), lb.getWidth(), lb.getHeight() / 2)
                : new Rectangle2D.Double(lb.getCenterX(), lb.getY(), lb.getWidth() / 2, lb.getHeight());
        g.setColor(colors[1]);
        g.fill(t.createTransformedShape(half));
        // tile texture
        g.setColor(new Color(0, 0, 0, 28));
        g.setStroke(new BasicStroke(0.8f));
        for (double s = -lb.getWidth(); s < lb.getWidth(); s += 3.2) {
            Shape line = alongX
                    ? new java.awt.geom.Line2D.Double(lb.getMinX(), lb.getMinY() + s + lb.getHeight(), lb.getMaxX(), lb.getMinY() + s + lb.getHeight())
                    : new java.awt.geom.Line2D.Double(lb.getMinX() + s + lb.getWidth(), lb.getMinY(), lb.getMinX() + s + lb.getWidth(), lb.getMaxY());
            g.draw(t.createTransformedShape(line));
        }
        Rectangle2D b = fp.getBounds2D();
        switch (damage) {
            case "rubble" -> {
                // rubble over part of the roof (a collapsed wing), of variable density
                double cover = 0.35 + rnd.nextDouble() * 0.65;
                double density = 4 + rnd.nextDouble() * 10;
                double ox = b.getX() + rnd.nextDouble() * b.getWidth() * (1 - cover);
                double oy = b.getY() + rnd.nextDouble() * b.getHeight() * (1 - cover);
                double cw = b.getWidth() * Math.sqrt(cover), ch = b.getHeight() * Math.sqrt(cover);
                int n = (int) (cw * ch / density);
                for (int i = 0; i < n; i++) {
                    double x = ox + rnd.nextDouble() * cw, y = oy + rnd.nextDouble() * ch;
                    int v = 80 + rnd.nextInt(120);
                    g.setColor(new Color(v, (int) (v * 0.92), (int) (v * 0.8)));
                    double s = 1 + rnd.nextDouble() * 3.5;
                    g.fill(new Rectangle2D.Double(x, y, s, s * (0.5 + rnd.nextDouble())));
                }
            }
            case "holes" -> {
                int n = 1 + rnd.nextInt(4);
                for (int i = 0; i < n; i++) {
                    double r = 2.5 + rnd.nextDouble() * 6;
                    double x = b.getX() + rnd.nextDouble() * b.getWidth(), y = b.getY() + rnd.nextDouble() * b.getHeight();
                    g.setColor(new Color(22, 18, 16));
                    g.fill(new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r * (0.6 + 0.5 * rnd.nextDouble())));
                    g.setColor(new Color(120, 110, 100));
                    g.setStroke(new BasicStroke(1.2f));
                    g.draw(new Ellipse2D.Double(x - r - 1, y - r - 1, 2 * r + 2, 2 * r * (0.6 + 0.5 * rnd.nextDouble()) + 2));
                }
            }
            case "scorched" -> {
                double cx = b.getX() + rnd.nextDouble() * b.getWidth(), cy = b.getY() + rnd.nextDouble() * b.getHeight();
                float r = (float) (Math.max(b.getWidth(), b.getHeight()) * (0.5 + rnd.nextDouble() * 0.5));
                int a = 130 + rnd.nextInt(120); // from lightly to heavily burnt
                g.setPaint(new java.awt.RadialGradientPaint((float) cx, (float) cy, r, new float[] {0f, 0.6f, 1f},
                        new Color[] {new Color(12, 10, 10, a), new Color(40, 28, 20, a * 4 / 5), new Color(60, 40, 25, 0)}));
                g.fill(fp);
            }
            default -> clutter(g, b);
        }
        g.setClip(old);
        g.setColor(new Color(0, 0, 0, 60));
        g.setStroke(new BasicStroke(1f));
        g.draw(fp);
    }

    // ---------------------------------------------------------------- trees

    private void treesLayer(Graphics2D g, Graphics2D lc) {
        int clusters = Math.max(6, size / 90);
        for (int c = 0; c < clusters; c++) {
            double cx = rnd.nextDouble() * size, cy = rnd.nextDouble() * size;
            int n = 6 + rnd.nextInt(20);
            for (int i = 0; i < n; i++) {
                double r = 5 + rnd.nextDouble() * 8;
                double x = cx + rnd.nextGaussian() * 40, y = cy + rnd.nextGaussian() * 40;
                Rectangle2D box = new Rectangle2D.Double(x - r, y - r, 2 * r, 2 * r);
                if (box.getMinX() < 0 || box.getMinY() < 0 || box.getMaxX() > size || box.getMaxY() > size
                        || intersectsOccupied(box) || overlapsTree(box)) {
                    continue;
                }
                tree(g, lc, x, y, r);
                trees.add(new Box(box, "tree"));
            }
        }
    }

    private boolean overlapsTree(Rectangle2D box) {
        for (Box t : trees) {
            Rectangle2D i = t.box().createIntersection(box);
            if (i.getWidth() > 0 && i.getHeight() > 0
                    && i.getWidth() * i.getHeight() > 0.3 * Math.min(area(box), area(t.box()))) {
                return true;
            }
        }
        return false;
    }

    void tree(Graphics2D g, Graphics2D lc, double x, double y, double r) {
        Ellipse2D crown = new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r);
        g.setColor(new Color(0, 0, 0, 100));
        g.fill(new Ellipse2D.Double(x - r + sunDx * r * 1.2, y - r + sunDy * r * 1.2, 2 * r, 2 * r));
        Color base = new Color(34 + rnd.nextInt(20), 70 + rnd.nextInt(30), 30 + rnd.nextInt(15));
        g.setPaint(new java.awt.RadialGradientPaint((float) (x - r * 0.3), (float) (y - r * 0.3), (float) (r * 1.3),
                new float[] {0f, 1f}, new Color[] {base.brighter(), base.darker()}));
        g.fill(crown);
        // leaf clumps
        for (int k = 0; k < 10; k++) {
            double a = rnd.nextDouble() * 2 * Math.PI, d = rnd.nextDouble() * r * 0.7, s = r * 0.3;
            g.setColor(new Color(0, 0, 0, 35));
            g.fill(new Ellipse2D.Double(x + d * Math.cos(a) - s / 2, y + d * Math.sin(a) - s / 2, s, s));
        }
        fillClass(lc, crown, LC_TREE);
    }

    // ---------------------------------------------------------------- helpers

    private void sensorNoise() {
        int[] row = new int[size];
        for (int y = 0; y < size; y++) {
            rgb.getRGB(0, y, size, 1, row, 0, size);
            for (int x = 0; x < size; x++) {
                int p = row[x];
                double n = rnd.nextGaussian() * 3.5;
                row[x] = rgbOf(light((p >> 16) & 255, 0) + n, light((p >> 8) & 255, 1) + n, light(p & 255, 2) + n);
            }
            rgb.setRGB(0, y, size, 1, row, 0, size);
        }
    }

    /** The scene's lighting applied to one channel value. */
    private double light(int v, int channel) {
        double c = (v - 128) * contrast + 128;
        return c * gain * whiteBalance[channel] + haze;
    }

    boolean intersectsOccupied(Shape s) {
        Rectangle2D b = s.getBounds2D();
        for (Shape o : occupied) {
            if (o.getBounds2D().intersects(b) && new java.awt.geom.Area(o).intersects(b)) {
                java.awt.geom.Area a = new java.awt.geom.Area(o);
                a.intersect(new java.awt.geom.Area(s));
                if (!a.isEmpty()) {
                    return true;
                }
            }
        }
        return false;
    }

    static Shape grow(Shape s, double d) {
        return union(s, new BasicStroke((float) (2 * d)).createStrokedShape(s));
    }

    private static Shape union(Shape a, Shape b) {
        java.awt.geom.Area u = new java.awt.geom.Area(a);
        u.add(new java.awt.geom.Area(b));
        return u;
    }

    static void fillClass(Graphics2D lc, Shape s, int value) {
        lc.setComposite(AlphaComposite.Src);
        lc.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
        lc.setColor(new Color(value, value, value));
        lc.fill(s);
    }

    private static double area(Rectangle2D r) {
        return r.getWidth() * r.getHeight();
    }

    private static double lerp(double a, double b, double t) {
        return a + (b - a) * t;
    }

    private static double smooth(double t) {
        t = Math.max(0, Math.min(1, t));
        return t * t * (3 - 2 * t);
    }

    private static int rgbOf(double r, double g, double b) {
        return (clamp(r) << 16) | (clamp(g) << 8) | clamp(b);
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    /** Smooth value noise on a lattice, deterministic for a seed. */
    static final class ValueNoise {
        private final int[] perm = new int[512];
        private final double[] values = new double[256];

        ValueNoise(long seed) {
            SplittableRandom r = new SplittableRandom(seed);
            for (int i = 0; i < 256; i++) {
                perm[i] = i;
                values[i] = r.nextDouble();
            }
            for (int i = 255; i > 0; i--) {
                int j = r.nextInt(i + 1);
                int t = perm[i];
                perm[i] = perm[j];
                perm[j] = t;
            }
            System.arraycopy(perm, 0, perm, 256, 256);
        }

        double at(double x, double y) {
            int xi = (int) Math.floor(x), yi = (int) Math.floor(y);
            double fx = x - xi, fy = y - yi;
            double a = v(xi, yi), b = v(xi + 1, yi), c = v(xi, yi + 1), d = v(xi + 1, yi + 1);
            double sx = fx * fx * (3 - 2 * fx), sy = fy * fy * (3 - 2 * fy);
            return lerp(lerp(a, b, sx), lerp(c, d, sx), sy);
        }

        private double v(int x, int y) {
            return values[perm[(perm[x & 255] + y) & 255]];
        }

        double fractal(double x, double y, int octaves) {
            double sum = 0, amp = 1, norm = 0, f = 1;
            for (int i = 0; i < octaves; i++) {
                sum += amp * at(x * f, y * f);
                norm += amp;
                amp *= 0.5;
                f *= 2;
            }
            return sum / norm;
        }
    }
}
