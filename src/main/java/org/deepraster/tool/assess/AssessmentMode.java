package org.deepraster.tool.assess;

/**
 * What is compared. {@link #AUTO} picks from the inputs: two rasters give {@link #PIXELS}; vector
 * results with the id field of Classify Objects ({@code SourceOID}) give {@link #OBJECTS}; other
 * vector results with a confidence field give {@link #INSTANCES} when most of their polygons are not
 * axis-aligned rectangles (instance masks, footprints), else {@link #DETECTIONS}; the rest
 * {@link #OBJECTS}.
 */
public enum AssessmentMode {
    AUTO, OBJECTS, DETECTIONS, PIXELS,
    /** Instance polygons (masks) against ground-truth polygons: polygon IoU, COCO AP ({@link InstanceEvaluation}). */
    INSTANCES;

    /** A title for reports. */
    public String title() {
        return switch (this) {
            case AUTO -> "Accuracy assessment";
            case OBJECTS -> "Classified objects";
            case DETECTIONS -> "Detected objects";
            case PIXELS -> "Classified pixels";
            case INSTANCES -> "Instance polygons";
        };
    }
}
