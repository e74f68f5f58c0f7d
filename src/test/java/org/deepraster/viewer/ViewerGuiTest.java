package org.deepraster.viewer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.Component;
import java.awt.Point;
import java.awt.geom.Point2D;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JTabbedPane;
import org.assertj.swing.core.BasicRobot;
import org.assertj.swing.core.MouseButton;
import org.assertj.swing.core.Robot;
import org.assertj.swing.edt.FailOnThreadViolationRepaintManager;
import org.assertj.swing.edt.GuiActionRunner;
import org.assertj.swing.fixture.DialogFixture;
import org.assertj.swing.fixture.FrameFixture;
import org.assertj.swing.timing.Timeout;
import org.deepraster.plugin.LayerInfo;
import org.deepraster.plugin.LayerStyle;
import org.deepraster.plugin.Plugin;
import org.deepraster.plugin.PluginContext;
import org.deepraster.plugin.PluginDescriptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The viewer in a real window (needs a display: run under Xvfb). */
@Tag("gui")
@org.junit.jupiter.api.Timeout(120)
class ViewerGuiTest {
    private ViewerApp app;
    private FrameFixture window;
    private Robot robot;
    private LayerInfo parcels;

    @BeforeAll
    static void checkEdtUse() {
        org.junit.jupiter.api.Assumptions.assumeTrue(!System.getProperty("os.name").startsWith("Linux")
                || System.getenv("DISPLAY") != null && !System.getenv("DISPLAY").isBlank(),
                "GUI tests need a display: run them under xvfb-run");
        FailOnThreadViolationRepaintManager.install();
    }

    @BeforeEach
    void start() {
        app = ViewerApp.start(List.of(), false, false);
        app.notifications().setDialogs(false);
        robot = BasicRobot.robotWithCurrentAwtHierarchy();
        robot.settings().delayBetweenEvents(30);
        window = new FrameFixture(robot, app.frame());
        var crs = Fixtures.utm33();
        app.layerManager().add(new RasterLayer(Fixtures.raster(crs)));
        parcels = app.layers().addFeatures(Fixtures.polygons(crs),
                LayerStyle.simple(Color.RED, new Color(255, 0, 0, 60)));
        waitUntil(() -> GuiActionRunner.execute(() -> app.mapPane().isRenderIdle()
                && app.mapPane().completedRenders() > 0), "first render");
    }

    @AfterEach
    void stop() {
        if (window != null) {
            window.cleanUp();
        }
    }

