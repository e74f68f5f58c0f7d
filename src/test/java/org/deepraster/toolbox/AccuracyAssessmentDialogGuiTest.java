package org.deepraster.toolbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.deepraster.toolbox.DialogTests.edt;
import static org.deepraster.toolbox.DialogTests.find;
import static org.deepraster.toolbox.DialogTests.waitUntil;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.swing.JButton;
import javax.swing.JTextField;
import org.deepraster.tool.assess.AccuracyAssessmentParameters;
import org.deepraster.tool.assess.AssessmentInput;
import org.deepraster.feature.Feature;
import org.deepraster.feature.FeatureCollection;
import org.deepraster.feature.FeatureSchema;
import org.deepraster.feature.Field;
import org.deepraster.feature.FieldType;
import org.deepraster.plugin.FakePluginContext;
import org.deepraster.plugin.LayerInfo;
import org.deepraster.plugin.LayerStyle;
import org.deepraster.plugin.PluginDescriptor;
import org.deepraster.plugin.TestHost;
import org.deepraster.plugin.ToolDescriptor;
import org.deepraster.sample.SampleScene;
import org.deepraster.tool.FeatureInput;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Accuracy Assessment dialog against an in-memory host: it lists the map's layers, builds the
 * parameters the command line builds, runs through the task service and shows the report. The
 * "detections" are the scene's own trees and every car but each fourth, so the figures are known.
 * With the environment variable {@code DEEPRASTER_SCREENSHOTS=DIR} it saves a picture of the dialog there.
 */
@Tag("gui")
@Timeout(120)
class AccuracyAssessmentDialogGuiTest {
    @TempDir
    static Path shared;
    static SampleScene.Files3 scene;
    static PluginDescriptor descriptor;

    @TempDir
    Path dir;
    TestHost host;
    AccuracyAssessmentDialog dialog;
    LayerInfo trees;
    LayerInfo cars;
    LayerInfo detections;
    int carCount;
    int carsKept;

    @BeforeAll
    static void sceneAndDescriptor() throws Exception {
        Display.assumeAvailable();
        scene = new SampleScene(768, 11).write(shared.resolve("scene"));
        descriptor = DialogTests.descriptor();
    }

    @BeforeEach
    void open() throws Exception {
        host = new TestHost();
        FakePluginContext context = host.install(new FakePluginContext(descriptor));
        host.openNow(scene.landCover());
        for (LayerInfo l : host.openNow(scene.groundTruth())) {
            if (l.name().equals("trees")) {
                trees = l;
            } else if (l.name().equals("cars")) {
                cars = l;
            }
        }
        List<Feature> dets = new ArrayList<>();
        long id = 1;
        for (LayerInfo l : List.of(trees, cars)) {
            int k = 0;
            for (Feature f : l.features().orElseThrow().features()) {
                boolean car = l == cars;
                if (car) {
                    carCount++;
                    if (k++ % 4 == 3) {
                        continue;
                    }
                    carsKept++;
                }
                Map<String, Object> a = new LinkedHashMap<>();
                a.put("Class", f.get("class"));
                a.put("Confidence", 50.0 + (id % 50));
                dets.add(new Feature(id++, f.geometry(), a));
            }
        }
        FeatureSchema s = new FeatureSchema("detections", trees.features().orElseThrow().schema().geometryKind(),
                List.of(new Field("Class", FieldType.STRING), new Field("Confidence", FieldType.REAL)), trees.crs());
        detections = host.addFeatures(new FeatureCollection(s, dets, null, List.of()), LayerStyle.simple(java.awt.Color.RED, null));
        ToolDescriptor tool = DialogTests.tool(descriptor, AccuracyAssessmentDialog.TOOL_ID);
        dialog = edt(() -> {
            AccuracyAssessmentDialog d = new AccuracyAssessmentDialog(null, tool, context);
            d.setVisible(true);
            return d;
        });
    }

