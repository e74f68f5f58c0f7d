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
import org.deepraster.tiling.CellSizeResampling;
import org.deepraster.tiling.RasterRegion;
import org.deepraster.tiling.TestTimeAugmentation;
import org.deepraster.tiling.TilePipeline;
import org.deepraster.tiling.TileReader;
import org.deepraster.tool.Environments;
import org.deepraster.tool.ModelSetup;
import org.deepraster.tool.Outputs;
import org.deepraster.tool.RasterInputs;
import org.deepraster.tool.TiledModelPlan;
import org.deepraster.util.Progress;
import org.deepraster.util.UserException;
import org.deepraster.vector.PolygonizeOptions;
import org.deepraster.vector.PolygonizeResult;
import org.deepraster.vector.Polygonizer;
/**
 * The plan of a Classify Pixels run with a classifying model (classes per pixel): model session, the raster
 * (open), the tiles, the output layout. Run once, then close. The run's final steps (median smoothing, resampling
 * back to the input grid, polygons, per-head results) are {@link PixelFinish}.
 */
final class ClassesPlan extends ClassifyPixelsTool.Plan {
    private final ClassifyPixelsParameters p;
    private final PixelDecoder decoder;
    private final List<PixelDecoder> headDecoders;
    /** The heads after the first (models with several outputs), or none. */
    private final List<PixelHead> moreHeads = new ArrayList<>();
    private final int requestedPadding;
    private final boolean blendRequested;
    private PixelDecoder.Decision decision;
    private final boolean predictBackground;
    private final Path confidenceRequested;
    private PixelTiling tiling;
    private PixelClasses classes;
    private Path output;
    private Path confidenceOutput;
    private GridGeometry outputGrid;
    private PolygonizeOptions polygonOptions;
    private PixelResume resume;
    /** The work grid (the raster's, or resampled to the model's cell size) and its reader, or null. */
    CellSizeResampling resampling;
    GridGeometry work;
    /** Where the run writes: the outputs, or files at the model's cell size put back on the input grid at the end. */
    private Path runOutput;
    private Path runConfidence;
    private GridGeometry resultGrid;
    /** Deepness' median filter size over the finished classes (1 = none). */
    int smoothing = 1;
    /** The merge policy of test-time augmentation, or null (none); its views are {@link #tta}. */
    TestTimeAugmentation.MergePolicy ttaPolicy;
    private TestTimeAugmentation tta;

    ClassesPlan(ClassifyPixelsParameters p, ModelDefinition definition, ModelSession session, List<PixelDecoder> heads,
         RasterSource raster, int[] bands, InputNormalization norm, int chipW, int chipH, int padding, int batchSize,
         boolean blend, PixelDecoder.Decision decision, boolean predictBackground, Path confidence,
         List<String> warnings) {
        super(definition, session, batchSize, warnings, raster, bands, norm, chipW, chipH);
        this.p = p;
        this.decoder = heads.get(0);
        this.headDecoders = List.copyOf(heads);
        this.requestedPadding = padding;
        this.blendRequested = blend;
        this.decision = decision;
        this.predictBackground = predictBackground;
        this.confidenceRequested = confidence;
    }

    @Override
    Path writtenOutput() {
        return output;
    }

    /** The confidence raster, or null. */
    @Override
    Path writtenConfidence() {
        return confidenceOutput;
    }

    /**
     * Size and georeferencing of the blocks the run streams (the processed region of the input's grid, or of the
     * grid at the model's cell size).
     */
    @Override
    public GridGeometry outputGrid() {
        return outputGrid;
    }

    /** Size and georeferencing of the output file: {@link #outputGrid()}, or the input's grid when the run's cells are put back on it. */
    @Override
    public GridGeometry resultGrid() {
        return resultGrid;
    }

    /** Whether the run is at the model's cell size and its result put back on the input grid at the end. */
    private boolean backToInputGrid() {
        return resampling != null && p.modelCells() == ClassifyPixelsParameters.ModelCells.INPUT_GRID;
    }

