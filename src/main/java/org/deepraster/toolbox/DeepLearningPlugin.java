package org.deepraster.toolbox;

import org.deepraster.tool.ToolSpec;
import org.deepraster.tool.registry.ToolRegistry;
import org.deepraster.toolbox.form.ModelPanel;

import java.util.List;
import org.deepraster.plugin.Plugin;
import org.deepraster.plugin.PluginContext;
import org.deepraster.plugin.PluginDescriptor;
import org.deepraster.plugin.ToolDescriptor;
import org.deepraster.plugin.UiService;

/**
 * The Deep Learning toolbox. On start it adds a docked "Deep Learning" panel listing the tools
 * its descriptor declares, and a "Deep Learning" menu with one item per tool; both open the
 * tool's dialog through {@link ToolDialogs}. It knows the host only through
 * {@code org.deepraster.plugin}.
 */
public final class DeepLearningPlugin implements Plugin {

    /** The docked panel's id. */
    public static final String PANEL_ID = "deep-learning.toolbox";
    /** The docked panel's title and the menu's name. */
    public static final String TITLE = "Deep Learning";
    /** The review panel's id, and its menu item. */
    public static final String REVIEW_PANEL_ID = "deep-learning.review";
    public static final String REVIEW_ITEM = "Review Results\u2026";

    private ReviewPanel review;

    private ToolDialogs dialogs;
    /** One inference engine (session cache) for every run of this plugin; closed in {@link #stop()}. */
    private org.deepraster.inference.InferenceEngine engine;

    /** The tools that run a model (Export Training Data does not). */
    static final java.util.Set<String> MODEL_TOOLS = java.util.Set.of("classify-objects", "detect-objects", "classify-pixels");

    public DeepLearningPlugin() {
        // the host creates the plugin through its descriptor
    }

    @Override
    public void start(PluginContext context) {
        PluginDescriptor descriptor = context.descriptor();
        List<ToolDescriptor> tools = descriptor.tools();
        ToolIcons icons = new ToolIcons(DeepLearningPlugin.class.getClassLoader());
        dialogs = new ToolDialogs(icons, context);
        // A tool that runs a model but has no dialog of its own (none of this descriptor's, now) still
        // lets the user pick a model and see what it is, whether it can run here, and its arguments.
        dialogs.setPreview(tool -> MODEL_TOOLS.contains(tool.id()) ? new ModelPanel() : null);
        UiService ui = context.ui();
        // after a run, Classify Objects and Detect Objects offer Review results on the run's layer
        dialogs.register(ClassifyObjectsDialog.TOOL_ID, (owner, tool, ctx) -> reviewing(
                new ClassifyObjectsDialog(owner, tool, ctx, engine()), ui));
        dialogs.register(DetectObjectsDialog.TOOL_ID, (owner, tool, ctx) -> reviewing(
                new DetectObjectsDialog(owner, tool, ctx, engine()), ui));
        dialogs.register(ClassifyPixelsDialog.TOOL_ID,
                (owner, tool, ctx) -> new ClassifyPixelsDialog(owner, tool, ctx, engine()));
        dialogs.register(NmsDialog.TOOL_ID, (owner, tool, ctx) -> new NmsDialog(owner, tool, ctx));
        dialogs.register(ExportTrainingDataDialog.TOOL_ID, ExportTrainingDataDialog::new);
        dialogs.register(AccuracyAssessmentDialog.TOOL_ID, AccuracyAssessmentDialog::new);
        // every other declared tool of this descriptor gets the dialog its declarations make
        for (ToolDescriptor tool : tools) {
            ToolSpec<?> spec = ToolRegistry.find(tool.id());
            if (spec != null && !dialogs.hasDialog(tool.id())) {
                dialogs.register(tool.id(), (owner, t, ctx) -> declared(owner, t, ctx, spec));
            }
        }
        ui.addDockedPanel(PANEL_ID, TITLE, () -> new ToolboxPanel(tools, descriptor.description(), icons,
                tool -> dialogs.open(tool, ui.mainWindow())));
        for (ToolDescriptor tool : tools) {
            ui.addMenuItem(TITLE, tool.name(), tool.icon(), () -> dialogs.open(tool, ui.mainWindow()));
        }
        ui.addDockedPanel(REVIEW_PANEL_ID, "Review", () -> review = new ReviewPanel(context));
        ui.addMenuItem(TITLE, REVIEW_ITEM, ToolIcons.TOOLBOX_ICON, () -> openReview(ui));
    }

    private static <P> DeclaredToolDialog<P> declared(java.awt.Window owner, ToolDescriptor tool, PluginContext context,
            ToolSpec<P> spec) {
        return new DeclaredToolDialog<>(owner, tool, context, spec);
    }

    /**
     * Shows the review panel with the topmost results layer (the hook a tool dialog can call when
     * its run has finished); on the EDT.
     */
    public void openReview(UiService ui) {
        ui.showDockedPanel(REVIEW_PANEL_ID);
        if (review != null && review.layer() == null) {
            review.reviewTopResults();
        }
    }

    /**
     * Shows the review panel reviewing {@code layer} (a run's results); {@code shown} gets the layer
     * reviewed once it is ready (a streamed layer is replaced by the file's features). On the EDT.
     */
    public void openReview(UiService ui, org.deepraster.plugin.LayerInfo layer,
                           java.util.function.Consumer<org.deepraster.plugin.LayerInfo> shown) {
        ui.showDockedPanel(REVIEW_PANEL_ID);
        if (review != null && review.layer() != layer) {
            review.review(layer, shown);
        }
    }

    private ToolDialog reviewing(ToolDialog dialog, UiService ui) {
        dialog.setReviewer((layer, replacedBy) -> openReview(ui, layer, replacedBy));
        return dialog;
    }

    /** The review panel, once the host has built it. */
    public ReviewPanel reviewPanel() {
        return review;
    }

    /** The dialogs of this plugin's tools, where later issues register the real ones. */
    public ToolDialogs dialogs() {
        return dialogs;
    }

    /** The plugin's inference engine, created on first use. */
    synchronized org.deepraster.inference.InferenceEngine engine() {
        if (engine == null) {
            engine = new org.deepraster.inference.InferenceEngine();
        }
        return engine;
    }

    @Override
    public void stop() {
        if (dialogs != null) {
            dialogs.closeAll();
        }
        if (review != null) {
            ReviewPanel r = review;
            review = null;
            javax.swing.SwingUtilities.invokeLater(r::dispose);
        }
        synchronized (this) {
            if (engine != null) {
                engine.close();
                engine = null;
            }
        }
    }
}
