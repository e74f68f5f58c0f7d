package org.deepraster.tool.assess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.deepraster.feature.Feature;
import org.deepraster.feature.FeatureCollection;
import org.deepraster.geo.Crs;
import org.deepraster.raster.RasterFiles;
import org.deepraster.model.ClassInfo;
import org.deepraster.raster.RasterSource;
import org.deepraster.tool.OutputLock;
import org.deepraster.tool.StagedFolder;
import org.deepraster.util.Progress;
import org.deepraster.util.UserException;

/**
 * Accuracy assessment: compares a tool's results with ground truth and writes a report
 * ({@code report.html} with PNG charts, {@code metrics.json}, CSV tables) into a folder.
 *
 * <pre>{@code
 * try (AccuracyAssessmentTool.Plan plan = new AccuracyAssessmentTool().plan(params)) { // checks; UserException
 *     AccuracyAssessmentResult r = plan.run(progress);
 * }
 * }</pre>
 * Modes ({@link AssessmentMode}): classified objects (paired with the ground truth by id or by
 * overlap, see {@link ObjectMatching}; confusion matrix, overall accuracy, kappa, per-class
 * precision, recall, F1), detections ({@link DetectionEvaluation}: precision, recall, F1 at a
 * confidence threshold and AP at an IoU threshold, per class, and mAP) and classified pixels
 * ({@link PixelComparison}: confusion matrix, per-class F1 and IoU, pixel-weighted F1, streamed in
 * bands). Ground-truth layers in another CRS are reprojected to the results' CRS ({@link VectorInputs}
 * reads and checks the vector inputs).
 */
public final class AccuracyAssessmentTool {
    public static final String REPORT = "report.html";
    /** Pixels per band of rows in the pixel comparison. */
    static final int BAND_PIXELS = 1 << 21;

    /** Checks and runs: {@code plan(p)} then {@link Plan#run}, then closes the plan. */
    public AccuracyAssessmentResult run(AccuracyAssessmentParameters p, Progress progress) throws IOException {
        try (Plan plan = plan(p)) {
            return plan.run(progress);
        }
    }

    /**
     * Checks everything before any work: inputs, mode, fields, thresholds, the output folder. Reads
     * vector inputs, opens rasters (the plan closes those it opened). Throws {@link UserException}.
     */
    public Plan plan(AccuracyAssessmentParameters p) throws IOException {
        if (p.results() == null) {
            throw new UserException("No results given.", "Give the output of a tool: classified objects, detections or a classified raster.");
        }
        if (p.groundTruth().isEmpty()) {
            throw new UserException("No ground truth given.", "Give a layer (or raster) of ground truth to compare the results with.");
        }
        if (p.outFolder() == null) {
            throw new UserException("No output folder given.", "Give the folder the report is written to.");
        }
        checkOutput(p.outFolder(), p.overwrite());
        Plan plan = new Plan(p);
        try {
            ModelClasses model = ModelClasses.load(p.modelDefinition());
            plan.model = model;
            boolean rasterResults = isRaster(p.results());
            long rasterTruths = p.groundTruth().stream().filter(AccuracyAssessmentTool::isRaster).count();
            if (rasterResults || rasterTruths > 0 || p.mode() == AssessmentMode.PIXELS) {
                if (!rasterResults || rasterTruths != p.groundTruth().size()) {
                    throw new UserException("Classified pixels are compared raster with raster, but "
                            + (rasterResults ? "the ground truth is not a raster." : "the results are not a raster."),
                            "Give two rasters for pixels, or two vector layers for objects or detections.");
                }
                if (p.groundTruth().size() != 1) {
                    throw new UserException("Give one ground-truth raster, not " + p.groundTruth().size() + ".", "");
                }
                if (p.mode() != AssessmentMode.AUTO && p.mode() != AssessmentMode.PIXELS) {
                    throw new UserException("Mode " + p.mode() + " needs vector layers, but both inputs are rasters.",
                            "Use --mode PIXELS (or leave the mode out) for rasters.");
                }
                plan.mode = AssessmentMode.PIXELS;
                plan.resultRaster = plan.open(p.results());
                plan.truthRaster = plan.open(p.groundTruth().get(0));
                plan.warnings.addAll(plan.resultRaster.warnings());
                plan.warnings.addAll(plan.truthRaster.warnings());
                if (plan.resultRaster.bandCount() > 1) {
                    plan.warnings.add(plan.resultRaster.name() + " has " + plan.resultRaster.bandCount()
                            + " bands; its first band is taken as the classes.");
                }
                if (plan.resultRaster.grid().crs() == null || plan.truthRaster.grid().crs() == null) {
                    if (plan.resultRaster.grid().crs() != plan.truthRaster.grid().crs()) {
                        plan.warnings.add("One raster has no CRS: both are taken to be in the same coordinates.");
                    }
                }
                plan.checkRasterOverlap();
                return plan;
            }
            plan.useVectors(VectorInputs.read(p, plan.warnings));
            return plan;
        } catch (IOException | RuntimeException e) {
            plan.close();
            throw e;
        }
    }

