package org.deepraster.plugin.testplugins;

import org.deepraster.plugin.Plugin;
import org.deepraster.plugin.PluginContext;

public class SecondPlugin implements Plugin {
    @Override
    public void start(PluginContext context) {
        Events.LOG.add("start:second");
    }

    @Override
    public void stop() {
        Events.LOG.add("stop:second");
    }
}
