package org.deepraster.toolbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.deepraster.toolbox.DialogTests.answer;
import static org.deepraster.toolbox.DialogTests.edt;
import static org.deepraster.toolbox.DialogTests.find;
import static org.deepraster.toolbox.DialogTests.set;
import static org.deepraster.toolbox.DialogTests.waitUntil;

import java.nio.file.Path;
import java.util.List;
import javax.swing.JCheckBox;
import javax.swing.JComboBox;
import javax.swing.JSpinner;
import javax.swing.JTextField;
import org.deepraster.feature.Feature;
import org.deepraster.feature.FeatureCollection;
import org.deepraster.feature.VectorFiles;
import org.deepraster.model.ModelArguments;
import org.deepraster.plugin.TestHost;
import org.deepraster.plugin.ToolDescriptor;
import org.deepraster.tool.detectobjects.DetectObjectsParameters;
import org.deepraster.tool.Environments;
import org.deepraster.tool.ProcessingExtent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.deepraster.tool.detectobjects.DetectObjectsSpec;
import org.deepraster.tool.detectobjects.InstanceOptions;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Envelope;

/**
 * The Detect Objects dialog against an in-memory host ({@link TestHost}): the parameters and command
 * line it builds from its form, detections streamed onto a class-coloured layer, and what closing
 * the dialog during a run does. Needs a display (a JDialog), not the viewer.
 */
@Tag("gui")
@Timeout(240)
class DetectObjectsDialogHostTest {
    static final Path MODEL = Path.of("sample-models", "tree_car_detector.dlpk").toAbsolutePath();

    @RegisterExtension
    static final DialogHost env = new DialogHost(768, 11);

    @TempDir
    Path dir;
    DetectObjectsDialog dialog;

    @BeforeEach
    void open() throws Exception {
        ToolDescriptor tool = DialogTests.tool(env.descriptor(), DetectObjectsDialog.TOOL_ID);
        dialog = edt(() -> new DetectObjectsDialog(null, tool, env.context(), env.engine()));
        DialogTests.loadModel(dialog.modelPanel(), MODEL);
    }

    @AfterEach
    void close() throws Exception {
        DialogTests.dispose(dialog);
    }

    @Test
    void theFormGivesTheParametersAndCommandLineOfTheCli() throws Exception {
        // defaults: the map's raster, NMS across tiles at 0.3, boxes, a proposed output next to the raster
        DetectObjectsParameters p = edt(dialog::parameters);
        Path proposed = env.scene().scene().resolveSibling("scene_detected.gpkg");
        assertThat(p).isEqualTo(DetectObjectsParameters.of(env.scene().scene(), MODEL.toString(), proposed)
                .withNms(true, DetectObjectsDialog.DEFAULT_OVERLAP));
        assertThat(edt(dialog::commandLine)).isEqualTo("deepraster " + CommandLinePreview.join(
                DetectObjectsDialog.commandArgs(p, null))).contains("--run_nms NMS --max_overlap_ratio 0.3");

        Path out = dir.resolve("found.gpkg");
        Envelope visible = new Envelope(500_000, 500_100, 5_000_000, 5_000_100);
        env.host().visible = visible;
        set(() -> {
            ((JTextField) find(dialog.getContentPane(), "detect.output")).setText(out.toString());
            dialog.modelPanel().setArguments("threshold 0.4;batch_size 2");
            ((JSpinner) find(dialog.getContentPane(), "detect.maxOverlap")).setValue(0.25);
            ((JTextField) find(dialog.getContentPane(), "detect.confidenceField")).setText("Score");
            ((JComboBox<?>) find(dialog.getContentPane(), "detect.geometry")).setSelectedIndex(1);
            ((JCheckBox) find(dialog.getContentPane(), "detect.extent")).setSelected(true);
            ((JComboBox<?>) find(dialog.getContentPane(), "detect.processor")).setSelectedItem(Environments.Processor.GPU);
            ((JSpinner) find(dialog.getContentPane(), "detect.parallel")).setValue(3);
        });
        DetectObjectsParameters expected = new DetectObjectsParameters(env.scene().scene(), MODEL.toString(), out,
                ModelArguments.parse("threshold 0.4;batch_size 2"), true, "Score", "Class", 0.25,
                DetectObjectsParameters.OutputGeometry.CENTER_POINTS, new Environments(new ProcessingExtent.Box(visible,
                env.host().crs), null, Environments.Processor.GPU, 0, 3, 1), false);
        assertThat(edt(dialog::parameters)).isEqualTo(expected);
        assertThat(edt(dialog::commandLine)).isEqualTo("deepraster " + CommandLinePreview.join(
                DetectObjectsDialog.commandArgs(expected, null)));

        // NMS off: no ratio; a mask layer with the map extent is refused (the CLI refuses both too)
        set(() -> ((JCheckBox) find(dialog.getContentPane(), "detect.runNms")).doClick());
        assertThat(edt(dialog::parameters)).extracting(DetectObjectsParameters::runNms, DetectObjectsParameters::maxOverlapRatio)
                .containsExactly(false, 0.0);
        assertThat(edt(() -> ClassifyObjectsDialog.items(dialog.maskPicker().combo()))).startsWith(DetectObjectsDialog.NO_MASK)
                .contains("buildings").doesNotContain("scene.tif");
        set(() -> dialog.maskPicker().select("buildings"));
        assertThat(edt(dialog::commandLine)).startsWith("# ").contains("not both");
        set(() -> ((JCheckBox) find(dialog.getContentPane(), "detect.extent")).setSelected(false));
        assertThat(edt(dialog::parameters).environments().extent()).isInstanceOf(ProcessingExtent.Mask.class);
        assertThat(edt(dialog::commandLine)).contains("--mask " + env.scene().groundTruth());
    }

