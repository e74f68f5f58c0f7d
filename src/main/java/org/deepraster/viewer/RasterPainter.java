package org.deepraster.viewer;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Point2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.function.BooleanSupplier;
import org.deepraster.geo.GridGeometry;
import org.deepraster.geo.Reprojector;
import org.deepraster.raster.RasterSource;
import org.deepraster.raster.RasterWindow;
import org.locationtech.jts.geom.Envelope;
import org.opengis.referencing.crs.CoordinateReferenceSystem;

/**
 * How {@link MapRenderer} draws rasters: a raster layer's visible part read at screen resolution
 * (in its class colours when it has a palette, else stretched to its statistics) and
 * inverse-mapped through a coarse grid of exactly transformed points interpolated per pixel; a
 * placeholder while a big raster's overviews are being built; and a raster being filled by a job
 * from its reduced picture. On the rendering thread.
 */
final class RasterPainter {
    /** Spacing in screen pixels of the grid of exactly transformed points for raster reprojection. */
    static final int GRID_STEP = 16;
    /** Raster pixels per screen pixel above which a view needs overviews to be cheap. */
    static final double OVERVIEW_DENSITY = 4;

    private RasterPainter() {
    }

    /** Draws a raster layer: the visible part, read at screen resolution, inverse-mapped into the map CRS. */
    static void drawRaster(Graphics2D g, RasterLayer layer, MapViewport vp, CoordinateReferenceSystem mapCrs,
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
        MapRenderer.check(cancelled);

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
        // (with its class table's colours, hidden classes transparent)
        int[] palette = layer.classes().map(RasterClasses::displayColours)
                .orElse(src.bandCount() == 1 ? src.palette().orElse(null) : null);
        int plane = win.width() * win.height();
        float[] smp = win.samples();
        double sx = win.width() / (double) region.width;
        double sy = win.height() / (double) region.height;
        int[] argb = new int[w * h];
        for (int y = 0; y < h; y++) {
            if ((y & 15) == 0) {
                MapRenderer.check(cancelled);
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
                    if (v >= 0 && v < palette.length && palette[v] >>> 24 != 0) {
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
    static void drawStreaming(Graphics2D g, StreamingRasterLayer layer, MapViewport vp,
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
}
