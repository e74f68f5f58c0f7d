package org.deepraster.viewer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.deepraster.viewer.ViewerTools.waitUntil;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.assertj.swing.core.BasicRobot;
import org.assertj.swing.core.Robot;
import org.assertj.swing.edt.GuiActionRunner;
import org.assertj.swing.finder.WindowFinder;
import org.assertj.swing.fixture.DialogFixture;
import org.assertj.swing.fixture.FrameFixture;
import org.deepraster.feature.Feature;
import org.deepraster.feature.FeatureCollection;
import org.deepraster.feature.VectorFiles;
import org.deepraster.plugin.LayerInfo;
import org.deepraster.plugin.LayerKind;
import org.deepraster.toolbox.ClassifyObjectsDialog;
import org.deepraster.toolbox.ToolDialogs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Classify Objects from the toolbox of the real viewer (needs a display: run under Xvfb): a small
 * generated scene and its buildings open, the sample damage classifier chosen, Run: a layer with one
 * labelled feature per building appears on the map and in the output file; a second Run asks what to
 * do with the existing output and resumes.
 */
@Tag("gui")
@org.junit.jupiter.api.Timeout(240)
class ClassifyObjectsDialogGuiTest {
    static final Path MODEL = Path.of("sample-models", "building_damage_classifier.dlpk").toAbsolutePath();

    static final String RASTER = "scene.tif";

    @TempDir
    Path dir;
    private ViewerApp app;
    private FrameFixture window;
    private Robot robot;

    @BeforeAll
    static void needsADisplay() {
        ViewerTools.assumeDisplay();
    }

    @BeforeEach
    void start() throws Exception {
        app = ViewerTools.startWithScene(dir);
        robot = BasicRobot.robotWithCurrentAwtHierarchy();
        robot.settings().delayBetweenEvents(20);
        window = new FrameFixture(robot, app.frame());
    }

    @AfterEach
    void stop() {
        if (window != null) {
            window.cleanUp();
        }
    }

    private Optional<LayerInfo> layer(String name) {
        return ViewerTools.layer(app, name);
    }

    @Test
    void classifiesTheBuildingsOntoTheMapAndResumes() throws Exception {
        window.tabbedPane("dock").selectTab("Deep Learning");
        window.tree("toolbox.tree").selectPath("Deep Learning/Classify Objects");
        window.button("toolbox.open").click();
        DialogFixture dialog = WindowFinder.findDialog(ToolDialogs.dialogName("classify-objects"))
                .withTimeout(10_000).using(robot);
        ClassifyObjectsDialog target = (ClassifyObjectsDialog) dialog.target();
        dialog.comboBox("classify.raster").requireSelection(RASTER);
        // the footprints (the bottom-most polygon layer) are proposed, not the cars drawn over them
        dialog.comboBox("classify.features").requireSelection("buildings");
        // the default output sits next to the raster
        assertThat(dialog.textBox("classify.output").text())
                .isEqualTo(dir.resolve("scene").resolve("scene_classified.gpkg").toString());
        Path out = dir.resolve("damage.gpkg");
        dialog.textBox("classify.output").setText(out.toString());
        dialog.button("classify.run").requireDisabled(); // no model yet

        dialog.comboBox("model.picker.path").replaceText(MODEL.toString());
        dialog.textBox("model.picker.path.text").pressAndReleaseKeys(java.awt.event.KeyEvent.VK_ENTER);
        waitUntil(() -> GuiActionRunner.execute(() -> target.modelPanel().isReady()), "the model to load", 60);
        // pressed on the EDT: a robot click may still be queued when the wait below first looks
        javax.swing.JButton runButton = (javax.swing.JButton) dialog.button("classify.run").requireEnabled().target();
        GuiActionRunner.execute(() -> runButton.doClick());

        waitUntil(() -> GuiActionRunner.execute(() -> !target.isRunning()
                && !(target.summary().isEmpty() && target.errorText().isEmpty())), "the run to end", 120);
        assertThat(target.errorText()).isEmpty();
        String summary = GuiActionRunner.execute(target::summary);
        assertThat(summary).startsWith("Completed").contains("Output: " + out);

        int buildings = layer("buildings").orElseThrow().features().orElseThrow().size();
        assertThat(buildings).isPositive();
        waitUntil(() -> layer("damage").flatMap(LayerInfo::features).map(FeatureCollection::size).orElse(0) == buildings,
                "one feature per building on the map", 20);
        LayerInfo result = layer("damage").orElseThrow();
        assertThat(result.kind()).isEqualTo(LayerKind.VECTOR);
        // Review results under the summary opens the Review panel on this run's layer
        dialog.button("classify.review").requireVisible().requireEnabled();
        GuiActionRunner.execute(() -> ((javax.swing.JButton) dialog.button("classify.review").target()).doClick());
        org.deepraster.toolbox.ReviewPanel review = GuiActionRunner.execute(() ->
                (org.deepraster.toolbox.ReviewPanel) ViewerTools.find(app.frame(), "review.panel"));
        waitUntil(() -> GuiActionRunner.execute(() -> review.layer() != null && review.layer().name().equals("damage")
                && review.isShowing() && ((javax.swing.JTable) ViewerTools.find(review, "review.features")).getRowCount()
                == buildings), "the review of the results", 20);
        assertThat(GuiActionRunner.execute(() -> app.layers().layers().get(0).name())).isEqualTo("damage");

        assertThat(out).exists();
        List<FeatureCollection> written = VectorFiles.open(out);
        assertThat(written).hasSize(1);
        assertThat(written.get(0).features()).hasSize(buildings);
        for (Feature f : written.get(0).features()) {
            assertThat(f.get("ClassLabel")).isIn("damaged", "undamaged");
            assertThat(((Number) f.get("Confidence")).doubleValue()).isBetween(0.0, 100.0);
        }
        screenshot("classify-objects-after-run.png");

        // run again: the output exists, the dialog asks; Resume finds nothing left to do
        // pressed on the EDT: Review results raised the main window, which may now cover the dialog
        javax.swing.JButton run = (javax.swing.JButton) dialog.button("classify.run").target();
        GuiActionRunner.execute(() -> javax.swing.SwingUtilities.invokeLater(run::doClick)); // the question is modal
        DialogFixture question = WindowFinder.findDialog("classify.exists").withTimeout(10_000).using(robot);
        javax.swing.JButton resume = question.button(
                new org.assertj.swing.core.GenericTypeMatcher<javax.swing.JButton>(javax.swing.JButton.class) {
                    @Override
                    protected boolean isMatching(javax.swing.JButton b) {
                        return "Resume".equals(b.getText());
                    }
                }).target();
        GuiActionRunner.execute(() -> resume.doClick());
        waitUntil(() -> GuiActionRunner.execute(() -> !target.isRunning() && !target.summary().isEmpty()),
                "the resumed run to end", 120);
        assertThat(GuiActionRunner.execute(target::summary)).startsWith("Completed")
                .contains(": 0 results").contains(buildings + " items done by an earlier run");
        assertThat(VectorFiles.open(out).get(0).features()).hasSize(buildings);
        // the layer of the first run was replaced by the resumed run's, which shows what the file holds
        waitUntil(() -> GuiActionRunner.execute(() -> app.layers().layers().stream()
                .filter(l -> l.name().equals("damage")).count()) == 1, "one output layer", 20);
        assertThat(layer("damage").flatMap(LayerInfo::features).map(FeatureCollection::size).orElse(0))
                .isEqualTo(buildings);
    }

    private void screenshot(String name) throws Exception {
        robot.waitForIdle();
        ViewerTools.screenshot(app, name);
    }
}
