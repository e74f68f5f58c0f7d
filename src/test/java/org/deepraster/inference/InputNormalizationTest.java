package org.deepraster.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.deepraster.model.Fixtures;
import org.deepraster.model.ModelDefinition;
import org.deepraster.model.ModelDefinitions;
import org.junit.jupiter.api.Test;

class InputNormalizationTest {
    private static float[] applied(InputNormalization n, float... values) {
        float[] chip = values.clone();
        n.apply(chip, 1);
        return chip;
    }

    @Test
    void deepnessDividesBy255ThenStandardizes() {
        ModelDefinition d = ModelDefinitions.load(Fixtures.onnx("seg_deepness").toString());
        InputNormalization n = InputNormalization.forDefinition(d, 3);
        assertThat(n.description()).startsWith("Deepness");
        float[] v = applied(n, 255, 51, 0);
        assertThat((double) v[0]).isCloseTo(1, within(1e-6));
        assertThat((double) v[1]).isCloseTo(0.2, within(1e-6));
        assertThat(v[2]).isZero();
    }

    @Test
    void normalizationStatsPickBandsByExtractBands() {
        ModelDefinition d = ModelDefinitions.load(Fixtures.json("seg_softmax", "ImageClassification",
                "\"ExtractBands\": [3, 1, 0], \"NormalizationStats\": {\"band_min_values\": [0, 0, 0, 100],"
                        + " \"band_max_values\": [10, 20, 30, 200], \"scaled_mean_values\": [0.5, 0.5, 0.5, 0.5],"
                        + " \"scaled_std_values\": [0.25, 0.25, 0.25, 0.25]}"), ModelDefinitions.Options.inspect());
        InputNormalization n = InputNormalization.forDefinition(d, 3);
        // channel 0 reads band 3: (150 - 100) / 100 = 0.5 -> (0.5 - 0.5) / 0.25 = 0
        float[] v = applied(n, 150, 20, 10);
        assertThat((double) v[0]).isCloseTo(0, within(1e-5));
        assertThat((double) v[1]).as("band 1: 20/20=1 -> 2").isCloseTo(2, within(1e-5));
        assertThat((double) v[2]).as("band 0: 10/10=1 -> 2").isCloseTo(2, within(1e-5));
    }

    @Test
    void dataRangeAndNone() {
        ModelDefinition dr = ModelDefinitions.load(Fixtures.json("seg_softmax", "ImageClassification", "\"DataRange\": [0, 1]"));
        assertThat((double) applied(InputNormalization.forDefinition(dr, 3), 255, 0, 0)[0]).isCloseTo(1, within(1e-6));
        ModelDefinition none = ModelDefinitions.load(Fixtures.json("seg_softmax", "ImageClassification", ""));
        InputNormalization n = InputNormalization.forDefinition(none, 3);
        assertThat(applied(n, 7, 8, 9)).containsExactly(7, 8, 9);
        assertThat(n.description()).contains("raw");
    }
}
