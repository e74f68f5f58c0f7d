package org.deepraster.toolbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.deepraster.toolbox.DialogTests.answer;
import static org.deepraster.toolbox.DialogTests.edt;
import static org.deepraster.toolbox.DialogTests.find;
import static org.deepraster.toolbox.DialogTests.set;
import static org.deepraster.toolbox.DialogTests.waitUntil;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.swing.JButton;
import javax.swing.JCheckBox;
import javax.swing.JComboBox;
import javax.swing.JComponent;
import javax.swing.JSpinner;
import javax.swing.JTextField;
import org.deepraster.cli.ParsedCommands;
import org.deepraster.feature.FeatureCollection;
import org.deepraster.plugin.FakePluginContext;
import org.deepraster.plugin.PluginDescriptor;
import org.deepraster.plugin.TestHost;
import org.deepraster.plugin.ToolDescriptor;
import org.deepraster.sample.SampleScene;
import org.deepraster.tool.Environments;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataParameters;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataParameters.ChipFormat;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataParameters.ClassData;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataParameters.CropMode;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataParameters.MetadataFormat;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataParameters.ReferenceSystem;
import org.deepraster.tool.FeatureInput;
import org.deepraster.tool.ProcessingExtent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Envelope;

/**
 * The Export Training Data dialog against an in-memory host ({@link TestHost}): the parameters it
 * builds from its form are those the command line of its preview gives, the options follow the
 * metadata format and the labels, and a run writes chips with a summary per class, asks before
 * replacing a folder that is not empty, and can be cancelled. Needs a display (a JDialog).
 */
@Tag("gui")
@Timeout(240)
class ExportTrainingDataDialogHostTest {
    @TempDir
    static Path shared;
    static SampleScene.Files3 scene;
    static PluginDescriptor descriptor;

    @TempDir
    Path dir;
    TestHost host;
    FakePluginContext context;
    ExportTrainingDataDialog dialog;

    @BeforeAll
    static void scene() throws Exception {
        Display.assumeAvailable();
        scene = new SampleScene(384, 11).write(shared.resolve("scene"));
        descriptor = DialogTests.descriptor();
    }

    @BeforeEach
    void open() throws Exception {
        host = new TestHost();
        context = host.install(new FakePluginContext(descriptor));
        host.openNow(scene.scene());
        host.openNow(scene.landCover());
        host.openNow(scene.groundTruth()); // buildings, trees, cars: cars on top
        ToolDescriptor tool = DialogTests.tool(descriptor, ExportTrainingDataDialog.TOOL_ID);
        dialog = edt(() -> new ExportTrainingDataDialog(null, tool, context));
    }

    @AfterEach
    void close() throws Exception {
        if (dialog != null) {
            set(dialog::dispose);
        }
        host.close();
    }

    /** A component of the dialog by name; on the EDT. */
    private JComponent c(String name) {
        JComponent t = find(dialog.getContentPane(), name);
        if (t == null) {
            throw new AssertionError("no component " + name);
        }
        return t;
    }

    /** The parameters the CLI builds from the command line the dialog shows. */
    private ExportTrainingDataParameters fromCommandLine() throws Exception {
        ExportTrainingDataParameters p = edt(dialog::parameters);
        List<String> args = ExportTrainingDataDialog.commandArgs(p);
        assertThat(edt(dialog::commandLine)).isEqualTo("deepraster " + CommandLinePreview.join(args));
        return ParsedCommands.exportTrainingData(args);
    }

    /** The dialog's parameters with map layers named by their file and table, as the command line names them. */
    private static ExportTrainingDataParameters asFiles(ExportTrainingDataParameters p) {
        ClassData cd = p.inClassData() instanceof ClassData.Features fs
                ? new ClassData.Features(fs.inputs().stream().map(ExportTrainingDataDialogHostTest::asFile).toList())
                : p.inClassData();
        return new ExportTrainingDataParameters(p.inRaster(), p.outFolder(), cd, p.imageChipFormat(), p.tileSizeX(),
                p.tileSizeY(), p.strideX(), p.strideY(), p.outputNofeatureTiles(), p.metadataFormat(), p.classValueField(),
                p.bufferRadius(), p.inMaskPolygons() == null ? null : asFile(p.inMaskPolygons()), p.rotationAngle(),
                p.referenceSystem(), p.blackenAroundFeature(), p.cropMode(), p.minPolygonOverlapRatio(),
                p.environments(), p.overwrite());
    }

