package org.deepraster.plugin;

import java.awt.Component;
import java.awt.Window;
import java.util.function.Supplier;

/**
 * Places in the host window where a plugin adds itself. Must be called on the EDT. This
 * contract uses AWT types only, so that the package stays free of Swing; plugins may build
 * Swing components.
 */
public interface UiService {

    /** The main window, as the owner of a plugin's dialogs. */
    Window mainWindow();

    /**
     * Adds a menu item: {@code menuPath} is the menu's name (created if missing, e.g.
     * "Deep Learning"), {@code name} the item's label; {@code action} runs on the EDT.
     */
    void addMenuItem(String menuPath, String name, String iconResource, Runnable action);

    /** Adds a docked panel (a tab in the side dock) made by the factory on the EDT. */
    void addDockedPanel(String id, String title, Supplier<Component> factory);

    /** Shows the docked panel with this id. */
    void showDockedPanel(String id);
}
