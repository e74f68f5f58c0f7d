package org.deepraster.tool.classifypixels;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deepraster.inference.InferenceEngine;
import org.deepraster.tool.Calibration;
import org.deepraster.tool.RunEstimate;
import org.deepraster.model.ModelArguments;
import org.deepraster.tool.EnvironmentParameters;
import org.deepraster.tool.DeclaredTool;
import org.deepraster.tool.Parameter;
import org.deepraster.tool.Parameter.Type;
import org.deepraster.tool.ParameterValues;
import org.deepraster.tool.ToolConsole;
import org.deepraster.tool.classifypixels.ClassifyPixelsParameters.VectorOutput;
import org.deepraster.util.UserException;

/**
 * Classify Pixels Using Deep Learning, declared: ArcGIS's parameter names (and kebab-case aliases), the optional
 * confidence raster and polygons, the environments, overwrite and resume. Exit codes: 0 done, 1 some tiles failed,
 * 2 bad input, 130 cancelled (the output is a valid GeoTIFF holding the finished blocks; rerun with
 * {@code --resume}). A killed run leaves a valid GeoTIFF too (its directory is written first), which
 * {@code --resume} completes.
 */
public final class ClassifyPixelsSpec extends DeclaredTool<ClassifyPixelsParameters> {
    public static final String ID = "classify-pixels";
    public static final String IN_RASTER = "in_raster";
    public static final String MODEL = "in_model_definition";
    public static final String OUTPUT = "out_classified_raster";
    public static final String ARGUMENTS = "arguments";
    public static final String CONFIDENCE = "out_confidence_raster";
    public static final String POLYGONS = "out_feature_class";
    public static final String MIN_AREA = "min_area";
    public static final String SIMPLIFY = "simplify_tolerance";
    public static final String REGULARIZE = "regularize_classes";
    public static final String OVERWRITE = "overwrite";
    public static final String RESUME = "resume";
    public static final String RESAMPLE = "resample_to_model_cell_size";
    public static final String RESULT_GRID = "result_grid";
    static final String INPUT_GRID = "INPUT_GRID";
    static final String MODEL_CELL_SIZE = "MODEL_CELL_SIZE";

    private static final List<Parameter> PARAMETERS;

    static {
        List<Parameter> p = new ArrayList<>();
        p.add(Parameter.of(IN_RASTER, Type.RASTER, "Input raster", "The raster file.").asRequired().inGroup("Input"));
        p.add(Parameter.of(MODEL, Type.MODEL, "Model definition",
                        ".emd, .dlpk or .onnx file (ImageClassification, or a Deepness Segmentor), or the .emd JSON text.")
                .asRequired().inGroup("Model"));
        p.add(Parameter.of(OUTPUT, Type.OUTPUT_FILE, "Output classified raster", "Output GeoTIFF (.tif) of class values.")
                .asRequired().inGroup("Output"));
        p.add(Parameter.of(ARGUMENTS, Type.TEXT, "Model arguments", "Model arguments, e.g. \"padding 32;batch_size 8;"
                        + "blend_tiles True;return_probability_raster True\".")
                .withAliases("model_arguments").withValueLabel("\"name value;...\"").inGroup("Model"));
        p.add(Parameter.of(CONFIDENCE, Type.OUTPUT_FILE, "Output confidence raster",
                        "Also write the winning class's probability (0-100, 255 = NoData) to this GeoTIFF.")
                .withValueLabel("CONFIDENCE").inGroup("Output"));
        p.add(Parameter.of(POLYGONS, Type.OUTPUT_FILE, "Output polygons",
                        "Polygons per class from the classified raster (not available yet).")
                .withValueLabel("POLYGONS").inGroup("Polygons"));
        // no declared range: a negative value gets the message below, after the check that the polygons are asked for
        p.add(Parameter.of(MIN_AREA, Type.NUMBER, "Minimum area",
                        "With --out_feature_class: drop segments smaller than this (map units squared).")
                .withDefault(0).inGroup("Polygons"));
        p.add(Parameter.of(SIMPLIFY, Type.NUMBER, "Simplify tolerance",
                        "With --out_feature_class: simplify outlines by this distance (map units).")
                .withDefault(0).inGroup("Polygons"));
        p.add(Parameter.of(REGULARIZE, Type.TEXT, "Regularize classes",
                        "With --out_feature_class: square the footprints of these classes (e.g. Building).")
                .several(",").withValueLabel("CLASS").inGroup("Polygons"));
        p.add(Parameter.flag(RESAMPLE, "Resample to the model's cell size",
                "Run the model on the raster resampled (bilinear) to the cell size it states (Deepness resolution in"
                        + " cm/px, .emd MinCellSize/MaxCellSize), as Deepness and ArcGIS's Cell Size environment do."
                        + " Off: the raster's own cells.").inGroup("Input"));
        p.add(Parameter.choice(RESULT_GRID, "Result grid", "With --resample_to_model_cell_size: write the classes on the"
                + " input raster's grid (INPUT_GRID, nearest neighbour) or at the model's cell size (MODEL_CELL_SIZE).",
                List.of(INPUT_GRID, MODEL_CELL_SIZE)).inGroup("Output"));
        p.addAll(EnvironmentParameters.ALL);
        p.add(Parameter.flag(OVERWRITE, "Overwrite", "Replace existing outputs.").inGroup("Output"));
        p.add(Parameter.flag(RESUME, "Resume", "Keep the blocks a cancelled or killed run with the same settings finished"
                + " in the existing output(s) and classify only the rest (without an output, just run).").inGroup("Output"));
        PARAMETERS = List.copyOf(p);
    }

