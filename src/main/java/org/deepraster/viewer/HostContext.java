package org.deepraster.viewer;

import org.deepraster.plugin.LayerService;
import org.deepraster.plugin.MapService;
import org.deepraster.plugin.Notifier;
import org.deepraster.plugin.PluginContext;
import org.deepraster.plugin.PluginDescriptor;
import org.deepraster.plugin.SelectionService;
import org.deepraster.plugin.TaskService;
import org.deepraster.plugin.UiService;

/**
 * What the viewer gives one plugin: the shared host services and the plugin's own descriptor.
 * Messages from the plugin are prefixed with its name.
 */
public final class HostContext implements PluginContext {
    private final HostInfo host;
    private final PluginDescriptor descriptor;
    private final LayerService layers;
    private final MapService map;
    private final SelectionService selection;
    private final TaskService tasks;
    private final Notifier notifier;
    private final UiService ui;

    HostContext(HostInfo host, PluginDescriptor descriptor, LayerService layers, MapService map,
                SelectionService selection, TaskService tasks, Notifier notifier, UiService ui) {
        this.host = host;
        this.descriptor = descriptor;
        this.layers = layers;
        this.map = map;
        this.selection = selection;
        this.tasks = tasks;
        String prefix = descriptor == null || descriptor.name() == null ? "" : descriptor.name() + ": ";
        this.notifier = new Notifier() {
            @Override
            public void info(String message) {
                notifier.info(prefix + message);
            }

            @Override
            public void warning(String message) {
                notifier.warning(prefix + message);
            }

            @Override
            public void error(String message, Throwable cause) {
                notifier.error(prefix + message, cause);
            }
        };
        this.ui = ui;
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
        return layers;
    }

    @Override
    public MapService map() {
        return map;
    }

    @Override
    public SelectionService selection() {
        return selection;
    }

    @Override
    public TaskService tasks() {
        return tasks;
    }

    @Override
    public Notifier notifications() {
        return notifier;
    }

    @Override
    public UiService ui() {
        return ui;
    }
}
