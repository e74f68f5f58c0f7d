package org.deepraster.tool.classifyobjects;

import org.deepraster.tool.RasterInputs;

import org.deepraster.tool.ChipReader;
import org.deepraster.tool.Environments;
import org.deepraster.tool.ModelPlan;
import org.deepraster.tool.ModelSetup;
import org.deepraster.tool.StagedRun;
import org.deepraster.tool.Outputs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.deepraster.feature.Feature;
import org.deepraster.feature.FeatureCollection;
import org.deepraster.feature.FeatureSchema;
import org.deepraster.feature.FeatureWriter;
import org.deepraster.feature.FeatureWriters;
import org.deepraster.feature.Field;
import org.deepraster.feature.FieldType;
import org.deepraster.feature.VectorFiles;
import org.deepraster.feature.WriteMode;
import org.deepraster.geo.Reprojector;
import org.deepraster.inference.BatchBuffer;
import org.deepraster.inference.Classification;
import org.deepraster.inference.ClassificationDecoder;
import org.deepraster.inference.InferenceEngine;
import org.deepraster.inference.InputNormalization;
import org.deepraster.inference.ModelSession;
import org.deepraster.job.FeatureFileSink;
import org.deepraster.job.Job;
import org.deepraster.job.JobConfig;
import org.deepraster.job.JobReport;
import org.deepraster.job.JobSteps;
import org.deepraster.job.Prepared;
import org.deepraster.job.ResultSink;
import org.deepraster.job.SummarySink;
import org.deepraster.job.WorkItem;
import org.deepraster.model.ArgumentSpecs;
import org.deepraster.model.ClassInfo;
import org.deepraster.model.ModelArguments;
import org.deepraster.model.ModelDefinition;
import org.deepraster.model.ModelDefinitions;
import org.deepraster.model.TensorSpec;
import org.deepraster.raster.RasterSource;
import org.deepraster.util.Progress;
import org.deepraster.util.UserException;
import org.locationtech.jts.geom.Geometry;
import org.opengis.referencing.crs.CoordinateReferenceSystem;

/**
 * Classify Objects Using Deep Learning: each object (a feature, or each image when there are no
 * features) gets the class an object-classification model gives its chip. Runs on the {@link Job}
 * engine: chips are cut on reader threads ({@link ChipReader}), batches run on one inference thread,
 * results go to the output file and any extra sinks (the map layer, a progress bar).
 *
 * <pre>{@code
 * try (ClassifyObjectsTool.Plan plan = new ClassifyObjectsTool(engine).plan(params)) { // checks; UserException
 *     StreamingLayer layer = layers.addStreamingLayer(... plan.outputSchema() ...);
 *     ClassifyObjectsResult r = plan.run(progress, List.of(CallbackSink.of(layer::append)));
 * }
 * }</pre>
 * Output fields: the input attributes, {@value #SOURCE_ID_FIELD} (the input feature id; resume
 * skips the ids already in the output), {@value #IMAGE_FIELD} (the image path; when there are no
 * features, or items are processed separately), the class label field (class name),
 * {@value #CLASS_FIELD} (class value) and {@value #CONFIDENCE_FIELD} (0–100).
 */
public final class ClassifyObjectsTool {
    public static final String SOURCE_ID_FIELD = "SourceOID";
    public static final String IMAGE_FIELD = "Image";
    public static final String CLASS_FIELD = "Class";
    public static final String CONFIDENCE_FIELD = "Confidence";
    /** Points and lines are buffered by this many pixels when the model blackens around the object. */
    static final double LINE_BUFFER_PIXELS = 3;
    /** Objects are processed in bands of this many pixel rows (see {@code sortForLocality}). */
    static final int ORDER_BAND_PIXELS = 256;

    private final InferenceEngine engine;

    /** @param engine the session cache; owned by the caller (shared between runs and tools) */
    public ClassifyObjectsTool(InferenceEngine engine) {
        this.engine = engine;
    }

    /** Checks the parameters and runs the tool: {@code plan(p)} then {@link Plan#run}, then closes the plan. */
    public ClassifyObjectsResult run(ClassifyObjectsParameters p, Progress progress, List<? extends ResultSink<Feature>> sinks)
            throws IOException {
        try (Plan plan = plan(p)) {
            return plan.run(progress, sinks);
        }
    }

