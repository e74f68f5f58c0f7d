package org.deepraster.tool.classifypixels;

import java.awt.Rectangle;
import java.awt.geom.AffineTransform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.deepraster.feature.FeatureWriter;
import org.deepraster.feature.FeatureWriters;
import org.deepraster.feature.WriteMode;
import org.deepraster.geo.GridGeometry;
import org.deepraster.inference.Decoders;
import org.deepraster.inference.InferenceEngine;
import org.deepraster.inference.InputNormalization;
import org.deepraster.inference.ModelSession;
import org.deepraster.inference.PixelDecoder;
import org.deepraster.job.ItemProblem;
import org.deepraster.job.JobConfig;
import org.deepraster.job.JobProgress;
import org.deepraster.job.JobReport;
import org.deepraster.job.JobSummary;
import org.deepraster.job.ResultSink;
import org.deepraster.model.ArgumentSpecs;
import org.deepraster.model.ModelArguments;
import org.deepraster.model.ModelDefinition;
import org.deepraster.model.ModelDefinitions;
import org.deepraster.model.PixelConvention;
import org.deepraster.model.TensorSpec;
import org.deepraster.raster.RasterFiles;
import org.deepraster.raster.RasterSource;
import org.deepraster.tiling.BatchRunner;
import org.deepraster.tiling.TestTimeAugmentation;
import org.deepraster.tiling.CellSizeResampling;
import org.deepraster.tiling.RasterRegion;
import org.deepraster.tiling.TilePipeline;
import org.deepraster.tiling.TileReader;
import org.deepraster.tool.Environments;
import org.deepraster.tool.ModelSetup;
import org.deepraster.tool.OutputLock;
import org.deepraster.tool.Outputs;
import org.deepraster.tool.RasterInputs;
import org.deepraster.tool.StagedFolder;
import org.deepraster.tool.TiledModelPlan;
import org.deepraster.util.Progress;
import org.deepraster.util.UserException;
import org.deepraster.vector.PolygonizeOptions;
import org.deepraster.vector.PolygonizeResult;
import org.deepraster.vector.Polygonizer;

/**
 * Classify Pixels Using Deep Learning: a pixel-classification model (ModelType ImageClassification,
 * or a Deepness Segmentor) runs over the raster tile by tile and the class of every pixel goes to a
 * GeoTIFF of class values with the model's colours (a palette) and class names (a GDAL raster
 * attribute table in {@code NAME.tif.aux.xml}); optionally a confidence raster (0–100).
 *
 * <p>Tiling: tiles of the model's chip size are read with {@code padding} pixels of context on
 * every side; their cores (chip − 2·padding) cover the region (raster ∩ extent/mask) exactly, the
 * last ones reaching past the right and bottom edges (pixels outside the raster, and NoData pixels,
 * are 0 before normalisation). A model whose output is smaller than its input (ModelPadding, or
 * Deepness models 512 in / 484 out) is centre-aligned; padding is at least its border. Two merges:
 * <ul>
 * <li>default: predictions in the padding are discarded, each pixel comes from the one tile whose
 * core holds it — with enough padding for the model's receptive field, the result equals one
 * prediction over the whole raster (tested);</li>
 * <li>{@code blend_tiles True}: each tile's probabilities reach {@code padding − border} pixels
 * beyond its core and are weighted by a sin² window that falls to 0 at that edge; overlapping
 * windows sum to 1, so the blend is a smooth cross-fade and no seam shows.</li>
 * </ul>
 * Tiles whose area holds no valid pixel are skipped; NoData input pixels and pixels outside the
 * mask are NoData in the output. The tiles, their reads and the batched model runs are the shared
 * {@link TilePipeline}; the pieces of this package: {@link PixelTiling} (output shape, padding,
 * swaths), {@link PixelClasses}, {@link PixelResume}, and on the writer thread the
 * {@link PixelAssembler} (decoding with {@link PixelDecoder}, the mosaic) and the {@link BlockWriter}.
 *
 * <p>Streaming and memory: the output is written block by block ({@value #BLOCK} px GeoTIFF tiles)
 * as soon as every tile touching a block is done; only unfinished blocks are held
 * ({@link PixelMosaic}). Tiles are processed in vertical swaths narrow enough that the open blocks
 * fit a fixed budget, whatever the raster width and class count. Each finished block also goes to
 * the caller's sinks ({@link ClassifiedBlock}, e.g. a map layer filling in tile by tile).
 *
 * <pre>{@code
 * try (ClassifyPixelsTool.Plan plan = new ClassifyPixelsTool(engine).plan(params)) { // checks; UserException
 *     // plan.outputGrid(), plan.palette(), plan.noDataValue(), plan.classes(): set up the layer
 *     ClassifyPixelsResult r = plan.run(progress, List.of(CallbackSink.of(layer::addBlocks)));
 * }
 * }</pre>
 */
