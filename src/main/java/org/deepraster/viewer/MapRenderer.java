package org.deepraster.viewer;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Point2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;
import javax.imageio.ImageIO;
import org.deepraster.feature.Feature;
import org.deepraster.geo.GridGeometry;
import org.deepraster.geo.Reprojector;
import org.deepraster.plugin.LayerStyle;
import org.deepraster.raster.RasterSource;
import org.deepraster.raster.RasterWindow;
import org.deepraster.util.CancelledException;
import org.locationtech.jts.awt.PointShapeFactory;
import org.locationtech.jts.awt.ShapeWriter;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Puntal;
import org.opengis.referencing.crs.CoordinateReferenceSystem;

/**
 * Draws map layers into an image for a viewport. Uses java.awt only (no Swing, no display), so
 * the viewer's render thread and a headless job draw the same map. Rasters are read at screen
 * resolution for the visible part only; rasters in another CRS are inverse-mapped through a
 * coarse grid of transformed points interpolated per pixel. Vectors are drawn through JTS's
 * {@link ShapeWriter}, only the features an STRtree finds in view.
 */
public final class MapRenderer {
    private final java.util.function.BiConsumer<MapLayer, String> problems;

    /** A renderer that records drawing problems as layer warnings only. */
    public MapRenderer() {
        this((l, m) -> { });
    }

    /**
     * A renderer that also reports each new drawing problem (a layer that cannot be read or
     * transformed); {@code problems} is called on the rendering thread.
     */
    public MapRenderer(java.util.function.BiConsumer<MapLayer, String> problems) {
        this.problems = problems;
    }

