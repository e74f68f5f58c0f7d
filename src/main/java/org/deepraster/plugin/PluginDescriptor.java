package org.deepraster.plugin;

import java.util.List;

/**
 * What a {@code plugin-descriptor.xml} declares. {@code source} says where it was found (a jar,
 * a file), for messages.
 */
public record PluginDescriptor(String id, String name, String version, String minHostVersion,
                               String entryClass, String description, List<ToolDescriptor> tools,
                               String source) {
    public PluginDescriptor {
        tools = List.copyOf(tools);
    }
}
