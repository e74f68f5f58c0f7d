/**
 * The contract between the host (the viewer) and its plugins, and the loader of plugins.
 *
 * <p>A plugin is a jar (or classpath root) holding {@code META-INF/deepraster/plugin-descriptor.xml}
 * (format: {@link org.deepraster.plugin.PluginDescriptorReader}) and an entry class implementing
 * {@link org.deepraster.plugin.Plugin}. {@link org.deepraster.plugin.PluginManager} finds, checks,
 * starts and stops plugins; the host gives each one a {@link org.deepraster.plugin.PluginContext}.
 * This package uses no Swing: the host and plugins may, behind these interfaces.
 */
package org.deepraster.plugin;