    static boolean isRaster(AssessmentInput in) {
        return in instanceof AssessmentInput.RasterFile || in instanceof AssessmentInput.RasterLayer;
    }

    /** The folder may be new or hold anything but an earlier report (unless overwriting). */
    static void checkOutput(Path folder, boolean overwrite) {
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new UserException("The output " + folder + " is a file, not a folder.", "Give a folder for the report.");
        }
        if (!overwrite && (Files.exists(folder.resolve(REPORT)) || Files.exists(folder.resolve(ReportWriter.METRICS)))) {
            throw new UserException("The folder " + folder + " already holds a report.",
                    "Choose another folder, or allow overwriting (--overwrite).");
        }
        Path existing = folder.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isWritable(existing)) {
            throw new UserException("Cannot write the report into " + folder + ": " + existing + " is not writable.",
                    "Choose a folder you can write to.");
        }
    }

    // ------------------------------------------------------------------ the plan

    /** A checked assessment, ready to run once. Close it (it may hold rasters open). */
    public static final class Plan implements AutoCloseable {
        private final AccuracyAssessmentParameters p;
        private final List<String> warnings = new ArrayList<>();
        private final List<RasterSource> opened = new ArrayList<>();
        private ModelClasses model = new ModelClasses(List.of());
        private AssessmentMode mode;
        private RasterSource resultRaster;
        private RasterSource truthRaster;
        private FeatureCollection results;
        private List<Feature> truths;
        private String classField;
        private String truthClassField;
        private ObjectMatching matching;

        Plan(AccuracyAssessmentParameters p) {
            this.p = p;
        }

        /** The mode the inputs decided (never AUTO). */
        public AssessmentMode mode() {
            return mode;
        }

        public Path outFolder() {
            return p.outFolder();
        }

        public List<String> warnings() {
            return List.copyOf(warnings);
        }

        /** The results' and the ground truth's class fields (null for pixels). */
        public String classField() {
            return classField;
        }

        public String groundTruthClassField() {
            return truthClassField;
        }

        RasterSource open(AssessmentInput in) throws IOException {
            if (in instanceof AssessmentInput.RasterLayer l) {
                return l.source();
            }
            RasterSource r = RasterFiles.open(((AssessmentInput.RasterFile) in).path());
            opened.add(r);
            return r;
        }

        void checkRasterOverlap() {
            org.locationtech.jts.geom.Envelope a = resultRaster.grid().envelope();
            org.locationtech.jts.geom.Envelope b = org.deepraster.geo.Reprojector
                    .between(truthRaster.grid().crs(), resultRaster.grid().crs()).transform(truthRaster.grid().envelope());
            if (!a.intersects(b)) {
                throw new UserException(resultRaster.name() + " and " + truthRaster.name() + " do not overlap.",
                        "Compare a classified raster with the ground truth of the same area.");
            }
        }

        void useVectors(VectorInputs.Checked v) {
            mode = v.mode();
            results = v.results();
            truths = v.truths();
            classField = v.classField();
            truthClassField = v.truthClassField();
            matching = v.matching();
        }

        /** Runs the comparison and writes the report. */
        public AccuracyAssessmentResult run(Progress progress) throws IOException {
            AccuracyReport report = switch (mode) {
                case OBJECTS -> objects(progress);
                case DETECTIONS -> detections(progress);
                case INSTANCES -> instances(progress);
                case PIXELS -> pixels(progress);
                case AUTO -> throw new IllegalStateException();
            };
            progress.checkCancelled();
            return new AccuracyAssessmentResult(report, write(report, p.outFolder()));
        }

        /**
         * Writes the report; one that replaces an earlier report is written beside it first and moved in whole
         * ({@link StagedFolder}), so a failure (a full disk) leaves the earlier report as it was.
         */
        private ReportWriter.Files write(AccuracyReport report, Path folder) throws IOException {
            try (OutputLock lock = OutputLock.acquire(folder)) {
                if (!Files.exists(folder.resolve(REPORT)) && !Files.exists(folder.resolve(ReportWriter.METRICS))) {
                    return ReportWriter.write(report, folder);
                }
                StagedFolder staging = StagedFolder.forFolder(folder);
                try {
                    ReportWriter.Files w = ReportWriter.write(report, staging.staging());
                    staging.commit();
                    return new ReportWriter.Files(folder, staging.unstaged(w.report()),
                            w.all().stream().map(staging::unstaged).toList());
                } finally {
                    staging.abandon(); // nothing left once committed
                }
            }
        }

        private List<String> truthNames() {
            return p.groundTruth().stream().map(AssessmentInput::displayName).toList();
        }

        private String label(Feature f, String field) {
            return Labels.named(Labels.text(f.get(field)), model.names());
        }

        private AccuracyReport objects(Progress progress) {
            progress.begin("Matching objects", -1);
            List<Feature> rf = results.features();
            ObjectMatcher.Matches m = matching == ObjectMatching.ID
                    ? ObjectMatcher.byId(rf, truths, p.idField(), p.groundTruthIdField())
                    : ObjectMatcher.byGeometry(rf, truths);
            List<String[]> pairs = new ArrayList<>();
            long noClass = 0;
            Set<String> found = new LinkedHashSet<>();
            for (int[] pair : m.pairs()) {
                String r = label(rf.get(pair[0]), classField);
                String t = label(truths.get(pair[1]), truthClassField);
                if (r == null || t == null) {
                    noClass++;
                    continue;
                }
                pairs.add(new String[] {t, r});
                found.add(t);
                found.add(r);
            }
            List<String> classes = Labels.order(found, model.order());
            ConfusionMatrix cm = new ConfusionMatrix(classes);
            for (String[] pr : pairs) {
                cm.add(classes.indexOf(pr[0]), classes.indexOf(pr[1]));
            }
            List<AccuracyReport.Figure> figures = new ArrayList<>();
            figures.add(new AccuracyReport.Figure("overall_accuracy", "Overall accuracy", cm.overallAccuracy()));
            figures.add(new AccuracyReport.Figure("kappa", "Cohen's kappa", cm.kappa()));
            figures.add(new AccuracyReport.Figure("macro_f1", "Mean F1 (classes alike)", cm.macroF1()));
            figures.add(new AccuracyReport.Figure("weighted_f1", "Weighted F1 (by ground-truth count)", cm.weightedF1()));
            figures.add(new AccuracyReport.Figure("compared", "Objects compared", cm.total()));
            figures.add(new AccuracyReport.Figure("results", "Result objects", (long) rf.size()));
            figures.add(new AccuracyReport.Figure("ground_truth", "Ground-truth objects", (long) truths.size()));
            figures.add(new AccuracyReport.Figure("unmatched_results", "Results without ground truth", (long) m.unmatchedResults()));
            figures.add(new AccuracyReport.Figure("unmatched_ground_truth", "Ground truth without result", (long) m.unmatchedTruths()));
            figures.add(new AccuracyReport.Figure("without_class", "Matched pairs without a class on one side", noClass));
            List<String> notes = new ArrayList<>();
            notes.add("Results class field: " + classField + "; ground-truth class field: " + truthClassField + ".");
            notes.add(matching == ObjectMatching.ID
                    ? "Objects matched by id: the results' " + p.idField() + " against the ground truth's "
                    + (p.groundTruthIdField() == null ? "feature id" : p.groundTruthIdField()) + "."
                    + (m.duplicateIds() > 0 ? " " + m.duplicateIds() + " results repeat an id already used (left unmatched)." : "")
                    : "Objects matched by geometry: one to one, largest overlap first.");
            notes.add("Rows of the confusion matrix are the ground truth, columns the results.");
            progress.worked(1);
            return new AccuracyReport(AssessmentMode.OBJECTS, p.results().displayName(), truthNames(), colours(classes, null),
                    cm, null, figures, notes, warnings);
        }

        /** The scored results and the ground truth with their classes, for detections and instances. */
        private record Scored(List<DetectionEvaluation.Detection> dets, List<DetectionEvaluation.Truth> gts,
                              List<String> classes, String confField) {
        }

        private Scored scored() {
            List<DetectionEvaluation.Detection> dets = new ArrayList<>();
            List<DetectionEvaluation.Truth> gts = new ArrayList<>();
            long skippedResults = 0, skippedTruths = 0;
            Set<String> found = new LinkedHashSet<>();
            String confField = results.schema().field(p.confidenceField()).orElseThrow().name();
            for (Feature f : results.features()) {
                String l = label(f, classField);
                Object c = f.get(confField);
                if (l == null || f.geometry() == null || f.geometry().isEmpty() || !(c instanceof Number n)
                        || Double.isNaN(n.doubleValue())) {
                    skippedResults++;
                    continue;
                }
                dets.add(new DetectionEvaluation.Detection(f.geometry(), l, n.doubleValue()));
                found.add(l);
            }
            for (Feature f : truths) {
                String l = label(f, truthClassField);
                if (l == null || f.geometry() == null || f.geometry().isEmpty()) {
                    skippedTruths++;
                    continue;
                }
                gts.add(new DetectionEvaluation.Truth(f.geometry(), l));
                found.add(l);
            }
            if (skippedResults > 0) {
                warnings.add(skippedResults + " detections without class, geometry or confidence are left out.");
            }
            if (skippedTruths > 0) {
                warnings.add(skippedTruths + " ground-truth objects without class or geometry are left out.");
            }
            return new Scored(dets, gts, Labels.order(found, model.order()), confField);
        }

        private AccuracyReport instances(Progress progress) {
            progress.begin("Matching instance polygons", -1);
            Scored s = scored();
            InstanceEvaluation.Result r = InstanceEvaluation.evaluate(s.dets(), s.gts(), s.classes(), p.iouThreshold(),
                    p.confidenceThreshold());
            MatchFigures f = MatchFigures.instances(r, classField, s.confField(), truthClassField, p.iouThreshold(),
                    p.confidenceThreshold());
            progress.worked(1);
            return new AccuracyReport(AssessmentMode.INSTANCES, p.results().displayName(), truthNames(),
                    colours(s.classes(), null), null, null, f.figures(), f.notes(), warnings, r);
        }

        private AccuracyReport detections(Progress progress) {
            progress.begin("Matching detections", -1);
            Scored s = scored();
            List<String> classes = s.classes();
            String confField = s.confField();
            DetectionEvaluation.Result r = DetectionEvaluation.evaluate(s.dets(), s.gts(), classes, p.iouThreshold(),
                    p.confidenceThreshold());
            MatchFigures f = MatchFigures.detections(r, classField, confField, truthClassField, p.iouThreshold(),
                    p.confidenceThreshold());
            progress.worked(1);
            return new AccuracyReport(AssessmentMode.DETECTIONS, p.results().displayName(), truthNames(),
                    colours(classes, null), null, r, f.figures(), f.notes(), warnings);
        }

        private AccuracyReport pixels(Progress progress) throws IOException {
            PixelComparison.Outcome o = PixelComparison.compare(resultRaster, truthRaster, progress, BAND_PIXELS);
            ConfusionMatrix values = o.matrix();
            // class values -> names (model), in the model's order, then by value
            Map<String, String> names = model.names();
            List<String> valueNames = values.classes().stream().map(v -> Labels.named(v, names)).toList();
            List<String> classes = Labels.order(new LinkedHashSet<>(valueNames), model.order());
            ConfusionMatrix cm = new ConfusionMatrix(classes);
            long[][] c = values.counts();
            for (int i = 0; i < c.length; i++) {
                for (int j = 0; j < c.length; j++) {
                    if (c[i][j] != 0) {
                        cm.add(classes.indexOf(valueNames.get(i)), classes.indexOf(valueNames.get(j)), c[i][j]);
                    }
                }
            }
            Map<String, Integer> paletteColours = new HashMap<>();
            for (String v : values.classes()) {
                // the viewer's default for a classified raster without palette: the default colour of the value
                paletteColours.put(Labels.named(v, names), ClassInfo.defaultRgb(Integer.parseInt(v)));
            }
            for (RasterSource r : List.of(truthRaster, resultRaster)) {
                Optional<int[]> pal = r.palette();
                if (pal.isPresent()) {
                    for (String v : values.classes()) {
                        int i = Integer.parseInt(v);
                        if (i < pal.get().length) {
                            paletteColours.put(Labels.named(v, names), pal.get()[i] & 0xFFFFFF);
                        }
                    }
                }
            }
            List<AccuracyReport.Figure> figures = new ArrayList<>();
            figures.add(new AccuracyReport.Figure("pixel_accuracy", "Pixel accuracy", cm.overallAccuracy()));
            figures.add(new AccuracyReport.Figure("weighted_f1", "Pixel-weighted F1", cm.weightedF1()));
            figures.add(new AccuracyReport.Figure("macro_f1", "Mean F1 (classes alike)", cm.macroF1()));
            figures.add(new AccuracyReport.Figure("mean_iou", "Mean IoU", cm.meanIou()));
            figures.add(new AccuracyReport.Figure("kappa", "Cohen's kappa", cm.kappa()));
            figures.add(new AccuracyReport.Figure("compared", "Pixels compared", o.compared()));
            figures.add(new AccuracyReport.Figure("excluded", "Pixels left out (NoData, outside the ground truth)", o.excluded()));
            List<String> notes = new ArrayList<>();
            notes.add(o.sameGrid() ? "Both rasters share one grid: pixels are compared one to one."
                    : "The ground truth is sampled at the centre of each result pixel (nearest neighbour)"
                    + (o.reprojected() ? ", reprojected from " + Crs.displayName(truthRaster.grid().crs()) + " to "
                    + Crs.displayName(resultRaster.grid().crs()) : "") + ".");
            notes.add("Pixels that are NoData in either raster are left out. Rows of the confusion matrix are the ground truth,"
                    + " columns the results. The pixel-weighted F1 weighs each class's F1 by its ground-truth pixels.");
            return new AccuracyReport(AssessmentMode.PIXELS, p.results().displayName(), truthNames(),
                    colours(classes, paletteColours), cm, null, figures, notes, warnings);
        }

        /**
         * The colours the map draws the classes in: the model's, else the map layer's (results, then
         * ground truth), else {@code fallback} (a raster's palette or default colours by value), else
         * the tools' default palette by class order ({@link ClassInfo#defaultRgb}, as a model without
         * colours gives them).
         */
        private List<AccuracyReport.ReportClass> colours(List<String> classes, Map<String, Integer> fallback) {
            Map<String, Integer> layers = new HashMap<>();
            List<AssessmentInput> inputs = new ArrayList<>(p.groundTruth());
            inputs.add(0, p.results());
            for (AssessmentInput in : inputs) {
                if (in instanceof AssessmentInput.Features f) {
                    f.classColours().forEach(layers::putIfAbsent);
                }
            }
            List<AccuracyReport.ReportClass> out = new ArrayList<>();
            for (int k = 0; k < classes.size(); k++) {
                String c = classes.get(k);
                Integer rgb = model.colorOf(c).orElse(layers.containsKey(c) ? layers.get(c)
                        : fallback == null ? null : fallback.get(c));
                out.add(new AccuracyReport.ReportClass(c, rgb != null ? rgb : ClassInfo.defaultRgb(k)));
            }
            return out;
        }

        @Override
        public void close() throws IOException {
            for (RasterSource r : opened) {
                r.close();
            }
            opened.clear();
        }
    }
}
