package org.deepraster.toolbox.form;

import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.Component;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.Graphics;
import java.awt.GridBagConstraints;
import java.awt.GridBagLayout;
import java.awt.Insets;
import java.awt.Rectangle;
import java.awt.Toolkit;
import java.awt.datatransfer.StringSelection;
import java.util.List;
import java.util.Map;
import javax.swing.BorderFactory;
import javax.swing.Icon;
import javax.swing.JButton;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JTable;
import javax.swing.JTextArea;
import javax.swing.Scrollable;
import javax.swing.SwingConstants;
import javax.swing.UIManager;
import javax.swing.table.DefaultTableCellRenderer;
import javax.swing.table.DefaultTableModel;
import org.deepraster.inference.ModelCheck;
import org.deepraster.inference.ModelDescription;
import org.deepraster.model.ArgumentSpec;
import org.deepraster.model.ClassInfo;
import org.deepraster.model.TensorSpec;

/**
 * What a model is, for people: the same content as {@code deepraster info MODEL} prints
 * ({@link ModelDescription#text()}), laid out as sections: the ordered properties (name, version,
 * type, framework, configuration, chip size, bands, …), the classes as a table with colour swatches,
 * the input and output tensors, the arguments, the warnings, and the checks against the ONNX file
 * with the result. "Copy as text" puts {@link ModelDescription#text()} on the clipboard.
 * Create and use on the EDT only.
 */
public final class ModelInfoPanel extends JPanel {

    private final Content content = new Content();
    private final JScrollPane scroll = new JScrollPane(content);
    private final JButton copy = new JButton("Copy as text");
    private ModelDescription description;

    public ModelInfoPanel() {
        super(new BorderLayout(0, 4));
        setName("model.info");
        content.setName("model.info.content");
        scroll.setName("model.info.scroll");
        scroll.setBorder(BorderFactory.createMatteBorder(1, 1, 1, 1, border()));
        scroll.getVerticalScrollBar().setUnitIncrement(16);
        copy.setName("model.info.copy");
        copy.setToolTipText("Copy what 'deepraster info MODEL' prints for this model");
        copy.addActionListener(e -> {
            if (description != null) {
                Toolkit.getDefaultToolkit().getSystemClipboard().setContents(new StringSelection(description.text()), null);
            }
        });
        JPanel buttons = new JPanel(new BorderLayout());
        buttons.setOpaque(false);
        buttons.add(copy, BorderLayout.EAST);
        add(scroll, BorderLayout.CENTER);
        add(buttons, BorderLayout.SOUTH);
        setDescription(null);
    }

    /** The description shown, or null. */
    public ModelDescription description() {
        return description;
    }

    /** Shows this description; null shows "No model". */
    public void setDescription(ModelDescription d) {
        description = d;
        copy.setEnabled(d != null);
        content.removeAll();
        if (d == null) {
            JLabel none = new JLabel("No model loaded.");
            none.setName("model.info.none");
            none.setEnabled(false);
            content.row(none);
        } else {
            build(d);
        }
        content.finish();
        content.laidOutWidth = -1;
        content.revalidate();
        content.repaint();
        // after the new content is laid out, show its top
        javax.swing.SwingUtilities.invokeLater(() -> scroll.getViewport().setViewPosition(new java.awt.Point(0, 0)));
    }

    /**
     * The properties as the panel lists them: what the model is first; where it came from last, in words
     * ("pasted JSON" rather than the loader's kind, the file the user named rather than the cache folder a
     * package was unpacked in).
     */
    static Map<String, String> shown(ModelDescription d) {
        Map<String, String> out = new java.util.LinkedHashMap<>(d.properties());
        out.remove("Source");
        String modelFile = out.remove("Model file");
        org.deepraster.model.ModelSource src = d.definition().source();
        if (src.kind() == org.deepraster.model.ModelSource.Kind.JSON_STRING) {
            out.put("Source", "pasted JSON");
        } else if (src.file() != null) {
            out.put("Source", src.file().toString());
        }
        if (modelFile != null && (src.unpackedDir() == null || src.kind() != org.deepraster.model.ModelSource.Kind.DLPK
                || modelFile.endsWith("(missing)"))) {
            out.put("Model file", modelFile); // a package's file lies in the cache: not worth the user's eye
        }
        return out;
    }

