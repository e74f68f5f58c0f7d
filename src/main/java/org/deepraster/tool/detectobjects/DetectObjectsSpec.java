package org.deepraster.tool.detectobjects;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.deepraster.feature.Feature;
import org.deepraster.inference.InferenceEngine;
import org.deepraster.tool.Calibration;
import org.deepraster.tool.RunEstimate;
import org.deepraster.model.ModelArguments;
import org.deepraster.tool.EnvironmentParameters;
import org.deepraster.tool.DeclaredTool;
import org.deepraster.tool.Parameter;
import org.deepraster.tool.Parameter.Type;
import org.deepraster.tool.ParameterValues;
import org.deepraster.tool.ProcessingMode;
import org.deepraster.tool.ToolConsole;
import org.deepraster.tool.detectobjects.DetectObjectsParameters.OutputGeometry;
import org.deepraster.util.UserException;

/**
 * Detect Objects Using Deep Learning, declared: ArcGIS's parameter names (and kebab-case aliases), the environments,
 * overwrite and resume. Exit codes: 0 done, 1 some tiles failed, 2 bad input, 130 cancelled (what was final is
 * written; rerun with {@code --resume} to finish).
 */
public final class DetectObjectsSpec extends DeclaredTool<DetectObjectsParameters> {
    public static final String ID = "detect-objects";
    public static final String IN_RASTER = "in_raster";
    public static final String PROCESSING_MODE = "processing_mode";
    public static final String MODEL = "in_model_definition";
    public static final String OUTPUT = "out_detected_objects";
    public static final String ARGUMENTS = "arguments";
    public static final String RUN_NMS = "run_nms";
    public static final String CONFIDENCE_FIELD = "confidence_score_field";
    public static final String CLASS_FIELD = "class_value_field";
    public static final String MAX_OVERLAP = "max_overlap_ratio";
    public static final String GEOMETRY = "output_geometry";
    public static final String MAX_CONTAINMENT = "max_containment_ratio";
    public static final String RESAMPLE = "resample_to_model_cell_size";
    public static final String OVERWRITE = "overwrite";
    public static final String RESUME = "resume";
    public static final String MIN_AREA = "min_area";
    public static final String SIMPLIFY = "simplify_tolerance";
    public static final String REGULARIZE = "regularize_method";
    public static final String REGULARIZE_TOLERANCE = "regularize_tolerance";
    public static final String DENSIFICATION = "densification";
    /** The group of the options that only instance models use (the dialog shows it for them only). */
    public static final String INSTANCE_GROUP = "Instances";
    /** The parameters of {@link #INSTANCE_GROUP}. */
    public static final List<String> INSTANCE_PARAMETERS = List.of(MIN_AREA, SIMPLIFY, REGULARIZE, REGULARIZE_TOLERANCE,
            DENSIFICATION);

    private static final List<Parameter> PARAMETERS;

