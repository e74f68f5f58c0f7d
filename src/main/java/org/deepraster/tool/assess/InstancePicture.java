package org.deepraster.tool.assess;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.List;
import org.locationtech.jts.awt.ShapeWriter;
import org.locationtech.jts.geom.Envelope;

/**
 * The picture of an instance evaluation (Java2D, like {@link Charts}): every ground-truth polygon
 * filled (green when matched, orange when missed) and every detection outlined (blue when matched,
 * red when false), at the main IoU and confidence thresholds, north up, fitted into the image.
 */
final class InstancePicture {
    static final Color TRUTH_MATCHED = new Color(0x8CD17D);
    static final Color TRUTH_MISSED = new Color(0xF28E2B);
    static final Color DET_MATCHED = new Color(0x2F5597);
    static final Color DET_FALSE = new Color(0xD62728);

    private InstancePicture() {
    }

    static BufferedImage draw(InstanceEvaluation.Result r, int maxSize) {
        Envelope env = new Envelope();
        r.outcomes().forEach(o -> env.expandToInclude(o.geometry().getEnvelopeInternal()));
        int legend = 28;
        double span = Math.max(env.getWidth(), env.getHeight());
        double scale = env.isNull() || span <= 0 ? 1 : (maxSize - 20) / span;
        int w = env.isNull() ? 400 : Math.max(400, (int) Math.ceil(env.getWidth() * scale) + 20);
        int h = (env.isNull() ? 100 : (int) Math.ceil(env.getHeight() * scale) + 20) + legend;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        legend(g, w);
        if (!env.isNull()) {
            // map y up -> image y down
            AffineTransform t = new AffineTransform(scale, 0, 0, -scale, 10 - env.getMinX() * scale, legend + 10 + env.getMaxY() * scale);
            ShapeWriter sw = new ShapeWriter((src, dest) -> {
                double[] p = {src.x, src.y};
                t.transform(p, 0, p, 0, 1);
                dest.setLocation(p[0], p[1]);
            });
            for (InstanceEvaluation.Outcome o : r.outcomes()) {
                if (o.truth()) {
                    g.setColor(o.status() == InstanceEvaluation.Status.MATCHED ? TRUTH_MATCHED : TRUTH_MISSED);
                    g.fill(sw.toShape(o.geometry()));
                }
            }
            g.setStroke(new BasicStroke(1.3f));
            for (InstanceEvaluation.Outcome o : r.outcomes()) {
                if (!o.truth()) {
                    Shape s = sw.toShape(o.geometry());
                    g.setColor(o.status() == InstanceEvaluation.Status.MATCHED ? DET_MATCHED : DET_FALSE);
                    g.draw(s);
                }
            }
        }
        g.dispose();
        return img;
    }

    private static void legend(Graphics2D g, int w) {
        g.setFont(new Font(Charts.FONT, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        int x = 10;
        Object[][] items = {{TRUTH_MATCHED, true, "ground truth, matched"}, {TRUTH_MISSED, true, "ground truth, missed"},
            {DET_MATCHED, false, "result, matched"}, {DET_FALSE, false, "result, false"}};
        for (Object[] it : items) {
            g.setColor((Color) it[0]);
            if ((Boolean) it[1]) {
                g.fillRect(x, 8, 14, 12);
            } else {
                g.setStroke(new BasicStroke(2f));
                g.drawRect(x, 8, 14, 12);
            }
            g.setColor(Charts.TEXT);
            g.drawString((String) it[2], x + 20, 19);
            x += 26 + fm.stringWidth((String) it[2]) + 12;
            if (x > w - 40) {
                break;
            }
        }
    }
}
