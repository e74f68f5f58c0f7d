package org.deepraster.toolbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.deepraster.toolbox.DialogTests.edt;
import static org.deepraster.toolbox.DialogTests.set;
import static org.deepraster.toolbox.DialogTests.waitUntil;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.swing.SwingUtilities;
import org.deepraster.feature.Feature;
import org.deepraster.feature.FeatureCollection;
import org.deepraster.feature.VectorFiles;
import org.deepraster.model.ModelArguments;
import org.deepraster.plugin.LayerInfo;
import org.deepraster.plugin.TestHost;
import org.deepraster.plugin.ToolDescriptor;
import org.deepraster.tool.classifyobjects.ClassifyObjectsParameters;
import org.deepraster.tool.Environments;
import org.deepraster.tool.FeatureInput;
import org.deepraster.tool.ProcessingExtent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Envelope;

/**
 * The Classify Objects dialog against an in-memory host ({@link TestHost}): the parameters it builds
 * from its state, errors shown in the dialog, results streamed off the EDT, cancel mid-run. Needs a
 * display (a JDialog), not the viewer.
 */
@Tag("gui")
@Timeout(180)
class ClassifyObjectsDialogHostTest {
    static final Path MODEL = Path.of("sample-models", "building_damage_classifier.dlpk").toAbsolutePath();

    @RegisterExtension
    static final DialogHost env = new DialogHost(768, 11);

    @TempDir
    Path dir;
    ClassifyObjectsDialog dialog;
    LayerInfo buildings;

    @BeforeEach
    void open() throws Exception {
        buildings = env.layer("buildings");
        ToolDescriptor tool = DialogTests.tool(env.descriptor(), "classify-objects");
        dialog = edt(() -> new ClassifyObjectsDialog(null, tool, env.context(), env.engine()));
        DialogTests.loadModel(dialog.modelPanel(), MODEL);
    }

    @AfterEach
    void close() throws Exception {
        DialogTests.dispose(dialog);
    }

    @Test
    void buildsTheSameParametersAsTheCommandLine() throws Exception {
        Path out = dir.resolve("labels.gpkg");
        set(() -> {
            dialog.featuresCombo().setSelectedItem(dialog.featuresCombo().getItemAt(
                    ClassifyObjectsDialog.items(dialog.featuresCombo()).indexOf("buildings")));
            field("classify.output").setText(out.toString());
            field("classify.labelField").setText("Damage");
            dialog.modelPanel().setArguments("batch_size 8;score_threshold 0.5");
        });
        assertThat(edt(() -> ClassifyObjectsDialog.items(dialog.rasterCombo()))).containsExactly("scene.tif");
        assertThat(edt(() -> ClassifyObjectsDialog.items(dialog.featuresCombo())))
                .startsWith(ClassifyObjectsDialog.NO_FEATURES).contains("buildings");
        ClassifyObjectsParameters p = edt(dialog::parameters);
        ClassifyObjectsParameters expected = ClassifyObjectsParameters.of(env.scene().scene(), MODEL.toString(),
                        new FeatureInput.Layer(buildings.features().orElseThrow()), out)
                .withClassLabelField("Damage")
                .withModelArguments(ModelArguments.parse("batch_size 8;score_threshold 0.5"));
        assertThat(p).isEqualTo(expected);

        // current map extent, GPU 1, 3 readers, no retries
        Envelope visible = new Envelope(500_000, 500_100, 5_000_000, 5_000_100);
        env.host().visible = visible;
        set(() -> {
            ((javax.swing.JCheckBox) find("classify.extent")).setSelected(true);
            ((javax.swing.JComboBox<?>) find("classify.processor")).setSelectedItem(Environments.Processor.GPU);
            ((javax.swing.JSpinner) find("classify.gpuId")).setValue(1);
            ((javax.swing.JSpinner) find("classify.parallel")).setValue(3);
            ((javax.swing.JSpinner) find("classify.retries")).setValue(0);
        });
        assertThat(edt(dialog::parameters).environments()).isEqualTo(new Environments(
                new ProcessingExtent.Box(visible, env.host().crs), null, Environments.Processor.GPU, 1, 3, 0));

        // none: each image is one object
        set(() -> dialog.featuresCombo().setSelectedIndex(0));
        assertThat(edt(dialog::parameters).inFeatures()).isNull();
    }

    @Test
    void theDefaultOutputFollowsTheRasterUntilTheUserTypesOne() throws Exception {
        Path proposed = env.scene().scene().resolveSibling("scene_classified.gpkg");
        assertThat(edt(() -> field("classify.output").getText())).isEqualTo(proposed.toString());
        Path other = Files.copy(env.scene().scene(), dir.resolve("other.tif"));
        set(() -> dialog.chooseRasters(List.of(other)));
        assertThat(edt(() -> field("classify.output").getText())).isEqualTo(dir.resolve("other_classified.gpkg").toString());
        // a layer added (e.g. by a run) does not move a proposed name
        Files.createFile(dir.resolve("other_classified.gpkg"));
        env.host().openNow(env.scene().groundTruth());
        set(() -> env.host().listeners().forEach(l -> l.layerAdded(env.host().layers.get(0))));
        assertThat(edt(() -> field("classify.output").getText())).isEqualTo(dir.resolve("other_classified.gpkg").toString());
        // typed by the user: kept when the raster changes
        set(() -> field("classify.output").setText(dir.resolve("mine.gpkg").toString()));
        set(() -> dialog.rasterCombo().setSelectedIndex(0));
        assertThat(edt(() -> field("classify.output").getText())).isEqualTo(dir.resolve("mine.gpkg").toString());
        // several rasters: the processing mode can be chosen
        assertThat(edt(() -> find("classify.mode").isEnabled())).isFalse();
        set(() -> dialog.chooseRasters(List.of(env.scene().scene(), other)));
        assertThat(edt(() -> find("classify.mode").isEnabled())).isTrue();
    }

