package org.deepraster.viewer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.Point;
import java.util.List;
import javax.swing.JDialog;
import org.assertj.swing.edt.FailOnThreadViolationRepaintManager;
import org.assertj.swing.edt.GuiActionRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;

/**
 * "Use current map extent" is what the user sees: a tool window over the right part of the map leaves
 * that strip out of the visible extent, and the map draws the outline of the extent while asked to.
 */
@Tag("gui")
@org.junit.jupiter.api.Timeout(120)
class MapExtentUnderDialogGuiTest {
    private ViewerApp app;
    private JDialog tool;

    @BeforeAll
    static void display() {
        org.junit.jupiter.api.Assumptions.assumeTrue(!System.getProperty("os.name").startsWith("Linux")
                || System.getenv("DISPLAY") != null && !System.getenv("DISPLAY").isBlank(),
                "GUI tests need a display: run them under xvfb-run");
        FailOnThreadViolationRepaintManager.install();
    }

    @AfterEach
    void stop() {
        GuiActionRunner.execute(() -> {
            if (tool != null) {
                tool.dispose();
            }
            app.frame().dispose();
        });
    }

    @Test
    void aDialogOverTheMapIsLeftOutOfTheVisibleExtentAndTheExtentIsDrawn() {
        app = ViewerApp.start(List.of(), false, false);
        app.notifications().setDialogs(false);
        app.layerManager().add(new RasterLayer(Fixtures.raster(Fixtures.utm33())));
        ClassifiedRasterPanelGuiTest.waitUntil(() -> GuiActionRunner.execute(() -> app.mapPane().isShowing()
                && app.mapPane().getWidth() > 400), "the map");
        Envelope whole = GuiActionRunner.execute(() -> app.mapPane().viewport().extent());
        assertThat(app.map().visibleExtent().getWidth()).as("nothing covers the map").isCloseTo(whole.getWidth(), within(1e-6));

        int mapWidth = GuiActionRunner.execute(() -> app.mapPane().getWidth());
        tool = GuiActionRunner.execute(() -> {
            JDialog d = new JDialog(app.frame(), "Tool");
            Point p = app.mapPane().getLocationOnScreen();
            // covers the right 40 % of the map, full height
            d.setBounds(p.x + mapWidth * 6 / 10, p.y - 20, mapWidth, app.mapPane().getHeight() + 40);
            d.setVisible(true);
            return d;
        });
        ClassifiedRasterPanelGuiTest.waitUntil(() -> GuiActionRunner.execute(() -> tool.isShowing()), "the dialog");
        ClassifiedRasterPanelGuiTest.waitUntil(() -> Math.abs(app.map().visibleExtent().getWidth() / whole.getWidth() - 0.6) < 0.02,
                "the covered strip left out");
        Envelope seen = app.map().visibleExtent();
        assertThat(seen.getMinX()).isCloseTo(whole.getMinX(), within(whole.getWidth() * 0.01));
        assertThat(seen.getHeight()).isCloseTo(whole.getHeight(), within(whole.getHeight() * 0.01));

        app.map().showExtentPreview(tool, true);
        assertThat(GuiActionRunner.execute(() -> app.mapPane().extentPreviewShown())).isTrue();
        GuiActionRunner.execute(() -> tool.setVisible(false));
        assertThat(GuiActionRunner.execute(() -> app.mapPane().extentPreviewShown())).as("not while the dialog hides").isFalse();
        assertThat(app.map().visibleExtent().getWidth()).isCloseTo(whole.getWidth(), within(1e-6));
    }
}
