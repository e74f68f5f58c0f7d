package org.deepraster.toolbox.form;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Component;
import java.awt.Container;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.swing.JCheckBox;
import javax.swing.JComboBox;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JSpinner;
import javax.swing.JTextField;
import javax.swing.SpinnerNumberModel;
import org.assertj.swing.edt.GuiActionRunner;
import org.deepraster.model.ArgumentSpec;
import org.deepraster.model.ArgumentSpecs;
import org.deepraster.model.Fixtures;
import org.deepraster.model.ModelArguments;
import org.deepraster.model.ModelDefinitions;
import org.deepraster.toolbox.Display;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The generated argument form for each kind of model, built on the EDT (no window shown). */
class ArgumentFormTest {

    @BeforeAll
    static void needsADisplay() {
        Display.assumeAvailable();
    }

    static List<ArgumentSpec> specs(String pathOrJson) {
        return ArgumentSpecs.forDefinition(ModelDefinitions.load(pathOrJson, ModelDefinitions.Options.strict()));
    }

    static final String DETECTOR = Fixtures.json("detector_yolov5", "ObjectDetection",
            "\"Classes\": [{\"Value\": 1, \"Name\": \"car\", \"Color\": [255, 0, 0]}, {\"Value\": 2, \"Name\": \"tree\", \"Color\": [0, 160, 0]}]");

    static ArgumentForm form(List<ArgumentSpec> specs) {
        return GuiActionRunner.execute(() -> {
            ArgumentForm f = new ArgumentForm();
            f.setSpecs(specs);
            return f;
        });
    }

    static <T extends Component> T find(Container root, String name, Class<T> type) {
        List<Component> all = new ArrayList<>();
        collect(root, all);
        for (Component c : all) {
            if (name.equals(c.getName())) {
                assertThat(c).as(name).isInstanceOf(type);
                return type.cast(c);
            }
        }
        return null;
    }

    static void collect(Component c, List<Component> out) {
        out.add(c);
        if (c instanceof Container k) {
            for (Component x : k.getComponents()) {
                collect(x, out);
            }
        }
    }

    static String spinnerText(ArgumentForm f, String name) {
        return GuiActionRunner.execute(() -> ((JSpinner.DefaultEditor) find(f, name, JSpinner.class).getEditor())
                .getTextField().getText());
    }

    static void type(ArgumentForm f, String name, String text) {
        GuiActionRunner.execute(() -> ((JSpinner.DefaultEditor) find(f, name, JSpinner.class).getEditor())
                .getTextField().setText(text));
    }

    @Test
    void detectionModelGetsSpinnersAndCheckBoxesWithTheModelsDefaults() {
        ArgumentForm f = form(specs(DETECTOR));
        assertThat(spinnerText(f, "args.padding")).isEqualTo("8"); // ImageHeight 32 / 4
        assertThat(spinnerText(f, "args.threshold")).isEqualTo("0.5");
        assertThat(spinnerText(f, "args.nms_overlap")).isEqualTo("0.1");
        assertThat(spinnerText(f, "args.batch_size")).isEqualTo("4");
        GuiActionRunner.execute(() -> {
            SpinnerNumberModel padding = (SpinnerNumberModel) find(f, "args.padding", JSpinner.class).getModel();
            assertThat(padding.getMinimum()).isEqualTo(0);
            assertThat(padding.getMaximum()).isEqualTo(16); // ImageHeight / 2
            assertThat(((SpinnerNumberModel) find(f, "args.threshold", JSpinner.class).getModel()).getMaximum()).isEqualTo(1.0);
            assertThat(find(f, "args.exclude_pad_detections", JCheckBox.class).isSelected()).isTrue();
            assertThat(find(f, "args.test_time_augmentation", JCheckBox.class).isSelected()).isFalse();
            assertThat(find(f, "args.tile_size", Component.class)).as("no variable tile size").isNull();
            assertThat(find(f, "args.threshold.label", JLabel.class).getText()).isEqualTo("Confidence threshold:");
            assertThat(find(f, "args.threshold", JSpinner.class).getToolTipText())
                    .contains("Detections (or pixels) scoring below this are dropped.").contains("a number from 0 to 1");
            return null;
        });
        assertThat(f.isInputValid()).isTrue();
        assertThat(f.values()).isEqualTo(ModelArguments.EMPTY);
        assertThat(f.commandLine()).isEmpty();
        assertThat(f.allValues().toString()).isEqualTo(
                "padding 8;threshold 0.5;nms_overlap 0.1;batch_size 4;exclude_pad_detections True;test_time_augmentation False");
    }

