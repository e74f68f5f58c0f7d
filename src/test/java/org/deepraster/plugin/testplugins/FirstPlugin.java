package org.deepraster.plugin.testplugins;

import org.deepraster.plugin.Plugin;
import org.deepraster.plugin.PluginContext;

public class FirstPlugin implements Plugin {
    @Override
    public void start(PluginContext context) {
        Events.LOG.add("start:first:" + context.descriptor().id());
    }

    @Override
    public void stop() {
        Events.LOG.add("stop:first");
    }
}
