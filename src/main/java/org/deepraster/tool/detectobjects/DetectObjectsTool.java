package org.deepraster.tool.detectobjects;

import org.deepraster.detection.NonMaxSuppression;
import org.deepraster.tool.ChipReader;
import org.deepraster.tool.Environments;
import org.deepraster.tool.ModelSetup;
import org.deepraster.tool.MosaicRaster;
import org.deepraster.tool.ProcessingMode;
import org.deepraster.tool.StagedRun;
import org.deepraster.tool.TiledModelPlan;
import org.deepraster.tiling.BatchRunner;
import org.deepraster.tiling.TestTimeAugmentation;
import org.deepraster.tiling.CellSizeResampling;
import org.deepraster.tiling.Chip;
import org.deepraster.tiling.RasterRegion;
import org.deepraster.tiling.Tile;
import org.deepraster.tiling.TileGrid;
import org.deepraster.tiling.TilePipeline;
import org.deepraster.tiling.TileReader;
import org.deepraster.tool.RasterInputs;

import java.awt.Rectangle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deepraster.feature.Feature;
import org.deepraster.feature.FeatureSchema;
import org.deepraster.feature.FeatureWriter;
import org.deepraster.feature.FeatureWriters;
import org.deepraster.feature.WriteMode;
import org.deepraster.geo.GridGeometry;
import org.deepraster.geo.Reprojector;
import org.deepraster.inference.Detection;
import org.deepraster.inference.DetectionDecoder;
import org.deepraster.inference.InferenceEngine;
import org.deepraster.inference.InferenceOutputs;
import org.deepraster.inference.InputNormalization;
import org.deepraster.inference.ModelSession;
import org.deepraster.job.JobConfig;
import org.deepraster.job.JobReport;
import org.deepraster.job.Prepared;
import org.deepraster.job.ResultSink;
import org.deepraster.job.SummarySink;
import org.deepraster.model.ArgumentSpecs;
import org.deepraster.model.ModelArguments;
import org.deepraster.model.ModelDefinition;
import org.deepraster.model.ModelDefinitions;
import org.deepraster.model.TensorSpec;
import org.deepraster.raster.RasterSource;
import org.deepraster.util.Progress;
import org.deepraster.util.UserException;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.opengis.referencing.crs.CoordinateReferenceSystem;

/**
 * Detect Objects Using Deep Learning: the raster (within the processing extent or mask) is cut into
 * tiles of the model's chip size; each tile is read with {@code padding} pixels of context on every
 * side, so that the tiles' cores (chip minus padding) cover the extent exactly once, right and bottom
 * edges included (the last tiles reach past the raster; pixels outside it and NoData pixels are 0).
 * Tiles that are all NoData are skipped. Detections scoring below {@code threshold} are dropped, the
 * model's own NMS ({@code nms_overlap}, within each class) runs per tile, and with
 * {@code exclude_pad_detections} (default) a detection is kept only by the tile whose core holds its
 * centre. With {@code run_nms}, {@link NonMaxSuppression} removes duplicates across tiles (within each
 * class, then across classes, by {@code max_overlap_ratio}).
 *
 * <p>Streaming: without NMS a tile's detections are written as soon as its batch is done. With NMS a
 * detection is written once no unfinished tile can still change its fate: the detections waiting
 * are grouped into clusters (linked by overlaps above the ratio); a cluster is final when no
 * unfinished tile's window touches any of its boxes (a tile's boxes lie inside its window), and NMS
 * on a final cluster gives the same answer as NMS on the whole run.
 *
 * <p>Geometry: the box, or its outline when the model gives one (an oriented box's rotated rectangle,
 * {@link DetectionShapes}). Instance masks become fragments that {@link InstanceMerger} joins across tiles into
 * one polygon per instance, streamed and resumed like the rest ({@link InstanceOptions} shape them). End-to-end (NMS-free) heads skip the in-tile
 * NMS. With NMS, {@code max_containment_ratio} adds Deepness's containment rule
 * ({@link NonMaxSuppression#removeContained}; by default on for Deepness detectors at their NMS IoU).
 *
 * <p>Output fields: the class name ({@code class_value_field}, default {@code Class}),
 * {@value #CLASS_VALUE_FIELD} (the class value from the model's Classes) and the confidence
 * ({@code confidence_score_field}, default {@code Confidence}, 0–100), and for oriented boxes {@code Angle}
 * (degrees, clockwise). One raster per run.
 */
public final class DetectObjectsTool {
    public static final String CLASS_VALUE_FIELD = "ClassValue";

    private final InferenceEngine engine;

