package org.deepraster.tool.assess;

import java.nio.file.Path;
import java.util.List;

/**
 * The parameters of an accuracy assessment. The dialog, the command line and the tests all build
 * this record and hand it to {@link AccuracyAssessmentTool}.
 *
 * @param results               the tool's output: classified objects, detections or a classified raster
 * @param groundTruth           one or more layers of ground truth (their features are pooled: e.g. the
 *                              {@code trees} and {@code cars} tables), or one raster
 * @param mode                  what is compared; {@link AssessmentMode#AUTO} picks from the inputs
 * @param classField            the results' class field (null: {@code ClassLabel}, else {@code Class})
 * @param groundTruthClassField the ground truth's class field (null: a field named like the results'
 *                              class field, else {@code class}, {@code Class}, {@code ClassLabel},
 *                              {@code ClassName}, {@code ClassValue}, {@code label})
 * @param confidenceField       detections' confidence field (null: {@code Confidence})
 * @param iouThreshold          detections: the IoU at which a detection matches an object (0 &lt; t &le; 1)
 * @param confidenceThreshold   detections: precision, recall and F1 count detections at or above it (in
 *                              the confidence field's units: 0–100 for DeepRaster and ArcGIS outputs)
 * @param matching              objects: how results are paired with ground truth
 * @param idField               objects: the results' id field for {@link ObjectMatching#ID} (null:
 *                              {@code SourceOID})
 * @param groundTruthIdField    objects: the ground truth's id field (null: the feature id)
 * @param modelDefinition       optional model (.emd, .dlpk, .onnx or JSON) for class names, order and colours
 * @param outFolder             where the report goes (created when missing)
 * @param overwrite             replace a report already in the folder
 */
public record AccuracyAssessmentParameters(AssessmentInput results, List<AssessmentInput> groundTruth,
                                           AssessmentMode mode, String classField, String groundTruthClassField,
                                           String confidenceField, double iouThreshold, double confidenceThreshold,
                                           ObjectMatching matching, String idField, String groundTruthIdField,
                                           String modelDefinition, Path outFolder, boolean overwrite) {

    public static final double DEFAULT_IOU = 0.5;
    public static final String DEFAULT_ID_FIELD = "SourceOID";
    public static final String DEFAULT_CONFIDENCE_FIELD = "Confidence";

    public AccuracyAssessmentParameters {
        groundTruth = List.copyOf(groundTruth);
        mode = mode == null ? AssessmentMode.AUTO : mode;
        matching = matching == null ? ObjectMatching.AUTO : matching;
        classField = blankToNull(classField);
        groundTruthClassField = blankToNull(groundTruthClassField);
        confidenceField = blankToNull(confidenceField) == null ? DEFAULT_CONFIDENCE_FIELD : confidenceField.trim();
        idField = blankToNull(idField) == null ? DEFAULT_ID_FIELD : idField.trim();
        groundTruthIdField = blankToNull(groundTruthIdField);
        modelDefinition = blankToNull(modelDefinition);
    }

    /** Results against ground truth into a folder; everything else at its default. */
    public static AccuracyAssessmentParameters of(AssessmentInput results, List<AssessmentInput> groundTruth, Path outFolder) {
        return new AccuracyAssessmentParameters(results, groundTruth, AssessmentMode.AUTO, null, null, null, DEFAULT_IOU, 0,
                ObjectMatching.AUTO, null, null, null, outFolder, false);
    }

    public AccuracyAssessmentParameters withMode(AssessmentMode m) {
        return new AccuracyAssessmentParameters(results, groundTruth, m, classField, groundTruthClassField, confidenceField,
                iouThreshold, confidenceThreshold, matching, idField, groundTruthIdField, modelDefinition, outFolder, overwrite);
    }

    public AccuracyAssessmentParameters withClassFields(String results, String truth) {
        return new AccuracyAssessmentParameters(this.results, groundTruth, mode, results, truth, confidenceField,
                iouThreshold, confidenceThreshold, matching, idField, groundTruthIdField, modelDefinition, outFolder, overwrite);
    }

    public AccuracyAssessmentParameters withThresholds(double iou, double confidence) {
        return new AccuracyAssessmentParameters(results, groundTruth, mode, classField, groundTruthClassField, confidenceField,
                iou, confidence, matching, idField, groundTruthIdField, modelDefinition, outFolder, overwrite);
    }

    public AccuracyAssessmentParameters withMatching(ObjectMatching m, String id, String truthId) {
        return new AccuracyAssessmentParameters(results, groundTruth, mode, classField, groundTruthClassField, confidenceField,
                iouThreshold, confidenceThreshold, m, id, truthId, modelDefinition, outFolder, overwrite);
    }

    public AccuracyAssessmentParameters withModelDefinition(String model) {
        return new AccuracyAssessmentParameters(results, groundTruth, mode, classField, groundTruthClassField, confidenceField,
                iouThreshold, confidenceThreshold, matching, idField, groundTruthIdField, model, outFolder, overwrite);
    }

    public AccuracyAssessmentParameters withOverwrite(boolean o) {
        return new AccuracyAssessmentParameters(results, groundTruth, mode, classField, groundTruthClassField, confidenceField,
                iouThreshold, confidenceThreshold, matching, idField, groundTruthIdField, modelDefinition, outFolder, o);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
