package org.deepraster.toolbox.form;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.swing.timing.Pause.pause;

import com.formdev.flatlaf.FlatLightLaf;
import java.awt.Dimension;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import javax.swing.JButton;
import javax.swing.JDialog;
import javax.swing.JSpinner;
import javax.swing.JTextField;
import javax.swing.SwingUtilities;
import javax.swing.JFrame;
import javax.swing.JTable;
import javax.swing.JTextArea;
import org.assertj.swing.core.BasicRobot;
import org.assertj.swing.core.Robot;
import org.assertj.swing.edt.FailOnThreadViolationRepaintManager;
import org.assertj.swing.edt.GuiActionRunner;
import org.assertj.swing.finder.WindowFinder;
import org.assertj.swing.fixture.DialogFixture;
import org.assertj.swing.fixture.FrameFixture;
import org.assertj.swing.timing.Condition;
import org.assertj.swing.timing.Timeout;
import org.deepraster.model.Fixtures;
import org.deepraster.toolbox.Display;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model picker, info panel and form together in a real window (run under Xvfb). */
@Tag("gui")
class ModelPanelGuiTest {

    @TempDir
    Path dir;

    Robot robot;
    FrameFixture window;
    ModelPanel panel;

    @BeforeAll
    static void needsADisplay() {
        Display.assumeAvailable();
        FailOnThreadViolationRepaintManager.install();
    }

    @BeforeEach
    void show() {
        robot = BasicRobot.robotWithNewAwtHierarchy();
        JFrame frame = GuiActionRunner.execute(() -> {
            FlatLightLaf.setup();
            JFrame f = new JFrame("Detect Objects — model");
            panel = new ModelPanel();
            panel.setBorder(javax.swing.BorderFactory.createEmptyBorder(12, 12, 12, 12));
            f.setContentPane(panel);
            f.setPreferredSize(new Dimension(1000, 720));
            f.pack();
            return f;
        });
        window = new FrameFixture(robot, frame);
        window.show();
        window.moveToFront();
        window.focus();
        robot.waitForIdle();
    }

    @AfterEach
    void cleanUp() {
        if (window != null) {
            window.cleanUp();
        }
    }

    Path detectorEmd() throws Exception {
        Files.copy(Fixtures.onnx("detector_yolov5"), dir.resolve("cars.onnx"));
        return Fixtures.write(dir, "cars.emd", """
                {"Framework": "ONNX", "ModelFile": "cars.onnx", "ModelName": "Cars and trees", "Version": "1.2",
                 "ModelType": "ObjectDetection", "ModelConfiguration": "YOLOv5", "ImageHeight": 32, "ImageWidth": 32,
                 "ExtractBands": [0, 1, 2],
                 "Classes": [{"Value": 1, "Name": "car", "Color": [230, 25, 75]},
                             {"Value": 2, "Name": "tree", "Color": [60, 180, 75]}]}
                """);
    }

    void type(String spinner, String text) {
        GuiActionRunner.execute(() -> {
            ((JSpinner.DefaultEditor) ((JSpinner) window.spinner(spinner).target()).getEditor()).getTextField().setText(text);
            return null;
        });
    }

    void waitForLoad() {
        pause(new Condition("the model to load") {
            @Override
            public boolean test() {
                return GuiActionRunner.execute(() -> !panel.picker().isLoading() && panel.picker().loaded() != null);
            }
        }, Timeout.timeout(20000));
        robot.waitForIdle();
    }

