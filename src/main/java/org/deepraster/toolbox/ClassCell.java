package org.deepraster.toolbox;

import java.awt.Color;
import java.awt.Component;
import java.awt.Graphics;
import javax.swing.Icon;
import javax.swing.JTable;
import javax.swing.table.DefaultTableCellRenderer;

/**
 * A class name with its colour, as the review panel's class list and feature table show it; a
 * note (e.g. " → relabel") follows the name. EDT only (the renderer).
 */
record ClassCell(String name, Color color, String note) {
    @Override
    public String toString() {
        return note == null ? name : name + note;
    }

    /** Draws a class with its colour swatch. */
    static final class Renderer extends DefaultTableCellRenderer {
        @Override
        public Component getTableCellRendererComponent(JTable table, Object value, boolean selected, boolean focus,
                                                       int row, int column) {
            super.getTableCellRendererComponent(table, value, selected, focus, row, column);
            if (value instanceof ClassCell cc) {
                setIcon(new SwatchIcon(cc.color()));
                setText(cc.toString());
            } else {
                setIcon(null);
            }
            return this;
        }
    }

    private record SwatchIcon(Color color) implements Icon {
        @Override
        public void paintIcon(Component c, Graphics g, int x, int y) {
            g.setColor(color);
            g.fillRect(x, y + 1, 12, 12);
            g.setColor(color.darker());
            g.drawRect(x, y + 1, 11, 11);
        }

        @Override
        public int getIconWidth() {
            return 12;
        }

        @Override
        public int getIconHeight() {
            return 14;
        }
    }
}