    @Test
    void objectClassifierHidesBatchSizeWhenTheModelSetsIt() {
        ArgumentForm shown = form(specs(Fixtures.json("classifier_logits", "ObjectClassification", "")));
        assertThat(spinnerText(shown, "args.batch_size")).isEqualTo("4");
        assertThat(spinnerText(shown, "args.score_threshold")).isEqualTo("0");
        assertThat(GuiActionRunner.execute(() -> find(shown, "args.test_time_augmentation", JCheckBox.class).isSelected())).isFalse();

        ArgumentForm hidden = form(specs(Fixtures.json("classifier_probs_fixed_batch", "ObjectClassification", "\"BatchSize\": 2")));
        assertThat(GuiActionRunner.execute(() -> find(hidden, "args.batch_size", Component.class))).isNull();
        assertThat(GuiActionRunner.execute(() -> find(hidden, "args.score_threshold", JSpinner.class))).isNotNull();
        // the hidden argument stays at the model's value and is not offered to set
        assertThat(hidden.allValues().values()).doesNotContainKey("batch_size");
        List<String> skipped = GuiActionRunner.execute(() -> hidden.setValues("batch_size 8"));
        assertThat(skipped).singleElement().asString().contains("batch_size").contains("set by the model");
        assertThat(hidden.values()).isEqualTo(ModelArguments.EMPTY);
    }

    @Test
    void pixelClassifierHidesPaddingWhenModelPaddingIsSetAndOffersChoices() {
        ArgumentForm f = form(specs(Fixtures.json("seg_softmax", "ImageClassification", "\"ModelPadding\": 8")));
        GuiActionRunner.execute(() -> {
            assertThat(find(f, "args.padding", Component.class)).isNull();
            JComboBox<?> merge = find(f, "args.merge_policy", JComboBox.class);
            assertThat(merge.getSelectedItem()).isEqualTo("mean");
            assertThat(merge.getItemCount()).isEqualTo(3);
            assertThat(find(f, "args.predict_background", JCheckBox.class).isSelected()).isTrue();
            assertThat(find(f, "args.return_probability_raster", JCheckBox.class).isSelected()).isFalse();
            merge.setSelectedItem("max");
            return null;
        });
        assertThat(spinnerText(f, "args.batch_size")).isEqualTo("4");
        assertThat(f.values().toString()).isEqualTo("merge_policy max");
        assertThat(f.commandLine()).isEqualTo("--model_arguments \"merge_policy max\"");
    }

    @Test
    void deepnessOnnxTakesItsDefaultsFromTheMetadata() {
        ArgumentForm f = form(specs(Fixtures.onnx("seg_deepness").toString()));
        assertThat(spinnerText(f, "args.threshold")).isEqualTo("0.6"); // seg_thresh
        assertThat(spinnerText(f, "args.padding")).isEqualTo("8"); // 64 px tiles, 25 % overlap shared by two
        assertThat(f.isInputValid()).isTrue();
    }

    @Test
    void emdModelArgumentsBecomeFieldsOfTheirType() {
        ArgumentForm f = form(specs(Fixtures.json("detector_yolov5", "ObjectDetection",
                "\"ModelArguments\": [{\"name\": \"label_prefix\", \"dataType\": \"string\", \"value\": \"obj\", \"required\": true,"
                        + " \"displayName\": \"Label prefix\"}, {\"name\": \"mode\", \"dataType\": \"string\", \"value\": \"fast\","
                        + " \"domain\": [\"fast\", \"accurate\"]}]")));
        GuiActionRunner.execute(() -> {
            assertThat(find(f, "args.label_prefix", JTextField.class).getText()).isEqualTo("obj");
            assertThat(find(f, "args.label_prefix.label", JLabel.class).getText()).isEqualTo("Label prefix *:");
            assertThat(find(f, "args.mode", JComboBox.class).getSelectedItem()).isEqualTo("fast");
            find(f, "args.label_prefix", JTextField.class).setText(" ");
            return null;
        });
        assertThat(f.isInputValid()).as("a required text cannot be blank").isFalse();
    }