    @Test
    void typingAPathLoadsTheModelAndShowsItsClassesAndArguments() throws Exception {
        window.label("args.empty").requireText("Choose a model to see its arguments.");
        window.label("model.info.none").requireText("No model loaded.");
        Path emd = detectorEmd();
        // what Enter in the path field does (typed programmatically: robot focus under Xvfb without a
        // window manager is not reliable enough for a test)
        GuiActionRunner.execute(() -> {
            JTextField editor = (JTextField) window.textBox("model.picker.path.text").target();
            editor.setText(emd.toString());
            editor.postActionEvent();
            return null;
        });
        waitForLoad();

        assertThat(panel.picker().loaded().runnable()).as(panel.picker().loaded().refusal()).isTrue();
        JTable classes = (JTable) window.table("model.info.classes").target();
        assertThat(GuiActionRunner.execute(() -> classes.getRowCount())).isEqualTo(2);
        window.table("model.info.classes").requireCellValue(org.assertj.swing.data.TableCell.row(0).column(1), "car");
        window.table("model.info.classes").requireCellValue(org.assertj.swing.data.TableCell.row(1).column(1), "tree");
        window.textBox("model.info.property.Name").requireText("Cars and trees");
        window.textBox("model.info.property.Framework").requireText("ONNX");
        window.label("model.info.result").requireText("Result: ready to run");
        assertThat(window.textBox("model.info.inputs").text()).contains("FLOAT");
        // every property 'deepraster info' gives is in the panel with the same text (the source in words)
        GuiActionRunner.execute(() -> {
            ModelInfoPanel.shown(panel.info().description()).forEach((k, v) ->
                    assertThat(window.textBox("model.info.property." + k).target().getText()).isEqualTo(v));
            return null;
        });

        window.spinner("args.padding").requireEnabled();
        type("args.threshold", "0.3");
        assertThat(window.textBox("args.commandLine").text()).isEqualTo("--model_arguments \"threshold 0.3\"");
        type("args.threshold", "7");
        assertThat(GuiActionRunner.execute(() -> panel.isReady())).isFalse();
        window.textBox("args.threshold.message").requireVisible();
        GuiActionRunner.execute(() -> ((JButton) window.button("args.reset").target()).doClick());
        assertThat(GuiActionRunner.execute(() -> panel.isReady())).isTrue();
        assertThat(window.textBox("args.commandLine").text()).isEmpty();
        assertThat(window.textBox("model.picker.message").text()).contains("Ready to run");
    }

    @Test
    void aPyTorchModelIsRefusedWithTheFrameworkMessage() throws Exception {
        Path emd = Fixtures.write(dir, "torch.emd", "{\"Framework\": \"PyTorch\", \"ModelFile\": \"model.pth\","
                + " \"ModelType\": \"ObjectDetection\", \"ModelConfiguration\": \"FasterRCNN\", \"ImageHeight\": 256,"
                + " \"ImageWidth\": 256, \"Classes\": [{\"Value\": 1, \"Name\": \"pool\", \"Color\": [0,0,255]}]}");
        GuiActionRunner.execute(() -> panel.picker().load(emd.toString()));
        waitForLoad();
        String message = window.textBox("model.picker.message").text();
        assertThat(message).startsWith("This model cannot run here.").contains("found \"PyTorch\", expected \"ONNX\"")
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(GuiActionRunner.execute(() -> ((JTextArea) window.textBox("model.picker.message").target()).getForeground()))
                .isEqualTo(ArgumentForm.errorColor());
        // what could be read is still shown; the form is there but cannot be used
        window.table("model.info.classes").requireCellValue(org.assertj.swing.data.TableCell.row(0).column(1), "pool");
        window.label("model.info.result").requireText("Result: NOT runnable (no ONNX model file to check)");
        window.spinner("args.padding").requireDisabled();
        assertThat(GuiActionRunner.execute(() -> panel.isReady())).isFalse();
        robot.waitForIdle();
        Path shots = Files.createDirectories(Path.of("target", "screenshots"));
        Rectangle bounds = GuiActionRunner.execute(() -> new Rectangle(window.target().getLocationOnScreen(),
                window.target().getSize()));
        ImageIO.write(new java.awt.Robot().createScreenCapture(bounds), "png", shots.resolve("model-panel-refused.png").toFile());
    }

