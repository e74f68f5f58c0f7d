package org.deepraster.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.deepraster.model.Fixtures;
import org.deepraster.model.ModelDefinition;
import org.deepraster.model.ModelDefinitions;
import org.deepraster.model.ModelSignature;
import org.deepraster.model.TensorSpec;
import org.junit.jupiter.api.Test;

class ModelCheckTest {
    private static ModelCheck.Report check(String fixture, String type, String extra) {
        ModelDefinition d = ModelDefinitions.load(Fixtures.json(fixture, type, extra));
        return ModelCheck.check(d, ModelSignature.read(d.modelFile()));
    }

    private static List<String> errors(ModelCheck.Report r) {
        return r.errors().stream().map(ModelCheck.Problem::toString).toList();
    }

    @Test
    void goodModelPasses() {
        ModelCheck.Report r = check("seg_softmax", "ImageClassification", "");
        assertThat(r.ok()).isTrue();
        assertThat(r.problems()).anyMatch(p -> p.message().contains("dynamic batch axis"));
    }

    @Test
    void bandCountMismatch() {
        ModelCheck.Report r = check("seg_softmax", "ImageClassification", "\"ExtractBands\": [0, 1, 2, 3]");
        assertThat(errors(r)).anyMatch(e -> e.contains("takes 3 channels but ExtractBands [0, 1, 2, 3] selects 4"));
    }

    @Test
    void layoutMismatchSuggestsModelFormat() {
        ModelCheck.Report r = check("classifier_nhwc", "ObjectClassification", "");
        assertThat(errors(r)).anyMatch(e -> e.contains("looks NHWC") && e.contains("\"ModelFormat\": \"NHWC\""));
    }

    @Test
    void chipSizeMismatch() {
        ModelCheck.Report r = check("seg_deepness", "ImageClassification", "\"ImageHeight\": 32, \"ImageWidth\": 32");
        assertThat(errors(r)).anyMatch(e -> e.contains("fixes the chip at 64 x 64") && e.contains("32 x 32"));
    }

    @Test
    void fixedBatchVsBatchSize() {
        ModelCheck.Report r = check("classifier_probs_fixed_batch", "ObjectClassification", "\"BatchSize\": 4");
        assertThat(errors(r)).anyMatch(e -> e.contains("fixes the batch at 2 but BatchSize is 4"));
    }

    @Test
    void outputsMustFitTheModelType() {
        ModelCheck.Report r = check("classifier_logits", "ImageClassification", "");
        assertThat(errors(r)).anyMatch(e -> e.contains("do not fit ModelType ImageClassification"));
        ModelCheck.Report det = check("seg_softmax", "ObjectDetection", "");
        assertThat(errors(det)).anyMatch(e -> e.contains("do not fit ModelType ObjectDetection") && e.contains("[N, K, 5+C]"));
    }

    @Test
    void classCountMismatch() {
        ModelCheck.Report r = check("seg_softmax", "ImageClassification",
                "\"Classes\": [{\"Value\": 0, \"Name\": \"a\"}, {\"Value\": 1, \"Name\": \"b\"}]");
        assertThat(errors(r)).anyMatch(e -> e.contains("3 class channels but the definition lists 2 classes"));
    }

    @Test
    void smallerOutputIsReported() {
        ModelCheck.Report r = check("seg_smaller_output", "ImageClassification", "\"ModelPadding\": 8");
        assertThat(r.ok()).isTrue();
        assertThat(r.problems()).anyMatch(p -> p.message().contains("16 x 16 is centred on the 32 x 32 input (border 8 px, ModelPadding 8)"));
    }

    @Test
    void wrongInputRankAndType() {
        ModelDefinition d = ModelDefinitions.load(Fixtures.json("seg_softmax", "ImageClassification", ""));
        ModelSignature sig = new ModelSignature(List.of(TensorSpec.of("x", "UINT8", -1, 3, 32)),
                List.of(TensorSpec.of("y", "FLOAT", -1, 3, 32, 32)), java.util.Map.of(), "", "");
        ModelCheck.Report r = ModelCheck.check(d, sig);
        assertThat(errors(r)).anyMatch(e -> e.contains("element type UINT8, expected FLOAT"))
                .anyMatch(e -> e.contains("expected 4 axes"));
    }
}