    public ClassifyPixelsSpec() {
        super(ID, "Classify Pixels",
                List.of("Classify Pixels Using Deep Learning: run a pixel-classification model over a raster, tile by tile,",
                "and write a GeoTIFF of class values with the model's colours and class names (NAME.tif.aux.xml).",
                "Exit codes: 0 done, 1 some tiles failed, 2 bad input, 130 cancelled (rerun with --resume)."),
                PARAMETERS);
    }

    @Override
    public ClassifyPixelsParameters parameters(ParameterValues v) throws IOException {
        v.required(IN_RASTER);
        String model = v.required(MODEL);
        v.required(OUTPUT);
        double minArea = v.number(MIN_AREA);
        double simplify = v.number(SIMPLIFY);
        boolean regularize = v.given(REGULARIZE) != null;
        VectorOutput vector = null;
        if (v.path(POLYGONS) != null) {
            vector = new VectorOutput(v.path(POLYGONS), minArea, simplify, regularize ? v.list(REGULARIZE) : null);
        } else if (regularize || minArea != 0 || simplify != 0) {
            throw new UserException("--min_area, --simplify_tolerance and --regularize_classes need --out_feature_class.",
                    "Give --out_feature_class POLYGONS.gpkg, or leave them out.");
        }
        if (minArea < 0 || simplify < 0) {
            throw new UserException("--min_area and --simplify_tolerance must be 0 or more.", "");
        }
        boolean atModelCells = MODEL_CELL_SIZE.equalsIgnoreCase(v.choice(RESULT_GRID));
        if (atModelCells && !v.isOn(RESAMPLE)) {
            throw new UserException("--result_grid MODEL_CELL_SIZE needs --resample_to_model_cell_size.",
                    "Add --resample_to_model_cell_size, or leave --result_grid out.");
        }
        ClassifyPixelsParameters.ModelCells cells = !v.isOn(RESAMPLE) ? ClassifyPixelsParameters.ModelCells.OFF
                : atModelCells ? ClassifyPixelsParameters.ModelCells.MODEL_CELL_SIZE : ClassifyPixelsParameters.ModelCells.INPUT_GRID;
        return new ClassifyPixelsParameters(v.path(IN_RASTER), model, v.path(OUTPUT),
                ModelArguments.parse(v.text(ARGUMENTS) == null ? "" : v.text(ARGUMENTS)), v.path(CONFIDENCE), vector,
                EnvironmentParameters.environments(v), v.isOn(OVERWRITE), v.isOn(RESUME), cells);
    }

    @Override
    public ParameterValues values(ClassifyPixelsParameters p) {
        ParameterValues v = newValues()
                .set(IN_RASTER, p.inRaster())
                .set(MODEL, p.inModelDefinition())
                .set(OUTPUT, p.outClassifiedRaster())
                .set(ARGUMENTS, p.arguments().toString())
                .set(CONFIDENCE, p.outConfidenceRaster())
                .flag(OVERWRITE, p.overwrite())
                .flag(RESUME, p.resume())
                .flag(RESAMPLE, p.modelCells() != ClassifyPixelsParameters.ModelCells.OFF)
                .set(RESULT_GRID, p.modelCells() == ClassifyPixelsParameters.ModelCells.MODEL_CELL_SIZE ? MODEL_CELL_SIZE : null);
        VectorOutput vector = p.vectorOutput();
        if (vector != null) {
            v.set(POLYGONS, vector.outFeatureClass())
                    .set(MIN_AREA, vector.minArea() != 0 ? vector.minArea() : null)
                    .set(SIMPLIFY, vector.simplifyTolerance() != 0 ? vector.simplifyTolerance() : null)
                    .set(REGULARIZE, String.join(",", vector.regularizeClasses()));
        }
        EnvironmentParameters.put(v, p.environments());
        return v;
    }

