package org.deepraster.tool.assess;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Writes an {@link AccuracyReport} into a folder: {@code report.html} (simple HTML that Swing's
 * HTML 3.2 renderer shows too: tables and images linked relatively), PNG charts, {@code metrics.json}
 * and CSV tables ({@code per_class.csv}, {@code confusion_matrix.csv}).
 */
public final class ReportWriter {
    public static final String METRICS = "metrics.json";
    public static final String PER_CLASS_CSV = "per_class.csv";
    public static final String MATRIX_CSV = "confusion_matrix.csv";
    public static final String MATRIX_PNG = "confusion_matrix.png";
    public static final String BARS_PNG = "per_class.png";
    public static final String PR_PNG = "pr_curves.png";
    public static final String INSTANCES_PNG = "instances.png";
    static final Color PRECISION = new Color(0x4E79A7);
    static final Color RECALL = new Color(0xF28E2B);
    static final Color F1 = new Color(0x59A14F);
    static final Color IOU = new Color(0xB07AA1);
    static final Color AP = new Color(0x76B7B2);

    /** The files written (report first). */
    public record Files(Path folder, Path report, List<Path> all) {
    }

    private ReportWriter() {
    }

    public static Files write(AccuracyReport r, Path folder) throws IOException {
        java.nio.file.Files.createDirectories(folder);
        List<Path> all = new ArrayList<>();
        Path html = folder.resolve(AccuracyAssessmentTool.REPORT);
        all.add(html);
        List<String> images = new ArrayList<>();
        List<String> classes = r.classes().stream().map(AccuracyReport.ReportClass::name).toList();
        if (r.matrix() != null) {
            png(Charts.confusionMatrix(r.matrix(), r.classes()), folder.resolve(MATRIX_PNG), all);
            images.add(MATRIX_PNG);
            ConfusionMatrix m = r.matrix();
            List<Charts.Series> series = new ArrayList<>();
            series.add(new Charts.Series("Precision", PRECISION, per(m.perClass(), 0)));
            series.add(new Charts.Series("Recall", RECALL, per(m.perClass(), 1)));
            series.add(new Charts.Series("F1", F1, per(m.perClass(), 2)));
            if (r.mode() == AssessmentMode.PIXELS) {
                series.add(new Charts.Series("IoU", IOU, per(m.perClass(), 3)));
            }
            png(Charts.perClassBars(classes, r.classes(), series), folder.resolve(BARS_PNG), all);
            images.add(BARS_PNG);
            writeMatrixCsv(m, folder.resolve(MATRIX_CSV), all);
        }
        if (r.detections() != null) {
            List<DetectionEvaluation.ClassResult> cs = r.detections().classes();
            List<Charts.Series> series = List.of(
                    new Charts.Series("Precision", PRECISION, cs.stream().mapToDouble(DetectionEvaluation.ClassResult::precision).toArray()),
                    new Charts.Series("Recall", RECALL, cs.stream().mapToDouble(DetectionEvaluation.ClassResult::recall).toArray()),
                    new Charts.Series("F1", F1, cs.stream().mapToDouble(DetectionEvaluation.ClassResult::f1).toArray()),
                    new Charts.Series("AP", AP, cs.stream().mapToDouble(DetectionEvaluation.ClassResult::averagePrecision).toArray()));
            png(Charts.perClassBars(classes, r.classes(), series), folder.resolve(BARS_PNG), all);
            images.add(BARS_PNG);
            png(Charts.prCurves(r.detections(), r.classes()), folder.resolve(PR_PNG), all);
            images.add(PR_PNG);
        }
        if (r.instances() != null) {
            List<InstanceEvaluation.ClassResult> cs = r.instances().classes();
            List<Charts.Series> series = List.of(
                    new Charts.Series("Precision", PRECISION, cs.stream().mapToDouble(InstanceEvaluation.ClassResult::precision).toArray()),
                    new Charts.Series("Recall", RECALL, cs.stream().mapToDouble(InstanceEvaluation.ClassResult::recall).toArray()),
                    new Charts.Series("F1", F1, cs.stream().mapToDouble(InstanceEvaluation.ClassResult::f1).toArray()),
                    new Charts.Series("AP50", AP, cs.stream().mapToDouble(InstanceEvaluation.ClassResult::ap50).toArray()),
                    new Charts.Series("AP", IOU, cs.stream().mapToDouble(InstanceEvaluation.ClassResult::ap).toArray()));
            png(Charts.perClassBars(classes, r.classes(), series), folder.resolve(BARS_PNG), all);
            images.add(BARS_PNG);
            png(InstancePicture.draw(r.instances(), 900), folder.resolve(INSTANCES_PNG), all);
            images.add(INSTANCES_PNG);
        }
        writePerClassCsv(r, folder.resolve(PER_CLASS_CSV), all);
        Path json = folder.resolve(METRICS);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), json(r));
        all.add(json);
        java.nio.file.Files.writeString(html, html(r), StandardCharsets.UTF_8);
        return new Files(folder, html, all);
    }

    private static double[] per(List<ConfusionMatrix.ClassMetrics> m, int which) {
        return m.stream().mapToDouble(c -> switch (which) {
            case 0 -> c.precision();
            case 1 -> c.recall();
            case 2 -> c.f1();
            default -> c.iou();
        }).toArray();
    }

    private static void png(BufferedImage img, Path file, List<Path> all) throws IOException {
        if (!ImageIO.write(img, "png", file.toFile())) {
            throw new IOException("No PNG writer");
        }
        all.add(file);
    }

    // ------------------------------------------------------------------ formatting

    /** A ratio with 3 decimals ("–" for NaN), a count with thousands separators. */
    public static String format(Number v) {
        if (v == null) {
            return "–";
        }
        if (v instanceof Double || v instanceof Float) {
            double d = v.doubleValue();
            return Double.isNaN(d) ? "–" : String.format(Locale.ROOT, "%.3f", d);
        }
        return String.format(Locale.ROOT, "%,d", v.longValue()).replace(',', ' ');
    }

    /** A number as short as it can be written (0.5, 50, 0.35). */
    static String plain(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    private static Object num(double d) {
        return Double.isNaN(d) ? null : d;
    }

    // ------------------------------------------------------------------ JSON and CSV

    static Map<String, Object> json(AccuracyReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", r.mode().name());
        m.put("results", r.results());
        m.put("ground_truth", r.groundTruth());
        Map<String, Object> figures = new LinkedHashMap<>();
        for (AccuracyReport.Figure f : r.figures()) {
            figures.put(f.key(), f.value() instanceof Double d ? num(d) : f.value());
        }
        m.put("summary", figures);
        List<Map<String, Object>> classes = new ArrayList<>();
        if (r.matrix() != null) {
            for (ConfusionMatrix.ClassMetrics c : r.matrix().perClass()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("class", c.name());
                row.put("precision", num(c.precision()));
                row.put("recall", num(c.recall()));
                row.put("f1", num(c.f1()));
                row.put("iou", num(c.iou()));
                row.put("ground_truth", c.truth());
                row.put("predicted", c.predicted());
                row.put("correct", c.correct());
                classes.add(row);
            }
            m.put("classes", classes);
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("rows", "ground truth");
            cm.put("columns", "results");
            cm.put("classes", r.matrix().classes());
            cm.put("counts", r.matrix().counts());
            m.put("confusion_matrix", cm);
        }
        if (r.detections() != null) {
            DetectionEvaluation.Result d = r.detections();
            m.put("iou_threshold", d.iouThreshold());
            m.put("confidence_threshold", d.confidenceThreshold());
            for (DetectionEvaluation.ClassResult c : d.classes()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("class", c.name());
                row.put("precision", num(c.precision()));
                row.put("recall", num(c.recall()));
                row.put("f1", num(c.f1()));
                row.put("average_precision", num(c.averagePrecision()));
                row.put("ground_truth", c.truths());
                row.put("detections", c.detections());
                row.put("true_positives", c.truePositives());
                row.put("false_positives", c.falsePositives());
                row.put("false_negatives", c.falseNegatives());
                Map<String, Object> curve = new LinkedHashMap<>();
                curve.put("confidence", c.curve().confidence());
                curve.put("recall", nullNaN(c.curve().recall()));
                curve.put("precision", c.curve().precision());
                row.put("pr_curve", curve);
                classes.add(row);
            }
            m.put("classes", classes);
        }
        if (r.instances() != null) {
            InstanceEvaluation.Result d = r.instances();
            m.put("iou_threshold", d.iouThreshold());
            m.put("confidence_threshold", d.confidenceThreshold());
            m.put("coco_iou_thresholds", InstanceEvaluation.COCO_THRESHOLDS);
            for (InstanceEvaluation.ClassResult c : d.classes()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("class", c.name());
                row.put("precision", num(c.precision()));
                row.put("recall", num(c.recall()));
                row.put("f1", num(c.f1()));
                row.put("ap50", num(c.ap50()));
                row.put("ap75", num(c.ap75()));
                row.put("ap", num(c.ap()));
                row.put("ap_per_iou_threshold", nullNaN(c.apPerThreshold()));
                row.put("ground_truth", c.truths());
                row.put("detections", c.detections());
                row.put("true_positives", c.truePositives());
                row.put("false_positives", c.falsePositives());
                row.put("false_negatives", c.falseNegatives());
                classes.add(row);
            }
            m.put("classes", classes);
        }
        m.put("notes", r.notes());
        m.put("warnings", r.warnings());
        return m;
    }

    private static Object[] nullNaN(double[] v) {
        Object[] o = new Object[v.length];
        for (int i = 0; i < v.length; i++) {
            o[i] = num(v[i]);
        }
        return o;
    }

    private static void writePerClassCsv(AccuracyReport r, Path file, List<Path> all) throws IOException {
        StringBuilder b = new StringBuilder();
        if (r.matrix() != null) {
            b.append("class,precision,recall,f1,iou,ground_truth,predicted,correct\n");
            for (ConfusionMatrix.ClassMetrics c : r.matrix().perClass()) {
                b.append(csv(c.name())).append(',').append(csvNum(c.precision())).append(',').append(csvNum(c.recall()))
                        .append(',').append(csvNum(c.f1())).append(',').append(csvNum(c.iou())).append(',').append(c.truth())
                        .append(',').append(c.predicted()).append(',').append(c.correct()).append('\n');
            }
        } else if (r.instances() != null) {
            b.append("class,precision,recall,f1,ap50,ap75,ap,ground_truth,detections,true_positives,false_positives,"
                    + "false_negatives\n");
            for (InstanceEvaluation.ClassResult c : r.instances().classes()) {
                b.append(csv(c.name())).append(',').append(csvNum(c.precision())).append(',').append(csvNum(c.recall()))
                        .append(',').append(csvNum(c.f1())).append(',').append(csvNum(c.ap50())).append(',')
                        .append(csvNum(c.ap75())).append(',').append(csvNum(c.ap())).append(',')
                        .append(c.truths()).append(',').append(c.detections()).append(',').append(c.truePositives())
                        .append(',').append(c.falsePositives()).append(',').append(c.falseNegatives()).append('\n');
            }
        } else {
            b.append("class,precision,recall,f1,average_precision,ground_truth,detections,true_positives,false_positives,"
                    + "false_negatives\n");
            for (DetectionEvaluation.ClassResult c : r.detections().classes()) {
                b.append(csv(c.name())).append(',').append(csvNum(c.precision())).append(',').append(csvNum(c.recall()))
                        .append(',').append(csvNum(c.f1())).append(',').append(csvNum(c.averagePrecision())).append(',')
                        .append(c.truths()).append(',').append(c.detections()).append(',').append(c.truePositives())
                        .append(',').append(c.falsePositives()).append(',').append(c.falseNegatives()).append('\n');
            }
        }
        java.nio.file.Files.writeString(file, b, StandardCharsets.UTF_8);
        all.add(file);
    }

    private static void writeMatrixCsv(ConfusionMatrix m, Path file, List<Path> all) throws IOException {
        StringBuilder b = new StringBuilder("ground_truth\\results");
        for (String c : m.classes()) {
            b.append(',').append(csv(c));
        }
        b.append('\n');
        for (int i = 0; i < m.size(); i++) {
            b.append(csv(m.classes().get(i)));
            for (int j = 0; j < m.size(); j++) {
                b.append(',').append(m.count(i, j));
            }
            b.append('\n');
        }
        java.nio.file.Files.writeString(file, b, StandardCharsets.UTF_8);
        all.add(file);
    }

    private static String csvNum(double d) {
        return Double.isNaN(d) ? "" : String.format(Locale.ROOT, "%.6f", d);
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    // ------------------------------------------------------------------ HTML

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String hex(int rgb) {
        return String.format("#%06x", rgb & 0xFFFFFF);
    }

    /** Simple HTML (no CSS layout, no scripts) so that Swing's HTML 3.2 renderer shows it as browsers do. */
    static String html(AccuracyReport r) {
        StringBuilder h = new StringBuilder();
        String title = "Accuracy assessment: " + r.mode().title().toLowerCase(Locale.ROOT);
        h.append("<html>\n<head>\n<meta charset=\"utf-8\">\n<title>").append(esc(title)).append("</title>\n")
                .append("<style type=\"text/css\">\n")
                .append("body { font-family: sans-serif; font-size: 12pt; color: #222222; margin: 16px; }\n")
                .append("h1 { font-size: 18pt; } h2 { font-size: 14pt; margin-top: 18px; }\n")
                .append("th { background-color: #eeeeee; text-align: left; padding: 3px 8px; }\n")
                .append("td { padding: 3px 8px; }\n td.n { text-align: right; }\n .muted { color: #666666; }\n")
                .append("</style>\n</head>\n<body>\n");
        h.append("<h1>").append(esc(title)).append("</h1>\n");
        h.append("<p class=\"muted\">Results: <b>").append(esc(r.results())).append("</b><br>\nGround truth: <b>")
                .append(esc(String.join(", ", r.groundTruth()))).append("</b><br>\n")
                .append(esc(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")))).append("</p>\n");

        h.append("<h2>Summary</h2>\n<table border=\"0\" cellspacing=\"0\" cellpadding=\"3\">\n");
        for (AccuracyReport.Figure f : r.figures()) {
            h.append("<tr><td>").append(esc(f.label())).append("</td><td class=\"n\" align=\"right\"><b>")
                    .append(esc(f.formatted())).append("</b></td></tr>\n");
        }
        h.append("</table>\n");

        h.append("<h2>Per class</h2>\n<table border=\"1\" cellspacing=\"0\" cellpadding=\"4\">\n<tr><th>class</th>");
        if (r.matrix() != null) {
            boolean iou = r.mode() == AssessmentMode.PIXELS;
            String unit = r.mode() == AssessmentMode.PIXELS ? "pixels" : "objects";
            h.append("<th>precision</th><th>recall</th><th>F1</th>").append(iou ? "<th>IoU</th>" : "")
                    .append("<th>ground truth (").append(unit).append(")</th><th>results (").append(unit).append(")</th></tr>\n");
            for (ConfusionMatrix.ClassMetrics c : r.matrix().perClass()) {
                h.append("<tr><td>").append(swatch(r.colorOf(c.name()))).append(esc(c.name())).append("</td>")
                        .append(cell(c.precision())).append(cell(c.recall())).append(cell(c.f1()))
                        .append(iou ? cell(c.iou()) : "").append(cell(c.truth())).append(cell(c.predicted())).append("</tr>\n");
            }
        } else if (r.instances() != null) {
            h.append("<th>precision</th><th>recall</th><th>F1</th><th>AP50</th><th>AP75</th><th>AP 0.50:0.95</th>")
                    .append("<th>ground truth</th><th>results</th><th>true pos.</th><th>false pos.</th><th>missed</th></tr>\n");
            for (InstanceEvaluation.ClassResult c : r.instances().classes()) {
                h.append("<tr><td>").append(swatch(r.colorOf(c.name()))).append(esc(c.name())).append("</td>")
                        .append(cell(c.precision())).append(cell(c.recall())).append(cell(c.f1())).append(cell(c.ap50()))
                        .append(cell(c.ap75())).append(cell(c.ap())).append(cell((long) c.truths()))
                        .append(cell((long) c.detections())).append(cell((long) c.truePositives()))
                        .append(cell((long) c.falsePositives())).append(cell((long) c.falseNegatives())).append("</tr>\n");
            }
        } else {
            h.append("<th>precision</th><th>recall</th><th>F1</th><th>AP</th><th>ground truth</th><th>detections</th>")
                    .append("<th>true pos.</th><th>false pos.</th><th>missed</th></tr>\n");
            for (DetectionEvaluation.ClassResult c : r.detections().classes()) {
                h.append("<tr><td>").append(swatch(r.colorOf(c.name()))).append(esc(c.name())).append("</td>")
                        .append(cell(c.precision())).append(cell(c.recall())).append(cell(c.f1()))
                        .append(cell(c.averagePrecision())).append(cell((long) c.truths())).append(cell((long) c.detections()))
                        .append(cell((long) c.truePositives())).append(cell((long) c.falsePositives()))
                        .append(cell((long) c.falseNegatives())).append("</tr>\n");
            }
        }
        h.append("</table>\n");
        h.append("<p><img src=\"").append(BARS_PNG).append("\" alt=\"per-class bars\"></p>\n");

        if (r.matrix() != null) {
            h.append("<h2>Confusion matrix</h2>\n<p><img src=\"").append(MATRIX_PNG).append("\" alt=\"confusion matrix\"></p>\n");
            ConfusionMatrix m = r.matrix();
            h.append("<table border=\"1\" cellspacing=\"0\" cellpadding=\"4\">\n<tr><th>ground truth \\ results</th>");
            for (String c : m.classes()) {
                h.append("<th>").append(esc(c)).append("</th>");
            }
            h.append("<th>total</th></tr>\n");
            for (int i = 0; i < m.size(); i++) {
                h.append("<tr><th>").append(esc(m.classes().get(i))).append("</th>");
                for (int j = 0; j < m.size(); j++) {
                    String v = format(m.count(i, j));
                    h.append("<td class=\"n\" align=\"right\">").append(i == j ? "<b>" + v + "</b>" : v).append("</td>");
                }
                h.append(cell(m.truthCount(i))).append("</tr>\n");
            }
            h.append("<tr><th>total</th>");
            for (int j = 0; j < m.size(); j++) {
                h.append(cell(m.predictedCount(j)));
            }
            h.append(cell(m.total())).append("</tr>\n</table>\n");
        }
        if (r.instances() != null) {
            h.append("<h2>Matched, missed and false polygons</h2>\n<p><img src=\"").append(INSTANCES_PNG)
                    .append("\" alt=\"matched, missed and false polygons\"></p>\n");
        }
        if (r.detections() != null) {
            h.append("<h2>Precision-recall curves</h2>\n<p><img src=\"").append(PR_PNG)
                    .append("\" alt=\"precision-recall curves\"></p>\n");
        }
        h.append("<h2>How it was computed</h2>\n<ul>\n");
        for (String n : r.notes()) {
            h.append("<li>").append(esc(n)).append("</li>\n");
        }
        h.append("</ul>\n");
        if (!r.warnings().isEmpty()) {
            h.append("<h2>Warnings</h2>\n<ul>\n");
            for (String w : r.warnings()) {
                h.append("<li><font color=\"#b00020\">").append(esc(w)).append("</font></li>\n");
            }
            h.append("</ul>\n");
        }
        h.append("<p class=\"muted\">Tables for scripts: <a href=\"").append(METRICS).append("\">").append(METRICS)
                .append("</a>, <a href=\"").append(PER_CLASS_CSV).append("\">").append(PER_CLASS_CSV).append("</a>")
                .append(r.matrix() != null ? ", <a href=\"" + MATRIX_CSV + "\">" + MATRIX_CSV + "</a>" : "")
                .append(". Written by DeepRaster.</p>\n</body>\n</html>\n");
        return h.toString();
    }

    private static String swatch(int rgb) {
        return "<font color=\"" + hex(rgb) + "\">&#9632;</font>&nbsp;";
    }

    private static String cell(Number v) {
        return "<td class=\"n\" align=\"right\">" + esc(format(v)) + "</td>";
    }

}
