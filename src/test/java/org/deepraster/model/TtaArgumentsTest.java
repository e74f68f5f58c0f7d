package org.deepraster.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * test_time_augmentation and merge_policy are model arguments of the tools that apply them, so the dialogs' forms
 * (made from these specs), the command line's --model_arguments and job files all carry them under ArcGIS's names.
 */
class TtaArgumentsTest {
    static List<String> names(String model) {
        return ArgumentSpecs.forDefinition(ModelDefinitions.load(model)).stream().map(ArgumentSpec::name).toList();
    }

    @Test
    void pixelClassifiersDetectorsAndValueModelsOfferThem() {
        assertThat(names("sample-models/landcover_classifier.dlpk")).contains("test_time_augmentation", "merge_policy");
        assertThat(names("sample-models/tree_car_detector.dlpk")).contains("test_time_augmentation")
                .doesNotContain("merge_policy"); // boxes are fused by weighted boxes fusion
        assertThat(names(Fixtures.onnx("reg_deepness").toString())).contains("test_time_augmentation", "merge_policy");
        ModelArguments.Resolved r = ModelArguments.parse("test_time_augmentation True;merge_policy max")
                .resolve(ArgumentSpecs.forDefinition(ModelDefinitions.load("sample-models/landcover_classifier.dlpk")));
        assertThat(r.getBoolean("test_time_augmentation", false)).isTrue();
        assertThat(r.getString("merge_policy", "mean")).isEqualTo("max");
    }
}