    /**
     * Checks everything that can be checked before any work (model, arguments, bands, CRS, output)
     * and prepares the work items. Throws {@link UserException} for bad input. The plan holds the
     * rasters open: close it.
     */
    public Plan plan(ClassifyObjectsParameters p) throws IOException {
        List<String> warnings = new ArrayList<>();
        if (p.inModelDefinition() == null || p.inModelDefinition().isBlank()) {
            throw new UserException("No model definition given.", "Give an .emd, .dlpk or .onnx file, or the .emd JSON.");
        }
        ModelDefinition d = ModelDefinitions.load(p.inModelDefinition());
        Environments env = p.environments();
        ModelSession session = ModelSetup.session(engine, d, env); // CPU: the cores the chip readers leave
        warnings.addAll(session.warnings());
        ClassificationDecoder classifier = ModelSetup.decoder(d, session, ClassificationDecoder.class, "an object classifier",
                "Use Detect Objects or Classify Pixels for this model, or pick an ObjectClassification model.");
        ModelArguments.Resolved args = p.modelArguments().resolve(ArgumentSpecs.forDefinition(d));
        int batch = ModelSetup.batchSize(args, session);
        double scoreThreshold = args.getDouble("score_threshold", 0);
        if (args.getBoolean("test_time_augmentation", false)) {
            warnings.add("test_time_augmentation True is not applied by Classify Objects: each object's chip is"
                    + " classified once, as it is (no flipped or rotated chips are averaged), so the classes and"
                    + " confidences are those of a run without it. Classify Pixels and Detect Objects apply it.");
        }

        TensorSpec in = session.signature().input();
        int[] chip = ModelSetup.chipSize(d, in, args);
        int chipW = chip[0];
        int chipH = chip[1];
        int modelChannels = ModelSetup.modelChannels(d, in);

        List<RasterSource> rasters = RasterInputs.openRasters(p.inRaster());
        Plan plan = null;
        try {
            RasterInputs.georeferencingWarnings(rasters, warnings);
            int[] bands = RasterInputs.bands(d, modelChannels, rasters);
            InputNormalization norm = ModelSetup.normalization(d, bands.length, p.modelArguments(), args, warnings, rasters);
            ChipReader chips = new ChipReader(chipW, chipH, bands, d.cropSizeFixed() == null || d.cropSizeFixed(),
                    Boolean.TRUE.equals(d.blackenAroundFeature()), LINE_BUFFER_PIXELS, norm);
            if (d.imageSpaceUsed() != null && d.imageSpaceUsed().toUpperCase(Locale.ROOT).contains("PIXEL")) {
                for (RasterSource r : rasters) {
                    if (!r.grid().isNorthUp()) {
                        warnings.add(r.name() + " is rotated and the model was trained in pixel space: chips are cut"
                                + " north-up from the pixel grid.");
                    }
                }
            }
            plan = new Plan(p, d, session, classifier, chips, batch, scoreThreshold, rasters, warnings);
            plan.prepareItems();
            plan.prepareOutput();
            return plan;
        } catch (IOException | RuntimeException e) {
            if (plan == null) {
                for (RasterSource r : rasters) {
                    r.close();
                }
            } else {
                plan.close();
            }
            throw e;
        }
    }

    // ------------------------------------------------------------------ the plan

    /** One object: a feature (or an image) to classify from one raster. */
    record ObjectItem(String key, String label, Feature source, Geometry inRasterCrs, int raster, String skip)
            implements WorkItem {
        ObjectItem(String key, String label, Feature source, Geometry inRasterCrs, int raster) {
            this(key, label, source, inRasterCrs, raster, null);
        }
    }

    /** Why an object without geometry is skipped. */
    static final String NO_GEOMETRY = "no geometry";
    /** Why an object with a NaN or infinite coordinate is skipped. */
    static final String NOT_FINITE = "NaN or infinite coordinates";
    /** Why a polygon of one point, or of points on a line, is skipped. */
    static final String DEGENERATE = "polygon without area (one point or a line)";

    /**
     * A checked, ready run: the model session, the rasters (open), the work items and the output
     * schema. {@link #outputSchema()} and {@link #classes()} let a dialog create the map layer before
     * the run starts. Run it once, then close it.
     */
    public static final class Plan extends ModelPlan {
        private final ClassifyObjectsParameters p;
        private final ClassificationDecoder decoder;
        private final ChipReader chips;
        private final double scoreThreshold;
        private final List<RasterSource> rasters;
        private final List<ObjectItem> items = new ArrayList<>();
        private FeatureSchema inputSchema;
        private FeatureSchema outputSchema;
        private Reprojector toOutput = Reprojector.identity();
        private List<Reprojector> rasterToOutput;
        private Path output;
        private WriteMode mode;
        private Set<String> doneKeys = Set.of();
        private ObjectItems objects;
        private boolean imagesAreObjects;
        private boolean withImageField;

