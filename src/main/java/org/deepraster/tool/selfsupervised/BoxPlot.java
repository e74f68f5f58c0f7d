package org.deepraster.tool.selfsupervised;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Box plots of F1 (0-1) as inline SVG: one group per class, one box per stage, the images' values as dots. */
final class BoxPlot {
    private static final String[] COLOURS = {"#e07b39", "#3a7dc9", "#5aa05a", "#9b59b6"};

    private BoxPlot() {
    }

    interface Values {
        List<Double> of(int group, String stage);
    }

    static String svg(List<String> groups, List<String> stages, Values values) {
        int plotH = 260;
        int top = 20;
        int left = 50;
        int box = 26;
        int groupW = stages.size() * (box + 10) + 30;
        int width = left + groups.size() * groupW + 20;
        int height = top + plotH + 70;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"11\">\n", width, height));
        for (int t = 0; t <= 10; t += 2) {
            double y = top + plotH * (1 - t / 10.0);
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.1f</text>\n", left, y, width - 10, y, left - 5, y + 4,
                    t / 10.0));
        }
        for (int g = 0; g < groups.size(); g++) {
            int gx = left + g * groupW + 15;
            for (int k = 0; k < stages.size(); k++) {
                List<Double> v = new ArrayList<>(values.of(g, stages.get(k)));
                if (v.isEmpty()) {
                    continue;
                }
                v.sort(Double::compare);
                int x = gx + k * (box + 10);
                String colour = COLOURS[k % COLOURS.length];
                double q1 = quantile(v, 0.25);
                double med = quantile(v, 0.5);
                double q3 = quantile(v, 0.75);
                s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>\n",
                        x + box / 2.0, y(v.get(0), top, plotH), x + box / 2.0, y(v.get(v.size() - 1), top, plotH), colour));
                s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"%s\" "
                        + "fill-opacity=\"0.35\" stroke=\"%s\"/>\n", x, y(q3, top, plotH), box,
                        Math.max(1, y(q1, top, plotH) - y(q3, top, plotH)), colour, colour));
                s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\" "
                        + "stroke-width=\"2\"/>\n", x, y(med, top, plotH), x + box, y(med, top, plotH), colour));
                for (double d : v) {
                    s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2\" fill=\"%s\"/>\n",
                            x + box / 2.0, y(d, top, plotH), colour));
                }
            }
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>\n",
                    gx + stages.size() * (box + 10) / 2 - 5, top + plotH + 18, Reports.esc(groups.get(g))));
        }
        for (int k = 0; k < stages.size(); k++) {
            int x = left + k * 90;
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\">%s</text>\n", x, top + plotH + 40, COLOURS[k % COLOURS.length], x + 16,
                    top + plotH + 50, Reports.esc(stages.get(k))));
        }
        return s.append("</svg>").toString();
    }

    private static double y(double v, int top, int h) {
        return top + h * (1 - Math.max(0, Math.min(1, v)));
    }

    /** Linear interpolation between order statistics (sorted values). */
    static double quantile(List<Double> sorted, double q) {
        double pos = q * (sorted.size() - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.size() - 1, lo + 1);
        return sorted.get(lo) + (sorted.get(hi) - sorted.get(lo)) * (pos - lo);
    }
}