    private static FeatureInput asFile(FeatureInput in) {
        if (in instanceof FeatureInput.Layer l) {
            FeatureCollection c = l.features();
            return new FeatureInput.File(c.source(), c.schema().name());
        }
        return in;
    }

    @Test
    void theFormGivesTheParametersOfItsCommandLine() throws Exception {
        // defaults: the map's raster, the top vector layer with its class field, a folder next to the raster
        ExportTrainingDataParameters p = edt(dialog::parameters);
        Path proposed = scene.scene().resolveSibling("scene_training_data");
        assertThat(p.inRaster()).isEqualTo(scene.scene());
        assertThat(p.outFolder()).isEqualTo(proposed);
        assertThat(((ClassData.Features) p.inClassData()).inputs().get(0)).isInstanceOfSatisfying(FeatureInput.Layer.class,
                l -> assertThat(l.features().schema().name()).isEqualTo("cars"));
        assertThat(p.classValueField()).isEqualTo("class");
        assertThat(asFiles(p)).isEqualTo(ExportTrainingDataParameters.of(scene.scene(), proposed,
                ClassData.features(new FeatureInput.File(scene.groundTruth(), "cars"))).withClassValueField("class"));
        assertThat(fromCommandLine()).isEqualTo(asFiles(p));
        assertThat(edt(dialog::commandLine)).contains("--in_class_data '" + scene.groundTruth() + "|cars'")
                .contains("--class_value_field class");

        // the class field list follows the layer: buildings have damage, roof, damage_kind
        set(() -> dialog.classDataPicker().select("buildings"));
        assertThat(edt(() -> ClassifyObjectsDialog.items(dialog.classFieldCombo())))
                .containsExactly(ExportTrainingDataDialog.AUTO_FIELD, "damage", "roof", "damage_kind");
        assertThat(edt(() -> dialog.classFieldCombo().getSelectedItem())).isEqualTo(ExportTrainingDataDialog.AUTO_FIELD);

        // a per-feature format: crop mode and blacken apply, tiles without features and the overlap do not;
        // polygons need no buffer
        Path out = dir.resolve("chips");
        Envelope visible = new Envelope(500_000, 500_100, 5_000_000, 5_000_100);
        host.visible = visible;
        set(() -> {
            dialog.classFieldCombo().setSelectedItem("damage");
            ((JComboBox<?>) find(dialog.getContentPane(), "export.metadataFormat")).setSelectedItem(MetadataFormat.Labeled_Tiles);
            ((JComboBox<?>) find(dialog.getContentPane(), "export.chipFormat")).setSelectedItem(ChipFormat.PNG);
            ((JSpinner) find(dialog.getContentPane(), "export.tileX")).setValue(96);
            ((JSpinner) find(dialog.getContentPane(), "export.tileY")).setValue(64);
            ((JSpinner) find(dialog.getContentPane(), "export.strideX")).setValue(48);
            ((JSpinner) find(dialog.getContentPane(), "export.rotation")).setValue(90.0);
            ((JComboBox<?>) find(dialog.getContentPane(), "export.cropMode")).setSelectedItem(CropMode.BOUNDING_BOX);
            ((JCheckBox) find(dialog.getContentPane(), "export.blacken")).setSelected(true);
            ((JComboBox<?>) find(dialog.getContentPane(), "export.referenceSystem")).setSelectedItem(ReferenceSystem.PIXEL_SPACE);
            ((JCheckBox) find(dialog.getContentPane(), "export.extent")).setSelected(true);
            ((JSpinner) find(dialog.getContentPane(), "export.retries")).setValue(3);
            ((JTextField) find(dialog.getContentPane(), "export.output")).setText(out.toString());
            dialog.maskPicker().select("trees");
        });
        assertThat(DialogTests.<List<Boolean>>edt(() -> List.of(c("export.cropMode").isEnabled(), c("export.blacken").isEnabled(),
                c("export.allTiles").isEnabled(), c("export.minOverlap").isEnabled(), c("export.buffer").isEnabled(),
                c("export.classField").isEnabled()))).containsExactly(true, true, false, false, false, true);
        assertThat(DialogTests.<String>edt(() -> c("export.metadataFormat").getToolTipText())).startsWith("Object classification: one chip per feature");
        assertThat(DialogTests.<JComponent>edt(() -> find(dialog.getContentPane(), "export.processor"))).as("no model, no processor").isNull();
        p = edt(dialog::parameters);
        ExportTrainingDataParameters expected = new ExportTrainingDataParameters(scene.scene(), out,
                ClassData.features(new FeatureInput.File(scene.groundTruth(), "buildings")), ChipFormat.PNG, 96, 64, 48, 128,
                false, MetadataFormat.Labeled_Tiles, "damage", 0, new FeatureInput.File(scene.groundTruth(), "trees"), 90,
                ReferenceSystem.PIXEL_SPACE, true, CropMode.BOUNDING_BOX, 0,
                new Environments(new ProcessingExtent.Box(visible, host.crs), null, Environments.Processor.CPU, 0, 0, 3),
                false);
        assertThat(asFiles(p)).isEqualTo(expected);
        assertThat(fromCommandLine()).isEqualTo(expected);

        // a tiled format with the tiles without features and an overlap ratio
        set(() -> {
            ((JComboBox<?>) find(dialog.getContentPane(), "export.metadataFormat")).setSelectedItem(MetadataFormat.YOLO);
            ((JCheckBox) find(dialog.getContentPane(), "export.allTiles")).setSelected(true);
            ((JSpinner) find(dialog.getContentPane(), "export.minOverlap")).setValue(0.25);
        });
        p = edt(dialog::parameters);
        assertThat(p).extracting(ExportTrainingDataParameters::outputNofeatureTiles, ExportTrainingDataParameters::cropMode,
                ExportTrainingDataParameters::blackenAroundFeature, ExportTrainingDataParameters::minPolygonOverlapRatio)
                .containsExactly(true, CropMode.FIXED_SIZE, false, 0.25);
        assertThat(fromCommandLine()).isEqualTo(asFiles(p));

        // a classified raster as labels: Classified_Tiles, no class field
        set(() -> dialog.classDataPicker().select("landcover.tif"));
        assertThat(edt(() -> c("export.classField").isEnabled())).isFalse();
        p = edt(dialog::parameters);
        assertThat(p.inClassData()).isEqualTo(new ClassData.Raster(scene.landCover()));
        assertThat(p.metadataFormat()).isEqualTo(MetadataFormat.Classified_Tiles);
        assertThat(p.classValueField()).isNull();
        assertThat(fromCommandLine()).isEqualTo(asFiles(p));
        // the imagery (three bands) is not offered as labels
        assertThat(edt(() -> ClassifyObjectsDialog.items(dialog.classDataPicker().combo())))
                .containsExactly(ExportTrainingDataDialog.NO_LABELS, "cars", "trees", "buildings", "landcover.tif");

        // no labels: only Export_Tiles can run
        set(() -> dialog.classDataPicker().select(ExportTrainingDataDialog.NO_LABELS));
        assertThat(edt(() -> c("export.run").isEnabled())).isFalse();
        assertThat(edt(dialog::commandLine)).startsWith("# ").contains("Export_Tiles");
        set(() -> ((JComboBox<?>) find(dialog.getContentPane(), "export.metadataFormat")).setSelectedItem(MetadataFormat.Export_Tiles));
        assertThat(edt(() -> c("export.run").isEnabled())).isTrue();
        assertThat(fromCommandLine()).isEqualTo(asFiles(edt(dialog::parameters)));
    }

