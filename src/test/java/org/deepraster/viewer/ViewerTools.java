package org.deepraster.viewer;

import java.awt.Component;
import java.awt.Container;
import java.awt.Rectangle;
import java.awt.Window;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import javax.imageio.ImageIO;
import javax.swing.JButton;
import javax.swing.JDialog;
import javax.swing.JTabbedPane;
import org.assertj.swing.edt.GuiActionRunner;
import org.deepraster.plugin.LayerInfo;
import org.deepraster.toolbox.ToolDialogs;
import org.deepraster.toolbox.ToolboxPanel;

/**
 * Helpers for GUI tests of tool dialogs in the real viewer: wait, find named components, open a
 * tool from the docked toolbox, find a layer, and save a screenshot of the window and its dialogs to
 * {@code target/screenshots/}. Buttons are pressed on the EDT (robot input is unreliable under Xvfb
 * without a window manager).
 */
final class ViewerTools {
    private ViewerTools() {
    }

    /** GUI tests need a display (run them under xvfb-run); Swing calls off the EDT fail the test. */
    static void assumeDisplay() {
        org.junit.jupiter.api.Assumptions.assumeTrue(!System.getProperty("os.name").startsWith("Linux")
                || System.getenv("DISPLAY") != null && !System.getenv("DISPLAY").isBlank(),
                "GUI tests need a display: run them under xvfb-run");
        org.assertj.swing.edt.FailOnThreadViolationRepaintManager.install();
    }

    /**
     * The viewer on a generated 768 px scene (the imagery and its ground truth: buildings, trees,
     * cars) written into {@code dir}, notifications as messages rather than dialogs, once the
     * layers are there.
     */
    static ViewerApp startWithScene(Path dir) throws Exception {
        org.deepraster.sample.SampleScene.Files3 scene = new org.deepraster.sample.SampleScene(768, 11)
                .write(dir.resolve("scene"));
        // a fresh toolbox memory: what an earlier test ran (its model, folders) must not fill this one's dialogs
        System.setProperty("deepraster.config", dir.resolve("config").toString());
        ViewerApp app = ViewerApp.start(java.util.List.of(scene.scene(), scene.groundTruth()), false, true);
        app.notifications().setDialogs(false);
        waitUntil(() -> layer(app, "buildings").isPresent() && layer(app, "cars").isPresent()
                && layer(app, "scene.tif").isPresent(), "the scene", 60);
        return app;
    }

    /** Disposes every window (after a test). */
    static void closeAll() {
        GuiActionRunner.execute(() -> {
            for (Window w : Window.getWindows()) {
                w.dispose();
            }
        });
    }

    static void waitUntil(BooleanSupplier condition, String what, int seconds) {
        try {
            org.deepraster.toolbox.DialogTests.waitUntil(condition::getAsBoolean, what, seconds);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static Component find(Container root, String name) {
        return org.deepraster.toolbox.DialogTests.find(root, name);
    }

    static Optional<LayerInfo> layer(ViewerApp app, String name) {
        return GuiActionRunner.execute(() -> app.layers().layers().stream()
                .filter(l -> l.name().equals(name)).findFirst());
    }

    /** Opens a tool from the docked toolbox (its tree and Open button) and returns its dialog. */
    static JDialog openTool(ViewerApp app, String toolId) {
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

    /** Clicks a named button of a window on the EDT. */
    static void click(Container root, String name) {
        GuiActionRunner.execute(() -> ((JButton) find(root, name)).doClick());
    }

    /** The main window with the dialogs it owns, once the map is drawn, to target/screenshots/NAME. */
    static Path screenshot(ViewerApp app, String name) throws Exception {
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
        Path file = shots.resolve(name);
        java.awt.image.BufferedImage img = new java.awt.Robot().createScreenCapture(all);
        ImageIO.write(img, "png", file.toFile());
        String extra = System.getProperty("deepraster.screenshots", System.getenv("DEEPRASTER_SCREENSHOTS"));
        if (extra != null && !extra.isBlank()) {
            ImageIO.write(img, "png", Files.createDirectories(Path.of(extra)).resolve(name).toFile());
        }
        return file;
    }
}
