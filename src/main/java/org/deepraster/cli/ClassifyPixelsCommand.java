package org.deepraster.cli;

import org.deepraster.tool.TerminalProgress;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.deepraster.inference.InferenceEngine;
import org.deepraster.model.ModelArguments;
import org.deepraster.tool.classifypixels.ClassifiedBlock;
import org.deepraster.tool.classifypixels.ClassifyPixelsParameters;
import org.deepraster.tool.classifypixels.ClassifyPixelsResult;
import org.deepraster.tool.classifypixels.ClassifyPixelsTool;
import org.deepraster.util.UserException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code classify-pixels}: Classify Pixels Using Deep Learning from the command line, with ArcGIS's
 * parameter names (and kebab-case aliases). Exit codes: 0 done, 1 some tiles failed, 2 bad input,
 * 130 cancelled (the output is a valid GeoTIFF holding the finished blocks; rerun with {@code --resume}).
 * A killed run leaves a valid GeoTIFF too (its directory is written first), which {@code --resume} completes.
 */
@Command(name = "classify-pixels", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Classify Pixels Using Deep Learning: run a pixel-classification model over a raster, tile by tile,",
            "and write a GeoTIFF of class values with the model's colours and class names (NAME.tif.aux.xml).",
            "Exit codes: 0 done, 1 some tiles failed, 2 bad input, 130 cancelled (rerun with --resume)."})
public final class ClassifyPixelsCommand implements Callable<Integer> {

    @Option(names = {"--in_raster", "--in-raster"}, required = true, paramLabel = "RASTER", description = "The raster file.")
    Path inRaster;

    @Option(names = {"--in_model_definition", "--in-model-definition"}, required = true, paramLabel = "MODEL",
            description = ".emd, .dlpk or .onnx file (ImageClassification, or a Deepness Segmentor), or the .emd JSON text.")
    String model;

    @Option(names = {"--out_classified_raster", "--out-classified-raster"}, required = true, paramLabel = "OUTPUT",
            description = "Output GeoTIFF (.tif) of class values.")
    Path out;

    @Option(names = {"--arguments", "--model_arguments", "--model-arguments"}, defaultValue = "",
            paramLabel = "\"name value;...\"",
            description = "Model arguments, e.g. \"padding 32;batch_size 8;blend_tiles True;return_probability_raster True\".")
    String arguments;

    @Option(names = {"--out_confidence_raster", "--out-confidence-raster"}, paramLabel = "CONFIDENCE",
            description = "Also write the winning class's probability (0-100, 255 = NoData) to this GeoTIFF.")
    Path confidence;

    @Option(names = {"--out_feature_class", "--out-feature-class"}, paramLabel = "POLYGONS",
            description = "Polygons per class from the classified raster (not available yet).")
    Path polygons;

    @Option(names = {"--min_area", "--min-area"}, defaultValue = "0",
            description = "With --out_feature_class: drop segments smaller than this (map units squared).")
    double minArea;

    @Option(names = {"--simplify_tolerance", "--simplify-tolerance"}, defaultValue = "0",
            description = "With --out_feature_class: simplify outlines by this distance (map units).")
    double simplify;

    @Option(names = {"--regularize_classes", "--regularize-classes"}, split = ",", paramLabel = "CLASS",
            description = "With --out_feature_class: square the footprints of these classes (e.g. Building).")
    List<String> regularize;

    @Mixin
    EnvironmentOptions environments;

    @Option(names = {"--overwrite"}, description = "Replace existing outputs.")
    boolean overwrite;

    @Option(names = {"--resume"}, description = "Keep the blocks a cancelled or killed run with the same settings finished"
            + " in the existing output(s) and classify only the rest (without an output, just run).")
    boolean resume;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter outw = spec.commandLine().getOut();
        ClassifyPixelsParameters p = parameters();
        return CancelOnInterrupt.run(cancel -> {
            try (InferenceEngine engine = new InferenceEngine()) {
                ClassifyPixelsResult r;
                try (ClassifyPixelsTool.Plan plan = new ClassifyPixelsTool(engine).plan(p)) {
                    for (String w : plan.warnings()) {
                        err.println("Warning: " + w);
                    }
                    err.println("Model " + plan.definition().displayName() + " on " + plan.executionProvider() + ", tiles of "
                            + plan.tileSize() + " px with " + plan.padding() + " px padding"
                            + (plan.blending() ? " (blended)" : " (discarded)") + ", batch size " + plan.batchSize()
                            + "; output " + plan.output() + " (" + plan.outputGrid().width() + " x " + plan.outputGrid().height()
                            + ")" + (plan.confidenceOutput() != null ? " and " + plan.confidenceOutput() : "")
                            + (plan.resumedTiles() > 0 ? "; resuming: " + plan.resumedTiles() + " tiles already done" : ""));
                    err.flush();
                    r = plan.run(cancel, List.of(new TerminalProgress<ClassifiedBlock>(err, System.console() != null,
                            "Classifying", "tiles")));
                }
                outw.print(r.summary().describe().replace(": " + r.summary().results() + " results",
                        ": " + r.summary().results() + " pixels classified"));
                outw.println("NoData pixels: " + r.noDataPixels() + ". Output: " + r.output()
                        + (r.confidenceOutput() != null ? ", confidence: " + r.confidenceOutput() : ""));
                if (r.polygons() != null) {
                    outw.printf("Polygons: %d %s; %d small regions dropped%s. Output: %s%n", r.polygons().polygons(),
                            r.polygons().polygonsPerClass(), r.polygons().droppedSmall(),
                            r.polygons().regularized() > 0 ? ", " + r.polygons().regularized() + " footprints squared" : "",
                            r.polygonOutput());
                }
                for (String w : r.warnings()) {
                    if (w.startsWith("The run did not complete")) {
                        err.println("Warning: " + w);
                    }
                }
                outw.flush();
                return CancelOnInterrupt.exitCode(r.report(), err,
                        "Cancelled: the output holds the finished blocks, the rest is NoData; rerun with --resume to"
                            + " classify the rest.");
            }
        });
    }

    ClassifyPixelsParameters parameters() throws IOException {
        ClassifyPixelsParameters.VectorOutput v = null;
        if (polygons != null) {
            v = new ClassifyPixelsParameters.VectorOutput(polygons, minArea, simplify, regularize);
        } else if (regularize != null || minArea != 0 || simplify != 0) {
            throw new UserException("--min_area, --simplify_tolerance and --regularize_classes need --out_feature_class.",
                    "Give --out_feature_class POLYGONS.gpkg, or leave them out.");
        }
        if (minArea < 0 || simplify < 0) {
            throw new UserException("--min_area and --simplify_tolerance must be 0 or more.", "");
        }
        return new ClassifyPixelsParameters(inRaster, model, out, ModelArguments.parse(arguments), confidence, v,
                environments.environments(), overwrite, resume);
    }
}
