package org.deepraster.tool.selfsupervised;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.deepraster.inference.InferenceEngine;
import org.deepraster.tool.DeclaredTool;
import org.deepraster.tool.EnvironmentParameters;
import org.deepraster.tool.Parameter;
import org.deepraster.tool.Parameter.Type;
import org.deepraster.tool.ParameterValues;
import org.deepraster.tool.ToolConsole;
import org.deepraster.tool.selfsupervised.SelfSupervisedParameters.Classifier;

/**
 * Self-Supervised Classification, declared: the images, the tile CNN and the output folder; phase 1's tile size and
 * confidence threshold; phase 2's classifier, features, sampling cap and seed; where the label rasters are; the
 * probability raster, the environments and overwrite. Exit codes: 0 done, 2 bad input, 130 cancelled.
 */
public final class SelfSupervisedSpec extends DeclaredTool<SelfSupervisedParameters> {
    public static final String ID = "self-supervised-classification";
    public static final String IN_RASTER = "in_raster";
    public static final String MODEL = "in_model_definition";
    public static final String OUT_FOLDER = "out_folder";
    public static final String TILE_SIZE = "tile_size";
    public static final String CONFIDENCE = "confidence_threshold";
    public static final String CLASSIFIER = "classifier";
    public static final String NEIGHBOURHOOD = "neighbourhood_features";
    public static final String MAX_SAMPLES = "max_samples_per_class";
    public static final String SEED = "seed";
    public static final String LABEL_FOLDER = "label_folder";
    public static final String PROBABILITY = "return_probability_raster";
    public static final String OVERWRITE = "overwrite";

    private static final List<Parameter> PARAMETERS;

    static {
        List<Parameter> p = new ArrayList<>();
        p.add(Parameter.of(IN_RASTER, Type.RASTER, "Input images",
                        "GeoTIFF, JPEG or PNG image(s), or folder(s) of images (files named SCLS_* are label rasters, not images).")
                .several(";").asRequired().inGroup("Input"));
        p.add(Parameter.of(MODEL, Type.MODEL, "Tile classifier",
                        ".emd, .dlpk or .onnx of a tile classification CNN (ObjectClassification: [N, C] class scores).")
                .asRequired().inGroup("Phase 1: tile CNN"));
        p.add(Parameter.of(OUT_FOLDER, Type.OUTPUT_FOLDER, "Output folder",
                        "Where NAME_classified.tif, NAME_tiles.tif and the reports are written.")
                .asRequired().inGroup("Output"));
        p.add(Parameter.of(TILE_SIZE, Type.INTEGER, "Tile size", "Tile width and height in pixels.")
                .withDefault(SelfSupervisedParameters.DEFAULT_TILE_SIZE).withRange(8, 4096).inGroup("Phase 1: tile CNN"));
        p.add(Parameter.of(CONFIDENCE, Type.NUMBER, "Confidence threshold",
                        "Only tiles whose class probability is at least this become training data (0-1).")
                .withDefault(SelfSupervisedParameters.DEFAULT_CONFIDENCE).withRange(0, 1).inGroup("Phase 1: tile CNN"));
        p.add(Parameter.choice(CLASSIFIER, "Pixel classifier", "MLP (multi-layer perceptron) or RANDOM_FOREST.",
                Classifier.class, Classifier.MLP).inGroup("Phase 2: pixel classifier"));
        p.add(Parameter.flag(NEIGHBOURHOOD, "Neighbourhood features",
                        "Add the 5 x 5 mean of each band and the 5 x 5 standard deviation of brightness to the bands.")
                .inGroup("Phase 2: pixel classifier"));
        p.add(Parameter.of(MAX_SAMPLES, Type.INTEGER, "Samples per class",
                        "At most this many training pixels per class (drawn at random from the class's sure tiles).")
                .withDefault(SelfSupervisedParameters.DEFAULT_MAX_SAMPLES).withRange(10, 1_000_000)
                .inGroup("Phase 2: pixel classifier"));
        p.add(Parameter.of(SEED, Type.INTEGER, "Seed", "Random seed of sampling and training (same seed, same result).")
                .withDefault(SelfSupervisedParameters.DEFAULT_SEED).inGroup("Phase 2: pixel classifier"));
        p.add(Parameter.of(LABEL_FOLDER, Type.OUTPUT_FOLDER, "Label folder",
                        "Folder of the label rasters SCLS_NAME.tif (default: beside each image). Images without one get no"
                                + " reports.")
                .withValueLabel("FOLDER").inGroup("Reports"));
        p.add(Parameter.flag(PROBABILITY, "Probability raster",
                "Also write NAME_probability.tif: the winning class's probability (0-100).").inGroup("Output"));
        p.addAll(EnvironmentParameters.PROCESSING); // whole images on their own grid: no extent, mask or output CRS
        p.add(Parameter.flag(OVERWRITE, "Overwrite", "Replace existing outputs.").inGroup("Output"));
        PARAMETERS = List.copyOf(p);
    }

