package org.deepraster.spark;

import java.awt.Rectangle;
import java.io.Serializable;
import org.locationtech.jts.geom.Envelope;

/**
 * One task's work: a raster (a Hadoop path: {@code file:}, {@code hdfs:}, {@code s3a:} …), whole or one window of
 * it in the pixels of the grid the tool tiles (the raster's, or the raster at the model's cell size). A window's
 * edges lie on the tool's tile cores, so its tiles are exactly the whole run's tiles of that window.
 *
 * @param id     the unit's name in the output folder ({@code _committed/<id>}): the raster's file stem, plus
 *               {@code _w<col>_<row>} for a window (col, row: the window's place in the raster's window grid)
 * @param raster the raster's path (URI text)
 * @param x      the window's first column (0 when whole)
 * @param y      the window's first row
 * @param width  the window's width in pixels; 0: the whole raster
 * @param height the window's height
 * @param extent the window as a processing extent in the raster's CRS (inset by a quarter pixel so that it
 *               rounds to exactly the window's pixels), null when whole
 */
public record WorkUnit(String id, String raster, int x, int y, int width, int height, Envelope extent)
        implements Serializable {

    /** A whole raster. */
    public static WorkUnit whole(String id, String raster) {
        return new WorkUnit(id, raster, 0, 0, 0, 0, null);
    }

    public boolean isWindow() {
        return width > 0;
    }

    public Rectangle window() {
        return new Rectangle(x, y, width, height);
    }

    /** The file stem of the raster this unit belongs to (its id without the window part). */
    public String rasterStem() {
        return SparkPaths.stem(raster);
    }
}
