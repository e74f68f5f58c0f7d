package org.deepraster.toolbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.deepraster.toolbox.DialogTests.edt;
import static org.deepraster.toolbox.DialogTests.find;
import static org.deepraster.toolbox.DialogTests.set;
import static org.deepraster.toolbox.DialogTests.waitUntil;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import javax.swing.JComboBox;
import javax.swing.JLabel;
import javax.swing.JTextField;
import org.deepraster.Main;
import org.deepraster.cli.ToolCommand;
import org.deepraster.feature.Feature;
import org.deepraster.feature.VectorFiles;
import org.deepraster.plugin.ToolDescriptor;
import org.deepraster.tool.ExtendedSpec;
import org.deepraster.tool.JobFile;
import org.deepraster.tool.Parameter;
import org.deepraster.tool.ParameterValues;
import org.deepraster.tool.detectobjects.DetectObjectsParameters;
import org.deepraster.tool.detectobjects.DetectObjectsSpec;
import org.deepraster.tool.registry.ToolRegistry;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * One declaration drives the command line, the dialog and its preview: a parameter added to Detect Objects'
 * declarations appears in the command's help, as a labelled widget in the dialog, and in the dialog's command line
 * and saved job; and a job the dialog saves runs the same detection from {@code deepraster run}.
 */
@Tag("gui")
@Timeout(240)
class DeclarationsDriveTheFormTest {
    static final Path MODEL = Path.of("sample-models", "tree_car_detector.dlpk").toAbsolutePath();

    @RegisterExtension
    static final DialogHost env = new DialogHost(512, 13);

    @TempDir
    Path dir;

    @Test
    void aParameterAddedToTheDeclarationAppearsInTheHelpTheDialogAndTheCommandLine() throws Exception {
        Parameter extra = Parameter.of("tile_note", Parameter.Type.TEXT, "Tile note", "A note kept with the run.")
                .withDefault("none").inGroup("Output");
        ExtendedSpec<DetectObjectsParameters> spec = new ExtendedSpec<>(new DetectObjectsSpec(), extra);

        String help = ToolCommand.commandLine(spec).getUsageMessage();
        assertThat(help).contains("--tile_note, --tile-note").contains("A note kept with the run. (default none)");

        ToolDescriptor tool = DialogTests.tool(env.descriptor(), DetectObjectsDialog.TOOL_ID);
        DetectObjectsDialog dialog = edt(() -> new DetectObjectsDialog(null, tool, env.context(), env.engine(), spec));
        try {
            DialogTests.loadModel(dialog.modelPanel(), MODEL);
            JTextField note = (JTextField) find(dialog.getContentPane(), "detect.param.tile_note");
            String text = edt(note::getText);
            String tip = edt(note::getToolTipText);
            assertThat(text).isEqualTo("none");
            assertThat(tip).contains("A note kept with the run.").contains("--tile_note");
            assertThat(edt(() -> labelFor(dialog, note))).isEqualTo("Tile note");
            // the default is not repeated on the command line; a value is
            assertThat(edt(dialog::commandLine)).doesNotContain("--tile_note");
            set(() -> note.setText("first pass"));
            assertThat(edt(dialog::commandLine)).endsWith("--tile_note 'first pass'");
            Path job = dir.resolve("job.json");
            assertThat(edt(() -> dialog.commandPreview().saveJob(job))).isTrue();
            JobFile read = JobFile.read(job, id -> spec);
            assertThat(read.values().text("tile_note")).isEqualTo("first pass");
            assertThat(spec.parameters(read.values())).isEqualTo(edt(dialog::parameters));
            // declared parameters the dialog has no widget of its own for are there too, and reach the run
            JComboBox<?> mode = (JComboBox<?>) find(dialog.getContentPane(), "detect.param.processing_mode");
            assertThat(edt(mode::getSelectedItem)).isEqualTo("PROCESS_AS_MOSAICKED_IMAGE");
            set(() -> ((JTextField) find(dialog.getContentPane(), "detect.param.output_crs")).setText("4326"));
            assertThat(edt(dialog::parameters).environments().outputCrs()).isNotNull();
            assertThat(edt(dialog::commandLine)).contains("--output_crs 4326");
        } finally {
            DialogTests.dispose(dialog);
        }
    }

    @Test
    void theJobADialogSavesReproducesItsRun() throws Exception {
        ToolDescriptor tool = DialogTests.tool(env.descriptor(), DetectObjectsDialog.TOOL_ID);
        DetectObjectsDialog dialog = edt(() -> new DetectObjectsDialog(null, tool, env.context(), env.engine()));
        Path fromDialog = dir.resolve("dialog.gpkg");
        Path job = dir.resolve("job.json");
        try {
            DialogTests.loadModel(dialog.modelPanel(), MODEL);
            set(() -> {
                ((JTextField) find(dialog.getContentPane(), "detect.output")).setText(fromDialog.toString());
                dialog.modelPanel().setArguments("threshold 0.3;batch_size 2");
            });
            assertThat(edt(() -> dialog.commandPreview().saveJob(job))).isTrue();
            set(dialog::run);
            waitUntil(() -> edt(() -> !dialog.isRunning()), "the run", 120);
            assertThat(edt(dialog::errorText)).isEmpty();
        } finally {
            DialogTests.dispose(dialog);
        }
        // the same job, written elsewhere: the job file is plain JSON a script can edit
        Path fromJob = dir.resolve("job.gpkg");
        JobFile saved = JobFile.read(job, ToolRegistry::find);
        ParameterValues v = saved.values().set(DetectObjectsSpec.OUTPUT, fromJob);
        new JobFile(saved.tool(), v).write(job);
        assertThat(Main.run("run", job.toString())).isZero();
        List<String> a = describe(fromDialog);
        assertThat(a).isNotEmpty();
        assertThat(describe(fromJob)).isEqualTo(a);
    }

    private static List<String> describe(Path gpkg) throws Exception {
        assertThat(Files.exists(gpkg)).isTrue();
        return VectorFiles.open(gpkg).get(0).features().stream()
                .map(f -> f.geometry().toText() + " " + new java.util.TreeMap<>(f.attributes()))
                .sorted(Comparator.naturalOrder()).toList();
    }

    private static String labelFor(DetectObjectsDialog dialog, java.awt.Component c) {
        return labelFor(dialog.getContentPane(), c);
    }

    private static String labelFor(java.awt.Container root, java.awt.Component c) {
        for (java.awt.Component k : root.getComponents()) {
            if (k instanceof JLabel label && label.getLabelFor() == c) {
                return label.getText();
            }
            if (k instanceof java.awt.Container sub) {
                String found = labelFor(sub, c);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
