package org.deepraster.tool.selfsupervised;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.deepraster.inference.ClassificationDecoder;
import org.deepraster.inference.InferenceEngine;
import org.deepraster.inference.InputNormalization;
import org.deepraster.inference.ModelSession;
import org.deepraster.model.ClassInfo;
import org.deepraster.model.ModelDefinition;
import org.deepraster.model.ModelDefinitions;
import org.deepraster.model.ModelFormat;
import org.deepraster.model.TensorSpec;
import org.deepraster.raster.RasterFiles;
import org.deepraster.raster.RasterSource;
import org.deepraster.tool.Environments;
import org.deepraster.tool.ModelSetup;
import org.deepraster.tool.ProcessingExtent;
import org.deepraster.tool.RasterInputs;
import org.deepraster.util.Progress;
import org.deepraster.util.UserException;

/**
 * Self-Supervised Classification: phase 1, a tile CNN labels each image in tiles ({@link TileClassification});
 * phase 2, a pixel classifier ({@link Mlp} by default, or {@link RandomForest}) is trained on that image's sure tiles
 * only ({@link TrainingSamples}) and classifies every pixel ({@link PixelPass}), so the result fits the image's own
 * radiometry. Images are processed one after another (memory: one image's tile grid, the training samples and a
 * strip of rows); phase 1 uses the cores through the reader threads and ONNX Runtime, phase 2's prediction through
 * the common fork-join pool. Where a label raster exists, the reports ({@link Reports}, {@link Figure}).
 *
 * <pre>{@code
 * SelfSupervisedTool.Plan plan = new SelfSupervisedTool(engine).plan(params); // every check; UserException
 * SelfSupervisedResult r = plan.run(progress, System.out::println);
 * }</pre>
 */
public final class SelfSupervisedTool {
    private final InferenceEngine engine;

    /** @param engine the session cache; owned by the caller */
    public SelfSupervisedTool(InferenceEngine engine) {
        this.engine = engine;
    }

    /** Checks everything before any work: the model, every image and label raster, the outputs. */
    public Plan plan(SelfSupervisedParameters p) throws IOException {
        if (p.inModelDefinition() == null || p.inModelDefinition().isBlank()) {
            throw new UserException("No model definition given.", "Give the tile CNN's .emd, .dlpk or .onnx file.");
        }
        if (p.outFolder() == null) {
            throw new UserException("No output folder given.", "Name a folder for the outputs, e.g. --out_folder results.");
        }
        Environments env = p.environments();
        if (!(env.extent() instanceof ProcessingExtent.Whole)) {
            throw new UserException("Self-Supervised Classification classifies whole images; a processing extent or mask"
                    + " is not supported.", "Leave --processing_extent and --mask out (clip the images first if needed).");
        }
        if (env.outputCrs() != null) {
            throw new UserException("Self-Supervised Classification writes each result on its image's grid and CRS;"
                    + " another output CRS is not supported.", "Leave --output_crs out, or reproject the results afterwards.");
        }
        if (p.maxSamplesPerClass() < 10) {
            throw new UserException("max_samples_per_class " + p.maxSamplesPerClass() + " is too small.", "Use 10 or more.");
        }
        List<Path> images = ImageInputs.expand(p.inRasters());
        ModelDefinition d = ModelDefinitions.load(p.inModelDefinition());
        ModelSession session = ModelSetup.session(engine, d, env);
        List<String> warnings = new ArrayList<>(session.warnings());
        ClassificationDecoder decoder = ModelSetup.decoder(d, session, ClassificationDecoder.class, "a tile classifier",
                "Self-Supervised Classification needs a CNN that gives one class per tile ([N, C] scores, ModelType"
                        + " ObjectClassification), e.g. sample-models/river_tile_classifier.dlpk.");
        List<ClassInfo> classes = d.classes();
        if (classes.size() < 2) {
            throw new UserException("The model " + d.displayName() + " names " + classes.size() + " class(es); phase 2 needs"
                    + " at least two.", "Add the classes (Value, Name, Color) to the .emd.");
        }
        if (decoder.numClasses() > 0 && decoder.numClasses() != classes.size()) {
            throw new UserException("The model " + d.displayName() + " scores " + decoder.numClasses() + " classes but its"
                    + " definition names " + classes.size() + ".", "Make the .emd's Classes match the model's output.");
        }
        for (ClassInfo c : classes) {
            if (c.value() < 0 || c.value() >= OutputClasses.NO_DATA) {
                throw new UserException("The class " + c.name() + " has the value " + c.value() + "; the classified raster"
                        + " holds values 0-254.", "Give the classes values 0-254 in the .emd.");
            }
        }
        TensorSpec in = session.signature().input();
        boolean nhwc = d.modelFormat() == ModelFormat.NHWC;
        int hAxis = nhwc ? 1 : 2;
        int wAxis = nhwc ? 2 : 3;
        if (in.rank() == 4 && ((!in.isDynamic(hAxis) && in.dim(hAxis) != p.tileSize())
                || (!in.isDynamic(wAxis) && in.dim(wAxis) != p.tileSize()))) {
            throw new UserException("tile_size " + p.tileSize() + " does not fit the model " + d.displayName()
                    + ", whose input is " + in.shapeText() + ".", "Use --tile_size " + in.dim(hAxis) + ".");
        }
        if (d.imageHeight() != null && d.imageHeight() != p.tileSize()) {
            warnings.add("The model was made for tiles of " + d.imageHeight() + " px; tiles of " + p.tileSize()
                    + " px are used.");
        }
        int modelChannels = ModelSetup.modelChannels(d, in);
        int[] bands;
        try (RasterSource first = PlainImage.open(images.get(0))) {
            bands = RasterInputs.bands(d, modelChannels, List.of(first));
        }
        List<ImageInputs.Input> inputs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int georeferenced = 0; // images with georeferencing notes (the first three are said)
        for (Path image : images) {
            ImageInputs.Input input = ImageInputs.check(image, p.labelFolder(), p.tileSize(), bands);
            if (!names.add(input.name())) {
                throw new UserException("Two images are named " + input.name() + "; their outputs would overwrite each"
                        + " other.", "Rename one, or run them separately into different output folders.");
            }
            inputs.add(input);
            if (!input.georeferencing().isEmpty() && georeferenced++ < 3) {
                warnings.addAll(input.georeferencing());
            }
        }
        if (georeferenced > 3) {
            warnings.add((georeferenced - 3) + " more of the " + images.size() + " images have georeferencing notes like"
                    + " these (each output's GDAL_METADATA item " + RasterInputs.GEOREFERENCING_ITEM + " holds its own).");
        }
        if (p.labelFolder() != null && !Files.isDirectory(p.labelFolder())) {
            throw new UserException("The label folder " + p.labelFolder() + " does not exist.", "Check the path.");
        }
        Plan plan = new Plan(p, d, session, decoder, new OutputClasses(classes), bands,
                InputNormalization.forDefinition(d, bands.length), inputs, warnings);
        plan.checkOutputs();
        return plan;
    }

