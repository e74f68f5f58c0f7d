package org.deepraster.toolbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.deepraster.toolbox.DialogTests.edt;
import static org.deepraster.toolbox.DialogTests.find;
import static org.deepraster.toolbox.DialogTests.set;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.swing.JComboBox;
import javax.swing.JTextField;
import org.deepraster.feature.Feature;
import org.deepraster.feature.FeatureSchema;
import org.deepraster.feature.FeatureWriter;
import org.deepraster.feature.FeatureWriters;
import org.deepraster.feature.Field;
import org.deepraster.feature.FieldType;
import org.deepraster.feature.GeometryKind;
import org.deepraster.feature.WriteMode;
import org.deepraster.geo.Crs;
import org.deepraster.tool.ExtendedSpec;
import org.deepraster.tool.JobFile;
import org.deepraster.tool.Parameter;
import org.deepraster.tool.ToolSpec;
import org.deepraster.tool.assess.AccuracyAssessmentSpec;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataSpec;
import org.deepraster.tool.nms.NmsSpec;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.GeometryFactory;

/**
 * Export Training Data, Non Maximum Suppression and Accuracy Assessment follow their declarations like the model
 * tools: a parameter added to a declaration appears in the dialog (labelled, under "Other parameters"), in its
 * command line and in the job it saves.
 */
@Tag("gui")
@Timeout(120)
class EveryDialogFollowsItsDeclarationsTest {
    @RegisterExtension
    static final DialogHost env = new DialogHost(256, 5);

    @TempDir
    Path dir;

    private static final Parameter NOTE = Parameter.of("run_note", Parameter.Type.TEXT, "Run note",
            "A note kept with the run.").withDefault("none").inGroup("Output");

    @Test
    void exportTrainingData() throws Exception {
        ExtendedSpec<?> spec = new ExtendedSpec<>(new ExportTrainingDataSpec(), NOTE);
        @SuppressWarnings("unchecked")
        ExportTrainingDataDialog dialog = edt(() -> new ExportTrainingDataDialog(null,
                DialogTests.tool(env.descriptor(), ExportTrainingDataDialog.TOOL_ID), env.context(),
                (ToolSpec<org.deepraster.tool.exporttrainingdata.ExportTrainingDataParameters>) (ToolSpec<?>) spec));
        try {
            set(() -> ((JTextField) find(dialog.getContentPane(), "export.output")).setText(dir.resolve("chips").toString()));
            checkTheNote(dialog, "export", dialog::commandLine, spec);
        } finally {
            DialogTests.dispose(dialog);
        }
    }

    @Test
    void nonMaximumSuppression() throws Exception {
        Path boxes = dir.resolve("boxes.gpkg");
        FeatureSchema schema = new FeatureSchema("boxes", GeometryKind.POLYGON, List.of(new Field("Class", FieldType.STRING),
                new Field("Confidence", FieldType.REAL)), Crs.forEpsg(32633));
        try (FeatureWriter w = FeatureWriters.create(boxes, schema, WriteMode.CREATE)) {
            w.write(List.of(new Feature(1, new GeometryFactory().toGeometry(new Envelope(0, 10, 0, 10)),
                    Map.of("Class", "tree", "Confidence", 90.0))));
        }
        env.host().openNow(boxes);
        ExtendedSpec<?> spec = new ExtendedSpec<>(new NmsSpec(), NOTE);
        @SuppressWarnings("unchecked")
        NmsDialog dialog = edt(() -> new NmsDialog(null, null, env.context(),
                (ToolSpec<org.deepraster.tool.nms.NmsParameters>) (ToolSpec<?>) spec));
        try {
            set(() -> ((JTextField) find(dialog.getContentPane(), "nms.output")).setText(dir.resolve("kept.gpkg").toString()));
            checkTheNote(dialog, "nms", dialog::commandLine, spec);
        } finally {
            DialogTests.dispose(dialog);
        }
    }

    @Test
    void accuracyAssessmentHasACommandLineToo() throws Exception {
        ExtendedSpec<?> spec = new ExtendedSpec<>(new AccuracyAssessmentSpec(), NOTE);
        @SuppressWarnings("unchecked")
        AccuracyAssessmentDialog dialog = edt(() -> new AccuracyAssessmentDialog(null,
                DialogTests.tool(env.descriptor(), AccuracyAssessmentDialog.TOOL_ID), env.context(),
                (ToolSpec<org.deepraster.tool.assess.AccuracyAssessmentParameters>) (ToolSpec<?>) spec));
        try {
            assertThat(edt(dialog::commandLine)).doesNotStartWith("deepraster"); // the results are not chosen yet
            set(() -> {
                dialog.truthList().setSelectedIndex(0);
                ((JTextField) find(dialog.getContentPane(), "accuracy.output")).setText(dir.resolve("report").toString());
            });
            assertThat(edt(dialog::commandLine)).startsWith("deepraster accuracy-assessment --in_results ")
                    .contains("--in_ground_truth ", "--out_folder ");
            // the declared parameters without a widget of the dialog's own are in the form, with their defaults
            JComboBox<?> matching = find(dialog.getContentPane(), "accuracy.param.matching");
            assertThat(matching).isNotNull();
            checkTheNote(dialog, "accuracy", dialog::commandLine, spec);
        } finally {
            DialogTests.dispose(dialog);
        }
    }

    /** The added parameter has a widget with its declared default and help; its value reaches the command line and the saved job. */
    private void checkTheNote(ToolDialog dialog, String prefix, Supplier<String> commandLine, ExtendedSpec<?> spec)
            throws Exception {
        JTextField note = find(dialog.getContentPane(), prefix + ".param.run_note");
        assertThat(note).as("the added parameter's widget").isNotNull();
        assertThat(edt(() -> note.getText())).isEqualTo("none");
        assertThat(edt(() -> note.getToolTipText())).contains("A note kept with the run.").contains("--run_note");
        assertThat(edt(commandLine::get)).startsWith("deepraster ").doesNotContain("--run_note");
        set(() -> note.setText("first pass"));
        assertThat(edt(commandLine::get)).endsWith("--run_note 'first pass'");
        Path job = dir.resolve(prefix + "-job.json");
        assertThat(edt(() -> saveJob(dialog, job))).isTrue();
        assertThat(JobFile.read(job, id -> spec).values().text("run_note")).isEqualTo("first pass");
    }

    private static boolean saveJob(ToolDialog dialog, Path job) throws java.io.IOException {
        if (dialog instanceof ExportTrainingDataDialog d) {
            return d.commandPreview().saveJob(job);
        } else if (dialog instanceof NmsDialog d) {
            return d.commandPreview().saveJob(job);
        }
        return ((AccuracyAssessmentDialog) dialog).commandPreview().saveJob(job);
    }
}
