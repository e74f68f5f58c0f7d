package org.deepraster.viewer;

import java.awt.Color;
import java.awt.GridBagConstraints;
import java.awt.GridBagLayout;
import java.awt.Insets;
import java.util.List;
import javax.swing.JCheckBox;
import javax.swing.JLabel;
import javax.swing.JPanel;

/**
 * The legend of a classified raster in the layer panel: for each class a check box (clear it to hide
 * the class on the map), its colour, its name and its pixel count ("…" while counting, "≈" when
 * estimated from a reduced read). EDT only.
 */
final class RasterLegend extends JPanel {
    private final RasterLayer layer;
    private final RasterClasses classes;
    private final LayerManager layers;

    RasterLegend(RasterLayer layer, RasterClasses classes, LayerManager layers) {
        super(new GridBagLayout());
        this.layer = layer;
        this.classes = classes;
        this.layers = layers;
        setName("layer.rasterLegend");
        refresh();
    }

    /** Rebuilds the rows (counts arrived, classes shown or hidden). */
    void refresh() {
        removeAll();
        RasterClasses.Counts counts = classes.counts();
        List<RasterClasses.Entry> shown = classes.shown();
        int y = 0;
        for (RasterClasses.Entry e : shown) {
            GridBagConstraints g = new GridBagConstraints();
            g.gridy = y++;
            g.anchor = GridBagConstraints.WEST;
            g.insets = new Insets(0, 0, 0, 4);
            JCheckBox visible = new JCheckBox();
            visible.setName("legend.class." + e.name());
            visible.setSelected(!classes.isHidden(e.value()));
            visible.setToolTipText("Show or hide " + e.name() + " (value " + e.value() + ") on the map");
            visible.addActionListener(a -> {
                classes.setHidden(e.value(), !visible.isSelected());
                layers.changed(layer);
            });
            add(visible, g);
            g.gridx = 1;
            JLabel swatch = new JLabel(new LayerListPanel.Swatch(List.of(new Color(e.rgb())), 14));
            swatch.setName("legend.swatch." + e.name());
            add(swatch, g);
            g.gridx = 2;
            g.weightx = 1;
            add(new JLabel(e.name()), g);
            g.gridx = 3;
            g.weightx = 0;
            g.anchor = GridBagConstraints.EAST;
            JLabel count = new JLabel(counts == null ? "…" : (counts.exact() ? "" : "≈ ")
                    + String.format("%,d", counts.of(e.value())));
            count.setName("legend.count." + e.name());
            add(count, g);
        }
        if (shown.isEmpty()) {
            add(new JLabel(counts == null ? "Counting the classes…" : "No class pixels."));
        }
        revalidate();
        repaint();
    }
}