    /** Spacing in screen pixels of the grid of exactly transformed points for raster reprojection. */
    static final int GRID_STEP = 16;
    private static final Color SELECTION = new Color(0x00, 0xE5, 0xFF);
    /** Outline of a feature rejected in review. */
    static final Color REJECTED = new Color(0x80, 0x80, 0x80, 170);
    /** Features smaller than this on screen (pixels, the longer side) get no label. */
    static final double MIN_LABELLED_PX = 12;
    /** At most this many labels per layer and render, so a zoomed-out map stays fast. */
    static final int MAX_LABELS = 2000;
    private static final java.awt.Font LABEL_FONT = new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.BOLD, 11);
    private static final Color LABEL_TEXT = new Color(0x20, 0x20, 0x20);
    private static final Color LABEL_HALO = new Color(0xFF, 0xFF, 0xFF, 220);

    /**
     * Renders the layers (given top first, as the layer list shows them) into a new ARGB image
     * the size of the viewport; transparent where nothing is drawn.
     *
     * @param mapCrs    the map CRS (null: every layer is taken to be in one CRS)
     * @param cancelled checked between layers and between rows of raster pixels; when it turns
     *                  true the rendering stops with {@link CancelledException}
     */
    public BufferedImage render(List<? extends MapLayer> layersTopFirst, MapViewport vp,
                                CoordinateReferenceSystem mapCrs, BooleanSupplier cancelled) {
        BufferedImage img = new BufferedImage(vp.width(), vp.height(), BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            for (int i = layersTopFirst.size() - 1; i >= 0; i--) {
                check(cancelled);
                MapLayer layer = layersTopFirst.get(i);
                if (!layer.isVisible() || layer.opacity() <= 0f) {
                    continue;
                }
                try {
                    if (layer instanceof RasterLayer r) {
                        drawRaster(g, r, vp, mapCrs, cancelled);
                    } else if (layer instanceof VectorLayer v) {
                        drawVector(g, v, vp, mapCrs, cancelled);
                    } else if (layer instanceof StreamingRasterLayer s) {
                        drawStreaming(g, s, vp, mapCrs);
                    }
                } catch (CancelledException e) {
                    throw e;
                } catch (IOException | RuntimeException e) {
                    String text = "Could not be drawn: " + (e instanceof org.deepraster.util.UserException u
                            ? u.getMessage() : String.valueOf(e));
                    if (layer.addWarning(text)) {
                        problems.accept(layer, text);
                    }
                }
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    /** Renders onto a white background and writes a PNG; usable without a display. */
    public static void renderToPng(List<? extends MapLayer> layersTopFirst, MapViewport vp,
                                   CoordinateReferenceSystem mapCrs, Path png) throws IOException {
        BufferedImage map = new MapRenderer().render(layersTopFirst, vp, mapCrs, () -> false);
        BufferedImage out = new BufferedImage(vp.width(), vp.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, vp.width(), vp.height());
        g.drawImage(map, 0, 0, null);
        g.dispose();
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(out, "png", png.toFile())) {
            throw new IOException("No PNG writer available");
        }
    }

    /**
     * Renders the full extent of the layers into a PNG of the given size; the map CRS is the CRS
     * of the first layer (from the bottom, i.e. the first opened) that has one.
     */
    public static MapViewport renderToPng(List<? extends MapLayer> layersTopFirst, int width, int height,
                                          Path png) throws IOException {
        CoordinateReferenceSystem crs = null;
        for (int i = layersTopFirst.size() - 1; i >= 0 && crs == null; i--) {
            crs = layersTopFirst.get(i).crs();
        }
        Envelope all = new Envelope();
        for (MapLayer l : layersTopFirst) {
            all.expandToInclude(l.extentIn(crs));
        }
        MapViewport vp = MapViewport.fit(all, width, height);
        renderToPng(layersTopFirst, vp, crs, png);
        return vp;
    }

    /** Raster pixels per screen pixel above which a view needs overviews to be cheap. */
    static final double OVERVIEW_DENSITY = 4;

    private static void drawPending(Graphics2D g, Rectangle screen) {
        g.setColor(new Color(128, 128, 128, 60));
        g.fill(screen);
        g.setColor(new Color(90, 90, 90));
        g.draw(new Rectangle(screen.x, screen.y, screen.width - 1, screen.height - 1));
        String text = "Building overviews\u2026";
        java.awt.FontMetrics fm = g.getFontMetrics();
        int tx = screen.x + (screen.width - fm.stringWidth(text)) / 2;
        int ty = screen.y + screen.height / 2;
        g.drawString(text, tx, ty);
    }

    private static void check(BooleanSupplier cancelled) {
        if (cancelled.getAsBoolean()) {
            throw new CancelledException();
        }
    }

    // ---------------------------------------------------------------- rasters

    private void drawRaster(Graphics2D g, RasterLayer layer, MapViewport vp, CoordinateReferenceSystem mapCrs,
                            BooleanSupplier cancelled) throws IOException {
        RasterSource src = layer.source();
        GridGeometry grid = src.grid();
        Reprojector toMap = Reprojector.between(grid.crs(), mapCrs);
        Reprojector toRaster = Reprojector.between(mapCrs, grid.crs());
        Envelope footprint = toMap.transform(grid.envelope());
        Envelope visible = footprint.intersection(vp.extent());
        if (visible.isNull() || visible.getArea() <= 0 && footprint.getArea() > 0) {
            return;
        }
        Rectangle screen = vp.screenRectOf(visible).intersection(new Rectangle(0, 0, vp.width(), vp.height()));
        if (screen.isEmpty()) {
            return;
        }
        int w = screen.width;
        int h = screen.height;
        // Raster pixel coordinates (col,row) at a coarse grid of screen points.
        int gw = (w + GRID_STEP - 1) / GRID_STEP + 1;
        int gh = (h + GRID_STEP - 1) / GRID_STEP + 1;
        double[] pts = new double[gw * gh * 2];
        for (int j = 0; j < gh; j++) {
            for (int i = 0; i < gw; i++) {
                Point2D m = vp.screenToMap(screen.x + i * GRID_STEP + 0.5, screen.y + j * GRID_STEP + 0.5);
                pts[(j * gw + i) * 2] = m.getX();
                pts[(j * gw + i) * 2 + 1] = m.getY();
            }
        }
        try {
            toRaster.transform(pts, gw * gh);
        } catch (RuntimeException e) {
            transformPointByPoint(toRaster, vp, screen, gw, gh, pts);
        }
        grid.crsToGrid().transform(pts, 0, pts, 0, gw * gh);
        double minC = Double.POSITIVE_INFINITY, minR = Double.POSITIVE_INFINITY;
        double maxC = Double.NEGATIVE_INFINITY, maxR = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < pts.length; k += 2) {
            if (Double.isFinite(pts[k]) && Double.isFinite(pts[k + 1])) {
                minC = Math.min(minC, pts[k]);
                maxC = Math.max(maxC, pts[k]);
                minR = Math.min(minR, pts[k + 1]);
                maxR = Math.max(maxR, pts[k + 1]);
            }
        }
        if (minC > maxC) {
            return;
        }
        int c0 = (int) Math.floor(minC) - 1;
        int r0 = (int) Math.floor(minR) - 1;
        Rectangle region = new Rectangle(c0, r0, (int) Math.ceil(maxC) + 1 - c0, (int) Math.ceil(maxR) + 1 - r0)
                .intersection(new Rectangle(0, 0, grid.width(), grid.height()));
        if (region.isEmpty()) {
            return;
        }
        // Screen resolution: raster pixels per screen pixel over the covered area, at least 1.
        double density = Math.sqrt(((double) region.width * region.height) / ((double) w * h));
        double d = Math.max(1, density);
        int outW = Math.max(1, Math.min(region.width, (int) Math.ceil(region.width / d)));
        int outH = Math.max(1, Math.min(region.height, (int) Math.ceil(region.height / d)));
        if (density > OVERVIEW_DENSITY && !layer.overviewsReady()) {
            // A coarse view of a big raster before its overviews exist would decode the whole
            // file while the pyramid is being built from it: show a placeholder until it is.
            drawPending(g, screen);
            return;
        }
        int[] bands = layer.rgbBands();
        RasterWindow win = src.read(region, outW, outH, bands);
        check(cancelled);

        double[] lo = new double[3];
        double[] range = new double[3];
        for (int b = 0; b < 3; b++) {
            if (src.sampleType().needsStretch()) {
                RasterSource.BandStatistics s = layer.statistics(bands[b]);
                lo[b] = s.low();
                range[b] = s.high() > s.low() ? s.high() - s.low() : 1;
            } else {
                lo[b] = 0;
                range[b] = 255;
            }
        }
        int alpha = Math.round(layer.opacity() * 255);
        // a classified (palette) raster is drawn in its class colours, not stretched as grey
        int[] palette = src.bandCount() == 1 ? src.palette().orElse(null) : null;
        int plane = win.width() * win.height();
        float[] smp = win.samples();
        double sx = win.width() / (double) region.width;
        double sy = win.height() / (double) region.height;
        int[] argb = new int[w * h];
        for (int y = 0; y < h; y++) {
            if ((y & 15) == 0) {
                check(cancelled);
            }
            int j = y / GRID_STEP;
            double fy = (y % GRID_STEP) / (double) GRID_STEP;
            for (int x = 0; x < w; x++) {
                int i = x / GRID_STEP;
                double fx = (x % GRID_STEP) / (double) GRID_STEP;
                int k00 = (j * gw + i) * 2, k10 = k00 + 2, k01 = k00 + gw * 2, k11 = k01 + 2;
                double col = lerp(lerp(pts[k00], pts[k10], fx), lerp(pts[k01], pts[k11], fx), fy);
                double row = lerp(lerp(pts[k00 + 1], pts[k10 + 1], fx), lerp(pts[k01 + 1], pts[k11 + 1], fx), fy);
                if (!(col >= region.x && col < region.x + region.width && row >= region.y
                        && row < region.y + region.height)) {
                    continue;
                }
                int wx = Math.min(win.width() - 1, (int) ((col - region.x) * sx));
                int wy = Math.min(win.height() - 1, (int) ((row - region.y) * sy));
                if (!win.isValid(wx, wy)) {
                    continue;
                }
                int p = wy * win.width() + wx;
                if (palette != null) {
                    int v = (int) smp[p];
                    if (v >= 0 && v < palette.length) {
                        argb[y * w + x] = alpha << 24 | (palette[v] & 0xFFFFFF);
                    }
                    continue;
                }
                int rr = toByte(smp[p], lo[0], range[0]);
                int gg = toByte(smp[plane + p], lo[1], range[1]);
                int bb = toByte(smp[2 * plane + p], lo[2], range[2]);
                argb[y * w + x] = alpha << 24 | rr << 16 | gg << 8 | bb;
            }
        }
        BufferedImage tile = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        tile.setRGB(0, 0, w, h, argb, 0, w);
        g.drawImage(tile, screen.x, screen.y, null);
    }

    /**
     * A raster being filled: its reduced picture scaled onto the map, nearest-neighbour. In the map
     * CRS exactly (grid → CRS → screen); in another CRS approximately, stretched over its footprint's
     * bounding box (the written file, drawn exactly, replaces it when the job ends).
     */
    private static void drawStreaming(Graphics2D g, StreamingRasterLayer layer, MapViewport vp,
                                      CoordinateReferenceSystem mapCrs) {
        GridGeometry grid = layer.grid();
        Reprojector toMap = Reprojector.between(grid.crs(), mapCrs);
        Envelope footprint = toMap.transform(grid.envelope());
        if (footprint.isNull() || !footprint.intersects(vp.extent())) {
            return;
        }
        AffineTransform gridToScreen = vp.mapToScreen();
        if (toMap.isIdentity()) {
            gridToScreen.concatenate(grid.gridToCrs());
        } else {
            gridToScreen.translate(footprint.getMinX(), footprint.getMaxY());
            gridToScreen.scale(footprint.getWidth() / grid.width(), -footprint.getHeight() / grid.height());
        }
        Graphics2D lg = (Graphics2D) g.create();
        try {
            lg.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, layer.opacity()));
            lg.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
            lg.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
            lg.transform(gridToScreen);
            lg.clip(new Rectangle(0, 0, grid.width(), grid.height()));
            AffineTransform pictureToGrid = AffineTransform.getScaleInstance(layer.step(), layer.step());
            layer.withPicture(picture -> lg.drawImage(picture, pictureToGrid, null));
        } finally {
            lg.dispose();
        }
    }

    private static void transformPointByPoint(Reprojector toRaster, MapViewport vp, Rectangle screen,
                                              int gw, int gh, double[] pts) {
        for (int j = 0; j < gh; j++) {
            for (int i = 0; i < gw; i++) {
                int k = (j * gw + i) * 2;
                Point2D m = vp.screenToMap(screen.x + i * GRID_STEP + 0.5, screen.y + j * GRID_STEP + 0.5);
                double[] p = {m.getX(), m.getY()};
                try {
                    toRaster.transform(p, 1);
                } catch (RuntimeException e) {
                    p[0] = Double.NaN;
                    p[1] = Double.NaN;
                }
                pts[k] = p[0];
                pts[k + 1] = p[1];
            }
        }
    }

    private static double lerp(double a, double b, double f) {
        return a + (b - a) * f;
    }

    private static int toByte(float v, double lo, double range) {
        double x = (v - lo) * 255 / range;
        return x <= 0 || Double.isNaN(x) ? 0 : x >= 255 ? 255 : (int) x;
    }

    // ---------------------------------------------------------------- vectors

    private void drawVector(Graphics2D g, VectorLayer layer, MapViewport vp, CoordinateReferenceSystem mapCrs,
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
            Labels labels = label == null ? null : new Labels(lg, vp.width(), vp.height());
            int n = 0;
            for (int i : hits) {
                if ((++n & 1023) == 0) {
                    check(cancelled);
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

    /**
     * The labels of one layer: placed near the top-left of a box (above a point), skipped where
     * the feature is tiny on screen or the label would overlap one already placed, at most
     * {@link #MAX_LABELS}; drawn after the layer's features as dark text with a white halo.
     */
    private static final class Labels {
        private record Placed(float x, float y, String text, boolean faded) { }

        private static final int CELL = 64;
        private final Graphics2D g;
        private final java.awt.FontMetrics fm;
        private final int width, height;
        private final List<Placed> placed = new java.util.ArrayList<>();
        private final java.util.Map<Long, List<Rectangle>> cells = new java.util.HashMap<>();
        private int tries;

        Labels(Graphics2D g, int width, int height) {
            this.g = g;
            this.fm = g.getFontMetrics(LABEL_FONT);
            this.width = width;
            this.height = height;
        }

        boolean wanted() {
            return placed.size() < MAX_LABELS && tries < 5 * MAX_LABELS;
        }

        void offer(LayerStyle.Label label, Feature f, java.awt.geom.Rectangle2D b, boolean point, boolean faded) {
            if (!point && Math.max(b.getWidth(), b.getHeight()) < MIN_LABELLED_PX) {
                return;
            }
            tries++;
            String text = label.text(f::get);
            if (text.isEmpty()) {
                return;
            }
            int w = fm.stringWidth(text);
            int asc = fm.getAscent();
            float x;
            float y;
            if (point) {
                x = (float) (b.getCenterX() - w / 2.0);
                y = (float) b.getMinY() - 3;
            } else {
                x = (float) b.getMinX();
                y = (float) b.getMinY() - 3;
                if (y - asc < 0) {
                    y = (float) b.getMinY() + asc + 2; // no room above: just inside the top edge
                }
            }
            Rectangle r = new Rectangle(Math.round(x) - 2, Math.round(y) - asc - 2, w + 4, asc + fm.getDescent() + 4);
            if (!r.intersects(0, 0, width, height) || overlaps(r)) {
                return;
            }
            for (long c : cellsOf(r)) {
                cells.computeIfAbsent(c, k -> new java.util.ArrayList<>()).add(r);
            }
            placed.add(new Placed(x, y, text, faded));
        }

        private boolean overlaps(Rectangle r) {
            for (long c : cellsOf(r)) {
                List<Rectangle> in = cells.get(c);
                if (in != null) {
                    for (Rectangle o : in) {
                        if (o.intersects(r)) {
                            return true;
                        }
                    }
                }
            }
            return false;
        }

        private static long[] cellsOf(Rectangle r) {
            int x0 = Math.floorDiv(r.x, CELL), x1 = Math.floorDiv(r.x + r.width, CELL);
            int y0 = Math.floorDiv(r.y, CELL), y1 = Math.floorDiv(r.y + r.height, CELL);
            long[] out = new long[(x1 - x0 + 1) * (y1 - y0 + 1)];
            int k = 0;
            for (int cy = y0; cy <= y1; cy++) {
                for (int cx = x0; cx <= x1; cx++) {
                    out[k++] = ((long) cy << 32) ^ (cx & 0xFFFFFFFFL);
                }
            }
            return out;
        }

        void draw() {
            if (placed.isEmpty()) {
                return;
            }
            java.awt.font.FontRenderContext frc = g.getFontRenderContext();
            BasicStroke halo = new BasicStroke(3f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
            for (Placed p : placed) {
                Shape outline = LABEL_FONT.createGlyphVector(frc, p.text()).getOutline(p.x(), p.y());
                g.setColor(LABEL_HALO);
                g.setStroke(halo);
                g.draw(outline);
                g.setColor(p.faded() ? REJECTED : LABEL_TEXT);
                g.fill(outline);
            }
        }
    }
}
