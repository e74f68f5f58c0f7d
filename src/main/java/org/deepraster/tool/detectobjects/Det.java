package org.deepraster.tool.detectobjects;

import org.deepraster.detection.NonMaxSuppression;
import org.locationtech.jts.geom.Geometry;

/**
 * A detection in raster pixel coordinates (x right, y down); {@code id} numbers the held-back ones.
 *
 * @param shape the outline when it is not the box (an oriented box, an instance mask's polygon), in raster
 *              pixels, else null
 * @param angle an oriented box's angle in radians (clockwise on the screen), else NaN
 */
record Det(double x0, double y0, double x1, double y1, int classIndex, float score, long id, Geometry shape,
           double angle) {
    Det(double x0, double y0, double x1, double y1, int classIndex, float score) {
        this(x0, y0, x1, y1, classIndex, score, 0, null, Double.NaN);
    }

    Det(double x0, double y0, double x1, double y1, int classIndex, float score, long id) {
        this(x0, y0, x1, y1, classIndex, score, id, null, Double.NaN);
    }

    NonMaxSuppression.Candidate candidate() {
        return new NonMaxSuppression.Candidate(x0, y0, x1, y1, score, classIndex,
                shape != null && !shape.isRectangle() ? shape : null);
    }

    Det withId(long i) {
        return new Det(x0, y0, x1, y1, classIndex, score, i, shape, angle);
    }
}
