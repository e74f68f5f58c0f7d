package org.deepraster.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.deepraster.tool.assess.AccuracyAssessmentParameters;
import org.deepraster.tool.assess.AccuracyAssessmentResult;
import org.deepraster.tool.assess.AccuracyAssessmentTool;
import org.deepraster.tool.assess.AccuracyReport;
import org.deepraster.tool.assess.AssessmentInput;
import org.deepraster.tool.assess.AssessmentMode;
import org.deepraster.tool.assess.ConfusionMatrix;
import org.deepraster.tool.assess.DetectionEvaluation;
import org.deepraster.tool.assess.ObjectMatching;
import org.deepraster.tool.assess.ReportWriter;
import org.deepraster.util.Progress;
import org.deepraster.util.UserException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code accuracy-assessment}: compares a tool's results with ground truth and writes a report
 * folder (report.html with PNG charts, metrics.json, CSV tables). Exit codes: 0 done, 2 bad input,
 * 130 cancelled.
 */
@Command(name = "accuracy-assessment", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Accuracy assessment: compares results with ground truth and writes a report (report.html with",
            "PNG charts, metrics.json, per_class.csv, confusion_matrix.csv) into --out_folder.",
            "Classified objects: confusion matrix, overall accuracy, kappa, per-class precision/recall/F1.",
            "Detections: precision, recall, F1 at --confidence_threshold and AP at --iou_threshold per class, mAP.",
            "Classified pixels (two rasters): confusion matrix, per-class F1 and IoU, pixel-weighted F1.",
            "Exit codes: 0 done, 2 bad input."})
public final class AccuracyAssessmentCommand implements Callable<Integer> {

    @Option(names = {"--in_results", "--in-results", "--results"}, required = true, paramLabel = "RESULTS",
            description = "The results: a vector file (.gpkg, .shp, .geojson; 'file.gpkg|table' names a table) or a"
                    + " classified GeoTIFF.")
    String results;

    @Option(names = {"--in_ground_truth", "--in-ground-truth", "--ground_truth", "--ground-truth"}, required = true,
            split = ";", paramLabel = "TRUTH",
            description = "Ground truth: vector layer(s) ('file.gpkg|table'; repeat or separate with ';' to pool several,"
                    + " e.g. trees and cars) or a GeoTIFF of class values.")
    List<String> groundTruth;

    @Option(names = {"--out_folder", "--out-folder"}, required = true, paramLabel = "FOLDER",
            description = "Folder for the report (created if missing).")
    Path outFolder;

    @Option(names = {"--mode"}, defaultValue = "AUTO",
            description = "AUTO (default: from the inputs), OBJECTS, DETECTIONS or PIXELS.")
    String mode;

    @Option(names = {"--class_field", "--class-field"},
            description = "Class field of the results (default ClassLabel, else Class; for detections Class).")
    String classField;

    @Option(names = {"--ground_truth_class_field", "--ground-truth-class-field"},
            description = "Class field of the ground truth (default: the results' class field, else class, Class,"
                    + " ClassLabel, ClassName, ClassValue, label).")
    String truthClassField;

    @Option(names = {"--iou_threshold", "--iou-threshold"}, defaultValue = "0.5",
            description = "Detections: IoU at which a detection matches an object (default ${DEFAULT-VALUE}).")
    double iou;

    @Option(names = {"--confidence_threshold", "--confidence-threshold"}, defaultValue = "0",
            description = "Detections: precision, recall and F1 count detections at or above this confidence, in the"
                    + " field's units (0-100 for DeepRaster/ArcGIS outputs; default ${DEFAULT-VALUE}: all).")
    double confidence;

    @Option(names = {"--confidence_field", "--confidence-field", "--confidence_score_field"}, defaultValue = "Confidence",
            description = "Detections: the confidence field (default ${DEFAULT-VALUE}).")
    String confidenceField;

    @Option(names = {"--matching"}, defaultValue = "AUTO",
            description = "Objects: AUTO (default: ID when the results have --id_field, else GEOMETRY), ID or GEOMETRY"
                    + " (one to one, largest overlap first).")
    String matching;

    @Option(names = {"--id_field", "--id-field"}, defaultValue = "SourceOID",
            description = "Objects: the results' field holding the ground-truth id (default ${DEFAULT-VALUE}).")
    String idField;

    @Option(names = {"--ground_truth_id_field", "--ground-truth-id-field"},
            description = "Objects: the ground truth's id field (default: the feature id).")
    String truthIdField;

    @Option(names = {"--in_model_definition", "--in-model-definition"}, paramLabel = "MODEL",
            description = "Optional model (.emd, .dlpk, .onnx or JSON): class names, order and colours.")
    String model;

