package org.deepraster.geo;

import java.awt.geom.AffineTransform;
import java.awt.geom.NoninvertibleTransformException;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import org.locationtech.jts.geom.Envelope;
import org.opengis.referencing.crs.CoordinateReferenceSystem;

/**
 * The geometry of a raster grid: its size in pixels, the affine transform from pixel corner
 * coordinates (column, row; (0,0) is the upper-left corner of the upper-left pixel) to map
 * coordinates, and its CRS ({@code null} when the file has none). The CRS is held as a {@link CrsRef}:
 * a raster opened from a GeoTIFF that names its CRS by EPSG code builds it only when {@link #crs()}
 * is first called.
 */
public record GridGeometry(int width, int height, AffineTransform gridToCrs, CrsRef crsRef) {

    public GridGeometry {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("Grid size must be positive: " + width + " x " + height);
        }
        gridToCrs = new AffineTransform(gridToCrs);
    }

    public GridGeometry(int width, int height, AffineTransform gridToCrs, CoordinateReferenceSystem crs) {
        this(width, height, gridToCrs, CrsRef.of(crs));
    }

    /** The CRS (built now if it was known only by its code), or null. */
    public CoordinateReferenceSystem crs() {
        return CrsRef.crsOf(crsRef);
    }

    /** Another grid in the same CRS (not built by this call). */
    public GridGeometry withGrid(int width, int height, AffineTransform gridToCrs) {
        return new GridGeometry(width, height, gridToCrs, crsRef);
    }

    /** A north-up grid from its upper-left corner and pixel size. */
    public static GridGeometry northUp(int width, int height, double minX, double maxY, double pixelSize,
                                       CoordinateReferenceSystem crs) {
        return new GridGeometry(width, height, new AffineTransform(pixelSize, 0, 0, -pixelSize, minX, maxY),
                CrsRef.of(crs));
    }

    @Override
    public AffineTransform gridToCrs() {
        return new AffineTransform(gridToCrs);
    }

    public AffineTransform crsToGrid() {
        try {
            return gridToCrs.createInverse();
        } catch (NoninvertibleTransformException e) {
            throw new IllegalStateException("Grid transform is not invertible: " + gridToCrs, e);
        }
    }

    /** Map envelope of the whole grid. */
    public Envelope envelope() {
        return envelopeOf(new Rectangle2D.Double(0, 0, width, height));
    }

    /** Map envelope of a pixel rectangle. */
    public Envelope envelopeOf(Rectangle2D pixels) {
        Rectangle2D r = gridToCrs.createTransformedShape(pixels).getBounds2D();
        return new Envelope(r.getMinX(), r.getMaxX(), r.getMinY(), r.getMaxY());
    }

    /** Pixel rectangle (fractional) covering a map envelope; not clipped to the grid. */
    public Rectangle2D pixelsOf(Envelope env) {
        Rectangle2D map = new Rectangle2D.Double(env.getMinX(), env.getMinY(), env.getWidth(), env.getHeight());
        return crsToGrid().createTransformedShape(map).getBounds2D();
    }

    public Point2D pixelToMap(double col, double row) {
        return gridToCrs.transform(new Point2D.Double(col, row), null);
    }

    public Point2D mapToPixel(double x, double y) {
        return crsToGrid().transform(new Point2D.Double(x, y), null);
    }

    /** Mean pixel size in map units (the square root of the pixel area). */
    public double pixelSize() {
        return Math.sqrt(Math.abs(gridToCrs.getDeterminant()));
    }

    public boolean isNorthUp() {
        return gridToCrs.getShearX() == 0 && gridToCrs.getShearY() == 0
                && gridToCrs.getScaleX() > 0 && gridToCrs.getScaleY() < 0;
    }

    public boolean hasCrs() {
        return crsRef != null;
    }
}
