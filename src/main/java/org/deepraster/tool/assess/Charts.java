package org.deepraster.tool.assess;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The report's pictures, drawn with Java2D into images (headless). */
final class Charts {
    static final Color TEXT = new Color(0x222222);
    static final Color MUTED = new Color(0x666666);
    static final Color GRID = new Color(0xDDDDDD);
    static final String FONT = Font.SANS_SERIF;

    private Charts() {
    }

    private static Graphics2D begin(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        return g;
    }

    /**
     * The confusion matrix as a heat map: each cell's shade is its share of the row (of that ground
     * truth class), with the count and the share written in it; row and column totals at the ends.
     */
    static BufferedImage confusionMatrix(ConfusionMatrix m, List<AccuracyReport.ReportClass> classes) {
        int n = m.size();
        int cell = n <= 4 ? 96 : n <= 8 ? 78 : n <= 16 ? 52 : 34;
        Font labelFont = new Font(FONT, Font.PLAIN, cell >= 52 ? 13 : 11);
        Font countFont = new Font(FONT, Font.BOLD, cell >= 78 ? 15 : cell >= 52 ? 12 : 10);
        Font shareFont = new Font(FONT, Font.PLAIN, cell >= 78 ? 12 : 10);
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D pg = probe.createGraphics();
        FontMetrics lm = pg.getFontMetrics(labelFont);
        int labelW = 0;
        for (String c : m.classes()) {
            labelW = Math.max(labelW, lm.stringWidth(c));
        }
        labelW = Math.min(labelW, 220);
        int swatch = 12;
        int left = 34 + swatch + 6 + labelW + 10;
        int top = 34 + swatch + 6 + labelW + 10;
        int totalW = 70;
        String caption = "Shade: share of the ground-truth row (green: correct, red: confused)";
        int captionW = pg.getFontMetrics(new Font(FONT, Font.PLAIN, 11)).stringWidth(caption);
        int w = Math.max(left + n * cell + totalW + 16, 34 + captionW + 16);
        int h = top + n * cell + 40 + 16;
        pg.dispose();
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = begin(img);
        // axis titles
        g.setFont(new Font(FONT, Font.BOLD, 13));
        g.setColor(TEXT);
        String results = "Results";
        g.drawString(results, left + (n * cell - g.getFontMetrics().stringWidth(results)) / 2, 20);
        AffineTransform at = g.getTransform();
        g.rotate(-Math.PI / 2);
        String truth = "Ground truth";
        g.drawString(truth, -(top + (n * cell + g.getFontMetrics().stringWidth(truth)) / 2), 20);
        g.setTransform(at);
        // class labels: rows on the left, columns rotated on top
        g.setFont(labelFont);
        FontMetrics fm = g.getFontMetrics();
        for (int i = 0; i < n; i++) {
            String name = ellipsize(m.classes().get(i), fm, labelW);
            int y = top + i * cell + cell / 2;
            g.setColor(TEXT);
            g.drawString(name, left - 10 - fm.stringWidth(name), y + fm.getAscent() / 2 - 1);
            g.setColor(new Color(classes.get(i).rgb()));
            g.fillRect(34, y - swatch / 2, swatch, swatch);
            g.setColor(GRID.darker());
            g.drawRect(34, y - swatch / 2, swatch, swatch);
            int x = left + i * cell + cell / 2;
            AffineTransform keep = g.getTransform();
            g.rotate(-Math.PI / 2, x, top - 10);
            g.setColor(TEXT);
            g.drawString(name, x, top - 10 + fm.getAscent() / 2 - 1);
            g.setTransform(keep);
            g.setColor(new Color(classes.get(i).rgb()));
            g.fillRect(x - swatch / 2, 34, swatch, swatch);
            g.setColor(GRID.darker());
            g.drawRect(x - swatch / 2, 34, swatch, swatch);
        }
        // cells
        for (int i = 0; i < n; i++) {
            long row = m.truthCount(i);
            for (int j = 0; j < n; j++) {
                long v = m.count(i, j);
                double share = row == 0 ? 0 : v / (double) row;
                Color fill = i == j ? shade(new Color(0x2E7D32), share) : shade(new Color(0xC62828), share);
                int x = left + j * cell, y = top + i * cell;
                g.setColor(fill);
                g.fillRect(x, y, cell, cell);
                g.setColor(Color.WHITE);
                g.drawRect(x, y, cell, cell);
                Color ink = share > 0.5 ? Color.WHITE : TEXT;
                g.setColor(ink);
                g.setFont(countFont);
                String count = compact(v);
                FontMetrics cm = g.getFontMetrics();
                boolean two = cell >= 52;
                int cy = y + cell / 2 + (two ? -2 : cm.getAscent() / 2 - 1);
                g.drawString(count, x + (cell - cm.stringWidth(count)) / 2, cy);
                if (two && row > 0) {
                    g.setFont(shareFont);
                    String s = String.format(Locale.ROOT, "%.1f%%", 100 * share);
                    FontMetrics sm = g.getFontMetrics();
                    g.setColor(share > 0.5 ? new Color(0xEEEEEE) : MUTED);
                    g.drawString(s, x + (cell - sm.stringWidth(s)) / 2, cy + sm.getAscent() + 2);
                }
            }
            // row total
            g.setFont(labelFont);
            g.setColor(MUTED);
            String t = compact(row);
            g.drawString(t, left + n * cell + 8, top + i * cell + cell / 2 + fm.getAscent() / 2 - 1);
        }
        g.setFont(labelFont);
        g.setColor(MUTED);
        for (int j = 0; j < n; j++) {
            String t = compact(m.predictedCount(j));
            g.drawString(t, left + j * cell + (cell - fm.stringWidth(t)) / 2, top + n * cell + 18);
        }
        g.drawString("total", left + n * cell + 8, top + n * cell + 18);
        g.setFont(new Font(FONT, Font.PLAIN, 11));
        g.drawString(caption, 34, h - 10);
        g.dispose();
        return img;
    }