    /** @param engine the session cache; owned by the caller */
    public DetectObjectsTool(InferenceEngine engine) {
        this.engine = engine;
    }

    public DetectObjectsResult run(DetectObjectsParameters p, Progress progress, List<? extends ResultSink<Feature>> sinks)
            throws IOException {
        try (Plan plan = plan(p)) {
            return plan.run(progress, sinks);
        }
    }

    /** Checks everything before any work and lays out the tiles. Throws {@link UserException} for bad input. */
    public Plan plan(DetectObjectsParameters p) throws IOException {
        List<String> warnings = new ArrayList<>();
        if (p.inModelDefinition() == null || p.inModelDefinition().isBlank()) {
            throw new UserException("No model definition given.", "Give an .emd, .dlpk or .onnx file, or the .emd JSON.");
        }
        if (p.inRaster() == null) {
            throw new UserException("No input raster given.", "Give a raster file or a folder of images.");
        }
        if (!(p.maxOverlapRatio() >= 0 && p.maxOverlapRatio() <= 1)) {
            throw new UserException("max_overlap_ratio " + p.maxOverlapRatio() + " is not between 0 and 1.",
                    "It is the intersection over union above which the less confident detection goes, e.g. 0.3.");
        }
        ModelDefinition d = ModelDefinitions.load(p.inModelDefinition());
        Environments env = p.environments();
        ModelSession session = ModelSetup.session(engine, d, env);
        warnings.addAll(session.warnings());
        ModelArguments.Resolved args = p.arguments().resolve(ArgumentSpecs.forDefinition(d));
        DetectionDecoder detector = ModelSetup.decoder(d, session, p.arguments(), DetectionDecoder.class, "an object detector",
                "Use Classify Objects or Classify Pixels for this model, or pick an ObjectDetection model.");
        int batch = ModelSetup.batchSize(args, session);
        TensorSpec in = session.signature().input();
        int[] chip = ModelSetup.chipSize(d, in, args);
        int chipW = chip[0];
        int chipH = chip[1];
        int padding = args.getInt("padding", d.defaultPadding());
        if (padding < 0 || 2 * padding >= Math.min(chipW, chipH)) {
            throw new UserException("padding " + padding + " leaves nothing of a " + chipW + " x " + chipH + " tile.",
                    "Use a padding below half the tile size (" + Math.min(chipW, chipH) / 2 + ").");
        }
        double threshold = args.getDouble("threshold", 0.5);
        double nmsOverlap = args.getDouble("nms_overlap", 0.1);
        boolean excludePad = args.getBoolean("exclude_pad_detections", true);
        boolean tta = args.getBoolean("test_time_augmentation", false);
        int modelChannels = ModelSetup.modelChannels(d, in);
        if (Files.isDirectory(p.inRaster()) && p.processingMode() == ProcessingMode.PROCESS_ITEMS_SEPARATELY) {
            throw new UserException("Detect Objects does not process the images of a folder separately yet"
                    + " (processing_mode PROCESS_ITEMS_SEPARATELY).",
                    "Use PROCESS_AS_MOSAICKED_IMAGE (the images on one pixel grid read as one raster), or run on each image.");
        }
        List<RasterSource> rasters = RasterInputs.openRasters(List.of(p.inRaster()));
        RasterSource raster;
        try {
            raster = rasters.size() == 1 ? rasters.get(0) : new MosaicRaster(p.inRaster(), rasters);
        } catch (RuntimeException e) {
            for (RasterSource r : rasters) {
                r.close();
            }
            throw e;
        }
        try {
            RasterInputs.georeferencingWarnings(List.of(raster), warnings);
            int[] bands = RasterInputs.bands(d, modelChannels, rasters);
            InputNormalization norm = ModelSetup.normalization(d, bands.length, p.arguments(), args, warnings, List.of(raster));
            CellSizeResampling resampling = null;
            if (p.resampleToModelCellSize()) {
                double[] target = CellSizeResampling.target(d, raster.grid(), warnings);
                if (target != null) {
                    double[] cell = CellSizeResampling.cellOf(raster.grid());
                    resampling = new CellSizeResampling(raster, target[0] / cell[0], target[1] / cell[1]);
                } else if (d.minCellSize() == null && d.maxCellSize() == null
                        && (d.deepness() == null || d.deepness().resolutionCm() == null)) {
                    warnings.add("The model states no cell size (no MinCellSize/MaxCellSize or Deepness resolution):"
                            + " the raster is read at its own cell size.");
                }
            } else {
                String mismatch = CellSizeResampling.mismatch(d, raster.grid());
                if (mismatch != null) {
                    warnings.add(mismatch);
                }
            }
            Plan plan = new Plan(p, d, session, detector, raster, bands, norm, chipW, chipH, padding, batch,
                    (float) threshold, nmsOverlap, excludePad, warnings);
            plan.containmentRatio = p.containmentRatio(d, nmsOverlap);
            plan.maskThreshold = args.has(ArgumentSpecs.MASK_THRESHOLD) ? args.getDouble(ArgumentSpecs.MASK_THRESHOLD, 0.5) : 0.5;
            plan.resampling = resampling;
            plan.work = resampling == null ? raster.grid() : resampling.workGrid();
            if (tta) {
                plan.tta = TestTimeAugmentation.of(chipW, chipH, TestTimeAugmentation.MergePolicy.MEAN, Map.of());
                warnings.add("Test-time augmentation: " + plan.tta.viewCount() + " views (" + plan.tta.viewNames()
                        + ") fused by weighted boxes fusion (IoU " + TtaDetections.IOU + ")"
                        + (detector.layout().oriented() ? "; an oriented box keeps its most confident view's corners" : "")
                        + "; each tile costs " + plan.tta.viewCount() + " model runs, and batch_size " + batch
                        + " counts views (" + plan.tta.tilesPerBatch(batch) + " tile(s) a batch).");
            }
            plan.layOutTiles();
            plan.prepareOutput();
            return plan;
        } catch (IOException | RuntimeException e) {
            raster.close();
            throw e;
        }
    }