    static {
        List<Parameter> p = new ArrayList<>();
        p.add(Parameter.of(IN_RASTER, Type.RASTER, "Input raster", "The raster file, or a folder of images (read as one mosaic).")
                .asRequired().inGroup("Input"));
        p.add(Parameter.choice(PROCESSING_MODE, "Processing mode",
                "For a folder: PROCESS_AS_MOSAICKED_IMAGE (images on one pixel grid read as one raster);"
                        + " PROCESS_ITEMS_SEPARATELY is not supported yet.", ProcessingMode.class,
                ProcessingMode.PROCESS_AS_MOSAICKED_IMAGE).inGroup("Input"));
        p.add(Parameter.of(MODEL, Type.MODEL, "Model definition", ".emd, .dlpk or .onnx file, or the .emd JSON text.")
                .asRequired().inGroup("Model"));
        p.add(Parameter.of(OUTPUT, Type.OUTPUT_FILE, "Output detected objects", "Output .gpkg (default), .geojson, .shp or .csv.")
                .withAliases("out_feature_class").asRequired().inGroup("Output"));
        p.add(Parameter.of(ARGUMENTS, Type.TEXT, "Model arguments",
                        "Model arguments, e.g. \"padding 32;threshold 0.5;batch_size 8\".")
                .withAliases("model_arguments").withValueLabel("\"name value;...\"").inGroup("Model"));
        p.add(Parameter.choice(RUN_NMS, "Non Maximum Suppression",
                "NMS (remove duplicates across tiles) or NO_NMS.", List.of("NO_NMS", "NMS")).inGroup("Detection"));
        p.add(Parameter.of(CONFIDENCE_FIELD, Type.TEXT, "Confidence score field", "Field for the confidence, 0-100.")
                .withDefault("Confidence").inGroup("Output"));
        p.add(Parameter.of(CLASS_FIELD, Type.TEXT, "Class value field",
                        "Field for the class name; the class value goes to " + DetectObjectsTool.CLASS_VALUE_FIELD + ".")
                .withDefault("Class").inGroup("Output"));
        p.add(Parameter.of(MAX_OVERLAP, Type.NUMBER, "Max overlap ratio",
                        "With NMS: intersection over union above which the less confident detection goes.")
                .withDefault(0).withRange(0, 1).inGroup("Detection"));
        p.add(Parameter.of(MAX_CONTAINMENT, Type.NUMBER, "Max containment ratio",
                        "With NMS: a detection whose intersection with a bigger kept one exceeds this share of its own area"
                                + " goes (Deepness's 'remove overlapping detections'). Default: a Deepness detector's"
                                + " nms_overlap (as Deepness); otherwise off (1).")
                .withRange(0, 1).inGroup("Detection"));
        p.add(Parameter.choice(GEOMETRY, "Output geometry", "Boxes (oriented boxes and instance masks as their"
                        + " polygons) or centre points.", OutputGeometry.class, OutputGeometry.BOXES).inGroup("Output"));
        p.add(Parameter.of(MIN_AREA, Type.NUMBER, "Minimum area", "Instance models: instances whose mask covers less"
                + " (map units squared) are dropped.").withDefault(0).withRange(0, null).inGroup(INSTANCE_GROUP));
        p.add(Parameter.of(SIMPLIFY, Type.NUMBER, "Simplify tolerance", "Instance models: the pixel outline is simplified"
                + " (Douglas-Peucker, topology kept) by this distance in map units; 0 keeps it.").withDefault(0)
                .withRange(0, null).inGroup(INSTANCE_GROUP));
        p.add(Parameter.choice(REGULARIZE, "Regularization", "Instance models, as Regularize Building Footprint:"
                + " RIGHT_ANGLES (buildings), RIGHT_ANGLES_AND_DIAGONALS (edges at multiples of 45 degrees to the"
                + " dominant direction: cut corners), ANY_ANGLE (dominant edges in their own directions: irregular"
                + " shapes), CIRCLE (tanks, trees), or NONE.", InstanceOptions.Method.class, InstanceOptions.Method.NONE).inGroup(INSTANCE_GROUP));
        p.add(Parameter.of(REGULARIZE_TOLERANCE, Type.NUMBER, "Regularization tolerance", "Map units: details smaller"
                + " than this are smoothed away; 0: two cells of the raster.").withDefault(0).withRange(0, null)
                .inGroup(INSTANCE_GROUP));
        p.add(Parameter.of(DENSIFICATION, Type.NUMBER, "Densification", "CIRCLE: the distance between the circle's"
                + " vertices, map units; 0: the tolerance.").withDefault(0).withRange(0, null).inGroup(INSTANCE_GROUP));
        p.addAll(EnvironmentParameters.ALL);
        p.add(Parameter.flag(OVERWRITE, "Overwrite", "Replace an existing output.").inGroup("Output"));
        p.add(Parameter.flag(RESUME, "Resume", "Keep an existing GeoPackage output and run only the tiles an earlier"
                + " (cancelled or killed) run with the same settings did not finish.").inGroup("Output"));
        p.add(Parameter.flag(RESAMPLE, "Resample to the model's cell size",
                "Read the raster resampled (bilinear) to the cell size the model states (.emd MinCellSize/MaxCellSize,"
                        + " Deepness resolution); boxes are mapped back to map space. Off: the raster's own cells.")
                .inGroup("Input"));
        PARAMETERS = List.copyOf(p);
    }

    public DetectObjectsSpec() {
        super(ID, "Detect Objects",
                List.of("Detect Objects Using Deep Learning: run an object-detection model over a raster, tile by tile,",
                "and write the boxes (or centre points) with Class, ClassValue and Confidence (0-100).",
                "Exit codes: 0 done, 1 some tiles failed, 2 bad input, 130 cancelled (rerun with --resume)."),
                PARAMETERS);
    }

    @Override
    public DetectObjectsParameters parameters(ParameterValues v) throws IOException {
        boolean nms = switch (v.required(RUN_NMS).trim().toUpperCase(Locale.ROOT)) {
            case "NMS", "TRUE", "YES" -> true;
            case "NO_NMS", "FALSE", "NO" -> false;
            default -> throw new UserException("Unknown --run_nms '" + v.text(RUN_NMS) + "'.", "Use NMS or NO_NMS.");
        };
        return new DetectObjectsParameters(v.path(IN_RASTER), v.required(MODEL), v.path(OUTPUT),
                ModelArguments.parse(v.text(ARGUMENTS) == null ? "" : v.text(ARGUMENTS)), nms, v.text(CONFIDENCE_FIELD),
                v.text(CLASS_FIELD), v.number(MAX_OVERLAP), v.choice(GEOMETRY, OutputGeometry.class),
                EnvironmentParameters.environments(v), v.isOn(OVERWRITE), v.isOn(RESUME), v.isOn(RESAMPLE),
                v.choice(PROCESSING_MODE, ProcessingMode.class),
                v.optional(MAX_CONTAINMENT) == null ? null : v.number(MAX_CONTAINMENT),
                new InstanceOptions(v.number(MIN_AREA), v.number(SIMPLIFY), v.choice(REGULARIZE, InstanceOptions.Method.class),
                        v.number(REGULARIZE_TOLERANCE), v.number(DENSIFICATION)));
    }