    /** White blended towards {@code c} by {@code t} (0..1). */
    static Color shade(Color c, double t) {
        t = Math.max(0, Math.min(1, t));
        double k = 0.08 + 0.92 * t;
        if (t == 0) {
            k = 0;
        }
        return new Color((int) Math.round(255 + (c.getRed() - 255) * k), (int) Math.round(255 + (c.getGreen() - 255) * k),
                (int) Math.round(255 + (c.getBlue() - 255) * k));
    }

    /** A series of the bar chart: a metric name, its colour and a value per class (NaN: no bar). */
    record Series(String name, Color color, double[] values) {
    }

    /** Grouped bars per class (precision, recall, F1, ...) from 0 to 1. */
    static BufferedImage perClassBars(List<String> classes, List<AccuracyReport.ReportClass> colours, List<Series> series) {
        int n = classes.size(), s = series.size();
        int bar = n <= 6 ? 22 : n <= 12 ? 14 : 8;
        int group = s * bar + 24;
        Font labelFont = new Font(FONT, Font.PLAIN, 12);
        int left = 56, top = 72, plotH = 260;
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        FontMetrics lm = probe.createGraphics().getFontMetrics(labelFont);
        int labelH = 0;
        for (String c : classes) {
            labelH = Math.max(labelH, lm.stringWidth(c));
        }
        boolean rotate = labelH > group - 6;
        int bottom = (rotate ? Math.min(labelH, 180) + 16 : 22) + 20;
        int w = Math.max(left + n * group + 20, 420);
        int h = top + plotH + bottom;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = begin(img);
        // legend
        g.setFont(labelFont);
        FontMetrics fm = g.getFontMetrics();
        int lx = left;
        for (Series se : series) {
            g.setColor(se.color());
            g.fillRect(lx, 14, 12, 12);
            g.setColor(TEXT);
            g.drawString(se.name(), lx + 16, 25);
            lx += 16 + fm.stringWidth(se.name()) + 18;
        }
        // grid
        for (int k = 0; k <= 10; k += 2) {
            int y = top + plotH - k * plotH / 10;
            g.setColor(GRID);
            g.drawLine(left, y, left + n * group, y);
            g.setColor(MUTED);
            String t = String.format(Locale.ROOT, "%.1f", k / 10.0);
            g.drawString(t, left - 8 - fm.stringWidth(t), y + fm.getAscent() / 2 - 1);
        }
        for (int i = 0; i < n; i++) {
            int gx = left + i * group + 12;
            for (int j = 0; j < s; j++) {
                double v = series.get(j).values()[i];
                int x = gx + j * bar;
                if (Double.isNaN(v)) {
                    g.setColor(MUTED);
                    g.drawString("–", x + (bar - fm.stringWidth("–")) / 2, top + plotH - 4);
                    continue;
                }
                int bh = (int) Math.round(Math.max(0, Math.min(1, v)) * plotH);
                g.setColor(series.get(j).color());
                g.fillRect(x, top + plotH - bh, bar - 2, bh);
                if (bar >= 20) {
                    g.setFont(new Font(FONT, Font.PLAIN, 9));
                    g.setColor(TEXT);
                    String t = String.format(Locale.ROOT, "%.2f", v);
                    FontMetrics vm = g.getFontMetrics();
                    AffineTransform keep = g.getTransform();
                    int tx = x + (bar - 2) / 2 + vm.getAscent() / 2 - 1;
                    int ty = top + plotH - bh - 4;
                    g.rotate(-Math.PI / 2, tx, ty);
                    g.drawString(t, tx, ty);
                    g.setTransform(keep);
                    g.setFont(labelFont);
                }
            }
            // class label with its colour
            String name = classes.get(i);
            int cx = gx + s * bar / 2;
            g.setColor(new Color(colours.get(i).rgb()));
            g.fillRect(cx - 5, top + plotH + 6, 10, 10);
            g.setColor(TEXT);
            if (rotate) {
                String t = ellipsize(name, fm, 180);
                AffineTransform keep = g.getTransform();
                g.rotate(-Math.PI / 4, cx, top + plotH + 24);
                g.drawString(t, cx - fm.stringWidth(t), top + plotH + 24 + fm.getAscent());
                g.setTransform(keep);
            } else {
                g.drawString(name, cx - fm.stringWidth(name) / 2, top + plotH + 32);
            }
        }
        g.setColor(MUTED);
        g.drawLine(left, top + plotH, left + n * group, top + plotH);
        g.dispose();
        return img;
    }