    @Test
    void aRunWritesChipsAndSaysHowManyPerClass() throws Exception {
        Path out = dir.resolve("chips");
        set(() -> {
            dialog.classDataPicker().select("trees");
            ((JSpinner) find(dialog.getContentPane(), "export.tileX")).setValue(128);
            ((JSpinner) find(dialog.getContentPane(), "export.tileY")).setValue(128);
            ((JTextField) find(dialog.getContentPane(), "export.output")).setText(out.toString());
            dialog.run();
        });
        waitUntil(() -> edt(() -> !dialog.isRunning()), "the run", 120);
        assertThat(edt(dialog::errorText)).isEmpty();
        String summary = edt(dialog::summary);
        assertThat(summary).startsWith("Completed").contains("chips written to " + out).contains("Labels per class")
                .containsPattern("tree: \\d+ \\(\\d+ chips\\)");
        long chips;
        try (Stream<Path> s = Files.list(out.resolve("images"))) {
            chips = s.count();
        }
        assertThat(chips).isPositive();
        assertThat(summary).contains(chips + " chips written");
        assertThat(out.resolve("map.txt")).exists();
        assertThat(out.resolve("esri_model_definition.emd")).exists();
        assertThat(host.streams).as("no layer: chips go to a folder").isEmpty();
        // Open folder under the summary, enabled where the desktop can open folders
        List<JButton> actions = edt(dialog::resultActions);
        assertThat(actions).extracting(JButton::getName).containsExactly("export.openFolder");
        boolean desktop = java.awt.Desktop.isDesktopSupported()
                && java.awt.Desktop.getDesktop().isSupported(java.awt.Desktop.Action.OPEN);
        assertThat(actions.get(0).isEnabled()).isEqualTo(desktop);
        if (!desktop) {
            assertThat(actions.get(0).getToolTipText()).contains(out.toString());
        }

        // again into the folder, which is not empty now: Cancel leaves it; Overwrite replaces the export
        Path stray = Files.writeString(out.resolve("notes.txt"), "mine");
        javax.swing.SwingUtilities.invokeLater(dialog::run); // the question is modal
        answer("export.exists", "Cancel");
        assertThat(edt(dialog::isRunning)).isFalse();
        assertThat(host.tasks).hasSize(1);
        javax.swing.SwingUtilities.invokeLater(dialog::run);
        answer("export.exists", "Overwrite");
        waitUntil(() -> host.tasks.size() == 2 && edt(() -> !dialog.isRunning()), "the second run", 120);
        assertThat(edt(dialog::errorText)).isEmpty();
        assertThat(edt(dialog::summary)).startsWith("Completed").contains(chips + " chips written")
                .contains("left as they were");
        assertThat(stray).hasContent("mine");
        try (Stream<Path> s = Files.list(out.resolve("images"))) {
            assertThat(s.count()).isEqualTo(chips);
        }
    }

