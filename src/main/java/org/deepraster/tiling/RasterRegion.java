package org.deepraster.tiling;

import java.awt.Rectangle;
import java.awt.geom.AffineTransform;
import org.deepraster.geo.GridGeometry;
import org.deepraster.geo.Reprojector;
import org.deepraster.tool.ProcessingExtent;
import org.deepraster.raster.RasterSource;
import org.deepraster.util.UserException;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.geom.util.AffineTransformation;

/**
 * The part of a raster a tiled tool works on, in raster pixels: the raster ∩ the processing
 * extent (its bounding pixels), and the mask polygon in pixel coordinates when the extent is a mask.
 *
 * @param roi          pixels to process (never empty)
 * @param maskInPixels the mask in pixel coordinates (x right, y down), or null
 */
public record RasterRegion(Rectangle roi, Geometry maskInPixels, PreparedGeometry preparedMask) {

    public static RasterRegion of(RasterSource raster, ProcessingExtent ext) {
        return of(raster.grid(), raster.name(), ext);
    }

    /** The same on any grid over the raster (e.g. the raster resampled to a model's cell size). */
    public static RasterRegion of(GridGeometry grid, String name, ProcessingExtent ext) {
        Rectangle whole = new Rectangle(0, 0, grid.width(), grid.height());
        Envelope inRaster = null;
        Geometry maskPx = null;
        if (ext instanceof ProcessingExtent.Box b) {
            inRaster = Reprojector.between(b.crs(), grid.crs()).transform(b.envelope());
        } else if (ext instanceof ProcessingExtent.Mask m) {
            Geometry g = Reprojector.between(m.crs(), grid.crs()).transform(m.polygon());
            AffineTransform t = grid.crsToGrid();
            maskPx = new AffineTransformation(t.getScaleX(), t.getShearX(), t.getTranslateX(),
                    t.getShearY(), t.getScaleY(), t.getTranslateY()).transform(g);
            inRaster = g.getEnvelopeInternal();
        }
        Rectangle roi = whole;
        if (inRaster != null) {
            java.awt.geom.Rectangle2D px = grid.pixelsOf(inRaster);
            Rectangle r = new Rectangle((int) Math.floor(px.getMinX()), (int) Math.floor(px.getMinY()), 0, 0);
            r.add((int) Math.ceil(px.getMaxX()), (int) Math.ceil(px.getMaxY()));
            roi = r.intersection(whole);
            if (roi.isEmpty()) {
                throw new UserException("The processing extent does not overlap the raster " + name + ".",
                        "Choose an extent over the raster, or none.");
            }
        }
        return new RasterRegion(roi, maskPx, maskPx == null ? null : PreparedGeometryFactory.prepare(maskPx));
    }
}