    @Test
    void aNewerLoadMakesTheOlderObsoleteAndTheBusyBarShowsMeanwhile() throws Exception {
        Path emd = detectorEmd();
        List<LoadedModel> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        GuiActionRunner.execute(() -> {
            panel.picker().addModelListener(heard::add);
            panel.picker().load(Fixtures.onnx("seg_deepness").toString());
            panel.picker().load(emd.toString());
            assertThat(panel.picker().isLoading()).isTrue();
            assertThat(ArgumentFormTest.find(panel, "model.picker.busy", javax.swing.JProgressBar.class).isVisible()).isTrue();
            return null;
        });
        waitForLoad();
        assertThat(heard).extracting(LoadedModel::source).containsExactly(emd.toString());
        assertThat(GuiActionRunner.execute(() -> ArgumentFormTest.find(panel, "model.picker.busy", javax.swing.JProgressBar.class).isVisible())).isFalse();
        // a runnable model is remembered in the path list
        assertThat(GuiActionRunner.execute(() -> window.comboBox("model.picker.path").target().getItemAt(0))).isEqualTo(emd.toString());
    }

    @Test
    void pastedJsonIsLoaded() {
        JButton button = (JButton) window.button("model.picker.paste").target();
        SwingUtilities.invokeLater(button::doClick); // opens a modal dialog: not inside invokeAndWait
        DialogFixture paste = WindowFinder.findDialog(new org.assertj.swing.core.GenericTypeMatcher<JDialog>(JDialog.class) {
            @Override
            protected boolean isMatching(JDialog d) {
                return "model.picker.pasteDialog".equals(d.getName()) && d.isShowing();
            }
        }).withTimeout(5000).using(robot);
        String json = Fixtures.json("seg_softmax", "ImageClassification", "\"ModelPadding\": 8, \"Classes\": ["
                + "{\"Value\": 0, \"Name\": \"background\", \"Color\": [0,0,0]}, {\"Value\": 1, \"Name\": \"water\", \"Color\": [0,0,255]},"
                + " {\"Value\": 2, \"Name\": \"forest\", \"Color\": [0,128,0]}]");
        GuiActionRunner.execute(() -> {
            ((JTextArea) paste.textBox("model.picker.paste.text").target()).setText(json);
            return null;
        });
        paste.button("model.picker.paste.ok").click();
        waitForLoad();
        assertThat(panel.picker().loaded().runnable()).as(panel.picker().loaded().refusal()).isTrue();
        assertThat(GuiActionRunner.execute(() -> window.table("model.info.classes").target().getRowCount())).isEqualTo(3);
        window.comboBox("args.merge_policy").requireSelection("mean");
        assertThat(GuiActionRunner.execute(() -> panel.form().specs().stream().anyMatch(s -> s.name().equals("padding")
                && s.info().hidden()))).isTrue();
    }

    @Test
    void screenshotOfADetectionModel() throws Exception {
        Path emd = detectorEmd();
        GuiActionRunner.execute(() -> panel.picker().load(emd.toString()));
        waitForLoad();
        GuiActionRunner.execute(() -> panel.form().setValues("threshold 1.5;batch_size 8"));
        robot.waitForIdle();
        assertThat(window.textBox("model.info.property.Name").target().getVisibleRect().height)
                .as("the info panel shows its top").isPositive();
        Path shots = Files.createDirectories(Path.of("target", "screenshots"));
        Rectangle bounds = GuiActionRunner.execute(() -> new Rectangle(window.target().getLocationOnScreen(),
                window.target().getSize()));
        BufferedImage img = new java.awt.Robot().createScreenCapture(bounds);
        ImageIO.write(img, "png", shots.resolve("model-panel.png").toFile());
        assertThat(shots.resolve("model-panel.png")).exists();
        // the end of the info panel: checks and result
        GuiActionRunner.execute(() -> {
            javax.swing.JScrollBar bar = ((javax.swing.JScrollPane) window.scrollPane("model.info.scroll").target()).getVerticalScrollBar();
            bar.setValue(bar.getMaximum());
            return null;
        });
        robot.waitForIdle();
        ImageIO.write(new java.awt.Robot().createScreenCapture(bounds), "png", shots.resolve("model-panel-checks.png").toFile());
        // every table shows all its rows (none squeezed by the layout)
        GuiActionRunner.execute(() -> {
            for (String t : new String[] {"model.info.classes", "model.info.arguments"}) {
                JTable table = (JTable) window.table(t).target();
                assertThat(table.getHeight()).as(t).isGreaterThanOrEqualTo(table.getRowCount() * table.getRowHeight());
            }
            return null;
        });
    }
}