public final class ClassifyPixelsTool {
    /** Output GeoTIFF tile size; also the unit in which results are assembled and streamed. */
    public static final int BLOCK = 256;
    /** Memory for unfinished output blocks; tiles are ordered in swaths so that they fit (tests lower it). */
    static volatile long BLOCK_BUDGET_BYTES = 96L << 20;
    /** Why a tile is skipped. */
    static final String NO_DATA = "only NoData";

    private final InferenceEngine engine;

    /** @param engine the session cache; owned by the caller */
    public ClassifyPixelsTool(InferenceEngine engine) {
        this.engine = engine;
    }

    public ClassifyPixelsResult run(ClassifyPixelsParameters p, Progress progress,
                                    List<? extends ResultSink<ClassifiedBlock>> sinks) throws IOException {
        try (Plan plan = plan(p)) {
            return plan.run(progress, sinks);
        }
    }

    /** Checks everything before any work and lays out the tiles. Throws {@link UserException} for bad input. */
    public Plan plan(ClassifyPixelsParameters p) throws IOException {
        if (!PixelStaging.applies(p)) {
            return planInPlace(p);
        }
        Path out = withTif(p.outClassifiedRaster()).toAbsolutePath().normalize();
        Outputs.requireFolder(out);
        OutputLock lock = OutputLock.acquire(out); // before the staging folder is cleared: it is this output's
        StagedFolder staging = null;
        try {
            staging = StagedFolder.forFile(out);
            ClassifyPixelsParameters staged = PixelStaging.staged(p, staging);
            Plan plan = planInPlace(staged);
            plan.stagedIn(staging, lock);
            return plan;
        } catch (IOException | RuntimeException e) {
            if (staging != null) {
                staging.abandon();
            }
            lock.close();
            throw e;
        }
    }

