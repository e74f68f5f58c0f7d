package org.deepraster.toolbox;

import java.awt.Color;
import java.awt.Dimension;
import java.awt.GridBagConstraints;
import java.awt.GridBagLayout;
import java.awt.Insets;
import java.awt.Rectangle;
import javax.swing.BorderFactory;
import javax.swing.JButton;
import javax.swing.JCheckBox;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JTextArea;
import javax.swing.Scrollable;
import javax.swing.UIManager;

/**
 * The layout every tool dialog of the toolbox uses, like a geoprocessing pane: rows of a
 * {@link GridBagLayout} with two columns. {@link #title} puts a label on its own line,
 * {@link #line} the field under it (stretched, with an optional button such as Browse… at the
 * end), {@link #pair} a short label and a field side by side (environments), {@link #full} one
 * component across both columns (a checkbox, the model panel).
 *
 * <pre>{@code
 * JPanel form = FormRows.form();
 * FormRows r = new FormRows(form);
 * r.title("Input raster", raster.combo());
 * r.line(raster.combo(), raster.browse());
 * r.full(extentCheckBox, 0);
 * content.add(FormRows.scroll(form), BorderLayout.CENTER);
 * }</pre>
 *
 * Also the small helpers the dialogs share: read-only wrapping {@link #text() text areas} for
 * messages and the {@link #errorColor() colour of errors}. EDT only.
 */
public final class FormRows {
    private final JPanel panel;
    private int y;

    /** Rows added to a panel that has a {@link GridBagLayout}. */
    public FormRows(JPanel panel) {
        this.panel = panel;
    }

    /** A label on its own line, for the field of the next {@link #line}. */
    public FormRows title(String text, JComponent field) {
        JLabel l = new JLabel(text);
        l.setLabelFor(field);
        panel.add(l, c(0, 2, 0, new Insets(y == 0 ? 0 : 8, 0, 2, 0)));
        y++;
        return this;
    }

    /** A field stretched across the row; {@code button} (may be null) sits at its end. */
    public FormRows line(JComponent field, JComponent button) {
        panel.add(field, c(0, button == null ? 2 : 1, 1, new Insets(0, 0, 0, 0)));
        if (button != null) {
            panel.add(button, c(1, 1, 0, new Insets(0, 6, 0, 0)));
        }
        y++;
        return this;
    }

    /** A label and a field of its natural width side by side. */
    public FormRows pair(String text, JComponent field) {
        JLabel l = new JLabel(text);
        l.setLabelFor(field);
        panel.add(l, c(0, 1, 0, new Insets(4, 0, 0, 8)));
        GridBagConstraints fc = c(1, 1, 1, new Insets(4, 0, 0, 0));
        fc.fill = GridBagConstraints.NONE;
        fc.anchor = GridBagConstraints.LINE_START;
        panel.add(field, fc);
        y++;
        return this;
    }

    /**
     * One component across the row; {@code weighty > 0} lets it take the spare height (the model
     * panel). Checkboxes and buttons keep their natural width.
     */
    public FormRows full(JComponent comp, double weighty) {
        GridBagConstraints gc = c(0, 2, 1, new Insets(10, 0, 0, 0));
        gc.weighty = weighty;
        gc.fill = weighty > 0 ? GridBagConstraints.BOTH : GridBagConstraints.HORIZONTAL;
        if (comp instanceof JCheckBox || comp instanceof JButton) {
            gc.fill = GridBagConstraints.NONE;
            gc.anchor = GridBagConstraints.LINE_START;
        }
        panel.add(comp, gc);
        y++;
        return this;
    }

    private GridBagConstraints c(int x, int w, double weightx, Insets insets) {
        GridBagConstraints gc = new GridBagConstraints();
        gc.gridx = x;
        gc.gridy = y;
        gc.gridwidth = w;
        gc.weightx = weightx;
        gc.fill = GridBagConstraints.HORIZONTAL;
        gc.anchor = GridBagConstraints.LINE_START;
        gc.insets = insets;
        return gc;
    }

    /** A form panel: as wide as its scroll pane (never wider), scrolling vertically when the dialog is short. */
    public static JPanel form() {
        return new FormPanel();
    }

    /** The form in a borderless vertical scroll pane. */
    public static JScrollPane scroll(JPanel form) {
        JScrollPane scroll = new JScrollPane(form);
        scroll.setBorder(BorderFactory.createEmptyBorder());
        scroll.getVerticalScrollBar().setUnitIncrement(16);
        scroll.setHorizontalScrollBarPolicy(JScrollPane.HORIZONTAL_SCROLLBAR_NEVER);
        return scroll;
    }

    /** A read-only, wrapping, transparent text area in the label font (messages, summaries). */
    public static JTextArea text() {
        JTextArea t = new JTextArea();
        t.setEditable(false);
        t.setLineWrap(true);
        t.setWrapStyleWord(true);
        t.setOpaque(false);
        t.setBorder(null);
        t.setFont(UIManager.getFont("Label.font"));
        return t;
    }

    /** The look and feel's red, for errors. */
    public static Color errorColor() {
        Color c = UIManager.getColor("Actions.Red");
        return c != null ? c : new Color(0xC0, 0x20, 0x20);
    }

    private static final class FormPanel extends JPanel implements Scrollable {
        FormPanel() {
            super(new GridBagLayout());
        }

        @Override
        public Dimension getPreferredScrollableViewportSize() {
            return getPreferredSize();
        }

        @Override
        public int getScrollableUnitIncrement(Rectangle r, int orientation, int direction) {
            return 16;
        }

        @Override
        public int getScrollableBlockIncrement(Rectangle r, int orientation, int direction) {
            return Math.max(16, r.height - 32);
        }

        @Override
        public boolean getScrollableTracksViewportWidth() {
            return true;
        }

        @Override
        public boolean getScrollableTracksViewportHeight() {
            return getParent() != null && getParent().getHeight() > getMinimumSize().height;
        }
    }
}
