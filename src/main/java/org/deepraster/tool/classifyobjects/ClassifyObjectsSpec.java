package org.deepraster.tool.classifyobjects;

import org.deepraster.tool.Calibration;
import org.deepraster.tool.RunEstimate;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.deepraster.feature.Feature;
import org.deepraster.inference.InferenceEngine;
import org.deepraster.model.ModelArguments;
import org.deepraster.tool.EnvironmentParameters;
import org.deepraster.tool.FeatureInput;
import org.deepraster.tool.DeclaredTool;
import org.deepraster.tool.Parameter;
import org.deepraster.tool.Parameter.Type;
import org.deepraster.tool.ParameterValues;
import org.deepraster.tool.ProcessingMode;
import org.deepraster.tool.TerminalProgress;
import org.deepraster.tool.ToolConsole;
import org.deepraster.util.UserException;

/**
 * Classify Objects Using Deep Learning, declared: ArcGIS's parameter names (and kebab-case aliases), the
 * environments, overwrite and resume. Exit codes: 0 done, 1 some objects failed (or the run stopped on an error),
 * 2 bad input, 130 cancelled (Ctrl-C or SIGTERM: the batch in flight is finished and written; rerun with
 * {@code --resume}; under a signal the JVM itself exits with 128 + the signal number, i.e. 130 for Ctrl-C and 143
 * for SIGTERM).
 */
public final class ClassifyObjectsSpec extends DeclaredTool<ClassifyObjectsParameters> {
    public static final String ID = "classify-objects";
    public static final String IN_RASTER = "in_raster";
    public static final String MODEL = "in_model_definition";
    public static final String IN_FEATURES = "in_features";
    public static final String LAYER = "in_features_layer";
    public static final String OUTPUT = "out_feature_class";
    public static final String LABEL_FIELD = "class_label_field";
    public static final String PROCESSING_MODE = "processing_mode";
    public static final String ARGUMENTS = "model_arguments";
    public static final String OVERWRITE = "overwrite";
    public static final String RESUME = "resume";

    private static final List<Parameter> PARAMETERS;

    static {
        List<Parameter> p = new ArrayList<>();
        p.add(Parameter.of(IN_RASTER, Type.RASTER, "Input raster", "Raster file(s) or folder(s) of images.")
                .several(";").asRequired().inGroup("Input"));
        p.add(Parameter.of(MODEL, Type.MODEL, "Model definition", ".emd, .dlpk or .onnx file, or the .emd JSON text.")
                .asRequired().inGroup("Model"));
        p.add(Parameter.of(IN_FEATURES, Type.FEATURES, "Input features",
                        "Objects to classify (.gpkg, .shp, .geojson); 'file.gpkg|table' names a GeoPackage table."
                                + " Without it, each image is one object.")
                .inGroup("Input"));
        p.add(Parameter.of(LAYER, Type.TEXT, "Input features layer", "Layer (GeoPackage table) of --in_features;"
                        + " default the first.")
                .withAliases("layer").withValueLabel("TABLE").inGroup("Input"));
        p.add(Parameter.of(OUTPUT, Type.OUTPUT_FILE, "Output feature class", "Output .gpkg (default), .geojson, .shp or .csv.")
                .asRequired().inGroup("Output"));
        p.add(Parameter.of(LABEL_FIELD, Type.TEXT, "Class label field", "Field for the class name.")
                .withDefault(ClassifyObjectsParameters.DEFAULT_LABEL_FIELD).inGroup("Output"));
        p.add(Parameter.choice(PROCESSING_MODE, "Processing mode",
                "Several rasters: one mosaic, or each item on its own.", ProcessingMode.class,
                ProcessingMode.PROCESS_AS_MOSAICKED_IMAGE).inGroup("Input"));
        p.add(Parameter.of(ARGUMENTS, Type.TEXT, "Model arguments",
                        "Model arguments, e.g. \"batch_size 8;score_threshold 0\".")
                .withAliases("arguments").withValueLabel("\"name value;...\"").inGroup("Model"));
        p.addAll(EnvironmentParameters.ALL);
        p.add(Parameter.flag(OVERWRITE, "Overwrite", "Replace an existing output.").inGroup("Output"));
        p.add(Parameter.flag(RESUME, "Resume", "Keep an existing output and classify only the objects it lacks.")
                .inGroup("Output"));
        PARAMETERS = List.copyOf(p);
    }

    public ClassifyObjectsSpec() {
        super(ID, "Classify Objects",
                List.of("Classify Objects Using Deep Learning: label each feature (or each image) with the class an",
                "object-classification model gives it. Output fields: the input attributes, SourceOID, the class",
                "label field, Class and Confidence (0-100).",
                "Exit codes: 0 done, 1 some objects failed, 2 bad input, 130 cancelled (rerun with --resume)."),
                PARAMETERS);
    }

