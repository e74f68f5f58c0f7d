package org.deepraster.toolbox.form;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Component;
import java.util.ArrayList;
import java.util.List;
import javax.swing.JLabel;
import javax.swing.JTable;
import javax.swing.text.JTextComponent;
import org.assertj.swing.edt.GuiActionRunner;
import org.deepraster.inference.ModelCheck;
import org.deepraster.inference.ModelDescription;
import org.deepraster.model.ClassInfo;
import org.deepraster.model.Fixtures;
import org.deepraster.model.ModelDefinitions;
import org.deepraster.model.TensorSpec;
import org.deepraster.toolbox.Display;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The info panel shows everything 'deepraster info MODEL' prints, for several kinds of model. */
class ModelInfoPanelTest {

    @BeforeAll
    static void needsADisplay() {
        Display.assumeAvailable();
    }

    /** Every text the panel shows: labels, text areas and table cells (the colour column as its text). */
    static List<String> texts(ModelInfoPanel panel) {
        List<Component> all = new ArrayList<>();
        ArgumentFormTest.collect(panel, all);
        List<String> out = new ArrayList<>();
        for (Component c : all) {
            if (c instanceof JLabel l && l.getText() != null) {
                out.add(l.getText());
            } else if (c instanceof JTextComponent t) {
                out.addAll(List.of(t.getText().split("\n")));
            } else if (c instanceof JTable t) {
                for (int r = 0; r < t.getRowCount(); r++) {
                    for (int col = 0; col < t.getColumnCount(); col++) {
                        Object v = t.getValueAt(r, col);
                        out.add(v instanceof ClassInfo ci ? ci.hexColor() + " (" + ci.red() + ", " + ci.green() + ", " + ci.blue() + ")"
                                : String.valueOf(v));
                    }
                }
            }
        }
        return out;
    }

    static void assertShowsAll(ModelDescription d) {
        List<String> shown = GuiActionRunner.execute(() -> {
            ModelInfoPanel p = new ModelInfoPanel();
            p.setDescription(d);
            return texts(p);
        });
        String all = String.join("\n", shown);
        ModelInfoPanel.shown(d).forEach((k, v) -> assertThat(shown).as(k).contains(k + ":", v));
        for (ClassInfo c : d.classes()) {
            assertThat(shown).contains(String.valueOf(c.value()), c.name(), c.hexColor() + " (" + c.red() + ", " + c.green() + ", " + c.blue() + ")");
        }
        if (d.signature() != null) {
            for (TensorSpec t : d.signature().inputs()) {
                assertThat(shown).contains(t.toString());
            }
            for (TensorSpec t : d.signature().outputs()) {
                assertThat(shown).contains(t.toString());
            }
        }
        d.arguments().forEach(a -> assertThat(shown).contains(a.name(), a.typeName()));
        d.warnings().forEach(w -> assertThat(all).contains(w));
        if (d.check() != null) {
            for (ModelCheck.Problem p : d.check().problems()) {
                assertThat(shown).contains(p.severity().name(), p.subject() + ": " + p.message());
            }
        }
        // the result line is the same as the last line of the text
        String[] lines = d.text().split("\n");
        assertThat(shown).contains(lines[lines.length - 1]);
    }

    @Test
    void detectionModel() {
        assertShowsAll(ModelDescription.describe(ModelDefinitions.load(ArgumentFormTest.DETECTOR)));
    }

    @Test
    void pixelClassifierWithModelPadding() {
        assertShowsAll(ModelDescription.describe(ModelDefinitions.load(Fixtures.json("seg_smaller_output", "ImageClassification",
                "\"ModelPadding\": 8, \"Classes\": [{\"Value\": 0, \"Name\": \"bg\", \"Color\": [0,0,0]},"
                        + " {\"Value\": 1, \"Name\": \"a\", \"Color\": [9,99,199]}, {\"Value\": 2, \"Name\": \"b\", \"Color\": [250,250,0]}]"))));
    }

    @Test
    void deepnessOnnxWithItsMetadata() {
        ModelDescription d = ModelDescription.describe(ModelDefinitions.load(Fixtures.onnx("seg_deepness").toString()));
        assertThat(d.properties()).containsKey("Deepness");
        assertShowsAll(d);
    }

    @Test
    void aModelReadInInspectModeWithWarningsAndNoOnnxFile() {
        ModelDescription d = ModelDescription.describe(ModelDefinitions.load(
                "{\"Framework\": \"Keras\", \"ModelFile\": \".\\\\model.h5\", \"ModelType\": \"ObjectClassification\","
                        + " \"InferenceFunction\": \"ObjectClassifier.py\", \"Classes\": [{\"Value\": 0, \"Name\": \"x\", \"Color\": [1,2,3]}]}",
                ModelDefinitions.Options.inspect()));
        assertThat(d.warnings()).isNotEmpty();
        assertThat(d.check()).isNull();
        assertShowsAll(d);
    }
}
