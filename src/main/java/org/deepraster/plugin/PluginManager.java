package org.deepraster.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Finds plugin descriptors ({@code META-INF/deepraster/plugin-descriptor.xml} on the classpath,
 * and jars or folders in a {@code plugins} directory), validates them, and starts and stops the
 * plugins. A bad descriptor or a plugin that fails to start is reported in {@link #problems()};
 * it never stops the host.
 *
 * <p>Discovery order: descriptors on the parent class loader's classpath (in the order
 * {@link ClassLoader#getResources} gives), then the {@code plugins} directory's entries sorted by
 * file name. Each {@code *.jar} there, and each sub-folder holding
 * {@code META-INF/deepraster/plugin-descriptor.xml} (or {@code plugin-descriptor.xml} at its top),
 * gets its own {@link URLClassLoader}, a child of the given parent; the folder or jar is that
 * plugin's classpath root. When two descriptors declare the same plugin id, the first one found
 * wins and the other is refused.
 *
 * <p>The descriptor format is described in {@link PluginDescriptorReader}. Not thread-safe:
 * {@link #startAll} and {@link #stopAll} are meant to be called on the EDT.
 */
public final class PluginManager {
    private static final java.util.logging.Logger LOG = org.deepraster.util.Log.logger(PluginManager.class);

    /** Where a plugin's descriptor lies inside its jar or classpath root. */
    public static final String DESCRIPTOR_RESOURCE = "META-INF/deepraster/plugin-descriptor.xml";

    private static final String WARNING = "Warning: ";

    private final String hostVersion;
    private final List<Found> valid = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final List<Started> started = new ArrayList<>();
    private final Set<PluginDescriptor> attempted = new HashSet<>();

    private record Found(PluginDescriptor descriptor, ClassLoader loader) {
    }

    private record Started(PluginDescriptor descriptor, Plugin plugin) {
    }

    private PluginManager(String hostVersion) {
        this.hostVersion = hostVersion;
    }

    /** Discovers (but does not start) plugins. {@code pluginsDir} may be null or missing. */
    public static PluginManager discover(ClassLoader parent, Path pluginsDir, String hostVersion) {
        Objects.requireNonNull(parent, "parent");
        PluginManager manager = new PluginManager(hostVersion);
        if (hostVersion == null || !Versions.isValid(hostVersion)) {
            manager.problems.add("The host version '" + hostVersion + "' is not a version; "
                    + "min-host-version of plugins is not checked.");
        }
        manager.discoverClasspath(parent);
        if (pluginsDir != null) {
            manager.discoverDirectory(parent, pluginsDir);
        }
        return manager;
    }

    /** The valid descriptors found. */
    public List<PluginDescriptor> descriptors() {
        return valid.stream().map(Found::descriptor).toList();
    }

    /**
     * The class loader of a valid plugin (its own for a jar or folder in the plugins directory,
     * the parent for one on the classpath), e.g. to load resources named in its descriptor.
     */
    public ClassLoader classLoader(PluginDescriptor descriptor) {
        return valid.stream().filter(f -> f.descriptor().equals(descriptor)).findFirst()
                .map(Found::loader)
                .orElseThrow(() -> new IllegalArgumentException("unknown plugin " + descriptor.id()));
    }

    /** The descriptors of the plugins started and not stopped, in start order. */
    public List<PluginDescriptor> started() {
        return started.stream().map(Started::descriptor).toList();
    }

    /**
     * Starts every valid plugin with the context the host makes for it; call on the EDT. A
     * plugin that throws is reported in {@link #problems()} and skipped. Each plugin is tried once:
     * calling this again does not restart or retry any.
     */
    public void startAll(Function<PluginDescriptor, PluginContext> contextFactory) {
        for (Found found : valid) {
            PluginDescriptor d = found.descriptor();
            if (!attempted.add(d)) {
                continue; // started, or failed, once already
            }
            Plugin plugin;
            try {
                plugin = instantiate(found);
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                Throwable cause = e instanceof InvocationTargetException ite && ite.getCause() != null
                        ? ite.getCause() : e;
                problem("Plugin '" + d.name() + "' (" + d.id() + ") from " + d.source()
                        + " could not be created: " + describe(cause), cause);
                continue;
            }
            try {
                PluginContext context = contextFactory.apply(d);
                plugin.start(context);
                started.add(new Started(d, plugin));
            } catch (Exception | LinkageError | AssertionError e) {
                problem("Plugin '" + d.name() + "' (" + d.id() + ") from " + d.source()
                        + " failed to start and is skipped: " + describe(e), e);
            }
        }
    }

    /** Stops the started plugins in reverse order; call on the EDT. */
    public void stopAll() {
        for (int i = started.size() - 1; i >= 0; i--) {
            Started s = started.get(i);
            try {
                s.plugin().stop();
            } catch (Exception | LinkageError | AssertionError e) {
                problem("Plugin '" + s.descriptor().name() + "' (" + s.descriptor().id()
                        + ") failed to stop: " + describe(e), e);
            }
        }
        started.clear();
    }

    /**
     * Messages for the user about descriptors that were refused or plugins that failed, in the
     * order they happened. Warnings that did not refuse a plugin (e.g. a missing icon) start
     * with {@code "Warning: "}.
     */
    public List<String> problems() {
        return Collections.unmodifiableList(new ArrayList<>(problems));
    }

    // ---- discovery ----

    private void discoverClasspath(ClassLoader parent) {
        Set<String> seen = new LinkedHashSet<>();
        Enumeration<URL> urls;
        try {
            urls = parent.getResources(DESCRIPTOR_RESOURCE);
        } catch (IOException e) {
            problems.add("Cannot list plugin descriptors on the classpath: " + e.getMessage());
            return;
        }
        while (urls.hasMoreElements()) {
            URL url = urls.nextElement();
            if (!seen.add(url.toString())) {
                continue;
            }
            try (InputStream in = url.openStream()) {
                accept(in, url.toString(), parent);
            } catch (IOException e) {
                problems.add("Plugin descriptor " + url + " cannot be read: " + e.getMessage());
            }
        }
    }

    private void discoverDirectory(ClassLoader parent, Path dir) {
        if (!Files.isDirectory(dir)) {
            return; // no plugins directory: nothing to load, nothing wrong
        }
        List<Path> entries;
        try (Stream<Path> list = Files.list(dir)) {
            entries = list.sorted().toList();
        } catch (IOException e) {
            problems.add("Cannot list the plugins directory " + dir + ": " + e.getMessage());
            return;
        }
        for (Path entry : entries) {
            String fileName = entry.getFileName().toString();
            if (Files.isRegularFile(entry) && fileName.toLowerCase().endsWith(".jar")) {
                loadRoot(parent, entry, entry.toString());
            } else if (Files.isDirectory(entry)) {
                if (Files.isRegularFile(entry.resolve(DESCRIPTOR_RESOURCE))
                        || Files.isRegularFile(entry.resolve("plugin-descriptor.xml"))) {
                    loadRoot(parent, entry, entry.toString());
                } else {
                    problems.add(WARNING + "Folder " + entry + " in the plugins directory has no "
                            + DESCRIPTOR_RESOURCE + " and is ignored.");
                }
            }
        }
    }

    private void loadRoot(ClassLoader parent, Path root, String source) {
        URLClassLoader loader;
        try {
            loader = new URLClassLoader("plugin:" + root.getFileName(), new URL[] {root.toUri().toURL()}, parent);
        } catch (IOException e) {
            problems.add("Plugin " + source + " cannot be opened: " + e.getMessage());
            return;
        }
        URL url = loader.findResource(DESCRIPTOR_RESOURCE); // this root only, not the parent's
        if (url == null && Files.isDirectory(root)) {
            url = loader.findResource("plugin-descriptor.xml");
        }
        if (url == null) {
            problems.add("Plugin " + source + " holds no " + DESCRIPTOR_RESOURCE + " and is ignored.");
            close(loader);
            return;
        }
        boolean accepted = false;
        try (InputStream in = url.openStream()) {
            accepted = accept(in, source, loader);
        } catch (IOException e) {
            problems.add("Plugin descriptor in " + source + " cannot be read: " + e.getMessage());
        }
        if (!accepted) {
            close(loader);
        }
    }

    /** Reads and checks one descriptor; returns whether it was accepted. */
    private boolean accept(InputStream in, String source, ClassLoader loader) {
        PluginDescriptorReader.Result result;
        try {
            result = PluginDescriptorReader.read(in, source);
        } catch (InvalidDescriptorException e) {
            problems.add(e.getMessage());
            return false;
        }
        PluginDescriptor d = result.descriptor();
        for (String w : result.warnings()) {
            problems.add(WARNING + "plugin descriptor " + source + ": " + w);
        }
        List<String> errors = new ArrayList<>();
        if (d.minHostVersion() != null && Versions.isValid(hostVersion)
                && !Versions.satisfies(hostVersion, d.minHostVersion())) {
            errors.add("it needs DeepRaster " + d.minHostVersion() + " or newer, this is " + hostVersion);
        }
        valid.stream().filter(f -> f.descriptor().id().equals(d.id())).findFirst().ifPresent(first ->
                errors.add("duplicate plugin id '" + d.id() + "', already loaded from "
                        + first.descriptor().source()));
        if (errors.isEmpty()) {
            checkEntryClass(d, loader, errors);
        }
        if (!errors.isEmpty()) {
            problems.add(new InvalidDescriptorException(source, errors).getMessage());
            return false;
        }
        for (ToolDescriptor tool : d.tools()) {
            if (tool.icon() != null && loader.getResource(tool.icon()) == null) {
                problems.add(WARNING + "plugin descriptor " + source + ": icon '" + tool.icon()
                        + "' of tool '" + tool.id() + "' is not found; a default icon is shown.");
            }
        }
        valid.add(new Found(d, loader));
        return true;
    }

    private static void checkEntryClass(PluginDescriptor d, ClassLoader loader, List<String> errors) {
        Class<?> type;
        try {
            type = Class.forName(d.entryClass(), false, loader);
        } catch (ClassNotFoundException e) {
            errors.add("entry class " + d.entryClass() + " is not found");
            return;
        } catch (LinkageError e) {
            errors.add("entry class " + d.entryClass() + " cannot be loaded: " + describe(e));
            return;
        }
        if (!Plugin.class.isAssignableFrom(type)) {
            errors.add("entry class " + d.entryClass() + " does not implement " + Plugin.class.getName());
            return;
        }
        if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
            errors.add("entry class " + d.entryClass() + " is abstract");
            return;
        }
        if (!Modifier.isPublic(type.getModifiers())) {
            errors.add("entry class " + d.entryClass() + " is not public");
            return;
        }
        try {
            Constructor<?> c = type.getConstructor();
            if (!Modifier.isPublic(c.getModifiers())) {
                errors.add("entry class " + d.entryClass() + " has no public no-argument constructor");
            }
        } catch (NoSuchMethodException e) {
            errors.add("entry class " + d.entryClass() + " has no public no-argument constructor");
        }
    }

    private static Plugin instantiate(Found found) throws ReflectiveOperationException {
        Class<?> type = Class.forName(found.descriptor().entryClass(), true, found.loader());
        return (Plugin) type.getConstructor().newInstance();
    }

    /** A problem for the user, logged with its stack trace. */
    private void problem(String text, Throwable e) {
        problems.add(text);
        LOG.log(java.util.logging.Level.WARNING, text, e);
    }

    private static String describe(Throwable e) {
        String msg = e.getMessage();
        return msg == null || msg.isBlank() ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + msg;
    }

    private static void close(URLClassLoader loader) {
        try {
            loader.close();
        } catch (IOException ignored) {
            // nothing was loaded from it
        }
    }
}