    private void build(ModelDescription d) {
        JPanel props = new JPanel(new GridBagLayout());
        props.setName("model.info.properties");
        props.setOpaque(false);
        GridBagConstraints c = new GridBagConstraints();
        c.anchor = GridBagConstraints.NORTHWEST;
        int row = 0;
        for (Map.Entry<String, String> e : shown(d).entrySet()) {
            c.gridy = row++;
            c.gridx = 0;
            c.weightx = 0;
            c.fill = GridBagConstraints.NONE;
            c.insets = new Insets(1, 0, 1, 10);
            JLabel k = new JLabel(e.getKey() + ":");
            k.setForeground(UIManager.getColor("Label.disabledForeground"));
            props.add(k, c);
            c.gridx = 1;
            c.weightx = 1;
            c.fill = GridBagConstraints.HORIZONTAL;
            c.insets = new Insets(1, 0, 1, 0);
            JTextArea v = text(e.getValue());
            v.setName("model.info.property." + e.getKey());
            props.add(v, c);
        }
        content.row(props);

        content.row(heading("Classes" + (d.classes().isEmpty() ? " (none)" : " (" + d.classes().size() + ")")));
        if (!d.classes().isEmpty()) {
            DefaultTableModel m = new DefaultTableModel(new Object[] {"Value", "Name", "Colour"}, 0) {
                @Override
                public boolean isCellEditable(int r, int col) {
                    return false;
                }
            };
            for (ClassInfo ci : d.classes()) {
                m.addRow(new Object[] {ci.value(), ci.name(), ci});
            }
            JTable t = table(m, "model.info.classes");
            t.getColumnModel().getColumn(2).setCellRenderer(new SwatchRenderer());
            t.getColumnModel().getColumn(0).setMaxWidth(60);
            t.getColumnModel().getColumn(1).setPreferredWidth(200);
            t.getColumnModel().getColumn(2).setPreferredWidth(200);
            content.row(tablePanel(t));
        }

        if (d.signature() != null) {
            content.row(heading("Inputs"));
            content.row(tensors(d.signature().inputs(), "model.info.inputs"));
            content.row(heading("Outputs"));
            content.row(tensors(d.signature().outputs(), "model.info.outputs"));
        }

        content.row(heading("Arguments" + (d.arguments().isEmpty() ? " (none)" : "")));
        if (!d.arguments().isEmpty()) {
            DefaultTableModel m = new DefaultTableModel(new Object[] {"Name", "Type", "Default", "Expected"}, 0) {
                @Override
                public boolean isCellEditable(int r, int col) {
                    return false;
                }
            };
            for (ArgumentSpec a : d.arguments()) {
                m.addRow(new Object[] {a.name(), a.typeName(), a.defaultText() == null ? "-" : a.defaultText(),
                        a.expected() + (a.info().hidden() ? " (hidden: set by the model)" : "")});
            }
            JTable t = table(m, "model.info.arguments");
            t.getColumnModel().getColumn(0).setPreferredWidth(200);
            t.getColumnModel().getColumn(1).setPreferredWidth(72);
            t.getColumnModel().getColumn(1).setMaxWidth(80);
            t.getColumnModel().getColumn(2).setPreferredWidth(60);
            t.getColumnModel().getColumn(2).setMaxWidth(70);
            t.getColumnModel().getColumn(3).setPreferredWidth(230);
            content.row(tablePanel(t));
        }

        if (!d.warnings().isEmpty()) {
            content.row(heading("Warnings"));
            StringBuilder sb = new StringBuilder();
            d.warnings().forEach(w -> sb.append(sb.length() == 0 ? "" : "\n").append("• ").append(w));
            JTextArea w = text(sb.toString());
            w.setName("model.info.warnings");
            w.setForeground(warningColor());
            content.row(w);
        }

        if (d.check() != null) {
            content.row(heading("Checks against the ONNX file"));
            JPanel checks = new JPanel(new GridBagLayout());
            checks.setName("model.info.checks");
            checks.setOpaque(false);
            GridBagConstraints g = new GridBagConstraints();
            g.anchor = GridBagConstraints.NORTHWEST;
            int r = 0;
            for (ModelCheck.Problem p : d.check().problems()) {
                g.gridy = r++;
                g.gridx = 0;
                g.weightx = 0;
                g.fill = GridBagConstraints.NONE;
                g.insets = new Insets(1, 0, 1, 8);
                JLabel sev = new JLabel(p.severity().name());
                sev.setFont(sev.getFont().deriveFont(Font.BOLD));
                sev.setForeground(switch (p.severity()) {
                    case ERROR -> ArgumentForm.errorColor();
                    case WARNING -> warningColor();
                    case INFO -> UIManager.getColor("Label.disabledForeground");
                });
                checks.add(sev, g);
                g.gridx = 1;
                g.weightx = 1;
                g.fill = GridBagConstraints.HORIZONTAL;
                g.insets = new Insets(1, 0, 1, 0);
                checks.add(text(p.subject() + ": " + p.message()), g);
            }
            content.row(checks);
        }
        boolean ok = d.check() != null && d.check().ok();
        JLabel result = new JLabel(d.check() == null ? "Result: NOT runnable (no ONNX model file to check)"
                : ok ? "Result: ready to run" : "Result: NOT runnable (" + d.check().errors().size() + " error(s))");
        result.setName("model.info.result");
        result.setFont(result.getFont().deriveFont(Font.BOLD));
        result.setForeground(ok ? successColor() : ArgumentForm.errorColor());
        content.row(result);
    }

