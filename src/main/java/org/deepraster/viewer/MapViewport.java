package org.deepraster.viewer;

import java.awt.Rectangle;
import java.awt.geom.AffineTransform;
import java.awt.geom.Point2D;
import org.locationtech.jts.geom.Envelope;

/**
 * What the map shows: the map coordinate at the centre of the view, the scale in map units per
 * screen pixel, and the view size in pixels. Immutable; screen y grows downwards, map y upwards.
 */
public record MapViewport(double centerX, double centerY, double scale, int width, int height) {

    /** Standard rendering pixel size (OGC SLD: 0.28 mm), for the 1:N scale. */
    public static final double METRES_PER_SCREEN_PIXEL = 0.00028;
    static final double METRES_PER_DEGREE = 6378137 * Math.PI / 180;

    public MapViewport {
        if (!(scale > 0) || !Double.isFinite(scale)) {
            throw new IllegalArgumentException("scale must be positive: " + scale);
        }
        width = Math.max(1, width);
        height = Math.max(1, height);
    }

    /** A viewport showing the whole envelope (with a small margin) in a view of this size. */
    public static MapViewport fit(Envelope env, int width, int height) {
        width = Math.max(1, width);
        height = Math.max(1, height);
        if (env == null || env.isNull()) {
            return new MapViewport(0, 0, 1, width, height);
        }
        double s = Math.max(env.getWidth() / width, env.getHeight() / height) * 1.05;
        if (!(s > 0)) {
            s = Math.max(Math.abs(env.getMinX()), 1) * 1e-6;
        }
        return new MapViewport(env.centre().x, env.centre().y, s, width, height);
    }

    public Point2D screenToMap(double sx, double sy) {
        return new Point2D.Double(centerX + (sx - width / 2.0) * scale, centerY - (sy - height / 2.0) * scale);
    }

    public Point2D mapToScreen(double x, double y) {
        return new Point2D.Double((x - centerX) / scale + width / 2.0, (centerY - y) / scale + height / 2.0);
    }

    /** The affine transform from map coordinates to screen pixels. */
    public AffineTransform mapToScreen() {
        return new AffineTransform(1 / scale, 0, 0, -1 / scale,
                width / 2.0 - centerX / scale, height / 2.0 + centerY / scale);
    }

    /** The affine transform from screen pixels to map coordinates. */
    public AffineTransform screenToMap() {
        return new AffineTransform(scale, 0, 0, -scale,
                centerX - width / 2.0 * scale, centerY + height / 2.0 * scale);
    }

    /** The map extent shown. */
    public Envelope extent() {
        double hw = width / 2.0 * scale;
        double hh = height / 2.0 * scale;
        return new Envelope(centerX - hw, centerX + hw, centerY - hh, centerY + hh);
    }

    /** The map envelope of a screen rectangle. */
    public Envelope extentOf(Rectangle screen) {
        Point2D a = screenToMap(screen.getMinX(), screen.getMaxY());
        Point2D b = screenToMap(screen.getMaxX(), screen.getMinY());
        return new Envelope(a.getX(), b.getX(), a.getY(), b.getY());
    }

    /** The screen rectangle (not clipped) covering a map envelope. */
    public Rectangle screenRectOf(Envelope env) {
        Point2D a = mapToScreen(env.getMinX(), env.getMaxY());
        Point2D b = mapToScreen(env.getMaxX(), env.getMinY());
        int x0 = (int) Math.floor(a.getX());
        int y0 = (int) Math.floor(a.getY());
        int x1 = (int) Math.ceil(b.getX());
        int y1 = (int) Math.ceil(b.getY());
        return new Rectangle(x0, y0, Math.max(1, x1 - x0), Math.max(1, y1 - y0));
    }

    public MapViewport withSize(int w, int h) {
        return new MapViewport(centerX, centerY, scale, w, h);
    }

    public MapViewport withCenter(double x, double y) {
        return new MapViewport(x, y, scale, width, height);
    }

    /** Moves the map with the mouse: the content shifts by (dx, dy) screen pixels. */
    public MapViewport panByPixels(double dx, double dy) {
        return new MapViewport(centerX - dx * scale, centerY + dy * scale, scale, width, height);
    }

    /**
     * Zooms by {@code factor} (below 1 zooms in) keeping the map point under screen point
     * (sx, sy) where it is.
     */
    public MapViewport zoomAt(double sx, double sy, double factor) {
        Point2D m = screenToMap(sx, sy);
        double s = scale * factor;
        return new MapViewport(m.getX() - (sx - width / 2.0) * s, m.getY() + (sy - height / 2.0) * s, s, width, height);
    }

    /** Shows a screen rectangle (a zoom box) as large as the view allows. */
    public MapViewport zoomToScreenRect(Rectangle r) {
        return fitExact(extentOf(r));
    }

    private MapViewport fitExact(Envelope env) {
        double s = Math.max(env.getWidth() / width, env.getHeight() / height);
        return new MapViewport(env.centre().x, env.centre().y, s > 0 ? s : scale, width, height);
    }

    /** The viewport of a part of this view (same scale), e.g. for re-rendering a dirty area. */
    public MapViewport subViewport(Rectangle r) {
        Point2D c = screenToMap(r.x + r.width / 2.0, r.y + r.height / 2.0);
        return new MapViewport(c.getX(), c.getY(), scale, r.width, r.height);
    }

    /** The scale denominator N of "1:N", for map units in metres or (if geographic) degrees. */
    public double scaleDenominator(boolean geographic) {
        double metresPerPixel = geographic ? scale * METRES_PER_DEGREE * Math.cos(Math.toRadians(
                Math.max(-85, Math.min(85, centerY)))) : scale;
        return metresPerPixel / METRES_PER_SCREEN_PIXEL;
    }
}
