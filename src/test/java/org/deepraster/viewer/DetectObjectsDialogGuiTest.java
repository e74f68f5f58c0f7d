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
import org.deepraster.toolbox.DetectObjectsDialog;
import org.deepraster.toolbox.NmsDialog;
import org.deepraster.toolbox.ToolDialogs;
import org.deepraster.toolbox.ToolboxPanel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Detect Objects and Non Maximum Suppression from the toolbox of the real viewer (needs a display:
 * run under Xvfb) on a small generated scene with the sample tree/car detector: the detections
 * appear as a map layer and in the output file; NMS on that layer writes and opens its output.
 * Buttons are pressed on the EDT (robot input is unreliable under Xvfb without a window manager).
 * Screenshots go to target/screenshots/.
 */
@Tag("gui")
@org.junit.jupiter.api.Timeout(300)
class DetectObjectsDialogGuiTest {
    static final Path MODEL = Path.of("sample-models", "tree_car_detector.dlpk").toAbsolutePath();

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
        SampleScene.Files3 scene = new SampleScene(768, 11).write(dir.resolve("scene"));
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
    void detectsTreesAndCarsOntoTheMapThenNmsOnThatLayer() throws Exception {
        DetectObjectsDialog detect = (DetectObjectsDialog) openTool(DetectObjectsDialog.TOOL_ID);
        Path out = dir.resolve("found.gpkg");
        GuiActionRunner.execute(() -> {
            ((JTextField) find(detect, "detect.output")).setText(out.toString());
            detect.modelPanel().picker().load(MODEL.toString());
        });
        waitUntil(() -> GuiActionRunner.execute(() -> detect.modelPanel().isReady()), "the model to load", 60);
        assertThat(GuiActionRunner.execute(detect::commandLine)).startsWith("deepraster detect-objects --in_raster ")
                .contains("--run_nms NMS");
        screenshot("detect-objects-dialog.png");
        GuiActionRunner.execute(() -> ((JButton) find(detect, "detect.run")).doClick());

        waitUntil(() -> GuiActionRunner.execute(() -> !detect.isRunning()), "the run to end", 180);
        assertThat(GuiActionRunner.execute(detect::errorText)).isEmpty();
        assertThat(GuiActionRunner.execute(detect::summary)).startsWith("Completed").contains("Output: " + out);
        List<Feature> written = VectorFiles.open(out).get(0).features();
        assertThat(written).isNotEmpty();
        assertThat(written).allSatisfy(f -> assertThat(f.get("Class")).isIn("tree", "car"));
        waitUntil(() -> layer("found").flatMap(LayerInfo::features).map(FeatureCollection::size).orElse(0) == written.size(),
                "the detections on the map", 20);
        assertThat(GuiActionRunner.execute(() -> app.layers().layers().get(0).name())).isEqualTo("found");
        screenshot("detect-objects-after-run.png");

        // NMS on the detections layer: proposed as the input (it has a Confidence field)
        NmsDialog nms = (NmsDialog) openTool(NmsDialog.TOOL_ID);
        Path kept = dir.resolve("kept.gpkg");
        GuiActionRunner.execute(() -> {
            ((JTextField) find(nms, "nms.output")).setText(kept.toString());
            ((JSpinner) find(nms, "nms.maxOverlap")).setValue(0.05);
        });
        assertThat(GuiActionRunner.execute(nms::commandLine)).contains("--in_featureclass '" + out + "|found'");
        screenshot("nms-dialog.png");
        GuiActionRunner.execute(() -> ((JButton) find(nms, "nms.run")).doClick());
        waitUntil(() -> GuiActionRunner.execute(() -> !nms.isRunning()), "NMS to end", 60);
        assertThat(GuiActionRunner.execute(nms::errorText)).isEmpty();
        assertThat(GuiActionRunner.execute(nms::summary)).startsWith("Kept ");
        waitUntil(() -> layer("kept").isPresent(), "the NMS output on the map", 20);
        assertThat(VectorFiles.open(kept).get(0).size()).isPositive().isLessThanOrEqualTo(written.size());
        screenshot("nms-after-run.png");
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
        ImageIO.write(new java.awt.Robot().createScreenCapture(all), "png", shots.resolve(name).toFile());
    }
}