    @Option(names = {"--overwrite"}, description = "Replace a report already in the folder.")
    boolean overwrite;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        AccuracyAssessmentResult r;
        try (AccuracyAssessmentTool.Plan plan = new AccuracyAssessmentTool().plan(parameters())) {
            for (String w : plan.warnings()) {
                err.println("Warning: " + w);
            }
            err.flush();
            r = plan.run(new LineProgress(err));
        }
        print(r.report(), out);
        out.println("Report: " + r.files().report().toAbsolutePath());
        out.flush();
        return 0;
    }

    AccuracyAssessmentParameters parameters() {
        List<AssessmentInput> truths = new ArrayList<>();
        for (String g : groundTruth) {
            if (!g.isBlank()) {
                truths.add(AssessmentInput.parse(g));
            }
        }
        return new AccuracyAssessmentParameters(AssessmentInput.parse(results), truths,
                choice(AssessmentMode.class, mode, "--mode"), classField, truthClassField, confidenceField, iou, confidence,
                choice(ObjectMatching.class, matching, "--matching"), idField, truthIdField, model, outFolder, overwrite);
    }

    static <E extends Enum<E>> E choice(Class<E> type, String text, String option) {
        try {
            return Enum.valueOf(type, text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            List<String> names = new ArrayList<>();
            for (E c : type.getEnumConstants()) {
                names.add(c.name());
            }
            throw new UserException(option + " '" + text + "' is not one of " + String.join(", ", names) + ".", "");
        }
    }

    /** The headline figures and a per-class table, as plain text. */
    static void print(AccuracyReport r, PrintWriter out) {
        out.println(r.mode().title() + ": " + r.results() + " against " + String.join(", ", r.groundTruth()));
        int w = r.figures().stream().mapToInt(f -> f.label().length()).max().orElse(10);
        for (AccuracyReport.Figure f : r.figures()) {
            out.printf(Locale.ROOT, "  %-" + w + "s  %s%n", f.label(), f.formatted());
        }
        int cw = Math.max(5, r.classes().stream().mapToInt(c -> c.name().length()).max().orElse(5));
        if (r.matrix() != null) {
            boolean iou = r.mode() == AssessmentMode.PIXELS;
            out.printf(Locale.ROOT, "  %-" + cw + "s  %9s  %9s  %9s%s  %12s%n", "class", "precision", "recall", "F1",
                    iou ? String.format("  %9s", "IoU") : "", "ground truth");
            for (ConfusionMatrix.ClassMetrics c : r.matrix().perClass()) {
                out.printf(Locale.ROOT, "  %-" + cw + "s  %9s  %9s  %9s%s  %12s%n", c.name(), ReportWriter.format(c.precision()),
                        ReportWriter.format(c.recall()), ReportWriter.format(c.f1()),
                        iou ? String.format("  %9s", ReportWriter.format(c.iou())) : "", ReportWriter.format(c.truth()));
            }
        } else {
            out.printf(Locale.ROOT, "  %-" + cw + "s  %9s  %9s  %9s  %9s  %12s  %10s%n", "class", "precision", "recall", "F1",
                    "AP", "ground truth", "detections");
            for (DetectionEvaluation.ClassResult c : r.detections().classes()) {
                out.printf(Locale.ROOT, "  %-" + cw + "s  %9s  %9s  %9s  %9s  %12s  %10s%n", c.name(),
                        ReportWriter.format(c.precision()), ReportWriter.format(c.recall()), ReportWriter.format(c.f1()),
                        ReportWriter.format(c.averagePrecision()), ReportWriter.format((long) c.truths()),
                        ReportWriter.format((long) c.detections()));
            }
        }
        for (String warning : r.warnings()) {
            out.println("  Warning: " + warning);
        }
    }

    /** Prints "task: 40%" lines on stderr every tenth of a known total. */
    static final class LineProgress implements Progress {
        private final PrintWriter err;
        private final AtomicLong done = new AtomicLong();
        private volatile long total;
        private volatile String task = "";
        private volatile int lastTenth;

        LineProgress(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void begin(String task, long total) {
            this.task = task;
            this.total = total;
            done.set(0);
            lastTenth = 0;
        }

        @Override
        public void worked(long steps) {
            long d = done.addAndGet(steps);
            if (total > 0) {
                int tenth = (int) (10 * d / total);
                if (tenth > lastTenth) {
                    lastTenth = tenth;
                    err.println(task + ": " + 10 * tenth + "%");
                    err.flush();
                }
            }
        }

        @Override
        public boolean isCancelled() {
            return false;
        }
    }
}