    @Override
    public ClassifyObjectsParameters parameters(ParameterValues v) throws IOException {
        v.required(IN_RASTER);
        List<Path> rasters = new ArrayList<>();
        for (String r : v.list(IN_RASTER)) {
            rasters.add(Path.of(r));
        }
        String model = v.required(MODEL);
        v.required(OUTPUT);
        String modeText = v.text(PROCESSING_MODE);
        ProcessingMode mode;
        try {
            mode = ProcessingMode.valueOf(modeText.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UserException("Unknown processing mode '" + modeText + "'.",
                    "Use PROCESS_AS_MOSAICKED_IMAGE or PROCESS_ITEMS_SEPARATELY.");
        }
        return new ClassifyObjectsParameters(rasters, model, features(v), v.path(OUTPUT), v.text(LABEL_FIELD), mode,
                ModelArguments.parse(v.text(ARGUMENTS) == null ? "" : v.text(ARGUMENTS)),
                EnvironmentParameters.environments(v), v.isOn(OVERWRITE), v.isOn(RESUME));
    }

    /** The objects: a dialog's map layer, else {@code file|table} or the file with {@code --in_features_layer}. */
    private static FeatureInput features(ParameterValues v) {
        if (v.object(IN_FEATURES) instanceof FeatureInput f) {
            return f;
        }
        String path = v.optional(IN_FEATURES);
        if (path == null) {
            return null;
        }
        String table = v.optional(LAYER);
        int bar = path.lastIndexOf('|');
        if (bar > 0) {
            table = path.substring(bar + 1);
            path = path.substring(0, bar);
        }
        return new FeatureInput.File(Path.of(path), table);
    }

    @Override
    public ParameterValues values(ClassifyObjectsParameters p) {
        ParameterValues v = newValues()
                .set(IN_RASTER, p.inRaster())
                .set(MODEL, p.inModelDefinition())
                .set(OUTPUT, p.outFeatureClass())
                .set(LABEL_FIELD, ClassifyObjectsParameters.DEFAULT_LABEL_FIELD.equals(p.classLabelField()) ? null
                        : p.classLabelField())
                .set(PROCESSING_MODE, p.processingMode() == ProcessingMode.PROCESS_AS_MOSAICKED_IMAGE ? null
                        : p.processingMode())
                .set(ARGUMENTS, p.modelArguments().toString())
                .flag(OVERWRITE, p.overwrite())
                .flag(RESUME, p.resume());
        if (p.inFeatures() instanceof FeatureInput.File f) {
            v.set(IN_FEATURES, f.path() + (f.layer() == null || f.layer().isBlank() ? "" : "|" + f.layer()));
        } else if (p.inFeatures() != null) {
            v.setObject(IN_FEATURES, p.inFeatures(), null);
        }
        EnvironmentParameters.put(v, p.environments());
        return v;
    }

    /** The calibration: this run's plan writing into a scratch folder, its first batch (see {@link Calibration}). */
    @Override
    public RunEstimate estimate(ClassifyObjectsParameters p, InferenceEngine engine, org.deepraster.util.Progress cancel)
            throws IOException {
        return Calibration.inScratch(tmp -> {
            long items = -1;
            if (p.resume()) { // the objects an earlier run left
                try (ClassifyObjectsTool.Plan real = new ClassifyObjectsTool(engine).plan(p)) {
                    items = real.total();
                }
            }
            ClassifyObjectsParameters c = p.withOutput(tmp.resolve("estimate.gpkg"), true, false);
            try (ClassifyObjectsTool.Plan plan = new ClassifyObjectsTool(engine).plan(c)) {
                return Calibration.measure("objects", items >= 0 ? items : plan.total(), 0, "",
                        pr -> plan.run(pr, List.of()), cancel);
            }
        });
    }

    @Override
    public int run(ClassifyObjectsParameters p, ToolConsole console) throws IOException {
        PrintWriter err = console.err();
        PrintWriter out = console.out();
        try (InferenceEngine engine = new InferenceEngine()) {
            ClassifyObjectsResult r;
            ClassifyObjectsTool.Plan planned;
            try {
                planned = new ClassifyObjectsTool(engine).plan(p);
            } catch (UserException | IOException e) {
                if (console.cancelled()) {
                    // stopped while the JVM shuts down: libraries (SIS, Derby) close under us; not the user's input
                    err.println("Cancelled before the run started; nothing was written.");
                    err.flush();
                    return 130;
                }
                throw e;
            }
            try (ClassifyObjectsTool.Plan plan = planned) {
                console.warnings(plan.warnings());
                err.println("Model " + plan.definition().displayName() + " on " + plan.executionProvider()
                        + ", batch size " + plan.batchSize() + "; output " + plan.output());
                err.flush();
                r = plan.run(console.cancel(), List.of(new TerminalProgress<Feature>(err, console.tty())));
            }
            out.print(r.summary() == null ? r.report().outcome() + "\n" : r.summary().describe());
            if (r.outsideExtent() > 0) {
                out.println(r.outsideExtent() + " objects outside the processing extent were not classified.");
            }
            out.println("Output: " + r.output() + " (table " + r.table() + ")");
            out.flush();
            return console.exitCode(r.report(), "Cancelled: rerun with --resume to classify the rest.");
        }
    }
}
