package org.deepraster.plugin;

/**
 * What the host gives a plugin. Everything here may be called from any thread unless the method
 * says otherwise; listeners are called on the EDT.
 */
public interface PluginContext {

    /** The host's name and version. */
    HostInfo host();

    /** The descriptor this plugin was loaded from. */
    PluginDescriptor descriptor();

    LayerService layers();

    MapService map();

    SelectionService selection();

    TaskService tasks();

    Notifier notifications();

    UiService ui();

    record HostInfo(String name, String version) {
    }
}
