package org.deepraster.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Component;
import java.awt.Container;
import java.awt.Rectangle;
import java.awt.Window;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import javax.imageio.ImageIO;
import javax.swing.JButton;
import javax.swing.JDialog;
import javax.swing.JSpinner;
import javax.swing.JTabbedPane;
import javax.swing.JTextField;
import org.assertj.swing.edt.FailOnThreadViolationRepaintManager;
import org.assertj.swing.edt.GuiActionRunner;
import org.deepraster.feature.Feature;
import org.deepraster.feature.FeatureCollection;
import org.deepraster.feature.VectorFiles;
import org.deepraster.plugin.LayerInfo;
import org.deepraster.sample.SampleScene;
import org.deepraster.toolbox.ClassifyPixelsDialog;
import org.deepraster.toolbox.ToolDialogs;
import org.deepraster.toolbox.ToolboxPanel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Classify Pixels from the toolbox of the real viewer (needs a display: run under Xvfb) on a generated
 * scene with the sample land-cover model: the classified blocks fill in on the map while it runs (a
 * {@link StreamingRasterLayer}), and when it ends the written GeoTIFF takes that layer's place, drawn
 * in its class colours. Buttons are pressed on the EDT (robot input is unreliable under Xvfb without a
 * window manager). Screenshots go to target/screenshots/ (and to {@code DEEPRASTER_SCREENSHOTS=DIR}).
 */
@Tag("gui")
@org.junit.jupiter.api.Timeout(300)
class ClassifyPixelsDialogGuiTest {
    static final Path MODEL = Path.of("sample-models", "landcover_classifier.dlpk").toAbsolutePath();

    @TempDir
    Path dir;
    private ViewerApp app;

    @BeforeAll
    static void needsADisplay() {
        org.junit.jupiter.api.Assumptions.assumeTrue(!System.getProperty("os.name").startsWith("Linux")
                || System.getenv("DISPLAY") != null && !System.getenv("DISPLAY").isBlank(),
                "GUI tests need a display: run them under xvfb-run");
        FailOnThreadViolationRepaintManager.install();
    }

    @BeforeEach
    void start() throws Exception {
        SampleScene.Files3 scene = new SampleScene(1536, 11).write(dir.resolve("scene"));
        app = ViewerApp.start(List.of(scene.scene(), scene.groundTruth()), false, true);
        app.notifications().setDialogs(false);
        waitUntil(() -> layer("buildings").isPresent() && layer("scene.tif").isPresent(), "the scene", 60);
    }

    @AfterEach
    void stop() {
        if (app != null) {
            GuiActionRunner.execute(() -> {
                for (Window w : Window.getWindows()) {
                    w.dispose();
                }
            });
        }
    }

    private Optional<LayerInfo> layer(String name) {
        return GuiActionRunner.execute(() -> app.layers().layers().stream()
                .filter(l -> l.name().equals(name)).findFirst());
    }

