package org.deepraster.toolbox.form;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deepraster.inference.ModelDescription;
import org.deepraster.model.ModelDefinitions;
import org.junit.jupiter.api.Test;

/** The model panel leads with what the model is, and says where it came from last, in words. */
class ModelInfoOrderTest {
    @Test
    void aPackageShowsTheFileTheUserNamedNotTheCache() {
        Path dlpk = Path.of("sample-models/landcover_classifier.dlpk").toAbsolutePath();
        ModelDescription d = ModelDescription.describe(ModelDefinitions.load(dlpk.toString(), ModelDefinitions.Options.strict()));
        Map<String, String> shown = ModelInfoPanel.shown(d);
        List<String> keys = List.copyOf(shown.keySet());
        assertThat(keys.get(0)).isEqualTo("Name");
        assertThat(keys.get(keys.size() - 1)).isEqualTo("Source");
        assertThat(shown.get("Source")).isEqualTo(dlpk.toString());
        assertThat(shown).doesNotContainKey("Model file");
        assertThat(String.join(" ", shown.values())).doesNotContain("unpacked").doesNotContain("DLPK ");
    }

    @Test
    void aPastedDefinitionIsPastedJson() throws Exception {
        String onnx = Path.of("sample-models/landcover_classifier_deepness.onnx").toAbsolutePath().toString();
        String json = "{\"Framework\": \"ONNX\", \"ModelType\": \"ImageClassification\", \"ModelFile\": \""
                + onnx.replace("\\", "\\\\") + "\", \"ImageHeight\": 256, \"ImageWidth\": 256}";
        ModelDescription d = ModelDescription.describe(ModelDefinitions.load(json, ModelDefinitions.Options.inspect()));
        Map<String, String> shown = ModelInfoPanel.shown(d);
        assertThat(shown.get("Source")).isEqualTo("pasted JSON");
        assertThat(shown.get("Model file")).startsWith(onnx);
    }
}
