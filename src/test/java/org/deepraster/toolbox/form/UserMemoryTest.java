package org.deepraster.toolbox.form;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;
import javax.swing.JComboBox;
import javax.swing.SwingUtilities;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The toolbox remembers recent models, the last folder of each kind and each tool's last model, in a file of its own. */
class UserMemoryTest {
    @TempDir
    Path dir;
    private final String before = System.getProperty("deepraster.config");

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty("deepraster.config");
        } else {
            System.setProperty("deepraster.config", before);
        }
    }

    private Path model(String name) throws IOException {
        return Files.writeString(dir.resolve(name), "{}");
    }

    @Test
    void recentModelsNewestFirstWithoutDuplicatesOrMissingFilesOrJson() throws IOException {
        Path file = dir.resolve("config/toolbox.json");
        UserMemory m = new UserMemory(file);
        Path a = model("a.emd");
        Path b = model("b.dlpk");
        m.modelUsed(a.toString());
        m.modelUsed(b.toString());
        m.modelUsed(a.toString());
        m.modelUsed("{\"Framework\": \"ONNX\"}");
        assertThat(m.recentModels()).containsExactly(a.toString(), b.toString());
        for (int i = 0; i < 15; i++) {
            m.modelUsed(model("m" + i + ".emd").toString());
        }
        assertThat(m.recentModels()).hasSize(UserMemory.MAX_MODELS).first().isEqualTo(dir.resolve("m14.emd").toString());

        // read back by a new session; a model deleted since is not offered
        Files.delete(dir.resolve("m14.emd"));
        assertThat(new UserMemory(file).recentModels()).hasSize(UserMemory.MAX_MODELS - 1)
                .doesNotContain(dir.resolve("m14.emd").toString());
        assertThat(new UserMemory(file).folder("model")).isEqualTo(dir.toFile());
    }

    @Test
    void theLastFolderOfEachKindAndEachToolsLastModel() throws IOException {
        Path file = dir.resolve("toolbox.json");
        UserMemory m = new UserMemory(file);
        Path rasters = Files.createDirectories(dir.resolve("rasters"));
        Path out = Files.createDirectories(dir.resolve("out"));
        m.folderUsed("raster", rasters.resolve("scene.tif"));
        m.folderUsed("output", out);
        Path model = model("landcover.dlpk");
        m.modelRun("classify-pixels", model.toString());
        UserMemory again = new UserMemory(file);
        assertThat(again.folder("raster")).isEqualTo(rasters.toFile());
        assertThat(again.folder("output")).isEqualTo(out.toFile());
        assertThat(again.folder("vector")).isNull();
        assertThat(again.lastModel("classify-pixels")).contains(model.toString());
        assertThat(again.lastModel("detect-objects")).isEmpty();
    }

    @Test
    void aBrokenFileIsAFreshStart() throws IOException {
        Path file = Files.writeString(dir.resolve("toolbox.json"), "{\"recentModels\": [");
        UserMemory m = new UserMemory(file);
        assertThat(m.recentModels()).isEmpty();
        m.modelUsed(model("a.emd").toString());
        assertThat(new UserMemory(file).recentModels()).hasSize(1);
    }

    @Test
    @Timeout(120)
    void thePickerOffersRecentAndSampleModelsAndReloadsTheToolsLastModel() throws Exception {
        System.setProperty("deepraster.config", dir.resolve("cfg").toString());
        Path sample = Path.of("sample-models/landcover_classifier.dlpk").toAbsolutePath();
        UserMemory.get().modelRun("classify-pixels", sample.toString());
        Path recent = model("recent.emd");
        UserMemory.get().modelUsed(recent.toString());
        ModelPicker picker = onEdt(ModelPicker::new);
        List<String> items = onEdt(() -> {
            JComboBox<?> c = (JComboBox<?>) find(picker, "model.picker.path");
            return java.util.stream.IntStream.range(0, c.getItemCount()).mapToObj(i -> String.valueOf(c.getItemAt(i))).toList();
        });
        assertThat(items.get(0)).isEqualTo(recent.toString());
        assertThat(items).contains(sample.toString());
        assertThat(onEdt(picker::loaded)).as("listed, not loaded").isNull();

        onEdt(() -> {
            picker.rememberFor("classify-pixels");
            return null;
        });
        waitUntil(() -> onEdtQuietly(() -> picker.loaded() != null), "the tool's last model");
        assertThat(onEdt(() -> picker.loaded().source())).isEqualTo(sample.toString());
    }

    private static java.awt.Component find(java.awt.Container c, String name) {
        for (java.awt.Component k : c.getComponents()) {
            if (name.equals(k.getName())) {
                return k;
            }
            if (k instanceof java.awt.Container inner) {
                java.awt.Component f = find(inner, name);
                if (f != null) {
                    return f;
                }
            }
        }
        return null;
    }

    private static <T> T onEdt(java.util.concurrent.Callable<T> c) throws Exception {
        Object[] out = new Object[1];
        Exception[] err = new Exception[1];
        SwingUtilities.invokeAndWait(() -> {
            try {
                out[0] = c.call();
            } catch (Exception e) {
                err[0] = e;
            }
        });
        if (err[0] != null) {
            throw err[0];
        }
        @SuppressWarnings("unchecked")
        T t = (T) out[0];
        return t;
    }

    private static boolean onEdtQuietly(java.util.concurrent.Callable<Boolean> c) {
        try {
            return onEdt(c);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void waitUntil(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.currentTimeMillis() + 60_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}