    private Plan planInPlace(ClassifyPixelsParameters p) throws IOException {
        List<String> warnings = new ArrayList<>();
        if (p.inModelDefinition() == null || p.inModelDefinition().isBlank()) {
            throw new UserException("No model definition given.", "Give an .emd, .dlpk or .onnx file, or the .emd JSON.");
        }
        if (p.inRaster() == null) {
            throw new UserException("No input raster given.", "Give a raster file.");
        }
        if (p.outClassifiedRaster() == null) {
            throw new UserException("No output raster given.", "Name the output GeoTIFF, e.g. classified.tif.");
        }
        if (p.vectorOutput() != null) {
            PixelOutputChecks.vectorOutput(p);
        }
        ModelDefinition d = ModelDefinitions.load(p.inModelDefinition());
        Environments env = p.environments();
        ModelSession session = ModelSetup.session(engine, d, env);
        warnings.addAll(session.warnings());
        if (PixelConvention.of(d).writesValues()) {
            return values(p, d, session, warnings);
        }
        PixelDecoder pixels = ModelSetup.decoder(d, session, PixelDecoder.class, "a pixel classifier",
                "Use Classify Objects or Detect Objects for this model, or pick an ImageClassification model.");
        List<PixelDecoder> heads = List.of(pixels);
        int outputs = session.signature().outputs().size();
        if (outputs > 1 && PixelConvention.of(d) == PixelConvention.DEEPNESS) {
            heads = Decoders.pixelHeads(d, session.signature()); // one raster per head, as Deepness
            if (p.resume()) {
                throw new UserException("--resume is not supported yet for a model with " + outputs + " outputs.",
                        "Run it again without --resume (with --overwrite).");
            }
        } else if (outputs > 1) {
            warnings.add("The model has " + outputs + " outputs; the classified raster is made from the first ("
                    + pixels.output() + ") as its definition's Classes describe one output; the others are not written.");
        }
        ModelArguments.Resolved args = p.arguments().resolve(ArgumentSpecs.forDefinition(d));
        int batch = ModelSetup.batchSize(args, session);
        TensorSpec in = session.signature().input();
        int[] chip = ModelSetup.chipSize(d, in, args);
        int padding = args.getInt("padding", d.defaultPadding());
        if (padding < 0) {
            throw new UserException("padding " + padding + " is negative.", "Use 0 or more pixels.");
        }
        boolean blend = args.getBoolean("blend_tiles", false);
        PixelConvention convention = PixelConvention.of(d);
        boolean explicitThreshold = p.arguments().get("threshold") != null || p.arguments().get("score_threshold") != null;
        float threshold = (float) args.getDouble("threshold", PixelConvention.DEEPNESS_DEFAULT_THRESHOLD);
        // Deepness always applies its threshold (seg_thresh, else 0.5) to the best class probability
        boolean scoreThreshold = explicitThreshold || convention == PixelConvention.DEEPNESS
                || (d.deepness() != null && d.deepness().segThresh() != null);
        boolean predictBackground = args.getBoolean("predict_background", true);
        int smoothing = convention == PixelConvention.DEEPNESS
                ? MedianSmoothing.kernel(args.getInt(ArgumentSpecs.SMALL_SEGMENT, ArgumentSpecs.DEEPNESS_SMALL_SEGMENT)) : 1;
        TestTimeAugmentation.MergePolicy tta = testTimeAugmentation(args);
        Path confidence = p.outConfidenceRaster();
        if (confidence == null && args.getBoolean("return_probability_raster", false)) {
            Path out = withTif(p.outClassifiedRaster());
            confidence = out.resolveSibling(out.getFileName().toString().replaceFirst("\\.[^.]+$", "") + "_confidence.tif");
        }
        int modelChannels = ModelSetup.modelChannels(d, in);
        RasterSource raster = openOne(p, env);
        ClassesPlan plan = null;
        try {
            RasterInputs.georeferencingWarnings(List.of(raster), warnings);
            int[] bands = RasterInputs.bands(d, modelChannels, List.of(raster));
            InputNormalization norm = ModelSetup.normalization(d, bands.length, p.arguments(), args, warnings, List.of(raster));
            CellSizeResampling resampling = CellGridResampler.resampling(p.modelCells(), d, raster, warnings);
            plan = new ClassesPlan(p, d, session, heads, raster, bands, norm, chip[0], chip[1], padding, batch, blend,
                    new PixelDecoder.Decision(threshold, scoreThreshold, null), predictBackground, confidence, warnings);
            plan.resampling = resampling;
            plan.smoothing = smoothing;
            plan.ttaPolicy = tta;
            plan.work = resampling == null ? raster.grid() : resampling.workGrid();
            plan.layOut();
            plan.prepareOutput();
            return plan;
        } catch (IOException | RuntimeException e) {
            if (plan != null) {
                plan.close(); // the raster, and the output it took
            } else {
                raster.close();
            }
            throw e;
        }
    }

