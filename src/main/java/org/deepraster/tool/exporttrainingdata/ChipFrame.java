package org.deepraster.tool.exporttrainingdata;

import java.awt.Rectangle;
import java.awt.geom.AffineTransform;
import java.awt.geom.NoninvertibleTransformException;
import java.awt.geom.Rectangle2D;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataTool.ChipItem;
import org.locationtech.jts.geom.Envelope;

/** The geometry of an exported chip of {@code w x h} pixels: raster pixels to chip pixels and back. */
record ChipFrame(int w, int h) {
    /** Raster pixels -> chip pixels: the region scaled to the chip, then rotated about the chip's centre. */
    AffineTransform rasterToChip(ChipItem it) {
        Rectangle2D r = it.region();
        AffineTransform t = new AffineTransform();
        t.translate(w / 2.0, h / 2.0);
        if (it.angle() != 0) {
            t.rotate(Math.toRadians(it.angle()));
        }
        t.scale(w / r.getWidth(), h / r.getHeight());
        t.translate(-r.getCenterX(), -r.getCenterY());
        return t;
    }

    /** The raster-pixel envelope of what a chip shows. */
    Envelope footprint(ChipItem it) {
        try {
            Rectangle2D b = rasterToChip(it).createInverse()
                    .createTransformedShape(new Rectangle(0, 0, w, h)).getBounds2D();
            return new Envelope(b.getMinX(), b.getMaxX(), b.getMinY(), b.getMaxY());
        } catch (NoninvertibleTransformException e) {
            throw new IllegalStateException(e);
        }
    }
}
