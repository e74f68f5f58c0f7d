package org.deepraster.inference;

/**
 * One detected box in chip pixel coordinates (x right, y down; {@code x0 <= x1}, {@code y0 <= y1}),
 * with the class index into the definition's classes and the score (0..1).
 */
public record Detection(float x0, float y0, float x1, float y1, int classIndex, float score) {
    public float centerX() {
        return (x0 + x1) / 2f;
    }

    public float centerY() {
        return (y0 + y1) / 2f;
    }
}
