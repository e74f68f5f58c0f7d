package org.deepraster.tool.detectobjects;

import org.deepraster.tool.Environments;
import org.deepraster.tool.ProcessingMode;

import java.nio.file.Path;
import org.deepraster.model.ModelArguments;

/**
 * Detect Objects Using Deep Learning (ArcGIS names): {@code in_raster} (a raster file, or a folder of images),
 * {@code in_model_definition} (.emd, .dlpk, .onnx or the .emd JSON), {@code out_detected_objects},
 * {@code arguments} (padding, threshold, nms_overlap, batch_size, exclude_pad_detections, …),
 * {@code run_nms} with {@code max_overlap_ratio} (IoU, across tiles, within then across classes),
 * {@code confidence_score_field} (default {@code Confidence}, 0–100), {@code class_value_field}
 * (default {@code Class}: the class name; the class value goes to {@value DetectObjectsTool#CLASS_VALUE_FIELD}),
 * the output geometry (boxes or centre points), the environments and overwrite.
 *
 * @param resume                   keep an existing GeoPackage output and run only the tiles an earlier
 *                                 (cancelled or killed) run of the same settings did not finish
 * @param resampleToModelCellSize  read the raster resampled to the cell size the model states
 *                                 (.emd MinCellSize/MaxCellSize, Deepness {@code resolution}); off: native cells
 * @param maxContainmentRatio      with NMS: a detection whose intersection with a bigger kept one exceeds this share
 *                                 of its own area goes (Deepness's "remove overlapping detections"); null: the
 *                                 model's default (a Deepness detector: its det_iou_thresh / nms_overlap, as
 *                                 Deepness; others: never); 1: never
 * @param processingMode           for a folder of images: PROCESS_AS_MOSAICKED_IMAGE (default; the images on one
 *                                 pixel grid read as one raster); PROCESS_ITEMS_SEPARATELY is not supported yet
 */