    /** A checked run: model session, the raster (open), the tiles, the output schema. Run once, then close. */
    public static final class Plan extends TiledModelPlan {
        private final DetectObjectsParameters p;
        private final DetectionDecoder decoder;
        private final int padding;
        private final float threshold;
        private final double nmsOverlap;
        private final boolean excludePad;
        private List<Tile> tiles;
        /** Test-time augmentation (views fused by {@link TtaDetections}), or null. */
        private TestTimeAugmentation tta;
        /** The tiles over the region of interest (raster ∩ extent, in work-grid pixels). */
        private TileGrid grid;
        private Rectangle roi;
        private PreparedGeometry maskInPixels;
        private FeatureSchema outputSchema;
        private Reprojector toOutput = Reprojector.identity();
        private Path output;
        private WriteMode mode;
        /** Resume records (GeoPackage outputs only); null for other formats. */
        private DetectResumeState resumeState;
        private boolean resuming;
        private Set<String> doneKeys = Set.of();
        private List<Det> heldBefore = List.of();
        private List<InstanceFragment> fragmentsBefore = List.of();
        /** Tiles are cut from the raster resampled to the model's cell size (null: the raster's own cells). */
        private CellSizeResampling resampling;
        /** The grid tiles and detections live in: the raster's, or the resampled one. */
        private GridGeometry work;
        /** With NMS: Deepness's containment rule (1: off). */
        private double containmentRatio = 1;
        /** Instance models: the probability above which a mask pixel is on (model argument mask_threshold). */
        private double maskThreshold = 0.5;

        Plan(DetectObjectsParameters p, ModelDefinition definition, ModelSession session, DetectionDecoder decoder,
             RasterSource raster, int[] bands, InputNormalization norm, int chipW, int chipH, int padding, int batchSize,
             float threshold, double nmsOverlap, boolean excludePad, List<String> warnings) {
            super(definition, session, batchSize, warnings, raster, bands, norm, chipW, chipH);
            this.p = p;
            this.decoder = decoder;
            this.padding = padding;
            this.threshold = threshold;
            this.nmsOverlap = nmsOverlap;
            this.excludePad = excludePad;
        }

        public FeatureSchema outputSchema() {
            return outputSchema;
        }

        public Path output() {
            return output;
        }

        /** Tiles to run (those an earlier run finished excluded, when resuming). */
        public long total() {
            return tiles.stream().filter(t -> !doneKeys.contains(t.key())).count();
        }

        /** Model runs per tile: the test-time augmentation views, or 1. */
        public int augmentationViews() {
            return tta == null ? 1 : tta.viewCount();
        }

        /** Tiles an earlier run finished (resume). */
        public long resumed() {
            return tiles.size() - total();
        }

        public int padding() {
            return padding;
        }

        /** Detections scoring below this are dropped (argument threshold; Deepness det_conf by default). */
        public double threshold() {
            return threshold;
        }

        /** With NMS across tiles: Deepness's containment ratio (intersection over the smaller area); 1: off. */
        public double containmentRatio() {
            return containmentRatio;
        }

