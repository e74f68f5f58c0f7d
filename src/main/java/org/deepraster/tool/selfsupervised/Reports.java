package org.deepraster.tool.selfsupervised;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The score files: per image and stage {@code STAGE_NAME.csv} (class value, class, precision, recall, F1, support in
 * pixels; a last row {@code weighted} with the pixel-weighted F1 and the labelled pixels), and over all images
 * {@code scores.csv} in long format (image, stage, class, F1, support; the weighted F1 as class {@code weighted}) and
 * {@code scores.html} with per-class box plots of F1 by stage (inline SVG) and a table of the weighted F1s. Scores
 * that are undefined (NaN) are written as empty fields.
 */
final class Reports {
    static final String WEIGHTED = "weighted";
    static final String HEADER = "class_value,class,precision,recall,f1,support";

    private Reports() {
    }

    /** One image's scores at one stage. */
    record Scored(String image, String stage, Confusion confusion) {
    }

    static void writeCsv(Path file, Confusion m, OutputClasses classes) throws IOException {
        StringBuilder b = new StringBuilder(HEADER).append('\n');
        for (int c = 0; c < classes.count(); c++) {
            b.append(classes.value(c)).append(',').append(csv(classes.name(c))).append(',').append(num(m.precision(c)))
                    .append(',').append(num(m.recall(c))).append(',').append(num(m.f1(c))).append(',')
                    .append(m.support(c)).append('\n');
        }
        long total = 0;
        for (int c = 0; c < classes.count(); c++) {
            total += m.support(c);
        }
        b.append(",").append(WEIGHTED).append(",,,").append(num(m.weightedF1())).append(',').append(total).append('\n');
        Files.writeString(file, b, StandardCharsets.UTF_8);
    }

    static void writeCompiled(Path csvFile, Path htmlFile, List<Scored> scores, List<String> stages, OutputClasses classes)
            throws IOException {
        StringBuilder b = new StringBuilder("image,stage,class,f1,support\n");
        for (Scored s : scores) {
            for (int c = 0; c < classes.count(); c++) {
                if (s.confusion().support(c) > 0) {
                    b.append(csv(s.image())).append(',').append(s.stage()).append(',').append(csv(classes.name(c)))
                            .append(',').append(num(s.confusion().f1(c))).append(',').append(s.confusion().support(c))
                            .append('\n');
                }
            }
            b.append(csv(s.image())).append(',').append(s.stage()).append(',').append(WEIGHTED).append(',')
                    .append(num(s.confusion().weightedF1())).append(',').append(s.confusion().total()).append('\n');
        }
        Files.writeString(csvFile, b, StandardCharsets.UTF_8);
        Files.writeString(htmlFile, html(scores, stages, classes), StandardCharsets.UTF_8);
    }

    private static String html(List<Scored> scores, List<String> stages, OutputClasses classes) {
        StringBuilder h = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Self-Supervised"
                + " Classification scores</title>\n<style>body{font-family:sans-serif;margin:20px}td,th{padding:2px 8px;"
                + "text-align:right}th{background:#eee}</style></head><body>\n<h1>Self-Supervised Classification</h1>\n");
        h.append("<p>F1 per class and image (pixels), by stage: ").append(String.join(" vs ", stages))
                .append(". Boxes: quartiles, line: median, whiskers: min and max, dots: images.</p>\n");
        List<String> names = new ArrayList<>();
        for (int c = 0; c < classes.count(); c++) {
            names.add(classes.name(c));
        }
        names.add(WEIGHTED);
        h.append(BoxPlot.svg(names, stages, (cls, stage) -> {
            List<Double> v = new ArrayList<>();
            for (Scored s : scores) {
                if (!s.stage().equals(stage)) {
                    continue;
                }
                double f = cls < classes.count() ? (s.confusion().support(cls) > 0 ? s.confusion().f1(cls) : Double.NaN)
                        : s.confusion().weightedF1();
                if (!Double.isNaN(f)) {
                    v.add(f);
                }
            }
            return v;
        }));
        h.append("\n<h2>Pixel-weighted F1 per image</h2>\n<table><tr><th style=\"text-align:left\">image</th>");
        for (String st : stages) {
            h.append("<th>").append(st).append("</th>");
        }
        h.append("</tr>\n");
        List<String> images = scores.stream().map(Scored::image).distinct().toList();
        for (String im : images) {
            h.append("<tr><td style=\"text-align:left\">").append(esc(im)).append("</td>");
            for (String st : stages) {
                double f = scores.stream().filter(s -> s.image().equals(im) && s.stage().equals(st))
                        .mapToDouble(s -> s.confusion().weightedF1()).findFirst().orElse(Double.NaN);
                h.append("<td>").append(num(f)).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n<p>Scores: scores.csv (long format); per image: STAGE_IMAGE.csv and IMAGE_figure.png.</p>"
                + "\n</body></html>\n");
        return h.toString();
    }

    static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6f", v);
    }

    static String csv(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
