package org.deepraster.plugin;

/**
 * A plugin's entry class (named in its {@code plugin-descriptor.xml}); it needs a public no-argument
 * constructor. The host calls {@link #start} on the EDT once, after the main window exists, and
 * {@link #stop} on the EDT when the viewer closes or the plugin is unloaded.
 */
public interface Plugin {

    void start(PluginContext context) throws Exception;

    default void stop() throws Exception {
    }
}
