package org.deepraster.viewer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.deepraster.viewer.ViewerTools.find;
import static org.deepraster.viewer.ViewerTools.waitUntil;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.swing.JButton;
import javax.swing.JDialog;
import javax.swing.JSpinner;
import javax.swing.JTextField;
import org.assertj.swing.edt.GuiActionRunner;
import org.deepraster.feature.Feature;
import org.deepraster.feature.FeatureCollection;
import org.deepraster.feature.VectorFiles;
import org.deepraster.plugin.LayerInfo;
import org.deepraster.toolbox.DetectObjectsDialog;
import org.deepraster.toolbox.NmsDialog;
import org.deepraster.toolbox.ReviewPanel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Detect Objects and Non Maximum Suppression from the toolbox of the real viewer (needs a display:
 * run under Xvfb) on a small generated scene with the sample tree/car detector: the detections
 * appear as a map layer and in the output file; Review results opens the Review panel on that
 * layer; NMS on that layer writes and opens its output.
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
        ViewerTools.assumeDisplay();
    }

    @BeforeEach
    void start() throws Exception {
        app = ViewerTools.startWithScene(dir);
    }

    @AfterEach
    void stop() {
        ViewerTools.closeAll();
    }

    private Optional<LayerInfo> layer(String name) {
        return ViewerTools.layer(app, name);
    }

    private JDialog openTool(String toolId) {
        return ViewerTools.openTool(app, toolId);
    }

    private void screenshot(String name) throws Exception {
        ViewerTools.screenshot(app, name);
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

        // zoomed in, each box is labelled with its class and confidence
        org.locationtech.jts.geom.Envelope near = new org.locationtech.jts.geom.Envelope(
                written.get(0).geometry().getEnvelopeInternal());
        near.expandBy(Math.max(near.getWidth(), near.getHeight()) * 6);
        GuiActionRunner.execute(() -> app.mapPane().zoomTo(near));
        LayerInfo onMap = layer("found").orElseThrow();
        assertThat(onMap.currentStyle().orElseThrow().labelsShown()).isTrue();
        assertThat(onMap.currentStyle().orElseThrow().label().template()).contains("Class}", "{Confidence:%.0f}%");
        GuiActionRunner.execute(() -> detect.setVisible(false)); // the map, not the dialog
        screenshot("detect-objects-labelled.png");
        GuiActionRunner.execute(() -> detect.setVisible(true));

        // Review results under the summary opens the Review panel on this run's layer
        JButton review = GuiActionRunner.execute(() -> (JButton) find(detect, "detect.review"));
        assertThat(review).isNotNull();
        assertThat(GuiActionRunner.execute(review::isShowing)).isTrue();
        LayerInfo found = layer("found").orElseThrow();
        GuiActionRunner.execute(() -> review.doClick());
        ReviewPanel panel = GuiActionRunner.execute(() -> (ReviewPanel) find(app.frame(), "review.panel"));
        waitUntil(() -> GuiActionRunner.execute(() -> panel.layer() != null && panel.layer().name().equals(found.name())
                && panel.isShowing()), "the review of found", 20);
        waitUntil(() -> GuiActionRunner.execute(() -> ((javax.swing.JTable) find(panel, "review.features")).getRowCount()
                == written.size()), "the review table", 20);
        screenshot("detect-objects-review.png");

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
}