    @AfterEach
    void close() throws Exception {
        if (dialog != null) {
            edt(() -> {
                dialog.dispose();
                return null;
            });
        }
        host.close();
    }

    int index(String label) throws Exception {
        return edt(() -> {
            for (int i = 0; i < dialog.truthList().getModel().getSize(); i++) {
                if (dialog.truthList().getModel().getElementAt(i).label().equals(label)) {
                    return i;
                }
            }
            return -1;
        });
    }

    @Test
    void runsOnMapLayersAndShowsTheReport() throws Exception {
        Path out = dir.resolve("report");
        int t = index("trees"), c = index("cars");
        edt(() -> {
            for (int i = 0; i < dialog.resultsCombo().getItemCount(); i++) {
                if (dialog.resultsCombo().getItemAt(i).label().equals("detections")) {
                    dialog.resultsCombo().setSelectedIndex(i);
                }
            }
            dialog.truthList().setSelectedIndices(new int[] {t, c});
            ((JTextField) find(dialog, "accuracy.output")).setText(out.toString());
            return null;
        });
        // the same parameters as: accuracy-assessment --in_results detections --in_ground_truth "cars;trees" --out_folder out
        // (the ground truth in the list's order: the map's top layer first)
        AccuracyAssessmentParameters p = edt(dialog::parameters);
        AccuracyAssessmentParameters expected = AccuracyAssessmentParameters.of(
                new AssessmentInput.Features(new FeatureInput.Layer(detections.features().orElseThrow())),
                List.of(new AssessmentInput.Features(new FeatureInput.Layer(cars.features().orElseThrow())),
                        new AssessmentInput.Features(new FeatureInput.Layer(trees.features().orElseThrow()))), out);
        assertThat(p).isEqualTo(expected);

        edt(() -> {
            ((JButton) find(dialog, "accuracy.run")).doClick();
            return null;
        });
        waitUntil(() -> edt(() -> !dialog.isRunning()), "the assessment", 60);
        assertThat(edt(dialog::errorText)).isBlank();
        assertThat(host.tasks).hasSize(1);
        assertThat(out.resolve("report.html")).isRegularFile();
        assertThat(Files.size(out.resolve("pr_curves.png"))).isPositive();
        // the report is shown, images and all (the editor pane loads pages in the background)
        waitUntil(() -> edt(() -> dialog.reportPane().getDocument().getLength() > 200), "the report in the pane", 20);
        String text = edt(() -> dialog.reportPane().getDocument().getText(0, dialog.reportPane().getDocument().getLength()));
        assertThat(text).contains("Summary", "mAP", "tree", "car");
        // every tree found, 3 cars of 4: recall and AP of cars = kept / all, precision 1
        String json = Files.readString(out.resolve("metrics.json"));
        com.fasterxml.jackson.databind.JsonNode m = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        com.fasterxml.jackson.databind.JsonNode car = m.path("classes").get(0);
        assertThat(car.path("class").asText()).isEqualTo("car");
        assertThat(car.path("recall").asDouble()).isCloseTo(carsKept / (double) carCount, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(car.path("precision").asDouble()).isEqualTo(1.0);
        assertThat(m.path("classes").get(1).path("average_precision").asDouble()).isEqualTo(1.0);

        String shots = System.getProperty("deepraster.screenshots", System.getenv("DEEPRASTER_SCREENSHOTS"));
        if (shots != null) {
            Thread.sleep(1000); // images
            BufferedImage img = edt(() -> {
                BufferedImage b = new BufferedImage(dialog.getWidth(), dialog.getHeight(), BufferedImage.TYPE_INT_RGB);
                dialog.getRootPane().paint(b.getGraphics());
                return b;
            });
            Files.createDirectories(Path.of(shots));
            ImageIO.write(img, "png", Path.of(shots, "accuracy-dialog.png").toFile());
        }

        // a second run into the same folder: the error is shown in the dialog
        edt(() -> {
            ((JButton) find(dialog, "accuracy.run")).doClick();
            return null;
        });
        waitUntil(() -> edt(() -> !dialog.isRunning() && !dialog.errorText().isBlank()),
                "the error", 30);
        assertThat(edt(dialog::errorText)).contains("already holds a report");
    }

    @Test
    void theReportDrawsTheClassesInTheMapsColours() throws Exception {
        // the map draws the detections by class: tree green, car yellow (as a Detect Objects run styles them)
        Map<Object, java.awt.Color> colours = new LinkedHashMap<>();
        colours.put("tree", new java.awt.Color(30, 140, 40));
        colours.put("car", new java.awt.Color(240, 200, 40));
        host.setStyle(detections, new LayerStyle(java.awt.Color.DARK_GRAY, java.awt.Color.GRAY, 2f, 6f, "Class", colours));
        Path out = dir.resolve("coloured");
        int t = index("trees"), c = index("cars");
        edt(() -> {
            for (int i = 0; i < dialog.resultsCombo().getItemCount(); i++) {
                if (dialog.resultsCombo().getItemAt(i).label().equals("detections")) {
                    dialog.resultsCombo().setSelectedIndex(i);
                }
            }
            dialog.truthList().setSelectedIndices(new int[] {t, c});
            ((JTextField) find(dialog, "accuracy.output")).setText(out.toString());
            return null;
        });
        org.deepraster.tool.assess.AccuracyReport rep = new org.deepraster.tool.assess.AccuracyAssessmentTool()
                .run(edt(dialog::parameters), org.deepraster.util.Progress.NONE).report();
        assertThat(rep.colorOf("tree")).isEqualTo(0x1E8C28);
        assertThat(rep.colorOf("car")).isEqualTo(0xF0C828);
        assertThat(Files.readString(out.resolve("report.html"))).contains("#1e8c28", "#f0c828");
    }

    @Test
    void preselectsTheGroundTruthOnlyWhereItIsUnambiguous() throws Exception {
        // the detections (tree, car) are on top: the trees and cars layers hold their classes, buildings do not
        List<String> selected = edt(() -> dialog.truthList().getSelectedValuesList().stream().map(LayerPicker.Choice::label).toList());
        assertThat(edt(() -> dialog.resultsCombo().getSelectedItem().toString())).isEqualTo("detections");
        assertThat(selected).containsExactlyInAnyOrder("trees", "cars");
        // results whose classes no other layer holds (the buildings): none chosen rather than a guess
        edt(() -> {
            for (int i = 0; i < dialog.resultsCombo().getItemCount(); i++) {
                if (dialog.resultsCombo().getItemAt(i).label().equals("buildings")) {
                    dialog.resultsCombo().setSelectedIndex(i);
                }
            }
            return null;
        });
        assertThat(edt(() -> dialog.truthList().getSelectedValuesList())).isEmpty();
        // once the user chooses, the dialog keeps the choice
        int c = index("cars");
        edt(() -> {
            dialog.truthList().setSelectedIndex(c);
            dialog.resultsCombo().setSelectedIndex(0);
            return null;
        });
        assertThat(edt(() -> dialog.truthList().getSelectedValuesList().stream().map(LayerPicker.Choice::label).toList()))
                .containsExactly("cars");
    }

    @Test
    void listsTheMapsLayersAndSaysWhatIsMissing() throws Exception {
        List<String> results = edt(() -> {
            List<String> l = new ArrayList<>();
            for (int i = 0; i < dialog.resultsCombo().getItemCount(); i++) {
                l.add(dialog.resultsCombo().getItemAt(i).label());
            }
            return l;
        });
        assertThat(results).contains("detections", "trees", "cars", "buildings", "landcover.tif");
        edt(() -> {
            dialog.truthList().clearSelection();
            ((JButton) find(dialog, "accuracy.run")).doClick();
            return null;
        });
        assertThat(edt(dialog::errorText)).contains("Choose the ground truth");
    }
}