    /** The plan of a Deepness Regressor / Superresolution: values, not classes (see {@link ValuesPlan}). */
    private static Plan values(ClassifyPixelsParameters p, ModelDefinition d, ModelSession session, List<String> warnings)
            throws IOException {
        PixelConvention family = PixelConvention.of(d);
        String what = "A Deepness " + d.deepness().modelType() + " model writes values, not classes";
        if (p.vectorOutput() != null) {
            throw new UserException(what + ": polygons cannot be made from it.", "Leave the polygon output out.");
        }
        if (p.outConfidenceRaster() != null) {
            throw new UserException(what + ": there is no confidence raster.", "Leave the confidence output out.");
        }
        if (p.resume()) {
            throw new UserException("--resume is not supported for a Deepness " + d.deepness().modelType() + " model.",
                    "Run it again without --resume (with --overwrite).");
        }
        if (p.modelCells() != ClassifyPixelsParameters.ModelCells.OFF) {
            throw new UserException("Running a Deepness " + d.deepness().modelType() + " model at its cell size is not"
                    + " supported: it runs on the input raster's cells.", "Leave the model cell size option out.");
        }
        ModelArguments.Resolved args = p.arguments().resolve(ArgumentSpecs.forDefinition(d));
        int batch = ModelSetup.batchSize(args, session);
        TensorSpec in = session.signature().input();
        int[] chip = ModelSetup.chipSize(d, in, args);
        int padding = args.getInt("padding", d.defaultPadding());
        if (padding < 0) {
            throw new UserException("padding " + padding + " is negative.", "Use 0 or more pixels.");
        }
        double scaling = args.getDouble(ArgumentSpecs.OUTPUT_SCALING, family.defaultOutputScaling(d));
        Environments env = p.environments();
        RasterSource raster = openOne(p, env);
        try {
            RasterInputs.georeferencingWarnings(List.of(raster), warnings);
            int[] bands = RasterInputs.bands(d, ModelSetup.modelChannels(d, in), List.of(raster));
            InputNormalization norm = ModelSetup.normalization(d, bands.length, p.arguments(), args, warnings, List.of(raster));
            ValuesPlan plan = new ValuesPlan(p, d, session, family, scaling, padding, batch, raster, bands, norm, chip[0],
                    chip[1], warnings);
            plan.augment(testTimeAugmentation(args));
            return plan;
        } catch (RuntimeException e) {
            raster.close();
            throw e;
        }
    }

    /** The merge policy when the model arguments ask for test-time augmentation, else null. */
    static TestTimeAugmentation.MergePolicy testTimeAugmentation(ModelArguments.Resolved args) {
        if (!args.getBoolean("test_time_augmentation", false)) {
            return null;
        }
        return TestTimeAugmentation.MergePolicy.parse(args.getString("merge_policy", "mean"));
    }

    static Path withTif(Path out) {
        String ext = Outputs.extension(out);
        return ext.isEmpty() ? out.resolveSibling(out.getFileName() + ".tif") : out;
    }

    /**
     * A checked run, for a classifying model ({@link ClassesPlan}) or one that writes values
     * ({@link ValuesPlan}: Deepness Regressor, Superresolution): model session, the raster (open), the tiles,
     * the output layout. Run once, then close.
     */
    public abstract static sealed class Plan extends TiledModelPlan permits ClassesPlan, ValuesPlan {
        Plan(ModelDefinition definition, ModelSession session, int batchSize, List<String> warnings,
             RasterSource raster, int[] bands, InputNormalization norm, int chipW, int chipH) {
            super(definition, session, batchSize, warnings, raster, bands, norm, chipW, chipH);
        }

        /** The overwrite's staging (null: the outputs are written in place), see {@link #run}. */
        private StagedFolder staging;
        private OutputLock finalLock;

        /** The (first) output raster. */
        public final Path output() {
            return unstaged(writtenOutput());
        }

        /** The confidence raster, or null. */
        public final Path confidenceOutput() {
            return unstaged(writtenConfidence());
        }

        abstract Path writtenOutput();

        abstract Path writtenConfidence();

        abstract List<Path> writtenOutputs();

        private Path unstaged(Path p) {
            return staging == null ? p : staging.unstaged(p);
        }

        /** Writes into {@code s} (holding {@code lock}, the final output's) and moves the outputs in when the run ends. */
        void stagedIn(StagedFolder s, OutputLock lock) {
            staging = s;
            finalLock = lock;
        }

        /**
         * Size and georeferencing of the blocks the run streams (the processed region of the input's grid, of the
         * grid at the model's cell size, or of the super-resolution grid).
         */
        public abstract GridGeometry outputGrid();

