package org.deepraster.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.deepraster.util.UserException;
import org.junit.jupiter.api.Test;

class ArgumentsTest {
    private static ModelDefinition def(String type, String extra) {
        return ModelDefinitions.load(Fixtures.json("seg_softmax", type, extra), ModelDefinitions.Options.inspect());
    }

    @Test
    void parseAndPrintRoundTrip() {
        ModelArguments a = ModelArguments.parse("padding 0;batch_size 4");
        assertThat(a.values()).containsExactly(java.util.Map.entry("padding", "0"), java.util.Map.entry("batch_size", "4"));
        assertThat(a.toString()).isEqualTo("padding 0;batch_size 4");
        assertThat(ModelArguments.parse(a.toString())).isEqualTo(a);
        ModelArguments loose = ModelArguments.parse("  padding=0 ;  batch_size   4;threshold: 0.3;;name \"a b\";");
        assertThat(loose.toString()).isEqualTo("padding 0;batch_size 4;threshold 0.3;name a b");
        assertThat(ModelArguments.parse("").values()).isEmpty();
        assertThat(ModelArguments.parse(null).values()).isEmpty();
        assertThatThrownBy(() -> ModelArguments.parse("padding")).hasMessageContaining("has no value");
    }

    @Test
    void detectionSpecsAndDefaults() {
        ModelDefinition d = def("ObjectDetection", "\"SupportsVariableTileSize\": true");
        List<ArgumentSpec> specs = ArgumentSpecs.forDefinition(d);
        assertThat(specs).extracting(ArgumentSpec::name).containsExactly("padding", "threshold", "nms_overlap", "batch_size",
                "exclude_pad_detections", "test_time_augmentation", "tile_size"); // an Esri detector: no YOLO layout arguments
        ModelArguments.Resolved r = ModelArguments.EMPTY.resolve(specs);
        assertThat(r.getInt("padding", -1)).isEqualTo(8);
        assertThat(r.getDouble("threshold", -1)).isEqualTo(0.5);
        assertThat(r.getDouble("nms_overlap", -1)).isEqualTo(0.1);
        assertThat(r.getInt("batch_size", -1)).isEqualTo(4);
        assertThat(r.getBoolean("exclude_pad_detections", false)).isTrue();
        assertThat(r.getBoolean("test_time_augmentation", true)).isFalse();
        assertThat(r.getInt("tile_size", -1)).isEqualTo(32);
        assertThat(specs.get(0)).isInstanceOf(ArgumentSpec.IntegerSpec.class);
        assertThat(specs.get(0).expected()).isEqualTo("a whole number from 0 to 16");
        // score_threshold is accepted as an alias of threshold
        assertThat(ModelArguments.parse("score_threshold 0.7").resolve(specs).getDouble("threshold", 0)).isEqualTo(0.7);
    }

    @Test
    void pixelAndObjectClassificationSpecs() {
        List<ArgumentSpec> px = ArgumentSpecs.forDefinition(def("ImageClassification", "\"ModelPadding\": 4, \"BatchSize\": 2"));
        assertThat(px).extracting(ArgumentSpec::name).containsExactly("padding", "batch_size", "predict_background",
                "test_time_augmentation", "merge_policy", "threshold", "return_probability_raster", "blend_tiles");
        assertThat(ArgumentSpecs.find(px, "padding").info().hidden()).isTrue();
        assertThat(ArgumentSpecs.find(px, "padding").defaultValue()).isEqualTo(4);
        assertThat(ArgumentSpecs.find(px, "batch_size").info().hidden()).isTrue();
        assertThat(ArgumentSpecs.find(px, "batch_size").defaultValue()).isEqualTo(2);
        assertThat(ArgumentSpecs.find(px, "merge_policy")).isInstanceOfSatisfying(ArgumentSpec.ChoiceSpec.class,
                c -> assertThat(c.choices()).containsExactly("mean", "max", "min"));
        assertThat(ModelArguments.parse("merge_policy MAX").resolve(px).getString("merge_policy", "")).isEqualTo("max");
        List<ArgumentSpec> oc = ArgumentSpecs.forDefinition(def("ObjectClassification", ""));
        assertThat(oc).extracting(ArgumentSpec::name).containsExactly("batch_size", "score_threshold", "test_time_augmentation");
    }

    @Test
    void validationMessages() {
        List<ArgumentSpec> specs = ArgumentSpecs.forDefinition(def("ObjectDetection", ""));
        assertThatThrownBy(() -> ModelArguments.parse("paddin 3").resolve(specs))
                .isInstanceOf(UserException.class)
                .hasMessageContaining("Unknown model argument \"paddin\"; this model knows: padding, threshold, nms_overlap");
        assertThatThrownBy(() -> ModelArguments.parse("threshold 2;batch_size x").resolve(specs))
                .hasMessageContaining("2 problems")
                .hasMessageContaining("Model argument \"threshold\": found \"2\", expected a number from 0 to 1")
                .hasMessageContaining("Model argument \"batch_size\": found \"x\", expected a whole number from 1 to 1024");
        ArgumentSpec tta = ArgumentSpecs.find(specs, "test_time_augmentation");
        assertThat(tta.validate("yes")).isNull();
        assertThat(tta.validate("maybe")).contains("expected True or False");
        assertThat(ArgumentSpecs.find(specs, "padding").validate("2.5")).contains("whole number");
    }

    @Test
    void emdModelArgumentsAddAndOverride() {
        ModelDefinition d = def("ObjectDetection", "\"ModelArguments\": ["
                + "{\"name\": \"threshold\", \"dataType\": \"numeric\", \"value\": \"0.35\", \"displayName\": \"Min score\"},"
                + "{\"name\": \"prompt\", \"dataType\": \"string\", \"value\": \"tree\", \"required\": true, \"description\": \"what to find\"},"
                + "{\"name\": \"mode\", \"dataType\": \"string\", \"value\": \"fast\", \"domain\": [\"fast\", \"accurate\"]},"
                + "{\"name\": \"min_size\", \"dataType\": \"int\", \"value\": 3, \"domain\": {\"range\": [1, 10]}}]");
        List<ArgumentSpec> specs = ArgumentSpecs.forDefinition(d);
        ArgumentSpec t = ArgumentSpecs.find(specs, "threshold");
        assertThat(t).isInstanceOf(ArgumentSpec.NumberSpec.class);
        assertThat(t.defaultValue()).isEqualTo(0.35);
        assertThat(t.info().displayName()).isEqualTo("Min score");
        assertThat(((ArgumentSpec.NumberSpec) t).max()).as("keeps the standard range").isEqualTo(1.0);
        assertThat(ArgumentSpecs.find(specs, "prompt")).isInstanceOf(ArgumentSpec.TextSpec.class);
        assertThat(ArgumentSpecs.find(specs, "prompt").info().required()).isTrue();
        assertThat(ArgumentSpecs.find(specs, "mode")).isInstanceOf(ArgumentSpec.ChoiceSpec.class);
        assertThat(ArgumentSpecs.find(specs, "min_size").validate("11")).contains("from 1 to 10");
        ModelArguments.Resolved r = ModelArguments.parse("prompt palm tree;mode accurate").resolve(specs);
        assertThat(r.getString("prompt", "")).isEqualTo("palm tree");
        assertThat(r.getInt("min_size", 0)).isEqualTo(3);
    }
}
