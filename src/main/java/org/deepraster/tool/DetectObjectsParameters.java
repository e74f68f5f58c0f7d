package org.deepraster.tool;

import java.nio.file.Path;
import org.deepraster.model.ModelArguments;

/**
 * Detect Objects Using Deep Learning (ArcGIS names): {@code in_raster} (one raster file),
 * {@code in_model_definition} (.emd, .dlpk, .onnx or the .emd JSON), {@code out_detected_objects},
 * {@code arguments} (padding, threshold, nms_overlap, batch_size, exclude_pad_detections, …),
 * {@code run_nms} with {@code max_overlap_ratio} (IoU, across tiles, within then across classes),
 * {@code confidence_score_field} (default {@code Confidence}, 0–100), {@code class_value_field}
 * (default {@code Class}: the class name; the class value goes to {@value DetectObjectsTool#CLASS_VALUE_FIELD}),
 * the output geometry (boxes or centre points), the environments and overwrite.
 */
public record DetectObjectsParameters(Path inRaster, String inModelDefinition, Path outDetectedObjects,
                                      ModelArguments arguments, boolean runNms, String confidenceScoreField,
                                      String classValueField, double maxOverlapRatio, OutputGeometry outputGeometry,
                                      Environments environments, boolean overwrite) {

    /** What each detection becomes. */
    public enum OutputGeometry { BOXES, CENTER_POINTS }

    public DetectObjectsParameters {
        arguments = arguments == null ? ModelArguments.EMPTY : arguments;
        confidenceScoreField = confidenceScoreField == null || confidenceScoreField.isBlank() ? "Confidence" : confidenceScoreField;
        classValueField = classValueField == null || classValueField.isBlank() ? "Class" : classValueField;
        outputGeometry = outputGeometry == null ? OutputGeometry.BOXES : outputGeometry;
        environments = environments == null ? Environments.DEFAULT : environments;
    }

    /** Defaults: model arguments from the model, no NMS across tiles, boxes, whole raster. */
    public static DetectObjectsParameters of(Path raster, String model, Path out) {
        return new DetectObjectsParameters(raster, model, out, ModelArguments.EMPTY, false, null, null, 0,
                OutputGeometry.BOXES, Environments.DEFAULT, false);
    }

    public DetectObjectsParameters withArguments(ModelArguments a) {
        return new DetectObjectsParameters(inRaster, inModelDefinition, outDetectedObjects, a, runNms, confidenceScoreField,
                classValueField, maxOverlapRatio, outputGeometry, environments, overwrite);
    }

    public DetectObjectsParameters withNms(boolean run, double ratio) {
        return new DetectObjectsParameters(inRaster, inModelDefinition, outDetectedObjects, arguments, run, confidenceScoreField,
                classValueField, ratio, outputGeometry, environments, overwrite);
    }

    public DetectObjectsParameters withOutput(Path out, OutputGeometry g, boolean overwrite) {
        return new DetectObjectsParameters(inRaster, inModelDefinition, out, arguments, runNms, confidenceScoreField,
                classValueField, maxOverlapRatio, g, environments, overwrite);
    }

    public DetectObjectsParameters withEnvironments(Environments e) {
        return new DetectObjectsParameters(inRaster, inModelDefinition, outDetectedObjects, arguments, runNms, confidenceScoreField,
                classValueField, maxOverlapRatio, outputGeometry, e, overwrite);
    }
}
