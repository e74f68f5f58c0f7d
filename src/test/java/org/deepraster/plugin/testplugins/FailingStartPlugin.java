package org.deepraster.plugin.testplugins;

import org.deepraster.plugin.Plugin;
import org.deepraster.plugin.PluginContext;

public class FailingStartPlugin implements Plugin {
    @Override
    public void start(PluginContext context) {
        Events.LOG.add("start:failing");
        throw new IllegalStateException("cannot find its model folder");
    }

    @Override
    public void stop() {
        Events.LOG.add("stop:failing"); // must never happen: it did not start
    }
}