    private static void waitUntil(BooleanSupplier condition, String what, int seconds) {
        long end = System.currentTimeMillis() + seconds * 1000L;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Opens a tool from the docked toolbox (its tree and Open button, on the EDT) and returns its dialog. */
    private JDialog openTool(String toolId) {
        GuiActionRunner.execute(() -> {
            JTabbedPane dock = (JTabbedPane) find(app.frame(), "dock");
            dock.setSelectedIndex(dock.indexOfTab("Deep Learning"));
        });
        waitUntil(() -> GuiActionRunner.execute(() -> find(app.frame(), "toolbox.panel") != null), "the toolbox", 10);
        GuiActionRunner.execute(() -> {
            ((ToolboxPanel) find(app.frame(), "toolbox.panel")).select(toolId);
            ((JButton) find(app.frame(), "toolbox.open")).doClick();
        });
        waitUntil(() -> GuiActionRunner.execute(() -> dialog(toolId) != null), "the dialog", 10);
        return GuiActionRunner.execute(() -> dialog(toolId));
    }

    private static JDialog dialog(String toolId) {
        for (Window w : Window.getWindows()) {
            if (w instanceof JDialog d && ToolDialogs.dialogName(toolId).equals(d.getName()) && d.isShowing()) {
                return d;
            }
        }
        return null;
    }

    private static Component find(Container root, String name) {
        for (Component c : root.getComponents()) {
            if (name.equals(c.getName())) {
                return c;
            }
            if (c instanceof Container k) {
                Component f = find(k, name);
                if (f != null) {
                    return f;
                }
            }
        }
        return null;
    }

    @Test
    void classifiedBlocksFillInOnTheMapThenTheGeoTiffTakesTheirPlace() throws Exception {
        ClassifyPixelsDialog pixels = (ClassifyPixelsDialog) openTool(ClassifyPixelsDialog.TOOL_ID);
        Path out = dir.resolve("cover.tif");
        GuiActionRunner.execute(() -> {
            ((JTextField) find(pixels, "pixels.output")).setText(out.toString());
            pixels.modelPanel().picker().load(MODEL.toString());
        });
        waitUntil(() -> GuiActionRunner.execute(() -> pixels.modelPanel().isReady()), "the model to load", 60);
        GuiActionRunner.execute(() -> pixels.modelPanel().setArguments("batch_size 1"));
        assertThat(GuiActionRunner.execute(pixels::commandLine)).startsWith("deepraster classify-pixels --in_raster ")
                .contains("--out_classified_raster " + out).contains("--arguments 'batch_size 1'");
        screenshot("classify-pixels-dialog.png");
        // as a user would, move the dialog aside to watch the map fill in
        GuiActionRunner.execute(() -> {
            Rectangle screen = pixels.getGraphicsConfiguration().getBounds();
            pixels.setLocation(screen.x + screen.width - pixels.getWidth(), pixels.getY());
        });
        GuiActionRunner.execute(() -> ((JButton) find(pixels, "pixels.run")).doClick());

        // while it runs: a preview layer on top that fills in block by block
        waitUntil(() -> streaming().map(s -> s.blocks() >= 4).orElse(false), "the first blocks on the map", 120);
        StreamingRasterLayer preview = streaming().orElseThrow();
        assertThat(preview.name()).isEqualTo("cover.tif");
        // the topmost raster, under the vector layers (as QGIS places new rasters)
        assertThat(GuiActionRunner.execute(() -> app.layers().layers().stream()
                .filter(l -> l.kind() != org.deepraster.plugin.LayerKind.VECTOR).findFirst().orElseThrow())).isSameAs(preview);
        screenshot("classify-pixels-running.png");

        waitUntil(() -> GuiActionRunner.execute(() -> !pixels.isRunning()), "the run to end", 240);
        assertThat(GuiActionRunner.execute(pixels::errorText)).isEmpty();
        assertThat(GuiActionRunner.execute(pixels::summary)).startsWith("Completed").contains("pixels classified")
                .contains("Output: " + out);
        assertThat(preview.blocks()).isEqualTo(36); // 1536 px in blocks of 256
        waitUntil(() -> layer("cover.tif").map(l -> l instanceof RasterLayer).orElse(false), "the GeoTIFF on the map", 30);
        assertThat(streaming()).isEmpty();
        RasterLayer written = (RasterLayer) layer("cover.tif").orElseThrow();
        assertThat(written.path()).contains(out);
        assertThat(written.source().palette()).isPresent();
        assertThat(GuiActionRunner.execute(() -> app.layers().layers().stream()
                .filter(l -> l.kind() != org.deepraster.plugin.LayerKind.VECTOR).findFirst().orElseThrow())).isSameAs(written);
        screenshot("classify-pixels-after-run.png");

        // polygons per class, building footprints squared: written after the raster and opened on the map
        Path polygons = dir.resolve("cover.gpkg");
        GuiActionRunner.execute(() -> {
            ((JButton) find(pixels, "pixels.polygons")).doClick();
            ((JTextField) find(pixels, "pixels.polygons.output")).setText(polygons.toString());
            ((JTextField) find(pixels, "pixels.regularize")).setText("Building");
            ((JTextField) find(pixels, "pixels.output")).setText(dir.resolve("cover2.tif").toString());
            pixels.modelPanel().setArguments("batch_size 4");
            ((JButton) find(pixels, "pixels.run")).doClick();
        });
        waitUntil(() -> GuiActionRunner.execute(() -> !pixels.isRunning()) 
                && GuiActionRunner.execute(() -> app.layers().layers().stream()
                        .anyMatch(l -> l.path().map(polygons::equals).orElse(false))),
                "the polygons on the map", 240);
        assertThat(GuiActionRunner.execute(pixels::errorText)).isEmpty();
        assertThat(GuiActionRunner.execute(pixels::summary)).contains("Polygons: ").contains("Output: " + polygons);
        screenshot("classify-pixels-polygons.png");
    }

    private Optional<StreamingRasterLayer> streaming() {
        return GuiActionRunner.execute(() -> app.layers().layers().stream()
                .filter(l -> l instanceof StreamingRasterLayer).map(l -> (StreamingRasterLayer) l).findFirst());
    }

    private void screenshot(String name) throws Exception {
        waitUntil(() -> GuiActionRunner.execute(() -> app.mapPane().isRenderIdle()), "render", 20);
        Thread.sleep(300);
        Path shots = Files.createDirectories(Path.of("target", "screenshots"));
        Rectangle all = GuiActionRunner.execute(() -> {
            Rectangle r = app.frame().getBounds();
            for (Window w : app.frame().getOwnedWindows()) {
                if (w.isShowing()) {
                    r = r.union(w.getBounds());
                }
            }
            return r;
        });
        java.awt.image.BufferedImage img = new java.awt.Robot().createScreenCapture(all);
        ImageIO.write(img, "png", shots.resolve(name).toFile());
        String extra = System.getProperty("deepraster.screenshots", System.getenv("DEEPRASTER_SCREENSHOTS"));
        if (extra != null && !extra.isBlank()) {
            ImageIO.write(img, "png", Files.createDirectories(Path.of(extra)).resolve(name).toFile());
        }
    }
}
