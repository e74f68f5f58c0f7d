package org.deepraster.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.deepraster.feature.Feature;
import org.deepraster.inference.InferenceEngine;
import org.deepraster.model.ModelArguments;
import org.deepraster.tool.detectobjects.DetectObjectsParameters;
import org.deepraster.tool.detectobjects.DetectObjectsResult;
import org.deepraster.tool.detectobjects.DetectObjectsTool;
import org.deepraster.tool.Environments;
import org.deepraster.util.UserException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code detect-objects}: Detect Objects Using Deep Learning from the command line, with ArcGIS's
 * parameter names (and kebab-case aliases). Exit codes: 0 done, 1 some tiles failed, 2 bad input,
 * 130 cancelled (what was final is written; rerun with {@code --resume} to finish).
 */
@Command(name = "detect-objects", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Detect Objects Using Deep Learning: run an object-detection model over a raster, tile by tile,",
            "and write the boxes (or centre points) with Class, ClassValue and Confidence (0-100).",
            "Exit codes: 0 done, 1 some tiles failed, 2 bad input, 130 cancelled (rerun with --resume)."})
public final class DetectObjectsCommand implements Callable<Integer> {

    @Option(names = {"--in_raster", "--in-raster"}, required = true, paramLabel = "RASTER",
            description = "The raster file, or a folder of images (read as one mosaic).")
    Path inRaster;

    @Option(names = {"--processing_mode", "--processing-mode"}, defaultValue = "PROCESS_AS_MOSAICKED_IMAGE",
            description = "For a folder: PROCESS_AS_MOSAICKED_IMAGE (default; images on one pixel grid read as one raster)."
                    + " PROCESS_ITEMS_SEPARATELY is not supported yet.")
    String processingMode;

    @Option(names = {"--in_model_definition", "--in-model-definition"}, required = true, paramLabel = "MODEL",
            description = ".emd, .dlpk or .onnx file, or the .emd JSON text.")
    String model;

    @Option(names = {"--out_detected_objects", "--out-detected-objects", "--out_feature_class", "--out-feature-class"},
            required = true, paramLabel = "OUTPUT", description = "Output .gpkg (default), .geojson, .shp or .csv.")
    Path out;

    @Option(names = {"--arguments", "--model_arguments", "--model-arguments"}, defaultValue = "",
            paramLabel = "\"name value;...\"", description = "Model arguments, e.g. \"padding 32;threshold 0.5;batch_size 8\".")
    String arguments;

    @Option(names = {"--run_nms", "--run-nms"}, defaultValue = "NO_NMS",
            description = "NMS (remove duplicates across tiles) or NO_NMS (default).")
    String runNms;

    @Option(names = {"--confidence_score_field", "--confidence-score-field"}, defaultValue = "Confidence",
            description = "Field for the confidence, 0-100 (default ${DEFAULT-VALUE}).")
    String confidenceField;

    @Option(names = {"--class_value_field", "--class-value-field"}, defaultValue = "Class",
            description = "Field for the class name (default ${DEFAULT-VALUE}); the class value goes to ClassValue.")
    String classField;

    @Option(names = {"--max_overlap_ratio", "--max-overlap-ratio"}, defaultValue = "0",
            description = "With NMS: intersection over union above which the less confident detection goes (default ${DEFAULT-VALUE}).")
    double maxOverlap;

    @Option(names = {"--output_geometry", "--output-geometry"}, defaultValue = "BOXES",
            description = "BOXES (default) or CENTER_POINTS.")
    String geometry;

    @Mixin
    EnvironmentOptions environments;

    @Option(names = {"--overwrite"}, description = "Replace an existing output.")
    boolean overwrite;

    @Option(names = {"--resume"}, description = "Keep an existing GeoPackage output and run only the tiles an earlier"
            + " (cancelled or killed) run with the same settings did not finish.")
    boolean resume;

    @Option(names = {"--resample_to_model_cell_size", "--resample-to-model-cell-size"},
            description = "Read the raster resampled (bilinear) to the cell size the model states (.emd MinCellSize/MaxCellSize,"
                    + " Deepness resolution); boxes are mapped back to map space. Off by default: the raster's own cells.")
    boolean resample;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter outw = spec.commandLine().getOut();
        DetectObjectsParameters p = parameters();
        return CancelOnInterrupt.run(cancel -> {
            try (InferenceEngine engine = new InferenceEngine()) {
                DetectObjectsResult r;
                int startWarnings;
                try (DetectObjectsTool.Plan plan = new DetectObjectsTool(engine).plan(p)) {
                    for (String w : plan.warnings()) {
                        err.println("Warning: " + w);
                    }
                    startWarnings = plan.warnings().size();
                    err.println("Model " + plan.definition().displayName() + " on " + plan.executionProvider() + ", tiles of "
                            + plan.tileSize() + " px with " + plan.padding() + " px padding, batch size " + plan.batchSize()
                            + "; output " + plan.output()
                            + (plan.resumed() > 0 ? "; resuming: " + plan.resumed() + " tiles were done before" : ""));
                    err.flush();
                    r = plan.run(cancel, List.of(new TerminalProgress<Feature>(err, System.console() != null, "Detecting in", "tiles")));
                }
                for (String w : r.warnings().subList(Math.min(r.warnings().size(), startWarnings), r.warnings().size())) {
                    err.println("Warning: " + w);
                }
                outw.print(r.summary() == null ? r.report().outcome() + "\n" : r.summary().describe());
                outw.println(r.written() + " detections written" + (p.runNms() ? ", " + r.suppressed() + " removed by NMS across tiles" : "")
                        + ". Output: " + r.output() + " (table " + r.table() + ")");
                outw.flush();
                return CancelOnInterrupt.exitCode(r.report(), err,
                        "Cancelled: the output holds the final detections of the finished tiles; rerun with --resume to finish.");
            }
        });
    }

    DetectObjectsParameters parameters() throws IOException {
        boolean nms = switch (runNms.trim().toUpperCase(Locale.ROOT)) {
            case "NMS", "TRUE", "YES" -> true;
            case "NO_NMS", "FALSE", "NO" -> false;
            default -> throw new UserException("Unknown --run_nms '" + runNms + "'.", "Use NMS or NO_NMS.");
        };
        DetectObjectsParameters.OutputGeometry g;
        try {
            g = DetectObjectsParameters.OutputGeometry.valueOf(geometry.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UserException("Unknown --output_geometry '" + geometry + "'.", "Use BOXES or CENTER_POINTS.");
        }
        org.deepraster.tool.ProcessingMode mode;
        try {
            mode = org.deepraster.tool.ProcessingMode.valueOf(processingMode.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UserException("Unknown --processing_mode '" + processingMode + "'.",
                    "Use PROCESS_AS_MOSAICKED_IMAGE or PROCESS_ITEMS_SEPARATELY.");
        }
        Environments env = environments.environments();
        return new DetectObjectsParameters(inRaster, model, out, ModelArguments.parse(arguments), nms, confidenceField,
                classField, maxOverlap, g, env, overwrite, resume, resample, mode);
    }
}
