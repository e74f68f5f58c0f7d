package org.deepraster.toolbox;

import java.awt.GridBagLayout;
import java.util.List;
import java.util.function.Supplier;
import javax.swing.BorderFactory;
import javax.swing.JButton;
import javax.swing.JCheckBox;
import javax.swing.JComboBox;
import javax.swing.JComponent;
import javax.swing.JPanel;
import javax.swing.JSpinner;
import javax.swing.SpinnerNumberModel;
import org.deepraster.feature.FeatureCollection;
import org.deepraster.plugin.MapService;
import org.deepraster.tool.Environments;
import org.deepraster.tool.ProcessingExtent;
import org.deepraster.util.UserException;
import org.locationtech.jts.geom.Envelope;

/**
 * The geoprocessing environments of a tool dialog: the "Use current map extent" checkbox, and a
 * folding "Environments" section (processor type, GPU id, parallel processing factor, retries). The
 * dialog places {@link #extentBox()}, {@link #toggle()} and {@link #section()} in its form and asks
 * {@link #environments} for the record the command line builds ({@code tool.EnvironmentParameters}).
 * A tool without a model ({@link #EnvironmentsPanel(String, String, boolean)} with {@code processor}
 * false) has no processor rows. Component names: {@code <prefix>.extent}, {@code .environments},
 * {@code .processor}, {@code .gpuId}, {@code .parallel}, {@code .retries}. EDT only.
 */
public final class EnvironmentsPanel {
    /** The declared environments this panel (with the dialog's mask picker) shows. */
    public static final java.util.Set<String> SHOWN = java.util.Set.of(
            org.deepraster.tool.EnvironmentParameters.EXTENT, org.deepraster.tool.EnvironmentParameters.MASK,
            org.deepraster.tool.EnvironmentParameters.PROCESSOR, org.deepraster.tool.EnvironmentParameters.GPU_ID,
            org.deepraster.tool.EnvironmentParameters.PARALLEL, org.deepraster.tool.EnvironmentParameters.RETRIES);

    private final JCheckBox extent = new JCheckBox("Use current map extent");
    private final JButton toggle = new JButton("▸ Environments");
    private final JPanel section = new JPanel(new GridBagLayout());
    private final JComboBox<Environments.Processor> processor = new JComboBox<>(Environments.Processor.values());
    private final JSpinner gpuId = new JSpinner(new SpinnerNumberModel(0, 0, 64, 1));
    private final JSpinner parallel = new JSpinner(new SpinnerNumberModel(0, 0, 256, 1));
    private final JSpinner retries = new JSpinner(new SpinnerNumberModel(1, 0, 20, 1));
    private final List<Runnable> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public EnvironmentsPanel(String prefix, String extentTip) {
        this(prefix, extentTip, true);
    }

    /** @param withProcessor whether the processor type and GPU id are shown (tools that run a model) */
    public EnvironmentsPanel(String prefix, String extentTip, boolean withProcessor) {
        extent.setName(prefix + ".extent");
        extent.setToolTipText(extentTip);
        toggle.setName(prefix + ".environments");
        toggle.setToolTipText(withProcessor ? "Processor, parallel processing factor, retries"
                : "Parallel processing factor, retries");
        toggle.putClientProperty("JButton.buttonType", "borderless");
        processor.setName(prefix + ".processor");
        gpuId.setName(prefix + ".gpuId");
        parallel.setName(prefix + ".parallel");
        parallel.setToolTipText("Threads reading the raster; 0 = half the cores");
        retries.setName(prefix + ".retries");
        processor.addActionListener(e -> {
            gpuId.setEnabled(processor.getSelectedItem() == Environments.Processor.GPU);
            changed();
        });
        gpuId.setEnabled(false);
        for (JSpinner s : List.of(gpuId, parallel, retries)) {
            s.addChangeListener(e -> changed());
        }
        extent.addItemListener(e -> changed());
        toggle.addActionListener(e -> {
            boolean show = !section.isVisible();
            section.setVisible(show);
            toggle.setText(show ? "▾ Environments" : "▸ Environments");
            section.revalidate();
        });
        FormRows er = new FormRows(section);
        if (withProcessor) {
            er.pair("Processor type", processor);
            er.pair("GPU id", gpuId);
        }
        er.pair("Parallel processing factor", parallel);
        er.pair("Retries on failure", retries);
        section.setBorder(BorderFactory.createEmptyBorder(0, 16, 0, 0));
        section.setVisible(false);
    }

    private void changed() {
        listeners.forEach(Runnable::run);
    }

    /** Called when any of the values changes (e.g. to update a command-line preview). */
    public void addChangeListener(Runnable r) {
        listeners.add(r);
    }

    public JCheckBox extentBox() {
        return extent;
    }

    /** Adds the Environments toggle and its (collapsed) section to a form, as full-width rows. */
    public void addSection(FormRows rows) {
        rows.full(toggle, 0);
        rows.full(section, 0);
    }

    public JButton toggle() {
        return toggle;
    }

    public JComponent section() {
        return section;
    }

    public void setEnabled(boolean enabled) {
        for (JComponent c : List.of(extent, processor, parallel, retries)) {
            c.setEnabled(enabled);
        }
        gpuId.setEnabled(enabled && processor.getSelectedItem() == Environments.Processor.GPU);
    }

    /**
     * The environments: the map's visible extent when the box is ticked, else the union of the
     * {@code mask} polygons when a mask is chosen ({@code mask} not null; it is asked for the layer
     * only then, and may give null to leave the mask out, e.g. for a quick preview), else everything. A {@link UserException} when the map shows
     * nothing or both an extent and a mask are asked for (as the command line refuses both).
     */
    public Environments environments(MapService map, Supplier<FeatureCollection> mask) {
        ProcessingExtent pe = ProcessingExtent.WHOLE;
        if (extent.isSelected()) {
            if (mask != null) {
                throw new UserException("Use either the current map extent or a mask, not both.",
                        "Untick Use current map extent, or set the mask to None.");
            }
            Envelope visible = map.visibleExtent();
            if (visible == null || visible.isNull() || visible.getWidth() <= 0 || visible.getHeight() <= 0) {
                throw new UserException("The map shows no extent yet.", "Open a layer, or untick Use current map extent.");
            }
            pe = new ProcessingExtent.Box(new Envelope(visible), map.crs());
        } else if (mask != null && mask.get() != null) {
            pe = ProcessingExtent.maskOf(mask.get());
        }
        return new Environments(pe, null, (Environments.Processor) processor.getSelectedItem(), (Integer) gpuId.getValue(),
                (Integer) parallel.getValue(), (Integer) retries.getValue());
    }
}
