package org.deepraster.toolbox;

import java.awt.Window;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import javax.swing.JDialog;
import org.deepraster.plugin.PluginContext;
import org.deepraster.plugin.ToolDescriptor;

/**
 * Maps tool ids to the factories of their dialogs and opens them. A tool without a registered
 * dialog opens an {@link UnavailableToolDialog} that says so. A tool's dialog that is already
 * showing is brought to the front instead of opening a second one. Use on the EDT only.
 *
 * <p>Every dialog opened here is named {@code "toolbox.tool." + toolId} for GUI tests.
 */
public final class ToolDialogs {

    private final Map<String, ToolDialogFactory> factories = new HashMap<>();
    private final Map<String, JDialog> open = new HashMap<>();
    private final ToolIcons icons;
    private final PluginContext context;
    private java.util.function.Function<ToolDescriptor, javax.swing.JComponent> preview = tool -> null;

    public ToolDialogs(ToolIcons icons, PluginContext context) {
        this.icons = Objects.requireNonNull(icons);
        this.context = context;
    }

    /** Registers (or replaces) the dialog of a tool. */
    public void register(String toolId, ToolDialogFactory factory) {
        factories.put(Objects.requireNonNull(toolId), Objects.requireNonNull(factory));
    }

    /**
     * What a tool without a real dialog shows below its "not available yet" message (e.g. the
     * model panel, so that a model can already be inspected); the function may return null.
     */
    public void setPreview(java.util.function.Function<ToolDescriptor, javax.swing.JComponent> preview) {
        this.preview = Objects.requireNonNull(preview);
    }

    /** Whether a real dialog is registered for this tool. */
    public boolean hasDialog(String toolId) {
        return factories.containsKey(toolId);
    }

    /** The name a tool's dialog gets. */
    public static String dialogName(String toolId) {
        return "toolbox.tool." + toolId;
    }

    /** Opens (or brings to front) the dialog of a tool and returns it. */
    public JDialog open(ToolDescriptor tool, Window owner) {
        JDialog existing = open.get(tool.id());
        if (existing != null && existing.isDisplayable()) {
            existing.setVisible(true);
            existing.toFront();
            return existing;
        }
        ToolDialogFactory factory = factories.get(tool.id());
        JDialog dialog = factory != null
                ? factory.create(owner, tool, context)
                : new UnavailableToolDialog(owner, tool, icons.forTool(tool, 32), preview.apply(tool));
        dialog.setName(dialogName(tool.id()));
        open.put(tool.id(), dialog);
        dialog.setLocationRelativeTo(owner);
        dialog.setVisible(true);
        return dialog;
    }

    /** Closes every dialog opened here (when the plugin stops). */
    public void closeAll() {
        for (JDialog d : open.values()) {
            d.dispose();
        }
        open.clear();
    }
}