    private static Path modelCellsFile(Path out) {
        String name = out.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return out.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + "_model_cells.tif");
    }

    /** 0xRRGGBB colour by class value (length = largest value + 1), or null for a 16-bit output without palette. */
    @Override
    public int[] palette() {
        return classes.palette == null ? null : classes.palette.clone();
    }

    /** The value written for NoData (255 for 8-bit outputs, 65535 for 16-bit). */
    @Override
    public int noDataValue() {
        return classes.noData;
    }

    /** Tiles to run. */
    @Override
    public long total() {
        return tiling.tiles.size();
    }

    /** Padding used (at least the model's own border when its output is smaller than its input). */
    @Override
    public int padding() {
        return Math.max(tiling.padX, tiling.padY);
    }

    @Override
    public boolean blending() {
        return tiling.blend;
    }

    /** Estimated memory of the unfinished output blocks at their peak. */
    @Override
    public long estimatedBlockMemory() {
        return tiling.estimatedBytes;
    }

    /** Tiles across one swath (the processing order). */
    @Override
    int swathColumns() {
        return tiling.swathCols;
    }



    /** Tiles an earlier run finished (all their blocks are in the output): not run again. */
    @Override
    public long resumedTiles() {
        return resume == null ? 0 : resume.doneKeys.size();
    }

    /** Output shape of the model, offsets and padding; the classes; then the tiles, in swaths. */
    void layOut() {
        tiling = PixelTiling.probe(session, decoder, definition.modelFormat(), bands.length, chipW, chipH,
                requestedPadding, blendRequested, warnings);
        classes = PixelConvention.of(definition) == PixelConvention.DEEPNESS
                ? PixelClasses.deepness(decoder.kind(), tiling.channels, deepnessClasses(0), predictBackground, warnings)
                : PixelClasses.of(decoder.kind(), tiling.channels, definition.classes(), predictBackground, warnings);
        decision = new PixelDecoder.Decision(decision.threshold(), decision.onScores(), classes.excluded);
        RasterRegion region = RasterRegion.of(work, raster.name(), p.environments().extent());
        tiling.layOut(region, warnings);
        moreHeads.addAll(PixelHead.layOut(headDecoders, tiling, region, session, definition, bands.length, chipW, chipH,
                requestedPadding, blendRequested, decision, predictBackground, this::deepnessClasses, warnings));
        if (ttaPolicy != null) {
            Map<String, TestTimeAugmentation.Merge> merges = new java.util.LinkedHashMap<>();
            merges.put(decoder.output(), merge(decoder));
            moreHeads.forEach(h -> merges.put(h.decoder.output(), merge(h.decoder)));
            tta = TestTimeAugmentation.of(chipW, chipH, ttaPolicy, merges);
            tta.checkOutput(decoder.output(), chipW, chipH, tiling.outW, tiling.outH);
            for (PixelHead h : moreHeads) {
                tta.checkOutput(h.decoder.output(), chipW, chipH, h.tiling.outW, h.tiling.outH);
            }
            warnings.add("Test-time augmentation: " + tta.describe() + "; each tile costs " + tta.viewCount()
                    + " model runs, and batch_size " + batchSize + " counts views (" + tta.tilesPerBatch(batchSize)
                    + " tile(s) a batch).");
        }
    }

    /** How test-time augmentation merges the views of a decoder's output. */
    private static TestTimeAugmentation.Merge merge(PixelDecoder d) {
        return switch (d.kind()) {
            case CLASS_SCORES -> TestTimeAugmentation.Merge.CLASS_PROBABILITIES;
            case SIGMOID -> TestTimeAugmentation.Merge.FOREGROUND_PROBABILITY;
            case LABELS -> TestTimeAugmentation.Merge.LABEL_VOTE;
        };
    }

    /** The augmentation of the run, or null. */
    TestTimeAugmentation augmentation() {
        return tta;
    }

    @Override
    public int augmentationViews() {
        return tta == null ? 1 : tta.viewCount();
    }

    /** Every classified raster: the output, then one per further output head ({@code NAME_output_i.tif}). */
    @Override
    List<Path> writtenOutputs() {
        List<Path> all = new ArrayList<>(List.of(output));
        moreHeads.forEach(h -> all.add(finalOutput(h)));
        return all;
    }

    /** The class_names of output {@code head} (Deepness metadata), or none. */
    private List<org.deepraster.model.ClassInfo> deepnessClasses(int head) {
        var x = definition.deepness();
        return x == null || x.outputClasses() == null || head >= x.outputClasses().size() ? List.of()
                : x.outputClasses().get(head);
    }

    void prepareOutput() throws IOException {
        output = ClassifyPixelsTool.withTif(p.outClassifiedRaster());
        confidenceOutput = confidenceRequested == null ? null : ClassifyPixelsTool.withTif(confidenceRequested);
        Outputs.requireFolder(output);
        own(output); // before the checks: two runs cannot both find it free (released by close)
        PixelOutputChecks.rasters(p, output, confidenceOutput);
        runOutput = backToInputGrid() ? modelCellsFile(output) : output;
        runConfidence = backToInputGrid() && confidenceOutput != null ? modelCellsFile(confidenceOutput) : confidenceOutput;
        if (backToInputGrid()) {
            PixelOutputChecks.rasters(p, runOutput, runConfidence);
        }
        if (p.vectorOutput() != null) {
            polygonOptions = classes.polygonOptions(p.vectorOutput());
        }
        Rectangle roi = tiling.region.roi();
        AffineTransform t = new AffineTransform(work.gridToCrs());
        t.translate(roi.x, roi.y);
        outputGrid = new GridGeometry(roi.width, roi.height, t, raster.grid().crsRef());
        resultGrid = outputGrid;
        if (backToInputGrid()) {
            Rectangle in = RasterRegion.of(raster, p.environments().extent()).roi();
            AffineTransform ti = new AffineTransform(raster.grid().gridToCrs());
            ti.translate(in.x, in.y);
            resultGrid = new GridGeometry(in.width, in.height, ti, raster.grid().crsRef());
        }
        resume = new PixelResume(settings(classes));
        for (int i = 0; i < moreHeads.size(); i++) {
            PixelHead h = moreHeads.get(i);
            PixelHead placed = new PixelHead(h.index, h.decoder, h.tiling, h.classes, h.decision,
                    PixelHead.outputOf(runOutput, h.index));
            PixelOutputChecks.rasters(p, placed.output, null);
            placed.resume = new PixelResume(settings(h.classes));
            moreHeads.set(i, placed);
        }
        if (!moreHeads.isEmpty() && confidenceOutput != null) {
            warnings.add("The confidence raster is made from the first output (" + decoder.output() + ") only.");
        }
        if (p.vectorOutput() != null) {
            for (PixelHead h : moreHeads) { // polygons per head, as Deepness' layers per output
                Path poly = PixelHead.outputOf(p.vectorOutput().outFeatureClass(), h.index);
                if (java.nio.file.Files.exists(poly) && !p.overwrite() && !p.resume()) {
                    throw Outputs.alreadyExists(poly);
                }
            }
        }
        if (p.resume()) {
            resume.reopen(runOutput, BlockWriter.classOptions(tiling.region, outputGrid, classes), runConfidence,
                    BlockWriter.confidenceOptions(tiling.region, outputGrid), tiling.tiles, tiling);
        }
    }

    /** What a resumed run must share with the run that made the output (see {@link PixelResume}). */
    private Map<String, String> settings(PixelClasses classes) throws IOException {
        RasterRegion region = tiling.region;
        String mask = region.maskInPixels() == null ? "none"
                : PixelResume.sha256(region.maskInPixels().toText().getBytes(StandardCharsets.UTF_8));
        Map<String, String> m = PixelResume.settings(definition.displayName() + " "
                        + PixelResume.modelHash(definition.modelFile(), p.inModelDefinition()), tiling,
                "threshold " + decision.threshold() + " (" + (decision.onScores() ? "on scores" : "sigmoid only")
                        + "), predict_background " + predictBackground
                        + (smoothing > 1 ? ", median " + smoothing : "")
                        + (tta != null ? ", test-time augmentation " + tta.describe() : ""),
                Arrays.toString(bands) + " " + norm.description() + " " + Arrays.toString(norm.scale()) + " "
                        + Arrays.toString(norm.offset()) + (resampling == null ? ""
                        : ", at the model's cell size: " + work.width() + "x" + work.height() + " cells"),
                Arrays.toString(classes.values) + " " + classes.outType, p.inRaster(), raster.grid(), mask);
        // where the georeferencing came from, or that there was none (gdalinfo and QGIS show GDAL_METADATA items)
        String georef = org.deepraster.tool.RasterInputs.georeferencingMetadata(java.util.List.of(raster));
        if (georef != null) {
            m.put(org.deepraster.tool.RasterInputs.GEOREFERENCING_ITEM, georef);
        }
        return m;
    }

    /**
     * Runs the classification: blocks go to the output raster(s) and to {@code sinks} (on the
     * calling thread, as they are finished). Returns when the run ends (completed or cancelled).
     */
    @Override
    ClassifyPixelsResult runInto(Progress progress, List<? extends ResultSink<ClassifiedBlock>> sinks) throws IOException {
        PixelAssembler assembler = new PixelAssembler(tiling, decoder, decision,
                () -> BlockWriter.open(tiling.region, classes, runOutput, runConfidence, outputGrid, resume),
                resume.finishedBlocks, resume.doneKeys, new ArrayList<>(sinks));
        List<PixelAssembler> assemblers = new ArrayList<>(List.of(assembler));
        for (PixelHead h : moreHeads) {
            assemblers.add(new PixelAssembler(h.tiling, h.decoder, h.decision,
                    () -> BlockWriter.open(h.tiling.region, h.classes, h.output, null, outputGrid, h.resume),
                    null, java.util.Set.of(), List.of()));
        }
        Environments env = p.environments();
        TilePipeline pipeline = new TilePipeline("Classify pixels", tiling.tiles,
                new TileReader(raster, resampling, bands, norm, chipW, chipH, ClassifyPixelsTool.NO_DATA, TileReader.Edges.MIRRORED),
                new BatchRunner(definition.modelFormat(), session, batchSize, bands.length, chipW, chipH, tta),
                ModelSetup.jobConfig(tta == null ? batchSize : tta.tilesPerBatch(batchSize), env, session));
        JobReport report = pipeline.run((batch, outs) -> PixelHead.copy(batch, outs, decoder, tiling, moreHeads), java.util.Set.copyOf(resume.doneKeys),
                progress, new HeadsAssembler(assemblers));
        JobProgress pr = report.progress();
        BlockWriter written = assembler.writer();
        long[] counts = written == null ? new long[classes.values.length] : written.counts;
        long noDataPixels = written == null ? 0 : written.noDataPixels;
        List<long[]> headCounts = new ArrayList<>();
        for (int i = 0; i < moreHeads.size(); i++) {
            BlockWriter hw = assemblers.get(i + 1).writer();
            headCounts.add(hw == null ? new long[moreHeads.get(i).classes.values.length] : hw.counts);
        }
        // a resumed run that had every tile done was smoothed when it completed
        if (smoothing > 1 && report.outcome() == JobReport.Outcome.COMPLETED && pr.resumed() < pr.total()) {
            counts = classes.countsByIndex(MedianSmoothing.apply(runOutput,
                    BlockWriter.classOptions(tiling.region, outputGrid, classes), resume.metadata("classes"), smoothing));
            for (int i = 0; i < moreHeads.size(); i++) {
                PixelHead h = moreHeads.get(i);
                headCounts.set(i, h.classes.countsByIndex(MedianSmoothing.apply(h.output,
                        BlockWriter.classOptions(h.tiling.region, outputGrid, h.classes), h.resume.metadata("classes"),
                        smoothing)));
            }
        }
        if (backToInputGrid() && report.outcome() == JobReport.Outcome.COMPLETED) {
            counts = classes.countsByIndex(CellGridResampler.back(runOutput, output, resultGrid, classes));
            noDataPixels = (long) resultGrid.width() * resultGrid.height() - java.util.stream.LongStream.of(counts).sum();
            if (runConfidence != null) {
                CellGridResampler.back(runConfidence, confidenceOutput, resultGrid, null);
            }
            for (int i = 0; i < moreHeads.size(); i++) {
                PixelHead h = moreHeads.get(i);
                headCounts.set(i, h.classes.countsByIndex(
                        CellGridResampler.back(h.output, PixelHead.outputOf(output, h.index), resultGrid, h.classes)));
            }
        } else if (backToInputGrid()) {
            warnings.add("The run did not complete: the classes at the model's cell size are in " + runOutput
                    + "; --resume finishes them and writes " + output + " on the input grid.");
        }
        boolean onResultGrid = !backToInputGrid() || report.outcome() == JobReport.Outcome.COMPLETED;
        if (pr.resumed() > 0 && onResultGrid && java.nio.file.Files.exists(output)) {
            // the blocks an earlier run finished are not counted by this run: NoData is the whole output's
            noDataPixels = noDataIn(output, classes.noData);
        } else if (pr.resumed() == 0 && onResultGrid) {
            // every pixel not classified is NoData, also in the blocks never written (failed or skipped tiles)
            noDataPixels = (long) resultGrid.width() * resultGrid.height() - java.util.stream.LongStream.of(counts).sum();
        }
        Map<String, Long> byClass = classes.byName(counts);
        long pixels = byClass.values().stream().mapToLong(Long::longValue).sum();
        List<ItemProblem> failures = report.problems().stream().filter(x -> x.kind() == ItemProblem.Kind.FAILED).toList();
        JobSummary summary = new JobSummary(report.outcome(), pr.total(), pr.resumed(), pixels, byClass, pr.skipped(),
                assembler.skipReasons, pr.failed(), failures, Duration.ofNanos(pr.elapsedNanos()), report.error());
        PolygonizeResult polygons = null;
        if (polygonOptions != null && report.outcome() == JobReport.Outcome.COMPLETED) {
            polygons = polygonize(output, p.vectorOutput().outFeatureClass(), polygonOptions, progress);
        } else if (polygonOptions != null) {
            warnings.add("The run did not complete, so no polygons were made; vectorise the classified raster with"
                    + " raster-to-polygons once it is complete.");
        }
        List<ClassifyPixelsResult.HeadOutput> others = new ArrayList<>();
        for (int i = 0; i < moreHeads.size(); i++) {
            PixelHead h = moreHeads.get(i);
            Path poly = null;
            if (polygons != null) { // its own classes; regularisation names the first output's classes
                ClassifyPixelsParameters.VectorOutput v = p.vectorOutput();
                poly = PixelHead.outputOf(v.outFeatureClass(), h.index);
                polygonize(finalOutput(h), poly, h.classes.polygonOptions(new ClassifyPixelsParameters.VectorOutput(poly,
                        v.minArea(), v.simplifyTolerance(), List.of())), progress);
            }
            others.add(new ClassifyPixelsResult.HeadOutput(h.decoder.output(), finalOutput(h),
                    h.classes.byName(headCounts.get(i)), poly));
        }
        return new ClassifyPixelsResult(report, summary, output, confidenceOutput, byClass,
                noDataPixels, assembler.mosaic.peakOpenBlocks(), warnings, polygons,
                polygons == null ? null : p.vectorOutput().outFeatureClass(), others);
    }

    private Path finalOutput(PixelHead h) {
        return backToInputGrid() ? PixelHead.outputOf(output, h.index) : h.output;
    }

    /** NoData pixels of a written classified raster (its first band), read in strips of one block row. */
    static long noDataIn(Path file, int noData) throws IOException {
        long n = 0;
        try (RasterSource r = RasterFiles.open(file)) {
            int w = r.width();
            for (int y = 0; y < r.height(); y += ClassifyPixelsTool.BLOCK) {
                int h = Math.min(ClassifyPixelsTool.BLOCK, r.height() - y);
                org.deepraster.raster.RasterWindow win = r.read(new Rectangle(0, y, w, h), new int[] {0});
                for (int yy = 0; yy < h; yy++) {
                    for (int x = 0; x < w; x++) {
                        if (!win.isValid(x, yy) || (int) win.sample(0, x, yy) == noData) {
                            n++;
                        }
                    }
                }
            }
        }
        return n;
    }

    /** Vectorises the finished (closed) classified raster into the polygon output. */
    private PolygonizeResult polygonize(Path output, Path out, PolygonizeOptions polygonOptions, Progress progress)
            throws IOException {
        String layer = out.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        try (RasterSource classified = RasterFiles.open(output);
             FeatureWriter w = FeatureWriters.create(out, Polygonizer.schema(layer, classified.grid().crs(), polygonOptions),
                     p.overwrite() || p.resume() ? WriteMode.OVERWRITE : WriteMode.CREATE)) {
            String georef = org.deepraster.tool.RasterInputs.georeferencingMetadata(java.util.List.of(raster));
            if (georef != null) {
                w.describe(georef); // the input's georeferencing notes, as in the raster's GDAL_METADATA
            }
            return Polygonizer.polygonize(classified, 0, polygonOptions, w, progress);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            if (resume != null) {
                resume.close();
            }
            for (PixelHead h : moreHeads) {
                if (h.resume != null) {
                    h.resume.close();
                }
            }
        } finally {
            super.close();
        }
    }
}
