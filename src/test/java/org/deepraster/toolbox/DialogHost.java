package org.deepraster.toolbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.deepraster.inference.InferenceEngine;
import org.deepraster.plugin.FakePluginContext;
import org.deepraster.plugin.LayerInfo;
import org.deepraster.plugin.PluginDescriptor;
import org.deepraster.plugin.TestHost;
import org.deepraster.sample.SampleScene;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The setting of a tool dialog host test, as a JUnit extension ({@code @RegisterExtension static}):
 * once per class (skipped without a display) a sample scene of this size and seed in a temporary
 * folder, the plugin descriptor and an inference engine; before each test an in-memory host
 * ({@link TestHost}) with a plugin context installed and the scene and its ground truth opened on
 * its map, closed after the test (after the test's own {@code @AfterEach}, which disposes its dialog).
 */
public final class DialogHost implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
    private final int size;
    private final long seed;
    private Path folder;
    private SampleScene.Files3 scene;
    private PluginDescriptor descriptor;
    private InferenceEngine engine;
    private TestHost host;
    private FakePluginContext context;
    private List<LayerInfo> layers = List.of();

    public DialogHost(int size, long seed) {
        this.size = size;
        this.seed = seed;
    }

    @Override
    public void beforeAll(ExtensionContext c) throws Exception {
        Display.assumeAvailable();
        folder = Files.createTempDirectory("dialog-host");
        scene = new SampleScene(size, seed).write(folder.resolve("scene"));
        descriptor = DialogTests.descriptor();
        engine = new InferenceEngine();
    }

    @Override
    public void afterAll(ExtensionContext c) throws IOException {
        DialogTests.close(engine);
        if (folder != null) {
            try (Stream<Path> s = Files.walk(folder)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @Override
    public void beforeEach(ExtensionContext c) throws Exception {
        host = new TestHost();
        context = host.install(new FakePluginContext(descriptor));
        List<LayerInfo> opened = new ArrayList<>(host.openNow(scene.scene()));
        opened.addAll(host.openNow(scene.groundTruth()));
        layers = List.copyOf(opened);
    }

    @Override
    public void afterEach(ExtensionContext c) throws Exception {
        host.close();
    }

    public SampleScene.Files3 scene() {
        return scene;
    }

    public PluginDescriptor descriptor() {
        return descriptor;
    }

    public InferenceEngine engine() {
        return engine;
    }

    public TestHost host() {
        return host;
    }

    public FakePluginContext context() {
        return context;
    }

    /** The map layer of this name opened before the test. */
    public LayerInfo layer(String name) {
        return layers.stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow();
    }
}
