package org.deepraster.plugin.testplugins;

import org.deepraster.plugin.Plugin;
import org.deepraster.plugin.PluginContext;

public class ThrowingConstructorPlugin implements Plugin {
    public ThrowingConstructorPlugin() {
        throw new IllegalStateException("constructor exploded");
    }

    @Override
    public void start(PluginContext context) {
    }
}