    @Override
    public ParameterValues values(DetectObjectsParameters p) {
        ParameterValues v = newValues()
                .set(IN_RASTER, p.inRaster())
                .set(MODEL, p.inModelDefinition())
                .set(OUTPUT, p.outDetectedObjects())
                .set(ARGUMENTS, p.arguments().toString())
                .set(RUN_NMS, p.runNms() ? "NMS" : null)
                .set(MAX_OVERLAP, p.maxOverlapRatio() != 0 ? p.maxOverlapRatio() : null)
                .set(MAX_CONTAINMENT, p.maxContainmentRatio())
                .set(CONFIDENCE_FIELD, p.confidenceScoreField())
                .set(CLASS_FIELD, p.classValueField())
                .set(GEOMETRY, p.outputGeometry())
                .set(PROCESSING_MODE, p.processingMode())
                .set(MIN_AREA, p.instanceOptions().minArea() != 0 ? p.instanceOptions().minArea() : null)
                .set(SIMPLIFY, p.instanceOptions().simplifyTolerance() != 0 ? p.instanceOptions().simplifyTolerance() : null)
                .set(REGULARIZE, p.instanceOptions().regularization() != InstanceOptions.Method.NONE
                        ? p.instanceOptions().regularization() : null)
                .set(REGULARIZE_TOLERANCE, p.instanceOptions().tolerance() != 0 ? p.instanceOptions().tolerance() : null)
                .set(DENSIFICATION, p.instanceOptions().densification() != 0 ? p.instanceOptions().densification() : null)
                .flag(RESAMPLE, p.resampleToModelCellSize())
                .flag(OVERWRITE, p.overwrite())
                .flag(RESUME, p.resume());
        EnvironmentParameters.put(v, p.environments());
        return v;
    }

    /** The calibration: this run's plan writing into a scratch folder, its first batch (see {@link Calibration}). */
    @Override
    public RunEstimate estimate(DetectObjectsParameters p, InferenceEngine engine, org.deepraster.util.Progress cancel)
            throws IOException {
        return Calibration.inScratch(tmp -> {
            long items = -1;
            if (p.resume()) { // the tiles an earlier run left
                try (DetectObjectsTool.Plan real = new DetectObjectsTool(engine).plan(p)) {
                    items = real.total();
                }
            }
            DetectObjectsParameters c = p.withOutput(tmp.resolve("estimate.gpkg"), p.outputGeometry(), true).withResume(false);
            try (DetectObjectsTool.Plan plan = new DetectObjectsTool(engine).plan(c)) {
                return Calibration.measure("tiles", items >= 0 ? items : plan.total(), 0,
                        Calibration.viewsNote(plan.augmentationViews()), pr -> plan.run(pr, List.of()), cancel);
            }
        });
    }

    @Override
    public int run(DetectObjectsParameters p, ToolConsole console) throws IOException {
        PrintWriter err = console.err();
        PrintWriter out = console.out();
        try (InferenceEngine engine = new InferenceEngine()) {
            DetectObjectsResult r;
            int startWarnings;
            try (DetectObjectsTool.Plan plan = new DetectObjectsTool(engine).plan(p)) {
                console.warnings(plan.warnings());
                startWarnings = plan.warnings().size();
                err.println("Model " + plan.definition().displayName() + " on " + plan.executionProvider() + ", tiles of "
                        + plan.tileSize() + " px with " + plan.padding() + " px padding, batch size " + plan.batchSize()
                        + "; output " + plan.output()
                        + (plan.resumed() > 0 ? "; resuming: " + plan.resumed() + " tiles were done before" : ""));
                err.flush();
                r = plan.run(console.cancel(), List.of(console.<Feature>progress("Detecting in", "tiles")));
            }
            console.warnings(r.warnings().subList(Math.min(r.warnings().size(), startWarnings), r.warnings().size()));
            out.print(r.summary() == null ? r.report().outcome() + "\n" : r.summary().describe());
            out.println(r.written() + " detections written" + (p.runNms() ? ", " + r.suppressed() + " removed by NMS across tiles" : "")
                    + ". Output: " + r.output() + " (table " + r.table() + ")");
            out.flush();
            return console.exitCode(r.report(),
                    "Cancelled: the output holds the final detections of the finished tiles; rerun with --resume to finish.");
        }
    }
}
