package org.deepraster.tool.detectobjects;

import org.deepraster.detection.NonMaxSuppression;

/** A detection in raster pixel coordinates (x right, y down); {@code id} numbers the held-back ones. */
record Det(double x0, double y0, double x1, double y1, int classIndex, float score, long id) {
    Det(double x0, double y0, double x1, double y1, int classIndex, float score) {
        this(x0, y0, x1, y1, classIndex, score, 0);
    }

    NonMaxSuppression.Candidate candidate() {
        return new NonMaxSuppression.Candidate(x0, y0, x1, y1, score, classIndex, null);
    }

    Det withId(long i) {
        return new Det(x0, y0, x1, y1, classIndex, score, i);
    }
}
