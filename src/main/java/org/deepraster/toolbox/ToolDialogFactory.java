package org.deepraster.toolbox;

import java.awt.Window;
import javax.swing.JDialog;
import org.deepraster.plugin.PluginContext;
import org.deepraster.plugin.ToolDescriptor;

/** Makes a tool's dialog; called on the EDT. */
@FunctionalInterface
public interface ToolDialogFactory {

    /**
     * @param owner   the window owning the dialog (may be null)
     * @param tool    the tool as its descriptor declares it
     * @param context the host, for layers, tasks and messages (may be null in previews)
     */
    JDialog create(Window owner, ToolDescriptor tool, PluginContext context);
}
