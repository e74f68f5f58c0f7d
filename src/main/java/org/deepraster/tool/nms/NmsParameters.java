package org.deepraster.tool.nms;

import java.nio.file.Path;

/**
 * Non Maximum Suppression (ArcGIS names): {@code in_featureclass} (a file; {@code layer} picks a
 * GeoPackage table, null the first), {@code confidence_score_field}, {@code out_featureclass},
 * {@code class_value_field} (null: all features are one class), {@code max_overlap_ratio} (IoU, 0..1),
 * {@code max_containment_ratio} (after NMS, Deepness's rule: a feature whose intersection with a bigger kept one
 * exceeds this share of its own area goes; 1: off).
 */
public record NmsParameters(Path inFeatureClass, String layer, String confidenceScoreField, Path outFeatureClass,
                            String classValueField, double maxOverlapRatio, boolean overwrite, double maxContainmentRatio) {
    /** Without the containment rule. */
    public NmsParameters(Path inFeatureClass, String layer, String confidenceScoreField, Path outFeatureClass,
                         String classValueField, double maxOverlapRatio, boolean overwrite) {
        this(inFeatureClass, layer, confidenceScoreField, outFeatureClass, classValueField, maxOverlapRatio, overwrite, 1);
    }
}