    /** A checked run. */
    public static final class Plan {
        private final SelfSupervisedParameters p;
        private final ModelDefinition definition;
        private final ModelSession session;
        private final ClassificationDecoder decoder;
        private final OutputClasses classes;
        private final int[] bands;
        private final InputNormalization norm;
        private final List<ImageInputs.Input> inputs;
        private final List<String> warnings;
        private org.deepraster.tool.StagedFolder staging;

        Plan(SelfSupervisedParameters p, ModelDefinition definition, ModelSession session, ClassificationDecoder decoder,
             OutputClasses classes, int[] bands, InputNormalization norm, List<ImageInputs.Input> inputs,
             List<String> warnings) {
            this.p = p;
            this.definition = definition;
            this.session = session;
            this.decoder = decoder;
            this.classes = classes;
            this.bands = bands;
            this.norm = norm;
            this.inputs = inputs;
            this.warnings = warnings;
        }

        public String modelName() {
            return definition.displayName();
        }

        public String executionProvider() {
            return session.executionProvider();
        }

        public List<String> warnings() {
            return List.copyOf(warnings);
        }

        /** The images, in processing order. */
        public List<Path> images() {
            return inputs.stream().map(ImageInputs.Input::image).toList();
        }

        /** How many images have a label raster. */
        public long labelled() {
            return inputs.stream().filter(i -> i.labels() != null).count();
        }

        /** The files a run writes for one image (reports only with labels). */
        ImageRun.Files files(ImageInputs.Input in) {
            Path o = staging == null ? p.outFolder() : staging.staging();
            String n = in.name();
            boolean l = in.labels() != null;
            return new ImageRun.Files(o.resolve(n + "_classified.tif"),
                    p.returnProbabilityRaster() ? o.resolve(n + "_probability.tif") : null, o.resolve(n + "_tiles.tif"),
                    l ? o.resolve("CNN_" + n + ".csv") : null, l ? o.resolve(p.classifier().prefix() + "_" + n + ".csv") : null,
                    l ? o.resolve(n + "_figure.png") : null);
        }

        void checkOutputs() throws IOException {
            if (Files.exists(p.outFolder()) && !Files.isDirectory(p.outFolder())) {
                throw new UserException("The output folder " + p.outFolder() + " is a file.", "Choose a folder.");
            }
            if (p.overwrite()) {
                return;
            }
            for (Path f : outputFiles()) {
                if (Files.exists(f)) {
                    throw new UserException("The output " + f + " already exists.",
                            "Choose another output folder, or allow overwriting (--overwrite).");
                }
            }
        }