    public SelfSupervisedSpec() {
        super(ID, "Self-Supervised Classification",
                List.of("Self-Supervised Classification: a tile CNN labels the image in tiles; a pixel classifier (MLP or",
                        "random forest) trained on that image's sure tiles only classifies every pixel. Writes a classified",
                        "GeoTIFF per image and, where a label raster SCLS_NAME.tif exists, CNN_/MLP_ (or RF_) score CSVs,",
                        "a 4-part figure, and scores.csv + scores.html over all images.",
                        "Exit codes: 0 done, 2 bad input, 130 cancelled."),
                PARAMETERS);
    }

    @Override
    public SelfSupervisedParameters parameters(ParameterValues v) throws IOException {
        v.required(IN_RASTER);
        List<Path> rasters = new ArrayList<>();
        for (String s : v.list(IN_RASTER)) {
            rasters.add(Path.of(s));
        }
        String model = v.required(MODEL);
        Path out = v.path(OUT_FOLDER);
        v.required(OUT_FOLDER);
        return new SelfSupervisedParameters(rasters, model, out, v.integer(TILE_SIZE), v.number(CONFIDENCE),
                v.choice(CLASSIFIER, Classifier.class), v.isOn(NEIGHBOURHOOD), v.integer(MAX_SAMPLES), v.integer(SEED),
                v.path(LABEL_FOLDER), v.isOn(PROBABILITY), EnvironmentParameters.environments(v), v.isOn(OVERWRITE));
    }

    @Override
    public ParameterValues values(SelfSupervisedParameters p) {
        ParameterValues v = newValues()
                .set(IN_RASTER, String.join(";", p.inRasters().stream().map(Path::toString).toList()))
                .set(MODEL, p.inModelDefinition())
                .set(OUT_FOLDER, p.outFolder())
                .set(TILE_SIZE, p.tileSize())
                .set(CONFIDENCE, p.confidenceThreshold())
                .set(CLASSIFIER, p.classifier())
                .flag(NEIGHBOURHOOD, p.neighbourhoodFeatures())
                .set(MAX_SAMPLES, p.maxSamplesPerClass())
                .set(SEED, p.seed())
                .set(LABEL_FOLDER, p.labelFolder())
                .flag(PROBABILITY, p.returnProbabilityRaster())
                .flag(OVERWRITE, p.overwrite());
        EnvironmentParameters.put(v, p.environments());
        return v;
    }

    /** The tile rasters and the classified rasters the run wrote, image by image, to open on the map. */
    @Override
    public List<Path> shownOutputs(SelfSupervisedParameters p) throws IOException {
        List<Path> out = new ArrayList<>();
        if (p.outFolder() == null) {
            return out;
        }
        for (Path image : ImageInputs.expand(p.inRasters())) {
            for (String suffix : List.of("_tiles.tif", "_classified.tif")) {
                Path f = p.outFolder().resolve(ImageInputs.name(image) + suffix);
                if (java.nio.file.Files.isRegularFile(f)) {
                    out.add(f);
                }
            }
        }
        return out;
    }

    @Override
    public int run(SelfSupervisedParameters p, ToolConsole console) throws IOException {
        PrintWriter err = console.err();
        PrintWriter out = console.out();
        try (InferenceEngine engine = new InferenceEngine()) {
            SelfSupervisedTool.Plan plan = new SelfSupervisedTool(engine).plan(p);
            console.warnings(plan.warnings());
            err.println("Model " + plan.modelName() + " on " + plan.executionProvider() + ", tiles of " + p.tileSize()
                    + " px, confidence >= " + p.confidenceThreshold() + "; " + plan.images().size() + " image(s), "
                    + plan.labelled() + " with labels; phase 2: " + p.classifier()
                    + (p.neighbourhoodFeatures() ? " with neighbourhood features" : " on the bands"));
            err.flush();
            SelfSupervisedResult r = plan.run(console.cancel(), line -> {
                err.println(line);
                err.flush();
            }, console.previews());
            for (SelfSupervisedResult.Image i : r.images()) {
                out.println(i.describe());
            }
            if (r.compiledCsv() != null) {
                out.printf(Locale.ROOT, "Overall pixel-weighted F1: CNN %.4f, %s %.4f. Reports: %s, %s%n", r.overallCnnF1(),
                        p.classifier().prefix(), r.overallPixelF1(), r.compiledCsv(), r.compiledHtml());
            }
            console.warnings(r.warnings());
            out.flush();
            if (r.cancelled()) {
                err.println("Cancelled: the images finished so far are written.");
                err.flush();
                return 130;
            }
            return 0;
        }
    }
}
