package org.deepraster.plugin.testplugins;

import org.deepraster.plugin.Plugin;
import org.deepraster.plugin.PluginContext;

public class FailingStopPlugin implements Plugin {
    @Override
    public void start(PluginContext context) {
        Events.LOG.add("start:failstop");
    }

    @Override
    public void stop() {
        Events.LOG.add("stop:failstop");
        throw new IllegalStateException("stop went wrong");
    }
}
