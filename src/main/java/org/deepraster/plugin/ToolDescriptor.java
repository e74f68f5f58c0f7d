package org.deepraster.plugin;

/**
 * A tool a plugin contributes: its id (unique within the plugin), display name, icon (an SVG
 * resource path relative to the plugin's classpath root, e.g. {@code org/deepraster/icons/classify.svg}),
 * category (the group it is listed under) and a one-line description.
 */
public record ToolDescriptor(String id, String name, String icon, String category, String description) {
}
