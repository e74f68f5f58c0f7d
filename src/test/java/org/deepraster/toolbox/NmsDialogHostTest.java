package org.deepraster.toolbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.deepraster.toolbox.DialogTests.edt;
import static org.deepraster.toolbox.DialogTests.find;
import static org.deepraster.toolbox.DialogTests.set;
import static org.deepraster.toolbox.DialogTests.waitUntil;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.swing.JSpinner;
import javax.swing.JTextField;
import org.deepraster.feature.Feature;
import org.deepraster.feature.FeatureSchema;
import org.deepraster.feature.FeatureWriter;
import org.deepraster.feature.FeatureWriters;
import org.deepraster.feature.Field;
import org.deepraster.feature.FieldType;
import org.deepraster.feature.GeometryKind;
import org.deepraster.feature.VectorFiles;
import org.deepraster.feature.WriteMode;
import org.deepraster.geo.Crs;
import org.deepraster.plugin.FakePluginContext;
import org.deepraster.plugin.PluginDescriptor;
import org.deepraster.plugin.LayerStyle;
import org.deepraster.plugin.LayerInfo;
import org.deepraster.plugin.TestHost;
import org.deepraster.tool.nms.NmsParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.GeometryFactory;

/** The NMS dialog on a small layer of overlapping boxes, against an in-memory host. */
@Tag("gui")
@Timeout(120)
class NmsDialogHostTest {
    @TempDir
    Path dir;
    TestHost host;
    NmsDialog dialog;
    Path boxes;

    @BeforeEach
    void open() throws Exception {
        Display.assumeAvailable();
        boxes = dir.resolve("boxes.gpkg");
        GeometryFactory gf = new GeometryFactory();
        FeatureSchema schema = new FeatureSchema("boxes", GeometryKind.POLYGON, List.of(new Field("Class", FieldType.STRING),
                new Field("Name", FieldType.STRING), new Field("Confidence", FieldType.REAL)), Crs.forEpsg(32633));
        try (FeatureWriter w = FeatureWriters.create(boxes, schema, WriteMode.CREATE)) {
            w.write(List.of(
                    box(gf, 1, 0, 0, 10, 10, "tree", 90), // kept
                    box(gf, 2, 1, 1, 11, 11, "tree", 60), // IoU 0.68 with 1: goes
                    box(gf, 3, 30, 30, 40, 40, "tree", 50), // alone: kept
                    box(gf, 4, 8, 8, 18, 18, "car", 70))); // small overlap with 1: kept
        }
        host = new TestHost();
        FakePluginContext context = host.install(new FakePluginContext(new PluginDescriptor("t", "T", "1", null,
                DeepLearningPlugin.class.getName(), "", List.of(), "test")));
        host.openNow(boxes);
        dialog = edt(() -> new NmsDialog(null, null, context));
    }

    private static Feature box(GeometryFactory gf, long id, double x0, double y0, double x1, double y1, String cls, double conf) {
        return new Feature(id, gf.toGeometry(new Envelope(x0, x1, y0, y1)), Map.of("Class", cls, "Name", "b" + id,
                "Confidence", conf));
    }

    @AfterEach
    void close() throws Exception {
        if (dialog != null) {
            set(dialog::dispose);
        }
        host.close();
    }

    @Test
    void fieldsComeFromTheLayerAndTheRunKeepsTheConfidentBoxes() throws Exception {
        assertThat(edt(() -> ClassifyObjectsDialog.items(dialog.confidenceCombo()))).containsExactly("Confidence");
        assertThat(edt(() -> ClassifyObjectsDialog.items(dialog.classCombo())))
                .containsExactly(NmsDialog.NO_CLASS, "Class", "Name", "Confidence");
        assertThat(edt(() -> dialog.classCombo().getSelectedItem())).isEqualTo("Class");
        // the input is drawn by class: the output gets the same colours
        LayerInfo in = host.layers().stream().filter(l -> l.name().equals("boxes")).findFirst().orElseThrow();
        LayerStyle byClass = new LayerStyle(java.awt.Color.GRAY, null, 2f, 6f, "Class",
                Map.of("tree", new java.awt.Color(30, 140, 40), "car", new java.awt.Color(240, 200, 40)));
        host.setStyle(in, byClass);
        Path out = dir.resolve("kept.gpkg");
        set(() -> {
            ((JTextField) find(dialog.getContentPane(), "nms.output")).setText(out.toString());
            ((JSpinner) find(dialog.getContentPane(), "nms.maxOverlap")).setValue(0.5);
        });
        NmsParameters expected = new NmsParameters(boxes, "boxes", "Confidence", out, "Class", 0.5, false);
        assertThat(edt(dialog::parameters)).isEqualTo(expected);
        assertThat(edt(dialog::commandLine)).isEqualTo("deepraster " + CommandLinePreview.join(NmsDialog.commandArgs(expected)));

        set(dialog::run);
        waitUntil(() -> edt(() -> !dialog.isRunning()), "the run", 60);
        assertThat(edt(dialog::errorText)).isEmpty();
        assertThat(edt(dialog::summary)).startsWith("Kept 3 of 4 features (1 suppressed)").contains("Output: " + out);
        assertThat(VectorFiles.open(out).get(0).features()).extracting(f -> f.get("Name")).containsExactlyInAnyOrder("b1", "b3", "b4");
        // the output is opened on the map
        waitUntil(() -> host.layers().stream().anyMatch(l -> l.name().equals("kept")), "the output layer", 20);
        LayerInfo kept = host.layers().stream().filter(l -> l.name().equals("kept")).findFirst().orElseThrow();
        waitUntil(() -> host.styles.containsKey(kept.id()), "the output's style", 20);
        assertThat(host.styles.get(kept.id()).classColors()).as("same class, same colour").isEqualTo(byClass.classColors());

        // no class field: the car goes too (its box overlaps the tree's by IoU 0.02 > 0.01)
        set(() -> {
            dialog.classCombo().setSelectedItem(NmsDialog.NO_CLASS);
            ((JSpinner) find(dialog.getContentPane(), "nms.maxOverlap")).setValue(0.01);
        });
        assertThat(edt(dialog::parameters).classValueField()).isNull();
    }

    @Test
    void anOutputThatIsTheInputIsRefused() throws Exception {
        set(() -> ((JTextField) find(dialog.getContentPane(), "nms.output")).setText(boxes.toString()));
        set(dialog::run);
        assertThat(edt(dialog::errorText)).contains("The output is the input file");
        assertThat(host.tasks).isEmpty();
    }
}