        /** Every file a run writes. */
        private List<Path> outputFiles() {
            List<Path> all = new ArrayList<>();
            for (ImageInputs.Input in : inputs) {
                all.addAll(files(in).all());
            }
            all.add(p.outFolder().resolve("scores.csv"));
            all.add(p.outFolder().resolve("scores.html"));
            return all;
        }

        /** Runs every image; {@code log} gets a line per step (on the calling thread). */
        public SelfSupervisedResult run(Progress progress, Consumer<String> log) throws IOException {
            return run(progress, log, org.deepraster.tool.RasterPreviews.NONE);
        }

        /** As {@link #run(Progress, Consumer)}, showing each image's tile raster in {@code previews} as its tiles finish. */
        public SelfSupervisedResult run(Progress progress, Consumer<String> log, org.deepraster.tool.RasterPreviews previews)
                throws IOException {
            try (org.deepraster.tool.OutputLock lock = org.deepraster.tool.OutputLock.acquire(p.outFolder())) {
                if (p.overwrite() && outputFiles().stream().anyMatch(Files::exists)) {
                    // the earlier outputs stay until this run is complete (issue 21)
                    staging = org.deepraster.tool.StagedFolder.forFolder(p.outFolder());
                }
                try {
                    SelfSupervisedResult r = runInto(progress, log, previews);
                    if (staging == null) {
                        return r;
                    }
                    List<String> w = new ArrayList<>(r.warnings());
                    if (r.cancelled()) {
                        staging.abandon();
                        w.add("The run was cancelled, so the earlier outputs in " + p.outFolder() + " were left as they were.");
                    } else {
                        staging.commit();
                    }
                    org.deepraster.tool.StagedFolder s = staging;
                    java.util.function.UnaryOperator<Path> f = x -> x == null ? null : s.unstaged(x);
                    List<SelfSupervisedResult.Image> images = r.images().stream().map(i -> new SelfSupervisedResult.Image(
                            i.name(), f.apply(i.classified()), f.apply(i.probability()), f.apply(i.tiles()),
                            i.reports().stream().map(f).toList(), i.sureTiles(), i.totalTiles(), i.samples(), i.classifier(),
                            i.phase1Seconds(), i.trainSeconds(), i.predictSeconds(), i.cnnF1(), i.pixelF1())).toList();
                    return new SelfSupervisedResult(images, f.apply(r.compiledCsv()), f.apply(r.compiledHtml()),
                            r.overallCnnF1(), r.overallPixelF1(), w.stream().map(s::unstaged).toList(), r.cancelled());
                } finally {
                    if (staging != null) {
                        staging.abandon(); // nothing left once committed
                        staging = null;
                    }
                }
            }
        }

        private SelfSupervisedResult runInto(Progress progress, Consumer<String> log,
                                             org.deepraster.tool.RasterPreviews previews) throws IOException {
            Path out = staging == null ? p.outFolder() : staging.staging();
            Files.createDirectories(out);
            List<SelfSupervisedResult.Image> done = new ArrayList<>();
            List<Reports.Scored> scores = new ArrayList<>();
            Confusion allCnn = new Confusion(classes.count());
            Confusion allFinal = new Confusion(classes.count());
            List<String> runWarnings = new ArrayList<>();
            boolean cancelled = false;
            for (ImageInputs.Input in : inputs) {
                if (progress.isCancelled()) {
                    cancelled = true;
                    break;
                }
                ImageRun run = new ImageRun(p, definition, session, decoder, classes, bands, norm, in, files(in));
                SelfSupervisedResult.Image r = run.run(progress, log, runWarnings, previews);
                if (r == null) {
                    cancelled = true;
                    break;
                }
                done.add(r);
                if (run.cnnScores() != null) {
                    scores.add(new Reports.Scored(in.name(), "CNN", run.cnnScores()));
                    scores.add(new Reports.Scored(in.name(), p.classifier().prefix(), run.finalScores()));
                    allCnn.addAll(run.cnnScores());
                    allFinal.addAll(run.finalScores());
                }
            }
            Path csv = null;
            Path html = null;
            if (!scores.isEmpty()) {
                csv = out.resolve("scores.csv");
                html = out.resolve("scores.html");
                Reports.writeCompiled(csv, html, scores, List.of("CNN", p.classifier().prefix()), classes);
            }
            return new SelfSupervisedResult(done, csv, html, allCnn.weightedF1(), allFinal.weightedF1(), runWarnings,
                    cancelled);
        }
    }
}
