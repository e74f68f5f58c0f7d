package org.deepraster.tool;

import java.awt.Rectangle;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import org.deepraster.geo.GridGeometry;
import org.deepraster.inference.InputNormalization;
import org.deepraster.raster.RasterSource;
import org.deepraster.raster.RasterWindow;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.Polygonal;

/**
 * Cuts the model input of one object from a raster, the way an object classifier expects it
 * (Esri's object-classification keys): a fixed {@code width x height} chip centred on the centre of
 * the object's bounding box ({@code CropSizeFixed} 1), or the object's bounding box resized to the
 * chip ({@code CropSizeFixed} 0); pixels outside the object set to 0 ({@code BlackenAroundFeature};
 * points and lines buffered by {@code lineBufferPixels}); NoData and outside pixels set to 0; then
 * normalised. Thread-safe (no state besides its settings).
 */
public record ChipReader(int width, int height, int[] bands, boolean cropSizeFixed, boolean blacken,
                         double lineBufferPixels, InputNormalization normalization) {

    /** Why a chip could not be cut. */
    public static final String OUTSIDE = "outside the raster";
    public static final String NO_DATA = "only NoData pixels";

    /** The result: a band-major normalised chip, or the reason there is none. */
    public record Chip(float[] data, String skipReason) {
    }

    /** The chip of an object given in the raster's CRS. */
    public Chip read(RasterSource raster, Geometry g) throws IOException {
        GridGeometry grid = raster.grid();
        Envelope env = g.getEnvelopeInternal();
        Rectangle2D px = grid.pixelsOf(env);
        Rectangle region;
        if (cropSizeFixed || px.getWidth() < 1 && px.getHeight() < 1) {
            double cx = px.getCenterX();
            double cy = px.getCenterY();
            region = new Rectangle((int) Math.round(cx - width / 2.0), (int) Math.round(cy - height / 2.0), width, height);
        } else {
            int x0 = (int) Math.floor(px.getMinX());
            int y0 = (int) Math.floor(px.getMinY());
            int x1 = Math.max(x0 + 1, (int) Math.ceil(px.getMaxX()));
            int y1 = Math.max(y0 + 1, (int) Math.ceil(px.getMaxY()));
            region = new Rectangle(x0, y0, x1 - x0, y1 - y0);
        }
        return read(raster, region, blacken ? g : null);
    }

    /** The whole raster resized to the chip (an image that is itself the object). */
    public Chip readWhole(RasterSource raster) throws IOException {
        return read(raster, new Rectangle(0, 0, raster.width(), raster.height()), null);
    }

    private Chip read(RasterSource raster, Rectangle region, Geometry blackenOutside) throws IOException {
        if (!region.intersects(new Rectangle(0, 0, raster.width(), raster.height()))) {
            return new Chip(null, OUTSIDE);
        }
        RasterWindow w = raster.read(region, width, height, bands);
        int plane = width * height;
        float[] chip = w.samples();
        boolean[] valid = w.valid();
        if (valid != null) {
            int n = 0;
            for (int i = 0; i < plane; i++) {
                if (valid[i]) {
                    n++;
                } else {
                    for (int b = 0; b < bands.length; b++) {
                        chip[b * plane + i] = 0;
                    }
                }
            }
            if (n == 0) {
                return new Chip(null, NO_DATA);
            }
        }
        if (blackenOutside != null) {
            blacken(chip, raster.grid(), region, blackenOutside);
        }
        normalization.apply(chip, plane);
        return new Chip(chip, null);
    }

    private void blacken(float[] chip, GridGeometry grid, Rectangle region, Geometry g) {
        Geometry area = g;
        if (!(g instanceof Polygonal)) {
            area = g.buffer(Math.max(lineBufferPixels, 0.5) * grid.pixelSize());
        }
        IndexedPointInAreaLocator inside = new IndexedPointInAreaLocator(area);
        int plane = width * height;
        double sx = region.width / (double) width;
        double sy = region.height / (double) height;
        Coordinate c = new Coordinate();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                Point2D m = grid.pixelToMap(region.x + (x + 0.5) * sx, region.y + (y + 0.5) * sy);
                c.x = m.getX();
                c.y = m.getY();
                if (inside.locate(c) == Location.EXTERIOR) {
                    for (int b = 0; b < bands.length; b++) {
                        chip[b * plane + y * width + x] = 0;
                    }
                }
            }
        }
    }
}
