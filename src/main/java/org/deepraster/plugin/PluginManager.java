package org.deepraster.plugin;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * Finds plugin descriptors ({@code META-INF/deepraster/plugin-descriptor.xml} on the classpath,
 * and jars or folders in a {@code plugins} directory), validates them, and starts and stops the
 * plugins. A bad descriptor or a plugin that fails to start is reported in {@link #problems()};
 * it never stops the host.
 */
public final class PluginManager {

    /** Discovers (but does not start) plugins. {@code pluginsDir} may be null or missing. */
    public static PluginManager discover(ClassLoader parent, Path pluginsDir, String hostVersion) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** The valid descriptors found. */
    public List<PluginDescriptor> descriptors() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * Starts every valid plugin with the context the host makes for it; call on the EDT. A
     * plugin that throws is reported in {@link #problems()} and skipped.
     */
    public void startAll(Function<PluginDescriptor, PluginContext> contextFactory) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Stops the started plugins in reverse order; call on the EDT. */
    public void stopAll() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Messages for the user about descriptors that were refused or plugins that failed. */
    public List<String> problems() {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
