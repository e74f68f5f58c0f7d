package org.deepraster.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.assertj.swing.core.BasicRobot;
import org.assertj.swing.core.Robot;
import org.assertj.swing.edt.FailOnThreadViolationRepaintManager;
import org.assertj.swing.edt.GuiActionRunner;
import org.assertj.swing.fixture.FrameFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A classified raster opened in the viewer shows its legend (classes, colours, counts) and a class can be hidden. */
@Tag("gui")
@org.junit.jupiter.api.Timeout(120)
class ClassifiedRasterPanelGuiTest {
    @TempDir
    Path dir;
    private FrameFixture window;

    @BeforeAll
    static void display() {
        org.junit.jupiter.api.Assumptions.assumeTrue(!System.getProperty("os.name").startsWith("Linux")
                || System.getenv("DISPLAY") != null && !System.getenv("DISPLAY").isBlank(),
                "GUI tests need a display: run them under xvfb-run");
        FailOnThreadViolationRepaintManager.install();
    }

    @AfterEach
    void stop() {
        if (window != null) {
            window.cleanUp();
        }
    }

    static void waitUntil(BooleanSupplier condition, String what) {
        long end = System.currentTimeMillis() + 30_000;
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

    @Test
    void theLayerPanelShowsTheClassesAndHidesOne() throws Exception {
        Path tif = ClassifiedRasterLegendTest.classified(dir);
        ViewerApp app = ViewerApp.start(List.of(tif), false, false);
        app.notifications().setDialogs(false);
        Robot robot = BasicRobot.robotWithCurrentAwtHierarchy();
        window = new FrameFixture(robot, app.frame());
        waitUntil(() -> !app.layers().layers().isEmpty(), "the raster");
        RasterLayer layer = (RasterLayer) app.layers().layers().get(0);
        window.panel("layer.rasterLegend").requireVisible();
        assertThat(robot.finder().findAll(app.frame(), c -> c instanceof javax.swing.JComboBox<?> && "layer.bandR".equals(c.getName())))
                .as("no band pickers for a classified raster").isEmpty();
        waitUntil(() -> GuiActionRunner.execute(() -> window.label("legend.count.Bare Land").target().getText())
                .equals("1,024"), "the pixel count of Bare Land");
        window.label("legend.count.Tree").requireText("512");
        window.label("legend.count.Water").requireText("0");
        window.checkBox("legend.class.Bare Land").requireSelected().click();
        assertThat(layer.classes().orElseThrow().isHidden(1)).isTrue();
        assertThat(layer.classes().orElseThrow().isHidden(2)).isFalse();
    }

    @Test
    void theStatusLineDoesNotKeepSayingOpeningOnceOpened() throws Exception {
        Path tif = ClassifiedRasterLegendTest.classified(dir);
        ViewerApp app = ViewerApp.start(List.of(), false, false);
        app.notifications().setDialogs(false);
        window = new FrameFixture(BasicRobot.robotWithCurrentAwtHierarchy(), app.frame());
        var opened = GuiActionRunner.execute(() -> app.frame().open(tif, null));
        opened.get(30, java.util.concurrent.TimeUnit.SECONDS);
        waitUntil(() -> GuiActionRunner.execute(() -> window.label("statusMessage").target().getText())
                .equals("Opened " + tif.getFileName()), "the status line to say it is open");
    }
}
