package org.deepraster.inference;

/**
 * One detected instance in chip pixel coordinates (x right, y down): the class index into the
 * definition's classes ({@code -1} when the model's label has no class), the model's label as it
 * came out, the score (0..1), the box ({@code x0 <= x1}, {@code y0 <= y1}) and the binary mask.
 */
public record Instance(int classIndex, long label, float score, float x0, float y0, float x1, float y1,
                       InstanceMask mask) {
    /** The box as a {@link Detection}, for code that works with boxes (NMS, box metrics). */
    public Detection box() {
        return new Detection(x0, y0, x1, y1, classIndex, score);
    }
}
