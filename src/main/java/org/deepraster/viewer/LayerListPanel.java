package org.deepraster.viewer;

import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.Component;
import java.awt.FlowLayout;
import java.awt.GridBagConstraints;
import java.awt.GridBagLayout;
import java.awt.Insets;
import java.awt.event.MouseAdapter;
import java.awt.event.MouseEvent;
import java.util.List;
import javax.swing.BorderFactory;
import javax.swing.Box;
import javax.swing.BoxLayout;
import javax.swing.DefaultListModel;
import javax.swing.JButton;
import javax.swing.JCheckBox;
import javax.swing.JColorChooser;
import javax.swing.JComboBox;
import javax.swing.JLabel;
import javax.swing.JList;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JSlider;
import javax.swing.JSpinner;
import javax.swing.ListCellRenderer;
import javax.swing.ListSelectionModel;
import javax.swing.SpinnerNumberModel;
import javax.swing.UIManager;
import org.deepraster.plugin.LayerInfo;
import org.deepraster.plugin.LayerService;
import org.deepraster.plugin.LayerStyle;
import org.deepraster.feature.Feature;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The layer list (top layer first): visibility check box, name, warning mark with the warnings
 * as tooltip; buttons to move, remove and zoom to the selected layer; and its display settings
 * (opacity, RGB bands of a raster, style of a vector layer). EDT only.
 */
final class LayerListPanel extends JPanel {
    private static final int CHECK_WIDTH = 24;
    private final LayerManager layers;
    private final MapPane map;
    private final DefaultListModel<MapLayer> model = new DefaultListModel<>();
    private final JList<MapLayer> list = new JList<>(model) {
        @Override
        public String getToolTipText(MouseEvent e) {
            int i = locationToIndex(e.getPoint());
            if (i < 0 || !getCellBounds(i, i).contains(e.getPoint())) {
                return null;
            }
            MapLayer l = model.get(i);
            List<String> w = l.warnings();
            String where = l.path().map(Object::toString).orElse("in memory");
            return "<html><b>" + esc(l.name()) + "</b> (" + l.kind().name().toLowerCase() + ", " + esc(where) + ")"
                    + (w.isEmpty() ? "" : "<br>⚠ " + String.join("<br>⚠ ", w.stream().map(LayerListPanel::esc).toList()))
                    + "</html>";
        }
    };
    private final JPanel props = new JPanel(new GridBagLayout());
    private boolean updating;

    LayerListPanel(LayerManager layers, MapPane map) {
        super(new BorderLayout());
        this.layers = layers;
        this.map = map;
        setName("layerPanel");
        list.setName("layerList");
        list.setSelectionMode(ListSelectionModel.SINGLE_SELECTION);
        list.setCellRenderer(new Cell());
        list.addMouseListener(new MouseAdapter() {
            @Override
            public void mouseClicked(MouseEvent e) {
                int i = list.locationToIndex(e.getPoint());
                if (i < 0 || !list.getCellBounds(i, i).contains(e.getPoint())) {
                    return;
                }
                MapLayer l = model.get(i);
                if (e.getX() - list.getCellBounds(i, i).x < CHECK_WIDTH) {
                    l.setVisible(!l.isVisible());
                    layers.changed(l);
                } else if (e.getClickCount() == 2) {
                    zoomTo(l);
                }
            }
        });
        list.addListSelectionListener(e -> {
            if (!e.getValueIsAdjusting()) {
                showProperties();
            }
        });
        javax.swing.ToolTipManager.sharedInstance().registerComponent(list);

        JPanel buttons = new JPanel(new FlowLayout(FlowLayout.LEFT, 2, 2));
        buttons.add(button("▲", "layer.up", "Move the layer up", () -> move(1)));
        buttons.add(button("▼", "layer.down", "Move the layer down", () -> move(-1)));
        buttons.add(button("Zoom", "layer.zoomTo", "Zoom to the layer", () -> {
            if (list.getSelectedValue() != null) {
                zoomTo(list.getSelectedValue());
            }
        }));
        buttons.add(button("Remove", "layer.remove", "Remove the layer from the map", () -> {
            MapLayer l = list.getSelectedValue();
            if (l != null) {
                layers.remove(l);
            }
        }));
        JPanel top = new JPanel(new BorderLayout());
        top.add(new JScrollPane(list), BorderLayout.CENTER);
        top.add(buttons, BorderLayout.SOUTH);
        add(top, BorderLayout.CENTER);
        props.setBorder(BorderFactory.createEmptyBorder(4, 4, 4, 4));
        props.setName("layerProperties");
        add(props, BorderLayout.SOUTH);

        layers.addListener(new LayerService.LayerListener() {
            @Override
            public void layerAdded(LayerInfo layer) {
                sync();
                list.setSelectedValue(layer, true);
            }

            @Override
            public void layerRemoved(LayerInfo layer) {
                sync();
            }

            @Override
            public void layerChanged(LayerInfo layer) {
                sync();
                if (layer == list.getSelectedValue() && layer instanceof RasterLayer && rasterLegend != null
                        && rasterLegend.getParent() != null) {
                    rasterLegend.refresh(); // the counts arrived
                }
                if (layer == list.getSelectedValue() && layer instanceof VectorLayer v) {
                    if (hasClassColours(v.style()) != (legend.getParent() != null)) {
                        showProperties(); // drawn by class now, or no longer
                    } else if (legend.getParent() != null) {
                        fillLegend(v); // counts change while a job fills the layer or a filter changes
                    }
                }
            }
        });
        showProperties();
    }

