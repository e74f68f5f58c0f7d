package org.deepraster.cli;

import org.deepraster.tool.TerminalProgress;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.deepraster.feature.Feature;
import org.deepraster.inference.InferenceEngine;
import org.deepraster.model.ModelArguments;
import org.deepraster.tool.classifyobjects.ClassifyObjectsParameters;
import org.deepraster.tool.classifyobjects.ClassifyObjectsResult;
import org.deepraster.tool.classifyobjects.ClassifyObjectsTool;
import org.deepraster.tool.Environments;
import org.deepraster.tool.FeatureInput;
import org.deepraster.tool.ProcessingMode;
import org.deepraster.util.UserException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code classify-objects}: Classify Objects Using Deep Learning from the command line, with
 * ArcGIS's parameter names (and kebab-case aliases). Exit codes: 0 done, 1 some objects failed (or
 * the run stopped on an error), 2 bad input, 130 cancelled (Ctrl-C or SIGTERM: the batch in flight is
 * finished and written; rerun with {@code --resume}; under a signal the JVM itself exits with 128 + the
 * signal number, i.e. 130 for Ctrl-C and 143 for SIGTERM).
 */
@Command(name = "classify-objects", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Classify Objects Using Deep Learning: label each feature (or each image) with the class an",
            "object-classification model gives it. Output fields: the input attributes, SourceOID, the class",
            "label field, Class and Confidence (0-100).",
            "Exit codes: 0 done, 1 some objects failed, 2 bad input, 130 cancelled (rerun with --resume)."})
public final class ClassifyObjectsCommand implements Callable<Integer> {

    @Option(names = {"--in_raster", "--in-raster"}, required = true, split = ";", paramLabel = "RASTER",
            description = "Raster file(s) or folder(s) of images; repeat or separate with ';'.")
    List<Path> inRaster;

    @Option(names = {"--in_model_definition", "--in-model-definition"}, required = true, paramLabel = "MODEL",
            description = ".emd, .dlpk or .onnx file, or the .emd JSON text.")
    String model;

    @Option(names = {"--in_features", "--in-features"}, paramLabel = "FEATURES",
            description = "Objects to classify (.gpkg, .shp, .geojson); 'file.gpkg|table' names a GeoPackage table."
                    + " Without it, each image is one object.")
    String inFeatures;

    @Option(names = {"--in_features_layer", "--in-features-layer", "--layer"}, paramLabel = "TABLE",
            description = "Layer (GeoPackage table) of --in_features; default the first.")
    String layer;

    @Option(names = {"--out_feature_class", "--out-feature-class"}, required = true, paramLabel = "OUTPUT",
            description = "Output .gpkg (default), .geojson, .shp or .csv.")
    Path out;

    @Option(names = {"--class_label_field", "--class-label-field"}, defaultValue = "ClassLabel",
            description = "Field for the class name (default ${DEFAULT-VALUE}).")
    String labelField;

    @Option(names = {"--processing_mode", "--processing-mode"}, defaultValue = "PROCESS_AS_MOSAICKED_IMAGE",
            description = "PROCESS_AS_MOSAICKED_IMAGE (default) or PROCESS_ITEMS_SEPARATELY.")
    String processingMode;

    @Option(names = {"--model_arguments", "--model-arguments", "--arguments"}, defaultValue = "",
            paramLabel = "\"name value;...\"", description = "Model arguments, e.g. \"batch_size 8;score_threshold 0\".")
    String modelArguments;

    @Mixin
    EnvironmentOptions environments;

    @Option(names = {"--overwrite"}, description = "Replace an existing output.")
    boolean overwrite;

    @Option(names = {"--resume"}, description = "Keep an existing output and classify only the objects it lacks.")
    boolean resume;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter outw = spec.commandLine().getOut();
        ClassifyObjectsParameters p = parameters();
        return CancelOnInterrupt.run(cancel -> {
            try (InferenceEngine engine = new InferenceEngine()) {
                ClassifyObjectsResult r;
                ClassifyObjectsTool.Plan planned;
                try {
                    planned = new ClassifyObjectsTool(engine).plan(p);
                } catch (UserException | IOException e) {
                    if (cancel.cancelled) {
                        // stopped while the JVM shuts down: libraries (SIS, Derby) close under us; not the user's input
                        err.println("Cancelled before the run started; nothing was written.");
                        err.flush();
                        return 130;
                    }
                    throw e;
                }
                try (ClassifyObjectsTool.Plan plan = planned) {
                    for (String w : plan.warnings()) {
                        err.println("Warning: " + w);
                    }
                    err.println("Model " + plan.definition().displayName() + " on " + plan.executionProvider()
                            + ", batch size " + plan.batchSize() + "; output " + plan.output());
                    err.flush();
                    r = plan.run(cancel, List.of(new TerminalProgress<Feature>(err, System.console() != null)));
                }
                outw.print(r.summary() == null ? r.report().outcome() + "\n" : r.summary().describe());
                if (r.outsideExtent() > 0) {
                    outw.println(r.outsideExtent() + " objects outside the processing extent were not classified.");
                }
                outw.println("Output: " + r.output() + " (table " + r.table() + ")");
                outw.flush();
                return CancelOnInterrupt.exitCode(r.report(), err,
                        "Cancelled: rerun with --resume to classify the rest.");
            }
        });
    }

    ClassifyObjectsParameters parameters() throws IOException {
        ProcessingMode mode;
        try {
            mode = ProcessingMode.valueOf(processingMode.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UserException("Unknown processing mode '" + processingMode + "'.",
                    "Use PROCESS_AS_MOSAICKED_IMAGE or PROCESS_ITEMS_SEPARATELY.");
        }
        Environments env = environments.environments();
        return new ClassifyObjectsParameters(inRaster, model, features(), out, labelField, mode,
                ModelArguments.parse(modelArguments), env, overwrite, resume);
    }

    private FeatureInput features() {
        if (inFeatures == null) {
            return null;
        }
        String path = inFeatures;
        String table = layer;
        int bar = path.lastIndexOf('|');
        if (bar > 0) {
            table = path.substring(bar + 1);
            path = path.substring(0, bar);
        }
        return new FeatureInput.File(Path.of(path), table);
    }

}