public record DetectObjectsParameters(Path inRaster, String inModelDefinition, Path outDetectedObjects,
                                      ModelArguments arguments, boolean runNms, String confidenceScoreField,
                                      String classValueField, double maxOverlapRatio, OutputGeometry outputGeometry,
                                      Environments environments, boolean overwrite, boolean resume,
                                      boolean resampleToModelCellSize, ProcessingMode processingMode,
                                      Double maxContainmentRatio, InstanceOptions instanceOptions) {

    /** What each detection becomes. */
    public enum OutputGeometry { BOXES, CENTER_POINTS }

    public DetectObjectsParameters {
        arguments = arguments == null ? ModelArguments.EMPTY : arguments;
        confidenceScoreField = confidenceScoreField == null || confidenceScoreField.isBlank() ? "Confidence" : confidenceScoreField;
        classValueField = classValueField == null || classValueField.isBlank() ? "Class" : classValueField;
        outputGeometry = outputGeometry == null ? OutputGeometry.BOXES : outputGeometry;
        environments = environments == null ? Environments.DEFAULT : environments;
        processingMode = processingMode == null ? ProcessingMode.PROCESS_AS_MOSAICKED_IMAGE : processingMode;
        instanceOptions = instanceOptions == null ? InstanceOptions.NONE : instanceOptions;
    }

    /** Without instance options. */
    public DetectObjectsParameters(Path inRaster, String inModelDefinition, Path outDetectedObjects,
                                   ModelArguments arguments, boolean runNms, String confidenceScoreField,
                                   String classValueField, double maxOverlapRatio, OutputGeometry outputGeometry,
                                   Environments environments, boolean overwrite, boolean resume,
                                   boolean resampleToModelCellSize, ProcessingMode processingMode,
                                   Double maxContainmentRatio) {
        this(inRaster, inModelDefinition, outDetectedObjects, arguments, runNms, confidenceScoreField, classValueField,
                maxOverlapRatio, outputGeometry, environments, overwrite, resume, resampleToModelCellSize, processingMode,
                maxContainmentRatio, null);
    }

    /** Instance models: minimum area, simplification and regularisation of the instance polygons. */
    public DetectObjectsParameters withInstanceOptions(InstanceOptions o) {
        return new DetectObjectsParameters(inRaster, inModelDefinition, outDetectedObjects, arguments, runNms, confidenceScoreField,
                classValueField, maxOverlapRatio, outputGeometry, environments, overwrite, resume, resampleToModelCellSize,
                processingMode, maxContainmentRatio, o);
    }

    /** The model's containment default (see {@link #maxContainmentRatio()}). */
    public DetectObjectsParameters(Path inRaster, String inModelDefinition, Path outDetectedObjects,
                                   ModelArguments arguments, boolean runNms, String confidenceScoreField,
                                   String classValueField, double maxOverlapRatio, OutputGeometry outputGeometry,
                                   Environments environments, boolean overwrite, boolean resume,
                                   boolean resampleToModelCellSize, ProcessingMode processingMode) {
        this(inRaster, inModelDefinition, outDetectedObjects, arguments, runNms, confidenceScoreField, classValueField,
                maxOverlapRatio, outputGeometry, environments, overwrite, resume, resampleToModelCellSize, processingMode, null);
    }

    /** With NMS: drop a detection lying mostly inside a bigger one (null: the model's default; 1: never). */
    public DetectObjectsParameters withMaxContainmentRatio(Double r) {
        return new DetectObjectsParameters(inRaster, inModelDefinition, outDetectedObjects, arguments, runNms, confidenceScoreField,
                classValueField, maxOverlapRatio, outputGeometry, environments, overwrite, resume, resampleToModelCellSize,
                processingMode, r, instanceOptions);
    }

    /** Without resume and at the raster's own cell size. */
    public DetectObjectsParameters(Path inRaster, String inModelDefinition, Path outDetectedObjects,
                                   ModelArguments arguments, boolean runNms, String confidenceScoreField,
                                   String classValueField, double maxOverlapRatio, OutputGeometry outputGeometry,
                                   Environments environments, boolean overwrite) {
        this(inRaster, inModelDefinition, outDetectedObjects, arguments, runNms, confidenceScoreField, classValueField,
                maxOverlapRatio, outputGeometry, environments, overwrite, false, false, null);
    }

    /** Defaults: model arguments from the model, no NMS across tiles, boxes, whole raster. */
    public static DetectObjectsParameters of(Path raster, String model, Path out) {
        return new DetectObjectsParameters(raster, model, out, ModelArguments.EMPTY, false, null, null, 0,
                OutputGeometry.BOXES, Environments.DEFAULT, false);
    }

    public DetectObjectsParameters withArguments(ModelArguments a) {
        return new DetectObjectsParameters(inRaster, inModelDefinition, outDetectedObjects, a, runNms, confidenceScoreField,
                classValueField, maxOverlapRatio, outputGeometry, environments, overwrite, resume, resampleToModelCellSize, processingMode, maxContainmentRatio, instanceOptions);
    }

    public DetectObjectsParameters withNms(boolean run, double ratio) {
        return new DetectObjectsParameters(inRaster, inModelDefinition, outDetectedObjects, arguments, run, confidenceScoreField,
                classValueField, ratio, outputGeometry, environments, overwrite, resume, resampleToModelCellSize, processingMode, maxContainmentRatio, instanceOptions);
    }

    public DetectObjectsParameters withOutput(Path out, OutputGeometry g, boolean overwrite) {
        return new DetectObjectsParameters(inRaster, inModelDefinition, out, arguments, runNms, confidenceScoreField,
                classValueField, maxOverlapRatio, g, environments, overwrite, resume, resampleToModelCellSize, processingMode, maxContainmentRatio, instanceOptions);
    }

    public DetectObjectsParameters withEnvironments(Environments e) {
        return new DetectObjectsParameters(inRaster, inModelDefinition, outDetectedObjects, arguments, runNms, confidenceScoreField,
                classValueField, maxOverlapRatio, outputGeometry, e, overwrite, resume, resampleToModelCellSize, processingMode, maxContainmentRatio, instanceOptions);
    }

    /** Resume an earlier run into the same output (GeoPackage only). */
    public DetectObjectsParameters withResume(boolean r) {
        return new DetectObjectsParameters(inRaster, inModelDefinition, outDetectedObjects, arguments, runNms, confidenceScoreField,
                classValueField, maxOverlapRatio, outputGeometry, environments, overwrite, r, resampleToModelCellSize, processingMode, maxContainmentRatio, instanceOptions);
    }

    /** Resample the raster to the model's cell size (when the model states one). */
    public DetectObjectsParameters withResampleToModelCellSize(boolean r) {
        return new DetectObjectsParameters(inRaster, inModelDefinition, outDetectedObjects, arguments, runNms, confidenceScoreField,
                classValueField, maxOverlapRatio, outputGeometry, environments, overwrite, resume, r, processingMode, maxContainmentRatio, instanceOptions);
    }

    /** How a folder of images is processed. */
    public DetectObjectsParameters withProcessingMode(ProcessingMode m) {
        return new DetectObjectsParameters(inRaster, inModelDefinition, outDetectedObjects, arguments, runNms, confidenceScoreField,
                classValueField, maxOverlapRatio, outputGeometry, environments, overwrite, resume, resampleToModelCellSize, m, maxContainmentRatio, instanceOptions);
    }

    /**
     * Deepness's containment rule (with NMS): the given ratio; by default, for a Deepness detector, its
     * NMS IoU (nms_overlap, det_iou_thresh by default) as Deepness uses one threshold for both; else off (1).
     */
    double containmentRatio(org.deepraster.model.ModelDefinition d, double nmsOverlap) {
        Double r = maxContainmentRatio;
        if (r != null) {
            if (!(r >= 0 && r <= 1)) {
                throw new org.deepraster.util.UserException("max_containment_ratio " + r + " is not between 0 and 1.",
                        "It is the share of a detection's area inside a bigger one above which it goes, e.g. 0.5; 1 keeps all.");
            }
            return r;
        }
        boolean deepnessDetector = d.deepness() != null && (d.deepness().detType() != null
                || "detector".equalsIgnoreCase(d.deepness().modelType()));
        return deepnessDetector ? nmsOverlap : 1;
    }
}