    /**
     * Lets the user reorder layers by dragging them in the list, and drop files onto it (handled
     * by {@code fileDrop}).
     */
    void enableDragAndDrop(javax.swing.TransferHandler fileDrop) {
        list.setDragEnabled(true);
        list.setDropMode(javax.swing.DropMode.INSERT);
        list.setTransferHandler(new javax.swing.TransferHandler() {
            private static final String PREFIX = "deepraster-layer:";

            @Override
            public int getSourceActions(javax.swing.JComponent c) {
                return MOVE;
            }

            @Override
            protected java.awt.datatransfer.Transferable createTransferable(javax.swing.JComponent c) {
                MapLayer l = list.getSelectedValue();
                return l == null ? null : new java.awt.datatransfer.StringSelection(PREFIX + l.id());
            }

            @Override
            public boolean canImport(TransferSupport support) {
                return fileDrop.canImport(support)
                        || support.isDrop() && support.isDataFlavorSupported(java.awt.datatransfer.DataFlavor.stringFlavor);
            }

            @Override
            public boolean importData(TransferSupport support) {
                if (fileDrop.canImport(support)) {
                    return fileDrop.importData(support);
                }
                try {
                    String s = (String) support.getTransferable().getTransferData(java.awt.datatransfer.DataFlavor.stringFlavor);
                    if (!s.startsWith(PREFIX) || !support.isDrop()) {
                        return false;
                    }
                    String id = s.substring(PREFIX.length());
                    int index = ((JList.DropLocation) support.getDropLocation()).getIndex();
                    for (MapLayer l : layers.mapLayers()) {
                        if (l.id().equals(id)) {
                            layers.moveTo(l, index);
                            list.setSelectedValue(l, true);
                            return true;
                        }
                    }
                } catch (java.awt.datatransfer.UnsupportedFlavorException | java.io.IOException e) {
                    return false;
                }
                return false;
            }
        });
    }

