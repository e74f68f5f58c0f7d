package org.deepraster.toolbox;

import com.formdev.flatlaf.extras.FlatSVGIcon;
import javax.swing.Icon;
import org.deepraster.plugin.ToolDescriptor;

/**
 * Loads the SVG icons a descriptor names (resource paths relative to the plugin's classpath
 * root) with FlatLaf's {@link FlatSVGIcon}; a tool whose icon is missing gets the toolbox icon.
 */
public final class ToolIcons {

    /** The toolbox icon, shown for the panel and for tools without an icon of their own. */
    public static final String TOOLBOX_ICON = "org/deepraster/icons/toolbox.svg";

    private final ClassLoader loader;

    /** @param loader the plugin's class loader, which resolves its resource paths */
    public ToolIcons(ClassLoader loader) {
        this.loader = loader;
    }

    /** Whether the resource exists. */
    public boolean exists(String resource) {
        return resource != null && loader.getResource(strip(resource)) != null;
    }

    /** The tool's icon at {@code size} x {@code size} pixels (before HiDPI scaling). */
    public Icon forTool(ToolDescriptor tool, int size) {
        return load(exists(tool.icon()) ? tool.icon() : TOOLBOX_ICON, size);
    }

    /** The toolbox icon at {@code size} x {@code size} pixels. */
    public Icon toolbox(int size) {
        return load(TOOLBOX_ICON, size);
    }

    /** An SVG resource at {@code size} x {@code size} pixels. */
    public FlatSVGIcon load(String resource, int size) {
        return new FlatSVGIcon(strip(resource), size, size, loader);
    }

    private static String strip(String resource) {
        return resource.startsWith("/") ? resource.substring(1) : resource;
    }
}