    private JPanel tensors(List<TensorSpec> list, String name) {
        StringBuilder sb = new StringBuilder();
        list.forEach(t -> sb.append(sb.length() == 0 ? "" : "\n").append(t));
        JTextArea a = text(sb.toString());
        a.setName(name);
        a.setFont(monospaced(a.getFont()));
        JPanel p = new JPanel(new BorderLayout());
        p.setOpaque(false);
        p.add(a);
        return p;
    }

    private static JLabel heading(String s) {
        JLabel l = new JLabel(s);
        Font f = UIManager.getFont("h4.font");
        l.setFont(f != null ? f : l.getFont().deriveFont(Font.BOLD));
        l.setBorder(BorderFactory.createEmptyBorder(8, 0, 2, 0));
        return l;
    }

    private static JTable table(DefaultTableModel m, String name) {
        JTable t = new JTable(m) {
            @Override
            public String getToolTipText(java.awt.event.MouseEvent e) {
                int r = rowAtPoint(e.getPoint());
                int c = columnAtPoint(e.getPoint());
                Object v = r < 0 || c < 0 ? null : getValueAt(r, c);
                return v == null || v instanceof ClassInfo ? null : v.toString();
            }
        };
        t.setName(name);
        t.setFillsViewportHeight(false);
        t.setRowSelectionAllowed(true);
        t.getTableHeader().setReorderingAllowed(false);
        return t;
    }

    private static JPanel tablePanel(JTable t) {
        JPanel p = new JPanel(new BorderLayout());
        p.setBorder(BorderFactory.createMatteBorder(1, 1, 1, 1, border()));
        p.add(t.getTableHeader(), BorderLayout.NORTH);
        p.add(t, BorderLayout.CENTER);
        return p;
    }

    private static JTextArea text(String s) {
        return new WrappingText(s);
    }

    private static Font monospaced(Font base) {
        return new Font(Font.MONOSPACED, Font.PLAIN, base.getSize());
    }

    private static Color border() {
        Color c = UIManager.getColor("Component.borderColor");
        return c != null ? c : Color.GRAY;
    }

    static Color warningColor() {
        Color c = UIManager.getColor("Component.warning.focusedBorderColor");
        return c == null ? new Color(0x9A, 0x6A, 0x00) : com.formdev.flatlaf.FlatLaf.isLafDark() ? c : c.darker();
    }

    static Color successColor() {
        Color c = UIManager.getColor("Actions.Green");
        return c == null ? new Color(0x2E, 0x7D, 0x32) : com.formdev.flatlaf.FlatLaf.isLafDark() ? c : c.darker();
    }

