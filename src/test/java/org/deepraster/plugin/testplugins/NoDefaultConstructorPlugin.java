package org.deepraster.plugin.testplugins;

import org.deepraster.plugin.Plugin;
import org.deepraster.plugin.PluginContext;

public class NoDefaultConstructorPlugin implements Plugin {
    public NoDefaultConstructorPlugin(String arg) {
    }

    @Override
    public void start(PluginContext context) {
    }
}
