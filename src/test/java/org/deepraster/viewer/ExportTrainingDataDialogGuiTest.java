package org.deepraster.viewer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.deepraster.viewer.ViewerTools.click;
import static org.deepraster.viewer.ViewerTools.find;
import static org.deepraster.viewer.ViewerTools.waitUntil;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.swing.JButton;
import javax.swing.JComboBox;
import javax.swing.JSpinner;
import javax.swing.JTextField;
import org.assertj.swing.edt.GuiActionRunner;
import org.deepraster.toolbox.ExportTrainingDataDialog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Export Training Data from the toolbox of the real viewer (needs a display: run under Xvfb) on a
 * small generated scene: the dialog proposes the imagery, the top labels layer and its class field,
 * writes PASCAL VOC chips into the folder with progress, and sums them up per class. Screenshots of
 * the dialog before and after the run go to target/screenshots/.
 */
@Tag("gui")
@org.junit.jupiter.api.Timeout(300)
class ExportTrainingDataDialogGuiTest {
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

    @Test
    void writesChipsAndLabelsPerClass() throws Exception {
        ExportTrainingDataDialog export = (ExportTrainingDataDialog) ViewerTools.openTool(app, ExportTrainingDataDialog.TOOL_ID);
        Path out = dir.resolve("chips");
        GuiActionRunner.execute(() -> {
            ((JComboBox<?>) find(export, "export.classData")).setSelectedIndex(
                    indexOf((JComboBox<?>) find(export, "export.classData"), "trees"));
            ((JSpinner) find(export, "export.rotation")).setValue(90.0);
            ((JTextField) find(export, "export.output")).setText(out.toString());
        });
        assertThat(GuiActionRunner.execute(() -> ((JComboBox<?>) find(export, "export.classField")).getSelectedItem()))
                .isEqualTo("class");
        assertThat(GuiActionRunner.execute(export::commandLine)).startsWith("deepraster export-training-data --in_raster ")
                .contains("--class_value_field class").contains("--rotation_angle 90");
        Path before = ViewerTools.screenshot(app, "export-training-data-dialog.png");
        assertThat(before).exists();
        click(export, "export.run");

        waitUntil(() -> GuiActionRunner.execute(() -> !export.isRunning()), "the run to end", 180);
        assertThat(GuiActionRunner.execute(export::errorText)).isEmpty();
        String summary = GuiActionRunner.execute(export::summary);
        assertThat(summary).startsWith("Completed").containsPattern("tree: \\d+ \\(\\d+ chips\\)");
        try (Stream<Path> s = Files.list(out.resolve("labels"))) {
            assertThat(s.filter(f -> f.toString().endsWith(".xml")).count()).isPositive();
        }
        assertThat(GuiActionRunner.execute(() -> ((JButton) find(export, "export.openFolder")).isShowing())).isTrue();
        ViewerTools.screenshot(app, "export-training-data-after-run.png");
    }

    private static int indexOf(JComboBox<?> combo, String label) {
        for (int i = 0; i < combo.getItemCount(); i++) {
            if (String.valueOf(combo.getItemAt(i)).equals(label)) {
                return i;
            }
        }
        throw new AssertionError("no " + label);
    }
}