        Plan(ClassifyObjectsParameters p, ModelDefinition definition, ModelSession session, ClassificationDecoder decoder,
             ChipReader chips, int batchSize, double scoreThreshold, List<RasterSource> rasters, List<String> warnings) {
            super(definition, session, batchSize, warnings);
            this.p = p;
            this.decoder = decoder;
            this.chips = chips;
            this.scoreThreshold = scoreThreshold;
            this.rasters = rasters;
        }

        /** Schema (fields, geometry kind, CRS) of the features the run produces. */
        public FeatureSchema outputSchema() {
            return outputSchema;
        }

        /** The output file (with the extension added when there was none). */
        public Path output() {
            return output;
        }

        /** Objects to classify in this run (those done by an earlier run excluded). */
        public long total() {
            return items.stream().filter(i -> !doneKeys.contains(i.key())).count();
        }

        void prepareItems() throws IOException {
            objects = ObjectItems.prepare(p, rasters, warnings);
            items.addAll(objects.items);
            inputSchema = objects.inputSchema;
            toOutput = objects.toOutput;
            rasterToOutput = objects.rasterToOutput;
            imagesAreObjects = objects.imagesAreObjects;
            withImageField = objects.withImageField;
        }

        void prepareOutput() throws IOException {
            Path out = p.outFeatureClass();
            if (out == null) {
                throw new UserException("No output given.", "Name the output feature class, e.g. classified.gpkg.");
            }
            if (Outputs.extension(out).isEmpty()) {
                out = out.resolveSibling(out.getFileName() + ".gpkg");
            }
            output = out;
            Outputs.requireFolder(out);
            own(out);
            Path parent = out.toAbsolutePath().getParent();
            if (!Files.isWritable(parent) || Files.exists(out) && !Files.isWritable(out)) {
                throw new UserException("Cannot write to " + out + ": the folder or file is not writable.",
                        "Choose a folder you can write to.");
            }
            List<Field> fields = new ArrayList<>();
            Set<String> ours = new HashSet<>();
            for (String n : List.of(SOURCE_ID_FIELD, IMAGE_FIELD, p.classLabelField(), CLASS_FIELD, CONFIDENCE_FIELD)) {
                ours.add(n.toLowerCase(Locale.ROOT));
            }
            for (Field f : inputSchema.fields()) {
                if (!ours.contains(f.name().toLowerCase(Locale.ROOT))) {
                    fields.add(f);
                }
            }
            if (!imagesAreObjects) {
                fields.add(new Field(SOURCE_ID_FIELD, FieldType.INTEGER));
            }
            if (withImageField) {
                fields.add(new Field(IMAGE_FIELD, FieldType.STRING));
            }
            fields.add(new Field(p.classLabelField(), FieldType.STRING));
            fields.add(new Field(CLASS_FIELD, FieldType.INTEGER));
            fields.add(new Field(CONFIDENCE_FIELD, FieldType.REAL));
            String table = out.getFileName().toString().replaceFirst("\\.[^.]+$", "");
            CoordinateReferenceSystem crs = imagesAreObjects ? inputSchema.crs()
                    : p.environments().outputCrs() != null ? p.environments().outputCrs() : inputSchema.crs();
            outputSchema = new FeatureSchema(table, inputSchema.geometryKind(), fields, crs);

            boolean exists = Files.exists(out);
            boolean gpkg = Outputs.extension(out).equals("gpkg");
            if (p.resume() && exists) {
                if (!gpkg) {
                    throw new UserException("Cannot resume into " + out + ": only GeoPackage outputs can be resumed.",
                            "Write to a .gpkg output, or use --overwrite to start again.");
                }
                mode = WriteMode.APPEND;
                doneKeys = doneKeys(out, table);
            } else if (exists && !p.overwrite() && !(gpkg && !hasTable(out, table))) {
                throw Outputs.alreadyExists(out);
            } else {
                mode = p.overwrite() ? WriteMode.OVERWRITE : WriteMode.CREATE;
            }
        }

        private static boolean hasTable(Path gpkg, String table) throws IOException {
            return VectorFiles.open(gpkg).stream().anyMatch(c -> c.schema().name().equalsIgnoreCase(table));
        }

        /** Keys of the objects an earlier run wrote to the output table. */
        private Set<String> doneKeys(Path gpkg, String table) throws IOException {
            Set<String> keys = new HashSet<>();
            for (FeatureCollection c : VectorFiles.open(gpkg)) {
                if (!c.schema().name().equalsIgnoreCase(table)) {
                    continue;
                }
                for (Feature f : c.features()) {
                    keys.add(keyOf(f));
                }
            }
            return keys;
        }

        private String keyOf(Feature out) {
            Object img = out.get(IMAGE_FIELD);
            if (imagesAreObjects) {
                return String.valueOf(img);
            }
            Object id = out.get(SOURCE_ID_FIELD);
            String ids = id instanceof Number n ? String.valueOf(n.longValue()) : String.valueOf(id);
            return withImageField ? ids + "|" + img : ids;
        }

