package org.deepraster.viewer;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Component;
import java.awt.Graphics2D;
import java.awt.Point;
import java.awt.Rectangle;
import java.awt.Window;
import java.awt.event.ComponentAdapter;
import java.awt.event.ComponentEvent;
import java.util.LinkedHashSet;
import java.util.Set;
import javax.swing.JComponent;
import javax.swing.SwingUtilities;

/**
 * What of the map the user really sees: the map pane less the part the tool windows of the main window
 * cover (a tool dialog at the right edge hides a strip of the map). "Use current map extent" processes
 * exactly that part ({@link MapServiceImpl#visibleExtent()}), and while a dialog has that box ticked the
 * map draws its outline ({@link #show}). EDT only.
 */
final class MapCover {
    private final JComponent map;
    private final Set<Window> previews = new LinkedHashSet<>();
    private final ComponentAdapter repaintOnMove = new ComponentAdapter() {
        @Override
        public void componentMoved(ComponentEvent e) {
            map.repaint();
        }

        @Override
        public void componentResized(ComponentEvent e) {
            map.repaint();
        }

        @Override
        public void componentHidden(ComponentEvent e) {
            map.repaint();
        }
    };

    MapCover(JComponent map) {
        this.map = map;
    }

    /**
     * The part of the map pane, in its own pixels, that no showing window owned by the main window
     * covers: for each window over the map the side it leaves the most of (the map less the window's
     * width from the right, from the left, or its height from the top or bottom).
     */
    Rectangle uncovered() {
        Rectangle area = new Rectangle(0, 0, map.getWidth(), map.getHeight());
        Window frame = SwingUtilities.getWindowAncestor(map);
        if (frame == null || !map.isShowing()) {
            return area;
        }
        Point origin = map.getLocationOnScreen();
        for (Window w : frame.getOwnedWindows()) {
            if (!w.isShowing()) {
                continue;
            }
            Rectangle r = w.getBounds();
            r.translate(-origin.x, -origin.y);
            if (!r.intersects(area)) {
                continue;
            }
            Rectangle[] sides = {
                new Rectangle(area.x, area.y, Math.max(0, r.x - area.x), area.height),
                new Rectangle(r.x + r.width, area.y, Math.max(0, area.x + area.width - r.x - r.width), area.height),
                new Rectangle(area.x, area.y, area.width, Math.max(0, r.y - area.y)),
                new Rectangle(area.x, r.y + r.height, area.width, Math.max(0, area.y + area.height - r.y - r.height))};
            Rectangle best = null;
            for (Rectangle s : sides) {
                Rectangle c = s.intersection(area);
                if (!c.isEmpty() && (best == null || (long) c.width * c.height > (long) best.width * best.height)) {
                    best = c;
                }
            }
            if (best != null) {
                area = best;
            }
        }
        return area;
    }

    /** Draws the outline of the extent to process while {@code owner} asks for it (until it hides or is disposed). */
    void show(Window owner, boolean on) {
        if (on && previews.add(owner)) {
            owner.addComponentListener(repaintOnMove);
        } else if (!on && previews.remove(owner)) {
            owner.removeComponentListener(repaintOnMove);
        }
        map.repaint();
    }

    boolean showing() {
        previews.removeIf(w -> !w.isDisplayable());
        return previews.stream().anyMatch(Component::isShowing);
    }

    void paint(Graphics2D g) {
        if (!showing()) {
            return;
        }
        Rectangle r = uncovered();
        g.setColor(new Color(0xE0, 0x30, 0x90));
        g.setStroke(new BasicStroke(3f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {10f, 6f}, 0f));
        g.drawRect(r.x + 2, r.y + 2, r.width - 5, r.height - 5);
        String text = "Map extent to process";
        int tw = g.getFontMetrics().stringWidth(text);
        g.setColor(new Color(255, 255, 255, 220));
        g.fillRect(r.x + 8, r.y + 8, tw + 10, g.getFontMetrics().getHeight() + 4);
        g.setColor(new Color(0xA0, 0x10, 0x60));
        g.drawString(text, r.x + 13, r.y + 10 + g.getFontMetrics().getAscent());
    }
}
