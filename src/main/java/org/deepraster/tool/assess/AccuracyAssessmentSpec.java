package org.deepraster.tool.assess;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.deepraster.tool.DeclaredTool;
import org.deepraster.tool.Parameter;
import org.deepraster.tool.Parameter.Type;
import org.deepraster.tool.ParameterValues;
import org.deepraster.tool.ToolConsole;
import org.deepraster.util.CancelledException;
import org.deepraster.util.UserException;

/**
 * Accuracy Assessment, declared: compares a tool's results with ground truth and writes a report folder
 * (report.html with PNG charts, metrics.json, CSV tables). Exit codes: 0 done, 2 bad input, 130 cancelled.
 */
public final class AccuracyAssessmentSpec extends DeclaredTool<AccuracyAssessmentParameters> {
    public static final String ID = "accuracy-assessment";
    public static final String RESULTS = "in_results";
    public static final String GROUND_TRUTH = "in_ground_truth";
    public static final String OUT_FOLDER = "out_folder";
    public static final String MODE = "mode";
    public static final String CLASS_FIELD = "class_field";
    public static final String TRUTH_CLASS_FIELD = "ground_truth_class_field";
    public static final String IOU = "iou_threshold";
    public static final String CONFIDENCE = "confidence_threshold";
    public static final String CONFIDENCE_FIELD = "confidence_field";
    public static final String MATCHING = "matching";
    public static final String ID_FIELD = "id_field";
    public static final String TRUTH_ID_FIELD = "ground_truth_id_field";
    public static final String MODEL = "in_model_definition";
    public static final String OVERWRITE = "overwrite";

    private static final List<Parameter> PARAMETERS = List.of(
            Parameter.of(RESULTS, Type.FEATURES, "Results", "The results: a vector file (.gpkg, .shp, .geojson;"
                            + " 'file.gpkg|table' names a table) or a classified GeoTIFF.")
                    .withAliases("results").withValueLabel("RESULTS").asRequired().inGroup("Input"),
            Parameter.of(GROUND_TRUTH, Type.FEATURES, "Ground truth", "Ground truth: vector layer(s) ('file.gpkg|table';"
                            + " several are pooled, e.g. trees and cars) or a GeoTIFF of class values.")
                    .withAliases("ground_truth").withValueLabel("TRUTH").several(";").asRequired().inGroup("Input"),
            Parameter.of(OUT_FOLDER, Type.OUTPUT_FOLDER, "Output folder", "Folder for the report (created if missing).")
                    .asRequired().inGroup("Output"),
            Parameter.choice(MODE, "Mode", "What is compared; AUTO: from the inputs.", AssessmentMode.class,
                    AssessmentMode.AUTO).inGroup("Input"),
            Parameter.of(CLASS_FIELD, Type.TEXT, "Class field",
                    "Class field of the results (default ClassLabel, else Class; for detections Class).").inGroup("Fields"),
            Parameter.of(TRUTH_CLASS_FIELD, Type.TEXT, "Ground truth class field",
                    "Class field of the ground truth (default: the results' class field, else class, Class,"
                            + " ClassLabel, ClassName, ClassValue, label).").inGroup("Fields"),
            Parameter.of(IOU, Type.NUMBER, "IoU threshold", "Detections: IoU at which a detection matches an object.")
                    .withDefault(AccuracyAssessmentParameters.DEFAULT_IOU).withRange(0, 1).inGroup("Detections"),
            Parameter.of(CONFIDENCE, Type.NUMBER, "Confidence threshold",
                    "Detections: precision, recall and F1 count detections at or above this confidence, in the"
                            + " field's units (0-100 for DeepRaster/ArcGIS outputs; 0: all).")
                    .withDefault(0).inGroup("Detections"),
            Parameter.of(CONFIDENCE_FIELD, Type.TEXT, "Confidence field", "Detections: the confidence field.")
                    .withAliases("confidence_score_field").withDefault(AccuracyAssessmentParameters.DEFAULT_CONFIDENCE_FIELD)
                    .inGroup("Detections"),
            Parameter.choice(MATCHING, "Matching", "Objects: AUTO (ID when the results have --id_field, else GEOMETRY),"
                    + " ID or GEOMETRY (one to one, largest overlap first).", ObjectMatching.class, ObjectMatching.AUTO)
                    .inGroup("Objects"),
            Parameter.of(ID_FIELD, Type.TEXT, "Id field", "Objects: the results' field holding the ground-truth id.")
                    .withDefault(AccuracyAssessmentParameters.DEFAULT_ID_FIELD).inGroup("Objects"),
            Parameter.of(TRUTH_ID_FIELD, Type.TEXT, "Ground truth id field",
                    "Objects: the ground truth's id field (default: the feature id).").inGroup("Objects"),
            Parameter.of(MODEL, Type.MODEL, "Model definition",
                    "Optional model (.emd, .dlpk, .onnx or JSON): class names, order and colours.").inGroup("Input"),
            Parameter.flag(OVERWRITE, "Overwrite", "Replace a report already in the folder.").inGroup("Output"));