        /** IoU of the model's own NMS within a tile (argument nms_overlap; Deepness det_iou_thresh by default). */
        public double nmsOverlap() {
            return nmsOverlap;
        }

        /** The grid tiles are laid on: the raster's, or the raster resampled to the model's cell size. */
        public GridGeometry workGrid() {
            return work;
        }

        /** The region of interest (raster ∩ extent, in pixels) and the tiles whose cores cover it (area: core ∩ region). */
        void layOutTiles() {
            RasterRegion region = RasterRegion.of(work, raster.name(), p.environments().extent());
            roi = region.roi();
            maskInPixels = region.preparedMask();
            grid = TileGrid.cores(region, chipW, chipH, padding, padding, 0, 0);
            TileGrid.Layout layout = grid.layOut();
            tiles = layout.tiles();
            if (layout.warning() != null) {
                warnings.add(layout.warning());
            }
        }

        void prepareOutput() throws IOException {
            DetectOutputSetup o;
            try {
                o = DetectOutputSetup.of(p, raster.grid().crs(), decoder.layout().oriented(), this::settings, this::own);
            } catch (IOException | RuntimeException e) {
                releaseOutputs();
                throw e;
            }
            output = o.output();
            mode = o.mode();
            outputSchema = o.schema();
            toOutput = o.toOutput();
            resumeState = o.resumeState();
            resuming = o.resuming();
            doneKeys = o.doneKeys();
            heldBefore = o.heldBefore();
            fragmentsBefore = o.fragmentsBefore();
        }

        /** What fixes the tiles and their results: a resume must match them. */
        private Map<String, String> settings(CoordinateReferenceSystem crs) {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("raster", p.inRaster().toAbsolutePath().normalize().toString());
            m.put("raster_size", raster.width() + "x" + raster.height());
            m.put("resampled_to", resampling == null ? "none" : work.width() + "x" + work.height());
            m.put("mode", p.processingMode().name());
            m.put("model", definition.modelFile() == null ? definition.displayName() : definition.modelFile().getFileName().toString());
            m.put("bands", java.util.Arrays.toString(bands));
            m.put("tile", chipW + "x" + chipH);
            m.put("padding", String.valueOf(padding));
            m.put("region", roi.x + "," + roi.y + "," + roi.width + "," + roi.height);
            m.put("mask", maskInPixels == null ? "none" : Integer.toHexString(maskInPixels.getGeometry().toText().hashCode()));
            m.put("threshold", String.valueOf(threshold));
            m.put("nms_overlap", String.valueOf(nmsOverlap));
            m.put("exclude_pad_detections", String.valueOf(excludePad));
            m.put("run_nms", String.valueOf(p.runNms()));
            m.put("max_overlap_ratio", String.valueOf(p.maxOverlapRatio()));
            if (containmentRatio < 1) { // (absent when off, so outputs of earlier versions still resume)
                m.put("max_containment_ratio", String.valueOf(containmentRatio));
            }
            m.put("output_geometry", p.outputGeometry().name());
            if (tta != null) { // (absent without it, so earlier outputs still resume)
                m.put("test_time_augmentation", tta.viewNames());
            }
            if (decoder.layout().masks()) { // (absent for other models, so their earlier outputs still resume)
                m.put("mask_threshold", String.valueOf(maskThreshold));
                m.put("instance_options", p.instanceOptions().toString());
            }
            m.put("output_crs", crs == null ? "none" : org.deepraster.geo.Crs.displayName(crs));
            return m;
        }

        /**
         * Runs the detection: features go to the output file and to {@code sinks} (on the calling
         * thread, as they become final). Returns when the run ends (completed or cancelled).
         */
        public DetectObjectsResult run(Progress progress, List<? extends ResultSink<Feature>> sinks) throws IOException {
            DetectObjectsResult r = StagedRun.run(output, mode, target -> runInto(target, progress, sinks),
                    DetectObjectsResult::report);
            if (r.report().outcome() == JobReport.Outcome.FAILED && mode == WriteMode.OVERWRITE) {
                warnings.add("The run failed: " + output + " was left as it was.");
                r = new DetectObjectsResult(r.report(), r.summary(), r.output(), r.table(), r.written(), r.suppressed(),
                        warnings);
            }
            return r;
        }