        /**
         * Runs the classification: results go to the output file and to {@code sinks} (called on
         * the calling thread, batch by batch; see {@link ResultSink}). Returns when the run ends
         * (completed or cancelled); throws {@link UserException} when it cannot go on (the model
         * fails on every batch, the output cannot be written), keeping what was written.
         */
        public ClassifyObjectsResult run(Progress progress, List<? extends ResultSink<Feature>> sinks) throws IOException {
            return StagedRun.run(output, mode, target -> runInto(target, progress, sinks), ClassifyObjectsResult::report);
        }

        private ClassifyObjectsResult runInto(Path target, Progress progress, List<? extends ResultSink<Feature>> sinks)
                throws IOException {
            FeatureWriter writer = FeatureWriters.create(target, outputSchema, mode);
            String georef = RasterInputs.georeferencingMetadata(rasters);
            if (georef != null) {
                try {
                    writer.describe(georef);
                } catch (IOException | RuntimeException e) {
                    writer.close();
                    throw e;
                }
            }
            FeatureFileSink file = new FeatureFileSink(writer);
            SummarySink<Feature> summary = new SummarySink<>(f -> (String) f.get(p.classLabelField()));
            List<ResultSink<Feature>> all = new ArrayList<>();
            all.add(file);
            all.add(summary);
            all.addAll(sinks);
            Environments env = p.environments();
            JobConfig config = ModelSetup.jobConfig(batchSize, env, session);
            Job<ObjectItem, float[], Feature> job = new Job<>("Classify objects", items, new Steps(), config, doneKeys);
            JobReport report = job.run(progress, all);
            return new ClassifyObjectsResult(report, summary.summary(), output, outputSchema.name(), objects.outsideExtent, warnings);
        }

        /** Chips on the reader threads; batches on the inference thread. */
        private final class Steps implements JobSteps<ObjectItem, float[], Feature> {
            private BatchBuffer buffer; // inference thread only

            @Override
            public Prepared<ObjectItem, float[]> prepare(ObjectItem item) throws IOException {
                if (item.skip() != null) {
                    return Prepared.skip(item, item.skip());
                }
                RasterSource r = rasters.get(item.raster());
                ChipReader.Chip c = imagesAreObjects ? chips.readWhole(r) : chips.read(r, item.inRasterCrs());
                return c.data() == null ? Prepared.skip(item, c.skipReason()) : Prepared.ready(item, c.data());
            }

            @Override
            public List<Feature> run(List<Prepared.Ready<ObjectItem, float[]>> batch) {
                if (buffer == null) {
                    buffer = new BatchBuffer(definition.modelFormat(), Math.max(batchSize, Math.max(1, session.fixedBatch())),
                            chips.bands().length, chips.height(), chips.width());
                }
                buffer.clear();
                for (int i = 0; i < batch.size(); i++) {
                    buffer.put(i, batch.get(i).input());
                }
                List<Classification> res = decoder.decode(session.run(buffer));
                List<Feature> out = new ArrayList<>(batch.size());
                for (int i = 0; i < batch.size(); i++) {
                    out.add(feature(batch.get(i).item(), res.get(i)));
                }
                return out;
            }
        }

        private Feature feature(ObjectItem item, Classification c) {
            Feature src = item.source();
            Map<String, Object> a = new LinkedHashMap<>(src.attributes());
            if (!imagesAreObjects) {
                a.put(SOURCE_ID_FIELD, src.id());
            }
            if (withImageField) {
                a.put(IMAGE_FIELD, rasters.get(item.raster()).path().toString());
            }
            ClassInfo ci = definition.classAt(c.classIndex());
            boolean confident = c.score() >= scoreThreshold;
            a.put(p.classLabelField(), confident ? (ci == null ? String.valueOf(c.classIndex()) : ci.name()) : null);
            a.put(CLASS_FIELD, confident ? (ci == null ? c.classIndex() : ci.value()) : null);
            a.put(CONFIDENCE_FIELD, Math.round(c.score() * 10000.0) / 100.0);
            Geometry g = src.geometry();
            if (g != null) {
                g = imagesAreObjects ? rasterToOutput.get(item.raster()).transform(g) : toOutput.transform(g);
            }
            return new Feature(src.id(), g, a);
        }

        @Override
        public void close() throws IOException {
            releaseOutputs();
            IOException first = null;
            for (RasterSource r : rasters) {
                try {
                    r.close();
                } catch (IOException e) {
                    first = first == null ? e : first;
                }
            }
            if (first != null) {
                throw first;
            }
        }
    }
}