    /** The record of these values; a dialog's map layers (set as objects) are taken as they are. */
    public AccuracyAssessmentSpec() {
        super(ID, "Accuracy Assessment",
                List.of("Accuracy assessment: compares results with ground truth and writes a report (report.html with",
                "PNG charts, metrics.json, per_class.csv, confusion_matrix.csv) into --out_folder.",
                "Classified objects: confusion matrix, overall accuracy, kappa, per-class precision/recall/F1.",
                "Detections: precision, recall, F1 at --confidence_threshold and AP at --iou_threshold per class, mAP.",
                "Classified pixels (two rasters): confusion matrix, per-class F1 and IoU, pixel-weighted F1.",
                "Exit codes: 0 done, 2 bad input."),
                PARAMETERS);
    }

    @Override
    public AccuracyAssessmentParameters parameters(ParameterValues v) {
        AssessmentInput results = v.object(RESULTS) instanceof AssessmentInput in ? in
                : AssessmentInput.parse(v.required(RESULTS));
        List<AssessmentInput> truths = new ArrayList<>();
        if (v.object(GROUND_TRUTH) instanceof List<?> l) {
            l.forEach(in -> truths.add((AssessmentInput) in));
        } else {
            v.list(GROUND_TRUTH).forEach(g -> truths.add(AssessmentInput.parse(g)));
        }
        return new AccuracyAssessmentParameters(results, truths, choice(AssessmentMode.class, v, MODE), v.optional(CLASS_FIELD),
                v.optional(TRUTH_CLASS_FIELD), v.optional(CONFIDENCE_FIELD), v.number(IOU), v.number(CONFIDENCE),
                choice(ObjectMatching.class, v, MATCHING), v.optional(ID_FIELD), v.optional(TRUTH_ID_FIELD),
                v.optional(MODEL), v.path(OUT_FOLDER), v.isOn(OVERWRITE));
    }

    private static <E extends Enum<E>> E choice(Class<E> type, ParameterValues v, String name) {
        String text = v.required(name);
        try {
            return Enum.valueOf(type, text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UserException("--" + name + " '" + text + "' is not one of "
                    + String.join(", ", v.parameter(name).choices()) + ".", "");
        }
    }

    @Override
    public ParameterValues values(AccuracyAssessmentParameters p) {
        ParameterValues v = newValues()
                .set(OUT_FOLDER, p.outFolder())
                .set(MODE, p.mode() == AssessmentMode.AUTO ? null : p.mode())
                .set(CLASS_FIELD, p.classField())
                .set(TRUTH_CLASS_FIELD, p.groundTruthClassField())
                .set(IOU, p.iouThreshold() == AccuracyAssessmentParameters.DEFAULT_IOU ? null : p.iouThreshold())
                .set(CONFIDENCE, p.confidenceThreshold() == 0 ? null : p.confidenceThreshold())
                .set(CONFIDENCE_FIELD, AccuracyAssessmentParameters.DEFAULT_CONFIDENCE_FIELD.equals(p.confidenceField())
                        ? null : p.confidenceField())
                .set(MATCHING, p.matching() == ObjectMatching.AUTO ? null : p.matching())
                .set(ID_FIELD, AccuracyAssessmentParameters.DEFAULT_ID_FIELD.equals(p.idField()) ? null : p.idField())
                .set(TRUTH_ID_FIELD, p.groundTruthIdField())
                .set(MODEL, p.modelDefinition())
                .flag(OVERWRITE, p.overwrite());
        if (p.results() != null) {
            v.setObject(RESULTS, isFile(p.results()) ? null : p.results(), text(p.results()));
        }
        if (!p.groundTruth().isEmpty()) {
            v.setObject(GROUND_TRUTH, p.groundTruth().stream().allMatch(AccuracyAssessmentSpec::isFile) ? null
                    : p.groundTruth(), String.join(";", p.groundTruth().stream().map(AccuracyAssessmentSpec::text).toList()));
        }
        return v;
    }

    /** Read from a file, so its text gives it back. */
    private static boolean isFile(AssessmentInput in) {
        return in instanceof AssessmentInput.RasterFile
                || in instanceof AssessmentInput.Features f && f.input() instanceof org.deepraster.tool.FeatureInput.File;
    }

    /** The command line's text of an input: its file ({@code file.gpkg|table}), or a map layer's name. */
    private static String text(AssessmentInput in) {
        if (in instanceof AssessmentInput.Features f) {
            return f.input().text();
        }
        if (in instanceof AssessmentInput.RasterFile r) {
            return r.path().toString();
        }
        return in.displayName();
    }

    @Override
    public int run(AccuracyAssessmentParameters p, ToolConsole console) throws IOException {
        PrintWriter out = console.out();
        PrintWriter err = console.err();
        AccuracyAssessmentResult r;
        try (AccuracyAssessmentTool.Plan plan = new AccuracyAssessmentTool().plan(p)) {
            console.warnings(plan.warnings());
            r = plan.run(new LineProgress(err, console.cancel()));
        } catch (CancelledException e) {
            err.println("Cancelled: no report was written.");
            err.flush();
            return 130;
        }
        ReportText.print(r.report(), out);
        out.println("Report: " + r.files().report().toAbsolutePath());
        out.flush();
        return 0;
    }
}