    @Test
    void aRunCanBeCancelled() throws Exception {
        Path out = dir.resolve("many");
        set(() -> {
            dialog.classDataPicker().select("landcover.tif"); // Classified_Tiles
            ((JSpinner) find(dialog.getContentPane(), "export.tileX")).setValue(8);
            ((JSpinner) find(dialog.getContentPane(), "export.tileY")).setValue(8);
            ((JSpinner) find(dialog.getContentPane(), "export.strideX")).setValue(2);
            ((JSpinner) find(dialog.getContentPane(), "export.strideY")).setValue(2);
            ((JCheckBox) find(dialog.getContentPane(), "export.allTiles")).setSelected(true);
            ((JTextField) find(dialog.getContentPane(), "export.output")).setText(out.toString());
            dialog.run();
        });
        // about 36,000 chips: far more than are written before the cancel arrives
        waitUntil(() -> host.tasks.size() == 1 && edt(() -> c("export.cancel").isEnabled()), "the run to start", 60);
        set(dialog::cancelRun);
        waitUntil(() -> edt(() -> !dialog.isRunning()), "the cancel", 60);
        String summary = edt(dialog::summary);
        assertThat(summary).startsWith("Cancelled");
        if (summary.contains("chips written")) { // the export's own summary: the folder is a valid export
            assertThat(summary).contains("valid export");
            assertThat(out.resolve("map.txt")).exists();
        }
    }
}