    private static void waitUntil(BooleanSupplier condition, String what) {
        long end = System.currentTimeMillis() + 20_000;
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

    private MapViewport viewport() {
        return GuiActionRunner.execute(() -> app.mapPane().viewport());
    }

    private Point screenOf(double x, double y) {
        MapViewport vp = viewport();
        Point2D p = vp.mapToScreen(x, y);
        return new Point((int) Math.round(p.getX()), (int) Math.round(p.getY()));
    }

    @Test
    void startsWithLayersStatusAndNamedTools() {
        window.requireVisible();
        window.list("layerList").requireItemCount(2);
        assertThat(window.list("layerList").contents()[0]).startsWith("parcels");
        window.toggleButton("tool.pan").requireSelected();
        window.toggleButton("tool.zoomIn").requireEnabled();
        window.toggleButton("tool.identify").requireEnabled();
        window.label("statusCrs").requireText(java.util.regex.Pattern.compile(".*32633.*"));
        window.label("statusScale").requireText(java.util.regex.Pattern.compile("1:[0-9,]+"));
        // the first layer set the extent: the raster is in view
        assertThat(viewport().extent().contains(Fixtures.MIN_X + 500, Fixtures.MAX_Y - 500)).isTrue();
        window.menuItem("menu.file.openRaster").requireEnabled();
        // the mouse over the map shows map coordinates
        Point centre = screenOf(Fixtures.MIN_X + 500, Fixtures.MAX_Y - 500);
        robot.moveMouse(robot.finder().findByName("mapPane"), centre);
        robot.waitForIdle();
        String coords = window.label("statusCoords").text();
        assertThat(coords).matches("5\\d{5}\\.\\d\\d, 49\\d{5}\\.\\d\\d");
    }

    @Test
    void panAndZoomWithTheMouse() {
        Component map = robot.finder().findByName("mapPane");
        MapViewport before = viewport();
        Point from = new Point(map.getWidth() / 2, map.getHeight() / 2);
        robot.pressMouse(map, from, MouseButton.LEFT_BUTTON);
        robot.moveMouse(map, from.x + 40, from.y + 20);
        robot.moveMouse(map, from.x + 80, from.y + 40);
        robot.releaseMouse(MouseButton.LEFT_BUTTON);
        robot.waitForIdle();
        MapViewport panned = viewport();
        assertThat(panned.scale()).isEqualTo(before.scale());
        assertThat(panned.centerX()).isCloseTo(before.centerX() - 80 * before.scale(), within(2 * before.scale()));
        assertThat(panned.centerY()).isCloseTo(before.centerY() + 40 * before.scale(), within(2 * before.scale()));

        // wheel zooms around the cursor
        Point at = new Point(map.getWidth() / 3, map.getHeight() / 3);
        robot.moveMouse(map, at);
        Point2D under = panned.screenToMap(at.x, at.y);
        robot.rotateMouseWheel(-2); // at the current mouse position
        robot.waitForIdle();
        MapViewport zoomed = viewport();
        assertThat(zoomed.scale()).isLessThan(panned.scale());
        Point2D still = zoomed.screenToMap(at.x, at.y);
        assertThat(still.distance(under)).isLessThan(3 * zoomed.scale());

        // zoom-in tool: a click halves the scale, a box fits it
        window.toggleButton("tool.zoomIn").click();
        robot.click(map, new Point(map.getWidth() / 2, map.getHeight() / 2));
        robot.waitForIdle();
        assertThat(viewport().scale()).isCloseTo(zoomed.scale() / 2, within(zoomed.scale() * 1e-6));
        window.toggleButton("tool.zoomOut").click();
        robot.click(map, new Point(map.getWidth() / 2, map.getHeight() / 2));
        robot.waitForIdle();
        assertThat(viewport().scale()).isCloseTo(zoomed.scale(), within(zoomed.scale() * 1e-6));

        window.button("tool.fullExtent").click();
        robot.waitForIdle();
        assertThat(viewport().extent().contains(Fixtures.MIN_X + 500, Fixtures.MAX_Y - 500)).isTrue();
        // the map renders again after navigation
        long renders = GuiActionRunner.execute(() -> app.mapPane().completedRenders());
        waitUntil(() -> GuiActionRunner.execute(() -> app.mapPane().isRenderIdle()), "render after navigation");
        assertThat(GuiActionRunner.execute(() -> app.mapPane().completedRenders())).isGreaterThanOrEqualTo(renders);
    }

    @Test
    void identifyAFeatureShowsItsAttributes() {
        window.toggleButton("tool.identify").click();
        Component map = robot.finder().findByName("mapPane");
        robot.click(map, screenOf(Fixtures.MIN_X + 250, Fixtures.MAX_Y - 350)); // inside "house"
        DialogFixture dialog = window.dialog("identifyDialog", Timeout.timeout(10_000));
        dialog.requireVisible();
        assertThat(rows(dialog)).contains("name=house", "(feature id)=2");
        assertThat(app.selection().selected(parcels)).containsExactly(2L); // and selected (highlighted)

        // on the raster outside any feature: pixel values of all bands
        robot.click(map, screenOf(Fixtures.MIN_X + 405, Fixtures.MAX_Y - 705)); // column 40, row 70
        waitUntil(() -> rows(dialog).stream().anyMatch(r -> r.startsWith("(column")), "pixel values");
        assertThat(rows(dialog)).contains("(column, row)=40, 70", "Band 1=81", "Band 2=141", "Band 3=100");
    }

    private static List<String> rows(DialogFixture dialog) {
        return java.util.Arrays.stream(dialog.table("identifyTable").contents()).map(r -> r[0] + "=" + r[1]).toList();
    }

    @Test
    void layerListTogglesVisibilityAndRemoves() {
        var list = window.list("layerList");
        Component c = list.target();
        java.awt.Rectangle cell = GuiActionRunner.execute(() -> list.target().getCellBounds(0, 0));
        robot.click(c, new Point(cell.x + 8, cell.y + cell.height / 2));
        robot.waitForIdle();
        assertThat(parcels.isVisible()).isFalse();
        robot.click(c, new Point(cell.x + 8, cell.y + cell.height / 2));
        robot.waitForIdle();
        assertThat(parcels.isVisible()).isTrue();
        list.selectItem(1);
        window.comboBox("layer.bandR").requireSelection("Band 1");
        window.comboBox("layer.bandR").selectItem("Band 3");
        RasterLayer raster = (RasterLayer) app.layers().layers().get(1);
        assertThat(raster.rgbBands()[0]).isEqualTo(2);
        list.selectItem(0);
        window.button("layer.down").click();
        robot.waitForIdle();
        assertThat(app.layers().layers().get(1)).isSameAs(parcels);
        list.selectItem(1);
        window.button("layer.remove").click();
        robot.waitForIdle();
        list.requireItemCount(1);
        assertThat(app.layers().layers()).doesNotContain(parcels);
    }

    @Test
    void streamedFeaturesAppearOnTheMapWhileAJobRuns() throws Exception {
        var crs = Fixtures.utm33();
        var s = app.layers().addStreamingLayer(new org.deepraster.feature.FeatureCollection(
                Fixtures.schema("results", crs), List.of(), null, List.of()),
                LayerStyle.simple(Color.BLUE, Color.BLUE));
        var handle = app.tasks().submit("stream", progress -> {
            for (int i = 0; i < 60; i++) {
                double x = Fixtures.MIN_X + 50 + (i % 10) * 90;
                double y = Fixtures.MAX_Y - 80 - (i / 10) * 150;
                s.append(List.of(Fixtures.feature(100 + i, Fixtures.box(x, y, x + 40, y + 40), "r")));
                Thread.sleep(15);
            }
            return null;
        });
        handle.result().get(30, java.util.concurrent.TimeUnit.SECONDS);
        waitUntil(() -> GuiActionRunner.execute(() -> app.mapPane().isRenderIdle()), "render after streaming");
        waitUntil(() -> GuiActionRunner.execute(() -> {
            Point p = screenOf(Fixtures.MIN_X + 50 + 9 * 90 + 20, Fixtures.MAX_Y - 80 - 5 * 150 + 20); // the last box
            return (app.mapPane().renderedImage().getRGB(p.x, p.y) & 0xFFFFFF) == 0x0000FF;
        }), "the last streamed feature drawn");
        assertThat(((VectorLayer) s.info()).data().size()).isEqualTo(60);
    }

    @Test
    void aBadFileGivesAMessageAndTheOtherLayersStay() {
        app.notifications().setDialogs(true);
        var f = app.layers().open(java.nio.file.Path.of("no-such-dir", "broken.tif"));
        DialogFixture error = window.dialog("errorDialog", Timeout.timeout(20_000));
        error.requireVisible();
        assertThat(f).isCompletedExceptionally();
        assertThat(GuiActionRunner.execute(() -> {
            javax.swing.JOptionPane pane = (javax.swing.JOptionPane) ((javax.swing.JDialog) error.target())
                    .getContentPane().getComponent(0);
            return String.valueOf(pane.getMessage());
        })).contains("broken.tif").doesNotContain("Exception:").doesNotContain("\tat ");
        error.button(org.assertj.swing.core.matcher.JButtonMatcher.withText("OK")).click();
        window.list("layerList").requireItemCount(2);
        assertThat(window.label("statusMessage").text()).contains("broken.tif");
    }

    @Test
    void aTaskShowsProgressAndCanBeCancelled() throws Exception {
        var handle = app.tasks().submit("Long job", progress -> {
            progress.begin("Working", 1000);
            for (int i = 0; i < 1000; i++) {
                progress.checkCancelled();
                progress.worked(1);
                Thread.sleep(20);
            }
            return "done";
        });
        waitUntil(() -> GuiActionRunner.execute(() -> window.label("statusTaskLabel").target().isShowing()
                && window.label("statusTaskLabel").target().getText().contains("Long job")), "task in the status bar");
        window.button("statusTaskCancel").click();
        try {
            handle.result().get(20, java.util.concurrent.TimeUnit.SECONDS);
            throw new AssertionError("the task should have been cancelled");
        } catch (java.util.concurrent.ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(org.deepraster.util.CancelledException.class);
        }
        assertThat(handle.isCancelled()).isTrue();
        waitUntil(() -> GuiActionRunner.execute(() -> !robot.finder().findByName(app.frame(), "statusTasks", false).isVisible()),
                "the status bar to drop the task");
    }

    @Test
    void aLongTaskTextIsNotClippedAtItsStartNorRepeated() throws Exception {
        // what the first start runs (ViewerCommand): a phase that repeats the task's title
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        app.tasks().submit("Generating the sample scene", progress -> {
            progress.begin("Generating the sample scene (first run) with a description long enough to need more room than"
                    + " the status bar has beside the coordinates, the scale and the CRS", -1);
            release.await();
            return null;
        });
        try {
            javax.swing.JLabel label = (javax.swing.JLabel) window.label("statusTaskLabel").target();
            waitUntil(() -> GuiActionRunner.execute(() -> label.isShowing() && label.getText().startsWith("Generating the sample scene (first")),
                    "the task's phase in the status bar");
            robot.waitForIdle();
            GuiActionRunner.execute(() -> {
                assertThat(label.getText()).startsWith("Generating the sample scene (first run) with")
                        .doesNotContain("scene – Generating");
                java.awt.Container panel = label.getParent();
                // the text starts where the eye looks for it: cut at its end, if at all, not at its start
                assertThat(label.getX()).isGreaterThanOrEqualTo(0);
                java.awt.Point at = javax.swing.SwingUtilities.convertPoint(panel, label.getLocation(), app.frame().getContentPane());
                assertThat(at.x).isGreaterThanOrEqualTo(0);
                assertThat(label.getToolTipText()).isEqualTo(label.getText());
                assertThat(panel.getWidth()).isLessThanOrEqualTo(TaskStatusPanel.MAX_WIDTH);
                assertThat(window.label("statusMessage").target().getWidth()).as("room for the status message").isGreaterThan(100);
                return null;
            });
        } finally {
            release.countDown();
        }
    }

    @Test
    void dragALayerBelowAnother() {
        var list = window.list("layerList");
        list.drag(0);
        list.drop(1);
        robot.waitForIdle();
        waitUntil(() -> app.layers().layers().get(1) == parcels, "parcels moved below the raster");
    }

    @Test
    void pluginPanelAndMenuAppear() {
        AtomicInteger clicked = new AtomicInteger();
        Plugin plugin = new Plugin() {
            @Override
            public void start(PluginContext context) {
                assertThat(context.host().version()).isEqualTo(ViewerApp.VERSION);
                context.ui().addDockedPanel("test.panel", "Test Tools", () -> {
                    JPanel p = new JPanel();
                    JLabel l = new JLabel("hello from the plugin");
                    l.setName("test.label");
                    p.add(l);
                    return p;
                });
                context.ui().addMenuItem("Deep Learning", "Say Hello", null, clicked::incrementAndGet);
                context.ui().showDockedPanel("test.panel");
            }
        };
        PluginDescriptor d = new PluginDescriptor("test", "Test Plugin", "1.0", "0.1", plugin.getClass().getName(),
                "a test", List.of(), "test");
        GuiActionRunner.execute(() -> {
            try {
                plugin.start(app.hostContextFor(d));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        robot.waitForIdle();
        JTabbedPane dock = (JTabbedPane) window.tabbedPane("dock").target();
        window.tabbedPane("dock").requireTabTitles("Layers", "Test Tools");
        assertThat(GuiActionRunner.execute(() -> dock.getSelectedIndex())).isEqualTo(1);
        window.label("test.label").requireText("hello from the plugin");
        window.menuItem("menu.deeplearning.sayhello").click();
        robot.waitForIdle();
        assertThat(clicked.get()).isEqualTo(1);
        // the plugin sees the map and layers
        PluginContext ctx = app.hostContextFor(d);
        assertThat(ctx.layers().layers()).hasSize(2);
        assertThat(ctx.map().crs()).isNotNull();
        assertThat(ctx.map().visibleExtent().isNull()).isFalse();
    }
}