    @Test
    void instanceOptionsAreShownForInstanceModelsOnlyAndReachTheParameters() throws Exception {
        assertThat(edt(dialog::instanceOptionsShown)).as("a box detector").isFalse();
        Path seg = Path.of("src", "test", "resources", "onnx", "inst_rects_32.onnx").toAbsolutePath();
        DialogTests.loadModel(dialog.modelPanel(), seg);
        assertThat(edt(dialog::instanceOptionsShown)).as("a YOLO segmentation model").isTrue();
        set(() -> {
            ((JTextField) find(dialog.getContentPane(), "detect.param." + DetectObjectsSpec.MIN_AREA)).setText("12");
            ((JComboBox<?>) find(dialog.getContentPane(), "detect.param." + DetectObjectsSpec.REGULARIZE))
                    .setSelectedItem("RIGHT_ANGLES");
        });
        assertThat(edt(dialog::parameters).instanceOptions())
                .isEqualTo(new InstanceOptions(12, 0, InstanceOptions.Method.RIGHT_ANGLES, 0, 0));
        assertThat(edt(dialog::commandLine)).contains("--min_area 12").contains("--regularize_method RIGHT_ANGLES");
        DialogTests.loadModel(dialog.modelPanel(), MODEL);
        assertThat(edt(dialog::instanceOptionsShown)).isFalse();
        assertThat(edt(dialog::parameters).instanceOptions()).isEqualTo(InstanceOptions.NONE);
    }