    /** The layer selected in the list, or null. */
    MapLayer selectedLayer() {
        return list.getSelectedValue();
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private JButton button(String text, String name, String tip, Runnable r) {
        JButton b = new JButton(text);
        b.setName(name);
        b.setToolTipText(tip);
        b.addActionListener(e -> r.run());
        return b;
    }

    private void zoomTo(MapLayer l) {
        map.zoomTo(l.extentIn(layers.mapCrs()));
    }

    private void move(int delta) {
        MapLayer l = list.getSelectedValue();
        if (l != null) {
            layers.move(l, delta);
        }
    }

    /** Makes the list model match the layer manager, keeping the selection. */
    private void sync() {
        MapLayer sel = list.getSelectedValue();
        List<MapLayer> now = layers.mapLayers();
        boolean same = now.size() == model.size();
        for (int i = 0; same && i < now.size(); i++) {
            same = now.get(i) == model.get(i);
        }
        if (!same) {
            model.clear();
            now.forEach(model::addElement);
            if (sel != null && now.contains(sel)) {
                list.setSelectedValue(sel, true);
            } else {
                showProperties();
            }
        }
        list.repaint();
    }

    private void showProperties() {
        props.removeAll();
        MapLayer l = list.getSelectedValue();
        GridBagConstraints c = new GridBagConstraints();
        c.insets = new Insets(2, 2, 2, 2);
        c.anchor = GridBagConstraints.WEST;
        c.fill = GridBagConstraints.HORIZONTAL;
        if (l == null) {
            c.gridx = 0;
            props.add(new JLabel("Select a layer to change how it is drawn."), c);
        } else {
            updating = true;
            JSlider opacity = new JSlider(0, 100, Math.round(l.opacity() * 100));
            opacity.setName("layer.opacity");
            opacity.addChangeListener(e -> {
                l.setOpacity(opacity.getValue() / 100f);
                if (!opacity.getValueIsAdjusting()) {
                    layers.changed(l);
                }
            });
            row(0, "Opacity", opacity);
            if (l instanceof RasterLayer r && r.classes().isPresent()) {
                // a classified raster: its classes, not band pickers
                rasterLegend = new RasterLegend(r, r.classes().get(), layers);
                row(1, "Classes", rasterLegend);
            } else if (l instanceof RasterLayer r) {
                String[] names = r.bandNames().toArray(String[]::new);
                int[] rgb = r.rgbBands();
                String[] labels = {"Red", "Green", "Blue"};
                String[] keys = {"R", "G", "B"};
                @SuppressWarnings("unchecked")
                JComboBox<String>[] combos = new JComboBox[3];
                for (int k = 0; k < 3; k++) {
                    combos[k] = new JComboBox<>(names);
                    combos[k].setName("layer.band" + keys[k]);
                    combos[k].setSelectedIndex(Math.min(rgb[k], names.length - 1));
                    row(k + 1, labels[k], combos[k]);
                }
                for (JComboBox<String> cb : combos) {
                    cb.addActionListener(e -> {
                        if (!updating) {
                            r.setRgbBands(combos[0].getSelectedIndex(), combos[1].getSelectedIndex(),
                                    combos[2].getSelectedIndex());
                            layers.changed(r);
                        }
                    });
                }
            } else if (l instanceof VectorLayer v) {
                LayerStyle s = v.style();
                JButton stroke = colorButton("layer.strokeColor", s.stroke(), "Outline colour", col ->
                        restyle(v, v.style().withStroke(col)));
                JButton fill = colorButton("layer.fillColor", s.fill(), "Fill colour", col ->
                        restyle(v, v.style().withFill(new Color(col.getRed(), col.getGreen(), col.getBlue(),
                                v.style().fill() == null ? 80 : v.style().fill().getAlpha()))));
                JSpinner width = new JSpinner(new SpinnerNumberModel((double) s.lineWidth(), 0.0, 20.0, 0.5));
                width.setName("layer.lineWidth");
                width.addChangeListener(e -> restyle(v, v.style().withLineWidth(((Number) width.getValue()).floatValue())));
                JSpinner size = new JSpinner(new SpinnerNumberModel((double) s.pointSize(), 1.0, 50.0, 1.0));
                size.setName("layer.pointSize");
                size.addChangeListener(e -> restyle(v, v.style().withPointSize(((Number) size.getValue()).floatValue())));
                row(1, "Outline", stroke);
                if (hasClassColours(s)) {
                    // features are drawn in their class colours: the legend says which is which
                    legend.setName("layer.legend");
                    fillLegend(v);
                    row(2, "Classes", legend);
                } else {
                    row(2, "Fill", fill);
                }
                row(3, "Line width", width);
                row(4, "Point size", size);
                if (s.label() != null) {
                    // e.g. class and confidence of detections, drawn when zoomed in far enough
                    JCheckBox labels = new JCheckBox("Show", s.label().shown());
                    labels.setName("layer.labels");
                    labels.setToolTipText("Label features (" + s.label().template() + ") when they are big enough on the map");
                    labels.addActionListener(e -> {
                        LayerStyle.Label current = v.style().label();
                        if (current != null) {
                            restyle(v, v.style().withLabel(current.withShown(labels.isSelected())));
                        }
                    });
                    row(5, "Labels", labels);
                }
            }
            updating = false;
        }
        props.revalidate();
        props.repaint();
    }

    private final JPanel legend = new JPanel(new GridBagLayout());
    private RasterLegend rasterLegend;

    static boolean hasClassColours(LayerStyle s) {
        return s != null && s.classField() != null && !s.classColors().isEmpty();
    }

    /** Class swatches with names and counts (shown of total when a filter hides some). */
    private void fillLegend(VectorLayer v) {
        LayerStyle s = v.style();
        legend.removeAll();
        if (!hasClassColours(s)) {
            return;
        }
        Map<Object, int[]> counts = new LinkedHashMap<>();
        s.classColors().keySet().forEach(k -> counts.put(k, new int[2]));
        int[] other = new int[2];
        for (Feature f : v.data().features()) {
            Object value = f.get(s.classField());
            int[] n = value == null ? null : counts.get(value);
            if (n == null) {
                n = other;
            }
            n[0]++;
            if (v.shows(f)) {
                n[1]++;
            }
        }
        int y = 0;
        for (Map.Entry<Object, int[]> e : counts.entrySet()) {
            legendRow(y++, s.classColors().get(e.getKey()), String.valueOf(e.getKey()), e.getValue());
        }
        if (other[0] > 0) {
            legendRow(y, s.fill(), "other", other);
        }
        legend.revalidate();
        legend.repaint();
    }

    private void legendRow(int y, Color c, String name, int[] n) {
        GridBagConstraints g = new GridBagConstraints();
        g.gridy = y;
        g.anchor = GridBagConstraints.WEST;
        g.insets = new Insets(1, 0, 1, 6);
        JLabel swatch = new JLabel(new Swatch(List.of(c == null ? Color.GRAY : c), 14));
        swatch.setName("legend.swatch." + name);
        legend.add(swatch, g);
        g.gridx = 1;
        g.weightx = 1;
        legend.add(new JLabel(name), g);
        g.gridx = 2;
        g.weightx = 0;
        g.anchor = GridBagConstraints.EAST;
        JLabel count = new JLabel(n[1] == n[0] ? String.valueOf(n[0]) : n[1] + " of " + n[0]);
        count.setName("legend.count." + name);
        legend.add(count, g);
    }

    /**
     * A small square of a layer's colours: its fill and outline, or side-by-side stripes of its
     * class colours for a layer drawn by class.
     */
    static final class Swatch implements javax.swing.Icon {
        private final List<Color> colors;
        private final Color outline;
        private final int size;

        Swatch(List<Color> colors, int size) {
            this(colors, null, size);
        }

        Swatch(List<Color> colors, Color outline, int size) {
            this.colors = colors;
            this.outline = outline;
            this.size = size;
        }

        static Swatch of(LayerStyle s, int size) {
            if (hasClassColours(s)) {
                return new Swatch(s.classColors().values().stream().limit(4).map(c -> new Color(c.getRGB())).toList(), size);
            }
            Color fill = s.fill() == null || s.fill().getAlpha() == 0 ? Color.WHITE : s.fill();
            return new Swatch(List.of(fill), s.stroke(), size);
        }

        List<Color> colors() {
            return colors;
        }

        @Override
        public void paintIcon(Component c, java.awt.Graphics g0, int x, int y) {
            java.awt.Graphics2D g = (java.awt.Graphics2D) g0.create();
            int n = Math.max(1, colors.size());
            for (int i = 0; i < n; i++) {
                int x0 = x + i * size / n;
                int x1 = x + (i + 1) * size / n;
                g.setColor(colors.isEmpty() ? Color.GRAY : colors.get(i));
                g.fillRect(x0, y, x1 - x0, size);
            }
            g.setColor(outline != null ? outline : new Color(0x60, 0x60, 0x60));
            g.drawRect(x, y, size - 1, size - 1);
            g.dispose();
        }

        @Override
        public int getIconWidth() {
            return size;
        }

        @Override
        public int getIconHeight() {
            return size;
        }
    }

    private void restyle(VectorLayer v, LayerStyle s) {
        if (!updating) {
            v.setStyle(s);
            layers.changed(v);
        }
    }

    private JButton colorButton(String name, Color initial, String title, java.util.function.Consumer<Color> apply) {
        JButton b = new JButton("   ");
        b.setName(name);
        b.setToolTipText(title);
        b.setBackground(initial == null ? Color.WHITE : new Color(initial.getRGB()));
        b.addActionListener(e -> {
            Color c = JColorChooser.showDialog(this, title, b.getBackground());
            if (c != null) {
                b.setBackground(c);
                apply.accept(c);
            }
        });
        return b;
    }

    private void row(int y, String label, Component comp) {
        GridBagConstraints c = new GridBagConstraints();
        c.gridy = y;
        c.insets = new Insets(2, 2, 2, 2);
        c.anchor = GridBagConstraints.WEST;
        props.add(new JLabel(label), c);
        c.gridx = 1;
        c.weightx = 1;
        c.fill = GridBagConstraints.HORIZONTAL;
        props.add(comp, c);
    }

    private final class Cell extends JPanel implements ListCellRenderer<MapLayer> {
        private final JCheckBox check = new JCheckBox();
        private final JLabel label = new JLabel();
        private final JLabel warn = new JLabel();

        Cell() {
            setLayout(new BoxLayout(this, BoxLayout.X_AXIS));
            check.setOpaque(false);
            add(check);
            add(Box.createHorizontalStrut(2));
            add(label);
            add(Box.createHorizontalGlue());
            add(warn);
            setBorder(BorderFactory.createEmptyBorder(2, 2, 2, 4));
        }

        @Override
        public Component getListCellRendererComponent(JList<? extends MapLayer> l, MapLayer layer, int index,
                                                      boolean selected, boolean focus) {
            check.setSelected(layer.isVisible());
            label.setText(layer.name() + (layer instanceof VectorLayer v ? "  (" + v.data().size() + ")" : ""));
            label.setIcon(layer instanceof VectorLayer v ? Swatch.of(v.style(), 12) : null);
            label.setIconTextGap(5);
            label.setForeground(selected ? l.getSelectionForeground() : l.getForeground());
            boolean hasWarnings = !layer.warnings().isEmpty();
            warn.setIcon(hasWarnings ? scaledWarningIcon() : null);
            warn.setText(hasWarnings && warn.getIcon() == null ? "⚠" : "");
            setBackground(selected ? l.getSelectionBackground() : l.getBackground());
            setOpaque(true);
            return this;
        }
    }

    private static javax.swing.Icon warningIcon;

    private static javax.swing.Icon scaledWarningIcon() {
        if (warningIcon == null) {
            javax.swing.Icon i = UIManager.getIcon("OptionPane.warningIcon");
            if (i != null && i.getIconWidth() > 0) {
                java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(i.getIconWidth(), i.getIconHeight(),
                        java.awt.image.BufferedImage.TYPE_INT_ARGB);
                java.awt.Graphics2D g = img.createGraphics();
                i.paintIcon(null, g, 0, 0);
                g.dispose();
                warningIcon = new javax.swing.ImageIcon(img.getScaledInstance(16, 16, java.awt.Image.SCALE_SMOOTH));
            }
        }
        return warningIcon;
    }
}