    @Test
    void invalidInputIsFlaggedInlineAndListenersHearIt() {
        ArgumentForm f = form(specs(DETECTOR));
        AtomicInteger events = new AtomicInteger();
        GuiActionRunner.execute(() -> f.addChangeListener(e -> events.incrementAndGet()));

        type(f, "args.threshold", "1.5");
        assertThat(f.isInputValid()).isFalse();
        assertThat(events.get()).isPositive();
        GuiActionRunner.execute(() -> {
            JSpinner s = find(f, "args.threshold", JSpinner.class);
            assertThat(s.getClientProperty("JComponent.outline")).isEqualTo("error");
            javax.swing.JTextArea message = find(f, "args.threshold.message", javax.swing.JTextArea.class);
            assertThat(message.isVisible()).isTrue();
            assertThat(message.getText()).contains("threshold").contains("1.5").contains("a number from 0 to 1");
            return null;
        });
        assertThat(f.errors()).hasSize(1);

        type(f, "args.padding", "4.5");
        assertThat(f.errors()).hasSize(2);

        type(f, "args.threshold", "0.7");
        type(f, "args.padding", "4");
        assertThat(f.isInputValid()).isTrue();
        GuiActionRunner.execute(() -> {
            assertThat(find(f, "args.threshold", JSpinner.class).getClientProperty("JComponent.outline")).isNull();
            assertThat(find(f, "args.threshold.message", javax.swing.JTextArea.class).isVisible()).isFalse();
            return null;
        });
        assertThat(f.values().toString()).isEqualTo("padding 4;threshold 0.7");
        assertThat(f.commandLine()).isEqualTo("--model_arguments \"padding 4;threshold 0.7\"");
    }

    @Test
    void resetRestoresTheDefaults() {
        ArgumentForm f = form(specs(DETECTOR));
        GuiActionRunner.execute(() -> f.setValues("padding 2;threshold 3;exclude_pad_detections False"));
        assertThat(f.isInputValid()).isFalse();
        assertThat(f.values().values()).hasSize(3);
        GuiActionRunner.execute(() -> {
            find(f, "args.reset", javax.swing.JButton.class).doClick();
            return null;
        });
        assertThat(f.isInputValid()).isTrue();
        assertThat(f.values()).isEqualTo(ModelArguments.EMPTY);
        assertThat(spinnerText(f, "args.threshold")).isEqualTo("0.5");
        assertThat(spinnerText(f, "args.padding")).isEqualTo("8");
        assertThat(GuiActionRunner.execute(() -> find(f, "args.exclude_pad_detections", JCheckBox.class).isSelected())).isTrue();
        assertThat(f.commandLine()).isEmpty();
    }

    @Test
    void valuesRoundTripThroughTheArcGisString() {
        List<ArgumentSpec> specs = specs(DETECTOR);
        ArgumentForm f = form(specs);
        String arcgis = "padding 0;threshold 0.25;nms_overlap 0.3;batch_size 16;exclude_pad_detections False;test_time_augmentation True";
        List<String> skipped = GuiActionRunner.execute(() -> f.setValues(arcgis));
        assertThat(skipped).isEmpty();
        assertThat(f.isInputValid()).isTrue();
        assertThat(f.values().toString()).isEqualTo(arcgis);
        assertThat(f.commandLine()).isEqualTo("--model_arguments \"" + arcgis + "\"");
        // the values resolve against the same specs as the command line does
        ModelArguments.Resolved r = f.values().resolve(specs);
        assertThat(r.getInt("padding", -1)).isZero();
        assertThat(r.getDouble("threshold", -1)).isEqualTo(0.25);
        assertThat(r.getBoolean("test_time_augmentation", false)).isTrue();

        // a second form filled from the first one's string ends in the same state
        ArgumentForm g = form(specs);
        GuiActionRunner.execute(() -> g.setValues(f.values()));
        assertThat(g.values()).isEqualTo(f.values());
        assertThat(spinnerText(g, "args.batch_size")).isEqualTo("16");

        // defaults given explicitly are not "changed"; aliases and unknown names
        List<String> s2 = GuiActionRunner.execute(() -> g.setValues("padding 8;score_threshold 0.4;colour red"));
        assertThat(g.values().toString()).isEqualTo("threshold 0.4");
        assertThat(s2).singleElement().asString().contains("unknown model argument \"colour\"");
    }

    @Test
    void everyEditorIsNamedAfterItsArgument() {
        List<ArgumentSpec> specs = specs(DETECTOR);
        ArgumentForm f = form(specs);
        GuiActionRunner.execute(() -> {
            for (ArgumentSpec s : specs) {
                assertThat(find(f, "args." + s.name(), JComponent.class)).as(s.name()).isNotNull();
            }
            assertThat(find(f, "args.commandLine", JTextField.class).isEditable()).isFalse();
            return null;
        });
    }
}
