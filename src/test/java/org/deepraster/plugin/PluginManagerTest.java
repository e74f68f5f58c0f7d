package org.deepraster.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.deepraster.plugin.testplugins.Events;
import org.deepraster.plugin.testplugins.FailingStartPlugin;
import org.deepraster.plugin.testplugins.FailingStopPlugin;
import org.deepraster.plugin.testplugins.FirstPlugin;
import org.deepraster.plugin.testplugins.NoDefaultConstructorPlugin;
import org.deepraster.plugin.testplugins.NotAPlugin;
import org.deepraster.plugin.testplugins.SecondPlugin;
import org.deepraster.plugin.testplugins.ThrowingConstructorPlugin;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginManagerTest {

    static final String HOST = "0.1.0-SNAPSHOT";

    @TempDir
    Path plugins;

    @BeforeEach
    void clearEvents() {
        Events.LOG.clear();
    }

    /** The test class loader without the classpath's own descriptor (the Deep Learning plugin). */
    static ClassLoader withoutClasspathPlugins() {
        return new ClassLoader(PluginManagerTest.class.getClassLoader()) {
            @Override
            public Enumeration<URL> getResources(String name) throws IOException {
                return PluginManager.DESCRIPTOR_RESOURCE.equals(name)
                        ? Collections.emptyEnumeration() : super.getResources(name);
            }
        };
    }

    static String descriptor(String id, String entryClass) {
        return descriptor(id, entryClass, "0.1.0", "");
    }

    static String descriptor(String id, String entryClass, String minHost, String tools) {
        return "<plugin id='" + id + "' name='Plugin " + id + "' version='1.0' min-host-version='" + minHost + "'>"
                + "<entry-class>" + entryClass + "</entry-class><tools>" + tools + "</tools></plugin>";
    }

    /** A folder plugin whose entry class is already on the test classpath. */
    Path folderPlugin(String folder, String xml) throws IOException {
        Path file = plugins.resolve(folder).resolve(PluginManager.DESCRIPTOR_RESOURCE);
        Files.createDirectories(file.getParent());
        Files.writeString(file, xml);
        return file.getParent().getParent().getParent();
    }

    @Test
    void findsTheDeepLearningPluginOnTheClasspath() {
        PluginManager m = PluginManager.discover(getClass().getClassLoader(), null, HOST);
        assertThat(m.problems()).isEmpty();
        assertThat(m.descriptors()).extracting(PluginDescriptor::id).containsExactly("deep-learning");
        PluginDescriptor d = m.descriptors().get(0);
        assertThat(d.source()).endsWith(PluginManager.DESCRIPTOR_RESOURCE);
        assertThat(d.tools()).extracting(t -> t.id()).containsExactly("classify-objects", "detect-objects",
                "classify-pixels", "export-training-data", "non-max-suppression", "accuracy-assessment", "raster-to-polygons",
                "self-supervised-classification");
        assertThat(m.classLoader(d)).isSameAs(getClass().getClassLoader());
    }

    @Test
    void aMissingPluginsDirectoryIsNotAProblem() {
        PluginManager m = PluginManager.discover(withoutClasspathPlugins(), plugins.resolve("nope"), HOST);
        assertThat(m.descriptors()).isEmpty();
        assertThat(m.problems()).isEmpty();
    }

    @Test
    void findsFolderPluginsSortedByName() throws IOException {
        folderPlugin("b-second", descriptor("second", SecondPlugin.class.getName()));
        folderPlugin("a-first", descriptor("first", FirstPlugin.class.getName()));
        PluginManager m = PluginManager.discover(withoutClasspathPlugins(), plugins, HOST);
        assertThat(m.problems()).isEmpty();
        assertThat(m.descriptors()).extracting(PluginDescriptor::id).containsExactly("first", "second");
        assertThat(m.descriptors().get(0).source()).isEqualTo(plugins.resolve("a-first").toString());
        assertThat(m.classLoader(m.descriptors().get(0))).isInstanceOf(URLClassLoader.class);
    }

    @Test
    void loadsAJarWithItsOwnCompiledClassInItsOwnClassLoader() throws Exception {
        Path jar = plugins.resolve("hello.jar");
        writeJar(jar, "ext.hello.HelloPlugin", """
                package ext.hello;
                public class HelloPlugin implements org.deepraster.plugin.Plugin {
                    public void start(org.deepraster.plugin.PluginContext context) {
                        context.notifications().info("hello from " + getClass().getClassLoader().getName());
                    }
                }
                """, descriptor("hello", "ext.hello.HelloPlugin", "0.1",
                "<tool id='wave' name='Wave' icon='ext/hello/wave.svg'/>"));
        ClassLoader parent = withoutClasspathPlugins();
        PluginManager m = PluginManager.discover(parent, plugins, HOST);
        assertThat(m.problems()).isEmpty();
        PluginDescriptor d = m.descriptors().get(0);
        assertThat(d.id()).isEqualTo("hello");
        assertThat(d.source()).isEqualTo(jar.toString());
        ClassLoader own = m.classLoader(d);
        assertThat(own).isInstanceOf(URLClassLoader.class).isNotSameAs(parent);
        assertThat(own.getParent()).isSameAs(parent);
        assertThat(own.getResource("ext/hello/wave.svg")).isNotNull();

        FakePluginContext context = new FakePluginContext(d);
        m.startAll(descriptor -> context);
        assertThat(m.problems()).isEmpty();
        assertThat(context.messages).containsExactly("info: hello from plugin:hello.jar");
        assertThat(m.started()).containsExactly(d);
    }

    @Test
    void aJarWithoutDescriptorOrWithBrokenXmlIsReportedAndOthersStillLoad() throws Exception {
        Path empty = plugins.resolve("empty.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(empty))) {
            out.putNextEntry(new JarEntry("readme.txt"));
            out.write("nothing".getBytes(StandardCharsets.UTF_8));
        }
        Path broken = plugins.resolve("broken.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(broken))) {
            out.putNextEntry(new JarEntry(PluginManager.DESCRIPTOR_RESOURCE));
            out.write("<plugin id='b' name='B'\n version='1'>\n<entry-class>x.Y</plugin>".getBytes(StandardCharsets.UTF_8));
        }
        Files.writeString(plugins.resolve("notes.txt"), "not a plugin");
        folderPlugin("ok", descriptor("ok", FirstPlugin.class.getName()));
        PluginManager m = PluginManager.discover(withoutClasspathPlugins(), plugins, HOST);
        assertThat(m.descriptors()).extracting(PluginDescriptor::id).containsExactly("ok");
        assertThat(m.problems()).hasSize(2);
        assertThat(m.problems().get(0)).startsWith("Plugin descriptor " + broken + " is refused: malformed XML at line 3");
        assertThat(m.problems().get(1)).isEqualTo("Plugin " + empty + " holds no "
                + PluginManager.DESCRIPTOR_RESOURCE + " and is ignored.");
    }

    @Test
    void refusesAPluginNeedingANewerHost() throws IOException {
        folderPlugin("future", descriptor("future", FirstPlugin.class.getName(), "0.2.0", ""));
        PluginManager m = PluginManager.discover(withoutClasspathPlugins(), plugins, HOST);
        assertThat(m.descriptors()).isEmpty();
        assertThat(m.problems()).containsExactly("Plugin descriptor " + plugins.resolve("future")
                + " is refused: it needs DeepRaster 0.2.0 or newer, this is 0.1.0-SNAPSHOT");
    }

    @Test
    void comparesHostVersionsNumerically() throws IOException {
        folderPlugin("p", descriptor("p", FirstPlugin.class.getName(), "1.2.9", ""));
        assertThat(PluginManager.discover(withoutClasspathPlugins(), plugins, "1.2.10").descriptors()).hasSize(1);
        assertThat(PluginManager.discover(withoutClasspathPlugins(), plugins, "1.2.8").descriptors()).isEmpty();
    }

    @Test
    void refusesADuplicatePluginIdKeepingTheFirst() throws IOException {
        folderPlugin("dl-copy", descriptor("deep-learning", FirstPlugin.class.getName()));
        PluginManager m = PluginManager.discover(getClass().getClassLoader(), plugins, HOST);
        assertThat(m.descriptors()).extracting(PluginDescriptor::entryClass)
                .containsExactly("org.deepraster.toolbox.DeepLearningPlugin");
        assertThat(m.problems()).singleElement().asString()
                .startsWith("Plugin descriptor " + plugins.resolve("dl-copy")
                        + " is refused: duplicate plugin id 'deep-learning', already loaded from ")
                .endsWith(PluginManager.DESCRIPTOR_RESOURCE);
    }

    @Test
    void refusesBadEntryClasses() throws IOException {
        folderPlugin("a", descriptor("a", "org.example.Missing"));
        folderPlugin("b", descriptor("b", NotAPlugin.class.getName()));
        folderPlugin("c", descriptor("c", NoDefaultConstructorPlugin.class.getName()));
        PluginManager m = PluginManager.discover(withoutClasspathPlugins(), plugins, HOST);
        assertThat(m.descriptors()).isEmpty();
        assertThat(m.problems()).containsExactly(
                "Plugin descriptor " + plugins.resolve("a") + " is refused: entry class org.example.Missing is not found",
                "Plugin descriptor " + plugins.resolve("b") + " is refused: entry class "
                        + NotAPlugin.class.getName() + " does not implement org.deepraster.plugin.Plugin",
                "Plugin descriptor " + plugins.resolve("c") + " is refused: entry class "
                        + NoDefaultConstructorPlugin.class.getName() + " has no public no-argument constructor");
    }

    @Test
    void aMissingIconIsAWarningOnly() throws IOException {
        folderPlugin("icons", descriptor("icons", FirstPlugin.class.getName(), "0.1",
                "<tool id='t' name='T' icon='nowhere/t.svg'/>"
                        + "<tool id='u' name='U' icon='org/deepraster/icons/toolbox.svg'/>"));
        PluginManager m = PluginManager.discover(withoutClasspathPlugins(), plugins, HOST);
        assertThat(m.descriptors()).hasSize(1);
        assertThat(m.problems()).containsExactly("Warning: plugin descriptor " + plugins.resolve("icons")
                + ": icon 'nowhere/t.svg' of tool 't' is not found; a default icon is shown.");
    }

    @Test
    void startsInOrderSkipsFailuresAndStopsInReverseOrder() throws IOException {
        folderPlugin("a", descriptor("first", FirstPlugin.class.getName()));
        folderPlugin("b", descriptor("failing", FailingStartPlugin.class.getName()));
        folderPlugin("c", descriptor("second", SecondPlugin.class.getName()));
        folderPlugin("d", descriptor("failstop", FailingStopPlugin.class.getName()));
        folderPlugin("e", descriptor("exploding", ThrowingConstructorPlugin.class.getName()));
        PluginManager m = PluginManager.discover(withoutClasspathPlugins(), plugins, HOST);
        assertThat(m.problems()).isEmpty();
        assertThat(m.descriptors()).hasSize(5);

        m.startAll(FakePluginContext::new);
        assertThat(Events.LOG).containsExactly("start:first:first", "start:failing", "start:second", "start:failstop");
        assertThat(m.started()).extracting(PluginDescriptor::id).containsExactly("first", "second", "failstop");
        assertThat(m.problems()).containsExactly(
                "Plugin 'Plugin failing' (failing) from " + plugins.resolve("b")
                        + " failed to start and is skipped: IllegalStateException: cannot find its model folder",
                "Plugin 'Plugin exploding' (exploding) from " + plugins.resolve("e")
                        + " could not be created: IllegalStateException: constructor exploded");

        m.startAll(FakePluginContext::new); // each plugin is tried once: nothing happens twice
        assertThat(Events.LOG).hasSize(4);
        assertThat(m.problems()).hasSize(2);

        Events.LOG.clear();
        m.stopAll();
        assertThat(Events.LOG).containsExactly("stop:failstop", "stop:second", "stop:first");
        assertThat(m.problems()).last().isEqualTo("Plugin 'Plugin failstop' (failstop) failed to stop: "
                + "IllegalStateException: stop went wrong");
        assertThat(m.started()).isEmpty();
    }

    @Test
    void aContextFactoryThatThrowsIsReportedToo() throws IOException {
        folderPlugin("a", descriptor("first", FirstPlugin.class.getName()));
        PluginManager m = PluginManager.discover(withoutClasspathPlugins(), plugins, HOST);
        m.startAll(d -> {
            throw new IllegalStateException("no context for you");
        });
        assertThat(m.started()).isEmpty();
        assertThat(m.problems()).singleElement().asString().contains("failed to start")
                .contains("no context for you");
    }

    @Test
    void aBadHostVersionIsReportedButPluginsStillLoad() throws IOException {
        folderPlugin("a", descriptor("first", FirstPlugin.class.getName()));
        PluginManager m = PluginManager.discover(withoutClasspathPlugins(), plugins, "dev");
        assertThat(m.descriptors()).hasSize(1);
        assertThat(m.problems()).containsExactly(
                "The host version 'dev' is not a version; min-host-version of plugins is not checked.");
    }

    // ---- a real plugin jar: compiled here, with its descriptor and an icon ----

    static void writeJar(Path jar, String className, String source, String descriptorXml) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac).as("a JDK compiler").isNotNull();
        Path work = Files.createTempDirectory(jar.getParent(), "src");
        Path src = work.resolve(className.replace('.', '/') + ".java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, source);
        Path classes = Files.createDirectories(work.resolve("classes"));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = javac.run(null, null, err, "-d", classes.toString(),
                "-cp", System.getProperty("java.class.path"), src.toString());
        assertThat(rc).as(err.toString()).isZero();
        String classFile = className.replace('.', '/') + ".class";
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            put(out, PluginManager.DESCRIPTOR_RESOURCE, descriptorXml.getBytes(StandardCharsets.UTF_8));
            put(out, classFile, Files.readAllBytes(classes.resolve(classFile)));
            put(out, className.substring(0, className.lastIndexOf('.')).replace('.', '/') + "/wave.svg",
                    "<svg xmlns='http://www.w3.org/2000/svg' width='16' height='16'/>".getBytes(StandardCharsets.UTF_8));
        }
        deleteTree(work);
    }

    private static void put(JarOutputStream out, String name, byte[] bytes) throws IOException {
        out.putNextEntry(new JarEntry(name));
        out.write(bytes);
        out.closeEntry();
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

}
