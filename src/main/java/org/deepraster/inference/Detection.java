package org.deepraster.inference;

/**
 * One detected object in chip pixel coordinates (x right, y down; {@code x0 <= x1}, {@code y0 <= y1}: the
 * axis-aligned box), with the class index into the definition's classes and the score (0..1).
 *
 * @param angle   the rotation of an oriented box in radians (Ultralytics' convention: from the x axis
 *                towards the y axis, so clockwise on the screen), NaN for an axis-aligned box
 * @param corners an oriented box's four corners {@code x0, y0, x1, y1, …} in chip pixels, or null
 * @param mask    the instance's mask (segmentation heads), or null
 */
public record Detection(float x0, float y0, float x1, float y1, int classIndex, float score, double angle,
                        double[] corners, InstanceMask mask) {
    public Detection(float x0, float y0, float x1, float y1, int classIndex, float score) {
        this(x0, y0, x1, y1, classIndex, score, Double.NaN, null, null);
    }

    public float centerX() {
        return (x0 + x1) / 2f;
    }

    public float centerY() {
        return (y0 + y1) / 2f;
    }

    /**
     * An oriented box (Ultralytics xywhr): centre, width along the angle, height across it. Corners as
     * {@code ops.xywhr2xyxyxyxy}: c + u + v, c + u - v, c - u - v, c - u + v with u = w/2 (cos, sin), v = h/2 (-sin, cos).
     */
    public static Detection rotated(double cx, double cy, double w, double h, double angle, int classIndex, float score) {
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        double ux = w / 2 * cos;
        double uy = w / 2 * sin;
        double vx = -h / 2 * sin;
        double vy = h / 2 * cos;
        double[] c = {cx + ux + vx, cy + uy + vy, cx + ux - vx, cy + uy - vy, cx - ux - vx, cy - uy - vy,
            cx - ux + vx, cy - uy + vy};
        double minX = Double.POSITIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < 8; i += 2) {
            minX = Math.min(minX, c[i]);
            maxX = Math.max(maxX, c[i]);
            minY = Math.min(minY, c[i + 1]);
            maxY = Math.max(maxY, c[i + 1]);
        }
        return new Detection((float) minX, (float) minY, (float) maxX, (float) maxY, classIndex, score, angle, c, null);
    }

    public Detection withMask(InstanceMask m) {
        return new Detection(x0, y0, x1, y1, classIndex, score, angle, corners, m);
    }
}