    @Test
    void aPlanningErrorIsShownInTheDialogAndNothingRuns() throws Exception {
        Path out = dir.resolve("no-such-folder").resolve("labels.gpkg");
        set(() -> {
            selectBuildings();
            field("classify.output").setText(out.toString());
            dialog.run();
        });
        waitUntil(() -> edt(() -> !dialog.isRunning()), "planning", 60);
        assertThat(edt(dialog::errorText)).contains("does not exist").contains("Create the folder")
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(env.host().streams).isEmpty();
        assertThat(env.host().tasks).isEmpty();
        assertThat(edt(() -> find("classify.run").isEnabled())).isTrue();
    }

    @Test
    void resultsStreamOffTheEdtAndCancelKeepsAValidOutput() throws Exception {
        Path out = dir.resolve("labels.gpkg");
        env.host().appendDelayMillis = 300; // a slow map: the run takes seconds, so it can be cancelled mid-way
        set(() -> {
            selectBuildings();
            field("classify.output").setText(out.toString());
            dialog.modelPanel().setArguments("batch_size 2");
            dialog.run();
        });
        waitUntil(() -> !env.host().streams.isEmpty() && env.host().streams.get(0).appended.size() >= 4, "first results", 60);
        assertThat(edt(() -> find("classify.cancel").isEnabled())).isTrue();
        assertThat(edt(() -> find("classify.run").isEnabled())).isFalse();
        set(dialog::cancelRun);
        waitUntil(() -> edt(() -> !dialog.isRunning()), "the cancel", 60);

        int total = buildings.features().orElseThrow().size();
        String summary = edt(dialog::summary);
        assertThat(summary).startsWith("Cancelled").contains("Resume");
        List<FeatureCollection> written = VectorFiles.open(out);
        int kept = written.get(0).size();
        assertThat(kept).isGreaterThanOrEqualTo(4).isLessThan(total);
        for (Feature f : written.get(0).features()) {
            assertThat(f.get("ClassLabel")).isIn("damaged", "undamaged");
        }
        TestHost.Streaming layer = env.host().streams.get(0);
        assertThat(layer.appended).hasSize(kept);
        assertThat(layer.info().name()).isEqualTo("labels");
        assertThat(layer.style.classField()).isEqualTo("ClassLabel");
        assertThat(layer.style.classColors()).containsOnlyKeys("damaged", "undamaged");
        assertThat(env.host().appendThreads).noneMatch(t -> t.endsWith("(EDT)"));
        assertThat(env.host().tasks).hasSize(1);
        assertThat(env.host().tasks.get(0).isCancelled()).isTrue();
        assertThat(edt(() -> find("classify.run").isEnabled())).isTrue();
    }

    @Test
    void anExistingOutputIsOverwrittenOnlyWhenTheUserSaysSo() throws Exception {
        Path out = dir.resolve("labels.gpkg");
        set(() -> {
            selectBuildings();
            field("classify.output").setText(out.toString());
            dialog.run();
        });
        waitUntil(() -> edt(() -> !dialog.isRunning() && !dialog.summary().isEmpty()), "the first run", 60);
        int total = buildings.features().orElseThrow().size();
        assertThat(VectorFiles.open(out).get(0).size()).isEqualTo(total);
        long modified = Files.getLastModifiedTime(out).toMillis();

        // Cancel in the question: nothing runs, the file is untouched
        SwingUtilities.invokeLater(dialog::run);
        DialogTests.answer("classify.exists", "Cancel");
        Thread.sleep(300);
        assertThat(edt(dialog::isRunning)).isFalse();
        assertThat(env.host().tasks).hasSize(1);
        assertThat(Files.getLastModifiedTime(out).toMillis()).isEqualTo(modified);

        // Overwrite: everything again, nothing taken over from the earlier run
        SwingUtilities.invokeLater(dialog::run);
        DialogTests.answer("classify.exists", "Overwrite");
        waitUntil(() -> env.host().tasks.size() == 2 && edt(() -> !dialog.isRunning() && !dialog.summary().isEmpty()),
                "the overwriting run", 60);
        assertThat(edt(dialog::summary)).startsWith("Completed").contains(": " + total + " results")
                .doesNotContain("earlier run");
        assertThat(VectorFiles.open(out).get(0).size()).isEqualTo(total);
        // the first run's layer was replaced by the second's
        assertThat(env.host().layers()).filteredOn(l -> l.name().equals("labels")).hasSize(1);
    }

    @Test
    void disposingRemovesTheLayerListener() throws Exception {
        assertThat(env.host().listenerCount()).isEqualTo(1);
        set(dialog::dispose);
        assertThat(env.host().listenerCount()).isZero();
        dialog = null;
    }

    private void selectBuildings() {
        dialog.featuresCombo().setSelectedIndex(ClassifyObjectsDialog.items(dialog.featuresCombo()).indexOf("buildings"));
    }

    private javax.swing.JComponent find(String name) {
        return DialogTests.find(dialog.getContentPane(), name);
    }

    private javax.swing.JTextField field(String name) {
        return (javax.swing.JTextField) find(name);
    }

}