        /** Size and georeferencing of the output file. */
        public abstract GridGeometry resultGrid();

        /** 0xRRGGBB colour by class value, or null (16-bit classes, or values). */
        public abstract int[] palette();

        /** The value written for NoData. */
        public abstract int noDataValue();

        /** Tiles to run. */
        public abstract long total();

        /** Model runs per tile: the test-time augmentation views, or 1. */
        public int augmentationViews() {
            return 1;
        }

        /** Padding used (at least the model's own border when its output is smaller than its input). */
        public abstract int padding();

        public abstract boolean blending();

        /** Estimated memory of the unfinished output blocks at their peak. */
        public abstract long estimatedBlockMemory();

        /** Tiles across one swath (the processing order). */
        abstract int swathColumns();

        /** Tiles across one swath of the processing order (all of a row when rows fit the memory budget). */
        public int swathTiles() {
            return swathColumns();
        }

        /** The model session (owned by the engine), e.g. for measurements against bare ONNX Runtime. */
        public ModelSession session() {
            return session;
        }

        /** Tiles an earlier run finished (all their blocks are in the output): not run again. */
        public abstract long resumedTiles();

        /** Every raster written: the output, then one per further output head ({@code NAME_output_i.tif}). */
        public final List<Path> outputs() {
            return writtenOutputs().stream().map(this::unstaged).toList();
        }

        /**
         * Runs the model: blocks go to the output raster(s) and to {@code sinks} (on the calling thread, as they are
         * finished; a values run sends none). Returns when the run ends (completed or cancelled). An overwrite of
         * an existing output writes beside it ({@link StagedFolder}) and moves the new files in when the run
         * completes or is cancelled (a cancelled run can be resumed); when it fails, the old output stays.
         */
        public final ClassifyPixelsResult run(Progress progress, List<? extends ResultSink<ClassifiedBlock>> sinks)
                throws IOException {
            if (staging == null) {
                return runInto(progress, sinks);
            }
            ClassifyPixelsResult r;
            try {
                r = runInto(progress, sinks);
            } catch (IOException | RuntimeException | Error e) {
                staging.abandon();
                throw e;
            }
            if (r.report().outcome() == org.deepraster.job.JobReport.Outcome.FAILED) {
                staging.abandon();
                List<String> w = new ArrayList<>(r.warnings());
                w.add("The run failed, so " + output().getFileName() + " was left as it was before this run.");
                return r.relocated(this::unstaged, staging::unstaged, w);
            }
            staging.commit();
            return r.relocated(this::unstaged, staging::unstaged, r.warnings());
        }

        abstract ClassifyPixelsResult runInto(Progress progress, List<? extends ResultSink<ClassifiedBlock>> sinks)
                throws IOException;

        @Override
        public void close() throws IOException {
            try {
                super.close();
            } finally {
                if (staging != null) {
                    staging.abandon(); // nothing left once committed
                }
                if (finalLock != null) {
                    finalLock.close();
                }
            }
        }
    }

    /** The one input raster, refused when it is several or the output CRS is another (closed on refusal). */
    private static RasterSource openOne(ClassifyPixelsParameters p, Environments env) throws IOException {
        List<RasterSource> rasters = RasterInputs.openRasters(List.of(p.inRaster()));
        if (rasters.size() != 1) {
            for (RasterSource r : rasters) {
                r.close();
            }
            throw new UserException("Classify Pixels runs on one raster; " + p.inRaster() + " holds " + rasters.size() + ".",
                    "Give one raster file.");
        }
        RasterSource raster = rasters.get(0);
        if (env.outputCrs() != null && raster.grid().crs() != null
                && !org.deepraster.geo.Crs.same(env.outputCrs(), raster.grid().crs())) {
            raster.close();
            throw new UserException("Classify Pixels writes the classified raster on the input raster's grid and CRS;"
                    + " reprojecting it to another output CRS is not supported.",
                    "Leave the output coordinate system out, or reproject the result afterwards (e.g. gdalwarp -r near).");
        }
        return raster;
    }
}