    /** The vertical list of sections; follows the viewport's width so long values wrap. */
    private static final class Content extends JPanel implements Scrollable {
        private int rows;
        private int laidOutWidth = -1;

        /**
         * Wrapped texts know their height only once they have their width: after a layout at a new
         * width, lay out once more so the panel is as tall as its content (else GridBag squeezes it).
         */
        @Override
        public void doLayout() {
            super.doLayout();
            if (getWidth() != laidOutWidth) {
                laidOutWidth = getWidth();
                javax.swing.SwingUtilities.invokeLater(this::revalidate);
            }
        }

        Content() {
            super(new StackLayout());
            setBorder(BorderFactory.createEmptyBorder(6, 8, 8, 8));
        }

        void row(Component c) {
            add(c);
        }

        void finish() {
            rows = 0;
        }

        @Override
        public Dimension getPreferredScrollableViewportSize() {
            return new Dimension(420, 300);
        }

        @Override
        public int getScrollableUnitIncrement(Rectangle r, int orientation, int direction) {
            return 16;
        }

        @Override
        public int getScrollableBlockIncrement(Rectangle r, int orientation, int direction) {
            return orientation == SwingConstants.VERTICAL ? r.height : r.width;
        }

        @Override
        public boolean getScrollableTracksViewportWidth() {
            return true;
        }

        @Override
        public boolean getScrollableTracksViewportHeight() {
            return false;
        }
    }

    /**
     * Stacks the sections top to bottom, each at the full width and at its preferred height for that
     * width (GridBagLayout would fall back to minimum sizes for every section as soon as one section
     * prefers to be wider than the panel).
     */
    private static final class StackLayout implements java.awt.LayoutManager {
        @Override
        public void addLayoutComponent(String name, Component c) {
        }

        @Override
        public void removeLayoutComponent(Component c) {
        }

        @Override
        public Dimension preferredLayoutSize(java.awt.Container parent) {
            Insets in = parent.getInsets();
            int w = parent.getWidth() - in.left - in.right;
            int width = 0;
            int height = in.top + in.bottom;
            for (Component c : parent.getComponents()) {
                if (w > 0 && c.getWidth() != w) {
                    c.setSize(w, Math.max(1, c.getHeight()));
                }
                Dimension d = c.getPreferredSize();
                width = Math.max(width, d.width);
                height += d.height;
            }
            return new Dimension(Math.min(width, 200) + in.left + in.right, height);
        }

        @Override
        public Dimension minimumLayoutSize(java.awt.Container parent) {
            return preferredLayoutSize(parent);
        }

        @Override
        public void layoutContainer(java.awt.Container parent) {
            Insets in = parent.getInsets();
            int w = parent.getWidth() - in.left - in.right;
            int y = in.top;
            for (Component c : parent.getComponents()) {
                c.setSize(w, Math.max(1, c.getHeight()));
                int h = c.getPreferredSize().height;
                c.setBounds(in.left, y, w, h);
                y += h;
            }
        }
    }

    /** A class's colour: a swatch and its #rrggbb (r, g, b). */
    private static final class SwatchRenderer extends DefaultTableCellRenderer {
        @Override
        public Component getTableCellRendererComponent(JTable t, Object v, boolean sel, boolean focus, int r, int col) {
            ClassInfo ci = (ClassInfo) v;
            super.getTableCellRendererComponent(t, ci.hexColor() + " (" + ci.red() + ", " + ci.green() + ", " + ci.blue() + ")",
                    sel, focus, r, col);
            setIcon(new Swatch(new Color(ci.rgb())));
            return this;
        }
    }

    private record Swatch(Color color) implements Icon {
        @Override
        public void paintIcon(Component c, Graphics g, int x, int y) {
            g.setColor(color);
            g.fillRect(x, y, 14, 12);
            g.setColor(Color.DARK_GRAY);
            g.drawRect(x, y, 13, 11);
        }

        @Override
        public int getIconWidth() {
            return 14;
        }

        @Override
        public int getIconHeight() {
            return 12;
        }
    }
}