    @Test
    void detectionsStreamOntoAClassColouredLayer() throws Exception {
        Path out = dir.resolve("found.gpkg");
        set(() -> {
            ((JTextField) find(dialog.getContentPane(), "detect.output")).setText(out.toString());
            dialog.run();
        });
        waitUntil(() -> edt(() -> !dialog.isRunning()), "the run", 120);
        assertThat(edt(dialog::errorText)).isEmpty();
        String summary = edt(dialog::summary);
        assertThat(summary).startsWith("Completed").contains("detections written").contains("Output: " + out);
        List<FeatureCollection> written = VectorFiles.open(out);
        int n = written.get(0).size();
        assertThat(n).isPositive();
        TestHost.Streaming layer = env.host().streams.get(0);
        assertThat(layer.appended).hasSize(n);
        assertThat(layer.info().name()).isEqualTo("found");
        assertThat(layer.style.classField()).isEqualTo("Class");
        assertThat(layer.style.classColors()).containsOnlyKeys("tree", "car");
        assertThat(env.host().appendThreads).noneMatch(t -> t.endsWith("(EDT)"));
        for (Feature f : written.get(0).features()) {
            assertThat(f.get("Class")).isIn("tree", "car");
            assertThat(((Number) f.get("Confidence")).doubleValue()).isBetween(0.0, 100.0);
        }
        // counts per class in the summary
        assertThat(summary).containsPattern("(tree|car): \\d+");

        // again to the same output: Overwrite detects everything again
        javax.swing.SwingUtilities.invokeLater(dialog::run); // the question is modal
        answer("detect.exists", "Overwrite");
        waitUntil(() -> env.host().tasks.size() == 2 && edt(() -> !dialog.isRunning()), "the second run", 120);
        assertThat(env.host().layers()).filteredOn(l -> l.name().equals("found")).hasSize(1);
        assertThat(VectorFiles.open(out).get(0).size()).isEqualTo(n);

        // Resume on a finished output: every tile is done, nothing is added, the layer shows what the file holds
        javax.swing.SwingUtilities.invokeLater(dialog::run);
        answer("detect.exists", "Resume");
        waitUntil(() -> env.host().tasks.size() == 3 && edt(() -> !dialog.isRunning()), "the resumed run", 120);
        assertThat(edt(dialog::errorText)).isEmpty();
        assertThat(edt(dialog::commandLine)).doesNotContain("--resume"); // the form itself never resumes
        assertThat(VectorFiles.open(out).get(0).size()).isEqualTo(n);
        assertThat(env.host().layers()).filteredOn(l -> l.name().equals("found")).hasSize(1);
        TestHost.Streaming resumed = env.host().streams.get(env.host().streams.size() - 1);
        assertThat(resumed.initial.features()).hasSize(n);
        assertThat(resumed.appended).isEmpty();
    }

    @Test
    void closingDuringARunAsksAndCanLetItFinishInTheBackground() throws Exception {
        Path out = dir.resolve("found.gpkg");
        env.host().appendDelayMillis = 400; // a slow map: the run lasts long enough to close the dialog mid-way
        set(() -> {
            ((JTextField) find(dialog.getContentPane(), "detect.output")).setText(out.toString());
            dialog.modelPanel().setArguments("batch_size 1");
            dialog.run();
        });
        waitUntil(() -> env.host().tasks.size() == 1, "the run to start", 60);

        // Keep open: nothing happens
        javax.swing.SwingUtilities.invokeLater(dialog::requestClose);
        answer("detect.closing", "Keep open");
        assertThat(edt(() -> dialog.isDisplayable() && dialog.isRunning())).isTrue();

        // Run in background: the dialog goes, the run finishes and says so
        javax.swing.SwingUtilities.invokeLater(dialog::requestClose);
        answer("detect.closing", "Run in background");
        assertThat(edt(dialog::isDisplayable)).isFalse();
        env.host().tasks.get(0).result().get(120, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(env.host().tasks.get(0).isCancelled()).isFalse();
        waitUntil(() -> env.context().messages.stream().anyMatch(m -> m.startsWith("info: Detect Objects: Completed")),
                "the notification", 20);
        assertThat(VectorFiles.open(out).get(0).size()).isEqualTo(env.host().streams.get(0).appended.size()).isPositive();
        dialog = null;
    }

    @Test
    void closingDuringARunCanCancelIt() throws Exception {
        Path out = dir.resolve("found.gpkg");
        env.host().appendDelayMillis = 400;
        set(() -> {
            ((JTextField) find(dialog.getContentPane(), "detect.output")).setText(out.toString());
            dialog.modelPanel().setArguments("batch_size 1");
            dialog.run();
        });
        waitUntil(() -> env.host().tasks.size() == 1, "the run to start", 60);
        javax.swing.SwingUtilities.invokeLater(dialog::requestClose);
        answer("detect.closing", "Cancel run");
        assertThat(edt(dialog::isDisplayable)).isFalse();
        assertThat(env.host().tasks.get(0).isCancelled()).isTrue();
        try {
            env.host().tasks.get(0).result().get(120, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException cancelledBeforeAnyResult) {
            // fine: cancelled before the first tile finished
        }
        dialog = null;
    }
}
