package org.deepraster.viewer;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.Shape;
import java.util.List;
import org.deepraster.feature.Feature;
import org.deepraster.plugin.LayerStyle;

/**
 * The labels of one layer: placed near the top-left of a box (above a point), skipped where
 * the feature is tiny on screen or the label would overlap one already placed, at most
 * {@link #MAX_LABELS}; drawn after the layer's features as dark text with a white halo (faded for a
 * rejected feature). On the rendering thread.
 */
final class MapLabels {
    /** Features smaller than this on screen (pixels, the longer side) get no label. */
    static final double MIN_LABELLED_PX = 12;
    /** At most this many labels per layer and render, so a zoomed-out map stays fast. */
    static final int MAX_LABELS = 2000;
    private static final java.awt.Font LABEL_FONT = new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.BOLD, 11);
    private static final Color LABEL_TEXT = new Color(0x20, 0x20, 0x20);
    private static final Color LABEL_HALO = new Color(0xFF, 0xFF, 0xFF, 220);

    private record Placed(float x, float y, String text, boolean faded) { }

    private static final int CELL = 64;
    private final Graphics2D g;
    private final java.awt.FontMetrics fm;
    private final int width, height;
    private final List<Placed> placed = new java.util.ArrayList<>();
    private final java.util.Map<Long, List<Rectangle>> cells = new java.util.HashMap<>();
    private int tries;

    MapLabels(Graphics2D g, int width, int height) {
        this.g = g;
        this.fm = g.getFontMetrics(LABEL_FONT);
        this.width = width;
        this.height = height;
    }

    boolean wanted() {
        return placed.size() < MAX_LABELS && tries < 5 * MAX_LABELS;
    }

    void offer(LayerStyle.Label label, Feature f, java.awt.geom.Rectangle2D b, boolean point, boolean faded) {
        if (!point && Math.max(b.getWidth(), b.getHeight()) < MIN_LABELLED_PX) {
            return;
        }
        tries++;
        String text = label.text(f::get);
        if (text.isEmpty()) {
            return;
        }
        int w = fm.stringWidth(text);
        int asc = fm.getAscent();
        float x;
        float y;
        if (point) {
            x = (float) (b.getCenterX() - w / 2.0);
            y = (float) b.getMinY() - 3;
        } else {
            x = (float) b.getMinX();
            y = (float) b.getMinY() - 3;
            if (y - asc < 0) {
                y = (float) b.getMinY() + asc + 2; // no room above: just inside the top edge
            }
        }
        Rectangle r = new Rectangle(Math.round(x) - 2, Math.round(y) - asc - 2, w + 4, asc + fm.getDescent() + 4);
        if (!r.intersects(0, 0, width, height) || overlaps(r)) {
            return;
        }
        for (long c : cellsOf(r)) {
            cells.computeIfAbsent(c, k -> new java.util.ArrayList<>()).add(r);
        }
        placed.add(new Placed(x, y, text, faded));
    }

    private boolean overlaps(Rectangle r) {
        for (long c : cellsOf(r)) {
            List<Rectangle> in = cells.get(c);
            if (in != null) {
                for (Rectangle o : in) {
                    if (o.intersects(r)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static long[] cellsOf(Rectangle r) {
        int x0 = Math.floorDiv(r.x, CELL), x1 = Math.floorDiv(r.x + r.width, CELL);
        int y0 = Math.floorDiv(r.y, CELL), y1 = Math.floorDiv(r.y + r.height, CELL);
        long[] out = new long[(x1 - x0 + 1) * (y1 - y0 + 1)];
        int k = 0;
        for (int cy = y0; cy <= y1; cy++) {
            for (int cx = x0; cx <= x1; cx++) {
                out[k++] = ((long) cy << 32) ^ (cx & 0xFFFFFFFFL);
            }
        }
        return out;
    }

    void draw() {
        if (placed.isEmpty()) {
            return;
        }
        java.awt.font.FontRenderContext frc = g.getFontRenderContext();
        BasicStroke halo = new BasicStroke(3f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
        for (Placed p : placed) {
            Shape outline = LABEL_FONT.createGlyphVector(frc, p.text()).getOutline(p.x(), p.y());
            g.setColor(LABEL_HALO);
            g.setStroke(halo);
            g.draw(outline);
            g.setColor(p.faded() ? VectorPainter.REJECTED : LABEL_TEXT);
            g.fill(outline);
        }
    }
}