    /** Precision (y) against recall (x) for each class, with its AP in the legend. */
    static BufferedImage prCurves(DetectionEvaluation.Result r, List<AccuracyReport.ReportClass> colours) {
        int left = 60, top = 20, size = 360, legendW = 200;
        int w = left + size + 20 + legendW, h = top + size + 56;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = begin(img);
        Font f = new Font(FONT, Font.PLAIN, 12);
        g.setFont(f);
        FontMetrics fm = g.getFontMetrics();
        for (int k = 0; k <= 10; k += 2) {
            int y = top + size - k * size / 10;
            int x = left + k * size / 10;
            g.setColor(GRID);
            g.drawLine(left, y, left + size, y);
            g.drawLine(x, top, x, top + size);
            g.setColor(MUTED);
            String t = String.format(Locale.ROOT, "%.1f", k / 10.0);
            g.drawString(t, left - 8 - fm.stringWidth(t), y + fm.getAscent() / 2 - 1);
            g.drawString(t, x - fm.stringWidth(t) / 2, top + size + 16);
        }
        g.setColor(MUTED);
        g.drawRect(left, top, size, size);
        g.setColor(TEXT);
        g.drawString("Recall", left + size / 2 - fm.stringWidth("Recall") / 2, top + size + 36);
        AffineTransform keep = g.getTransform();
        g.rotate(-Math.PI / 2);
        g.drawString("Precision", -(top + size / 2 + fm.stringWidth("Precision") / 2), 18);
        g.setTransform(keep);
        int ly = top + 10;
        List<DetectionEvaluation.ClassResult> cs = new ArrayList<>(r.classes());
        for (int i = 0; i < cs.size(); i++) {
            DetectionEvaluation.ClassResult c = cs.get(i);
            Color col = new Color(colours.get(i).rgb());
            DetectionEvaluation.PrCurve pc = c.curve();
            if (c.truths() > 0 && pc.size() > 0) {
                Path2D.Double path = new Path2D.Double();
                path.moveTo(left, top + size * (1 - pc.precision()[0]));
                for (int k = 0; k < pc.size(); k++) {
                    path.lineTo(left + size * pc.recall()[k], top + size * (1 - pc.precision()[k]));
                }
                g.setColor(col);
                g.setStroke(new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                g.draw(path);
                g.setStroke(new BasicStroke(1f));
            }
            g.setColor(col);
            g.fillRect(left + size + 20, ly - 10, 22, 4);
            g.setColor(TEXT);
            String t = ellipsize(c.name(), fm, legendW - 40);
            g.drawString(t, left + size + 48, ly - 4);
            g.setColor(MUTED);
            g.drawString("AP " + ReportWriter.format(c.averagePrecision()), left + size + 48, ly + 11);
            ly += 36;
        }
        g.dispose();
        return img;
    }

    static String compact(long v) {
        if (v < 100_000) {
            return Long.toString(v);
        }
        if (v < 1_000_000) {
            return String.format(Locale.ROOT, "%.0fk", v / 1e3);
        }
        return String.format(Locale.ROOT, v < 10_000_000 ? "%.2fM" : "%.1fM", v / 1e6);
    }

    static String ellipsize(String s, FontMetrics fm, int width) {
        if (fm.stringWidth(s) <= width) {
            return s;
        }
        String t = s;
        while (t.length() > 1 && fm.stringWidth(t + "…") > width) {
            t = t.substring(0, t.length() - 1);
        }
        return t + "…";
    }
}
