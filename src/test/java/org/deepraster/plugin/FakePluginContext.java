package org.deepraster.plugin;

import java.awt.Component;
import java.awt.Window;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A {@link PluginContext} for tests: records the menu items, docked panels and messages a plugin
 * adds. The map, layer, selection and task services are not offered (they throw) unless a test
 * sets {@link #layerService}, {@link #mapService} or {@link #taskService}, so a test fails loudly if
 * a plugin uses them unexpectedly.
 */
public final class FakePluginContext implements PluginContext {

    public record MenuItem(String menu, String name, String icon, Runnable action) {
    }

    public record Panel(String id, String title, Supplier<Component> factory) {
    }

    public final List<MenuItem> menuItems = new ArrayList<>();
    public final List<Panel> panels = new ArrayList<>();
    public final List<String> shownPanels = new ArrayList<>();
    public final List<String> messages = new ArrayList<>();
    public Window mainWindow;
    /** Offered when set (e.g. a {@link TestHost}). */
    public LayerService layerService;
    public MapService mapService;
    public TaskService taskService;

    private final PluginDescriptor descriptor;
    private final HostInfo host;

    public FakePluginContext(PluginDescriptor descriptor) {
        this(descriptor, new HostInfo("DeepRaster", "0.1.0-SNAPSHOT"));
    }

    public FakePluginContext(PluginDescriptor descriptor, HostInfo host) {
        this.descriptor = descriptor;
        this.host = host;
    }

    @Override
    public HostInfo host() {
        return host;
    }

    @Override
    public PluginDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public LayerService layers() {
        if (layerService != null) {
            return layerService;
        }
        throw new UnsupportedOperationException("layers are not offered by this test context");
    }

    @Override
    public MapService map() {
        if (mapService != null) {
            return mapService;
        }
        throw new UnsupportedOperationException("the map is not offered by this test context");
    }

    @Override
    public SelectionService selection() {
        throw new UnsupportedOperationException("selection is not offered by this test context");
    }

    @Override
    public TaskService tasks() {
        if (taskService != null) {
            return taskService;
        }
        throw new UnsupportedOperationException("tasks are not offered by this test context");
    }

    @Override
    public Notifier notifications() {
        return new Notifier() {
            @Override
            public void info(String message) {
                messages.add("info: " + message);
            }

            @Override
            public void warning(String message) {
                messages.add("warning: " + message);
            }

            @Override
            public void error(String message, Throwable cause) {
                messages.add("error: " + message);
            }
        };
    }

    @Override
    public UiService ui() {
        return new UiService() {
            @Override
            public Window mainWindow() {
                return mainWindow;
            }

            @Override
            public void addMenuItem(String menuPath, String name, String iconResource, Runnable action) {
                menuItems.add(new MenuItem(menuPath, name, iconResource, action));
            }

            @Override
            public void addDockedPanel(String id, String title, Supplier<Component> factory) {
                panels.add(new Panel(id, title, factory));
            }

            @Override
            public void showDockedPanel(String id) {
                shownPanels.add(id);
            }
        };
    }
}