    /** The calibration: this run's plan writing into a scratch folder, its first batch (see {@link Calibration}). */
    @Override
    public RunEstimate estimate(ClassifyPixelsParameters p, InferenceEngine engine, org.deepraster.util.Progress cancel)
            throws IOException {
        return Calibration.inScratch(tmp -> {
            ClassifyPixelsParameters c = p.withOutput(tmp.resolve("estimate.tif"), true)
                    .withConfidenceRaster(p.outConfidenceRaster() == null ? null : tmp.resolve("estimate_confidence.tif"))
                    .withVectorOutput(null).withResume(false);
            try (ClassifyPixelsTool.Plan plan = new ClassifyPixelsTool(engine).plan(c)) {
                return Calibration.measure("tiles", plan.total() - resumedOf(p, engine), plan.estimatedBlockMemory(),
                        Calibration.viewsNote(plan.augmentationViews()), pr -> plan.run(pr, List.of()), cancel);
            }
        });
    }

    /** Tiles an earlier run finished when the run resumes (they are not run again), else 0. */
    private static long resumedOf(ClassifyPixelsParameters p, InferenceEngine engine) {
        if (!p.resume()) {
            return 0;
        }
        try (ClassifyPixelsTool.Plan plan = new ClassifyPixelsTool(engine).plan(p)) {
            return plan.resumedTiles();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    @Override
    public int run(ClassifyPixelsParameters p, ToolConsole console) throws IOException {
        PrintWriter err = console.err();
        PrintWriter out = console.out();
        try (InferenceEngine engine = new InferenceEngine()) {
            ClassifyPixelsResult r;
            try (ClassifyPixelsTool.Plan plan = new ClassifyPixelsTool(engine).plan(p)) {
                console.warnings(plan.warnings());
                err.println("Model " + plan.definition().displayName() + " on " + plan.executionProvider() + ", tiles of "
                        + plan.tileSize() + " px with " + plan.padding() + " px padding"
                        + (plan.blending() ? " (blended)" : " (discarded)") + ", batch size " + plan.batchSize()
                        + "; output " + plan.output() + " (" + plan.resultGrid().width() + " x " + plan.resultGrid().height()
                        + ")" + (plan.outputGrid() != plan.resultGrid() ? ", classified at the model's cell size ("
                        + plan.outputGrid().width() + " x " + plan.outputGrid().height() + ")" : "") + (plan.confidenceOutput() != null ? " and " + plan.confidenceOutput() : "")
                        + (plan.resumedTiles() > 0 ? "; resuming: " + plan.resumedTiles() + " tiles already done" : ""));
                err.flush();
                r = plan.run(console.cancel(), List.of(console.<ClassifiedBlock>progress("Classifying", "tiles")));
            }
            out.print(r.summary().describe().replace(": " + r.summary().results() + " results",
                    ": " + r.summary().results() + " pixels classified"));
            out.println("NoData pixels: " + r.noDataPixels() + ". Output: " + r.output()
                    + (r.confidenceOutput() != null ? ", confidence: " + r.confidenceOutput() : ""));
            for (ClassifyPixelsResult.HeadOutput h : r.otherHeads()) {
                out.println("Output " + h.tensor() + ": " + h.output() + " " + h.pixelsByClass()
                        + (h.polygons() != null ? ", polygons: " + h.polygons() : ""));
            }
            if (r.polygons() != null) {
                out.printf("Polygons: %d %s; %d small regions dropped%s. Output: %s%n", r.polygons().polygons(),
                        r.polygons().polygonsPerClass(), r.polygons().droppedSmall(),
                        r.polygons().regularized() > 0 ? ", " + r.polygons().regularized() + " footprints squared" : "",
                        r.polygonOutput());
            }
            console.warnings(r.warnings().stream().filter(w -> w.startsWith("The run did not complete")).toList());
            out.flush();
            return console.exitCode(r.report(),
                    "Cancelled: the output holds the finished blocks, the rest is NoData; rerun with --resume to"
                            + " classify the rest.");
        }
    }
}
