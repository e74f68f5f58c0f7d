package org.deepraster.toolbox;

import java.awt.BorderLayout;
import java.awt.Component;
import java.awt.Dimension;
import java.awt.Rectangle;
import java.awt.Window;
import java.util.List;
import javax.swing.BorderFactory;
import javax.swing.JDialog;
import javax.swing.JPanel;
import org.deepraster.plugin.LayerInfo;
import org.deepraster.plugin.LayerService;
import org.deepraster.plugin.PluginContext;
import org.deepraster.plugin.ToolDescriptor;

/**
 * The base of the toolbox's tool dialogs: a modeless dialog titled after its tool that follows the
 * map's layers ({@link #layersChanged} is called when a layer is added or removed, and stops when
 * the dialog is disposed), lays out a scrolling form over its {@link ToolRunner}'s status and
 * buttons ({@link #layOut}), and opens at the main window's right edge like a geoprocessing pane so
 * the map where results appear stays in view. A subclass builds its fields, calls {@link #layOut},
 * {@link #startFollowingLayers()} and {@link ToolRunner#update()} at the end of its constructor.
 * EDT only.
 */
public abstract class ToolDialog extends JDialog {

    protected final PluginContext context;
    private final LayerService.LayerListener layerListener = new LayerService.LayerListener() {
        @Override
        public void layerAdded(LayerInfo layer) {
            layersChanged(context.layers().layers());
        }

        @Override
        public void layerRemoved(LayerInfo layer) {
            layersChanged(context.layers().layers());
        }
    };
    private boolean following;

    protected ToolDialog(Window owner, ToolDescriptor tool, String defaultTitle, PluginContext context) {
        super(owner, tool == null ? defaultTitle : tool.name(), ModalityType.MODELESS);
        this.context = context;
    }

    /** The map's layers changed (and once when following starts); refresh the pickers. */
    protected abstract void layersChanged(List<LayerInfo> layers);

    /** The runner of this dialog (told when the dialog is disposed). */
    protected abstract ToolRunner<?, ?, ?> runner();

    /** Fills the pickers from the map's layers and keeps them up to date until {@link #dispose()}. */
    protected final void startFollowingLayers() {
        layersChanged(context.layers().layers());
        context.layers().addListener(layerListener);
        following = true;
        previewMapExtent();
    }

    /**
     * While "Use current map extent" (a check box named {@code *.extent}) is ticked and the dialog shows,
     * the map draws the outline of the extent that will be processed: what the dialog leaves in view.
     */
    private void previewMapExtent() {
        javax.swing.JCheckBox box = extentBox(getContentPane());
        if (box == null || context.map() == null) {
            return;
        }
        Runnable update = () -> context.map().showExtentPreview(this, box.isSelected() && isShowing() && box.isEnabled());
        box.addItemListener(e -> update.run());
        addComponentListener(new java.awt.event.ComponentAdapter() {
            @Override
            public void componentShown(java.awt.event.ComponentEvent e) {
                update.run();
            }

            @Override
            public void componentHidden(java.awt.event.ComponentEvent e) {
                update.run();
            }
        });
    }

    private static javax.swing.JCheckBox extentBox(java.awt.Container c) {
        for (Component child : c.getComponents()) {
            if (child instanceof javax.swing.JCheckBox b && b.getName() != null && b.getName().endsWith(".extent")) {
                return b;
            }
            if (child instanceof java.awt.Container inner) {
                javax.swing.JCheckBox found = extentBox(inner);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** The form (built with {@link FormRows}) scrolling above the runner's status and buttons. */
    protected final void layOut(JPanel form, Dimension preferred) {
        layOut((java.awt.Component) FormRows.scroll(form), preferred);
    }

    /** Any content (e.g. the form's scroll pane split with a report view) above the runner's status and buttons. */
    protected final void layOut(java.awt.Component center, Dimension preferred) {
        JPanel content = new JPanel(new BorderLayout(0, 10));
        content.setBorder(BorderFactory.createEmptyBorder(12, 14, 10, 14));
        content.add(center, BorderLayout.CENTER);
        content.add(runner().bottom(), BorderLayout.SOUTH);
        setContentPane(content);
        setPreferredSize(preferred);
        pack();
    }

    /**
     * Relative to the main window it sits at the window's right edge, like a geoprocessing pane, so
     * that the map (where the results appear) stays in view; elsewhere as usual.
     */
    @Override
    public void setLocationRelativeTo(Component c) {
        if (c instanceof Window w && w.isShowing() && w.getWidth() > getWidth() + 200) {
            Rectangle b = w.getBounds();
            Rectangle screen = w.getGraphicsConfiguration().getBounds();
            int x = Math.min(b.x + b.width - getWidth() - 8, screen.x + screen.width - getWidth());
            int y = Math.max(screen.y, Math.min(b.y + 60, screen.y + screen.height - getHeight()));
            setLocation(Math.max(screen.x, x), y);
        } else {
            super.setLocationRelativeTo(c);
        }
    }

    /**
     * Why Run cannot start yet in a dialog that takes a raster, a model and an output (the first of
     * these still missing), or null.
     */
    protected static String missingInputs(RasterPicker raster, org.deepraster.toolbox.form.ModelPanel model,
            OutputField output) {
        if (raster.selected() == null) {
            return "Choose an input raster";
        }
        if (!model.isReady()) {
            return model.picker().loaded() == null ? "Choose a model" : "The model cannot run, or an argument is not valid";
        }
        return output.isBlank() ? "Name the output" : null;
    }

    /** Runs as the Run button does. */
    public void run() {
        runner().run();
    }

    /** Cancels the run in progress, as the Cancel button does. */
    public void cancelRun() {
        runner().cancelRun();
    }

    /** Close, Escape or the close box: asks first when a run is going. */
    public void requestClose() {
        runner().requestClose();
    }

    /** Whether a run is being planned or running. */
    public boolean isRunning() {
        return runner().isRunning();
    }

    /** The summary text of the last run ("" before one ends). */
    public String summary() {
        return runner().summary();
    }

    /** The error shown ("" when none). */
    public String errorText() {
        return runner().errorText();
    }

    /** Offers Review results after a run that put a layer on the map (see {@link ToolRunner#setReviewer}). */
    public void setReviewer(ToolRunner.Reviewer reviewer) {
        runner().setReviewer(reviewer);
    }

    /** The buttons under the summary of the last run (empty before one ends). */
    public List<javax.swing.JButton> resultActions() {
        return runner().actionButtons();
    }

    @Override
    public void dispose() {
        if (context.map() != null) {
            context.map().showExtentPreview(this, false);
        }
        if (following) {
            context.layers().removeListener(layerListener);
            following = false;
        }
        if (runner() != null) {
            runner().disposed();
        }
        super.dispose();
    }
}