        private DetectObjectsResult runInto(Path target, Progress progress, List<? extends ResultSink<Feature>> sinks)
                throws IOException {
            FeatureWriter file = FeatureWriters.create(target, outputSchema, mode);
            String georef = RasterInputs.georeferencingMetadata(List.of(raster));
            if (georef != null) {
                try {
                    file.describe(georef);
                } catch (IOException | RuntimeException e) {
                    file.close();
                    throw e;
                }
            }
            SummarySink<Feature> summary = new SummarySink<>(f -> (String) f.get(p.classValueField()));
            List<ResultSink<Feature>> all = new ArrayList<>();
            all.add(summary);
            all.addAll(sinks);
            DetectionAssembler stream;
            try {
                stream = new DetectionAssembler(file, all, grid, tiles, doneKeys, heldBefore, fragmentsBefore, resumeState, resuming,
                        new DetectionFeatures(work, toOutput, p.outputGeometry(), definition, p.classValueField(),
                                p.confidenceScoreField(), decoder.layout().oriented(), p.instanceOptions()), p.runNms(),
                        p.maxOverlapRatio(),
                        containmentRatio, maskInPixels);
            } catch (IOException | RuntimeException e) {
                file.close();
                throw e;
            }
            Environments env = p.environments();
            JobConfig config = ModelSetup.jobConfig(tta == null ? batchSize : tta.tilesPerBatch(batchSize), env, session);
            TilePipeline pipeline = new TilePipeline("Detect objects", tiles,
                    new TileReader(raster, resampling, bands, norm, chipW, chipH, ChipReader.NO_DATA),
                    new BatchRunner(definition.modelFormat(), session, batchSize, bands.length, chipW, chipH, tta), config);
            TileDetectionFilter filter = new TileDetectionFilter(chipW, chipH, roi, maskInPixels, excludePad,
                    decoder.nmsFree() ? 1 : nmsOverlap);
            JobReport report = tta == null
                    ? pipeline.run((batch, outs) -> detections(batch, outs, filter), doneKeys, progress, stream)
                    : pipeline.runWithRunner((batch, runner) -> fusedDetections(batch, runner, filter), doneKeys, progress,
                            stream);
            if (stream.heldBack > 0) {
                warnings.add(stream.heldBack + " detections next to unfinished tiles are held back (not yet final under NMS);"
                        + " --resume finishes them.");
            }
            org.deepraster.job.JobSummary sum = summary.summary();
            if (sum != null) { // the engine counts tiles as its results; the user counts detections
                sum = new org.deepraster.job.JobSummary(sum.outcome(), sum.total(), sum.resumed(), stream.written,
                        sum.countsByClass(), sum.skipped(), sum.skipReasons(), sum.failed(), sum.failures(), sum.elapsed(),
                        sum.error());
            }
            return new DetectObjectsResult(report, sum, output, outputSchema.name(), stream.written,
                    stream.suppressed, warnings);
        }

        /**
         * Test-time augmentation (inference thread): every view of each tile decoded, turned back into the chip's
         * pixels and fused ({@link TtaDetections}); then what each tile keeps, as without augmentation.
         */
        private List<TileDetections> fusedDetections(List<Prepared.Ready<Tile, Chip>> batch, BatchRunner runner,
                                                     TileDetectionFilter filter) {
            int views = tta.viewCount();
            List<List<Detection>> perChip = new ArrayList<>(batch.size() * views);
            runner.runViews(batch, (outs, first) -> {
                List<List<Detection>> res = decoder.decode(outs, threshold, decoder.nmsFree() ? 1 : nmsOverlap, maskThreshold);
                for (int j = 0; j < outs.count(); j++) {
                    org.deepraster.tiling.TtaView v = tta.views().get((first + j) % views);
                    List<Detection> back = new ArrayList<>(res.get(j).size());
                    for (Detection d : res.get(j)) {
                        back.add(TtaDetections.back(d, v, chipW, chipH));
                    }
                    perChip.add(back);
                }
            });
            List<TileDetections> out = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                Tile t = batch.get(i).item();
                List<Detection> fused = TtaDetections.fuse(perChip.subList(i * views, (i + 1) * views), TtaDetections.IOU,
                        threshold);
                out.add(new TileDetections(t, filter.keep(t, fused), filter.fragments(t, fused)));
            }
            return out;
        }

        /** The detections each tile of a batch keeps (inference thread). */
        private List<TileDetections> detections(List<Prepared.Ready<Tile, Chip>> batch, InferenceOutputs outs,
                                                TileDetectionFilter filter) {
            List<List<Detection>> res = decoder.decode(outs, threshold, decoder.nmsFree() ? 1 : nmsOverlap, maskThreshold);
            List<TileDetections> out = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                Tile t = batch.get(i).item();
                out.add(new TileDetections(t, filter.keep(t, res.get(i)), filter.fragments(t, res.get(i))));
            }
            return out;
        }
    }
}
