package org.deepraster.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deepraster.model.ModelDefinition;
import org.deepraster.model.ModelDefinitions;
import org.deepraster.util.UserException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Normalisations that make every pixel the same are refused; doubtful ones are warned about (issue 21, point 5). */
class ImpossibleNormalizationTest {
    @TempDir
    Path dir;

    private ModelDefinition emd(String extra) throws IOException {
        Files.copy(org.deepraster.model.Fixtures.onnx("seg_softmax"), dir.resolve("model.onnx"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path p = dir.resolve("m.emd");
        Files.writeString(p, "{\"Framework\": \"ONNX\", \"ModelFile\": \"model.onnx\", \"ModelType\": \"ImageClassification\","
                + " \"ImageHeight\": 32, \"ImageWidth\": 32, " + extra + "}");
        return ModelDefinitions.load(p.toString());
    }

    static String stats(String min, String std) {
        return "\"NormalizationStats\": {\"band_min_values\": " + min + ", \"band_max_values\": [255, 255, 255],"
                + " \"scaled_mean_values\": [0.5, 0.5, 0.5], \"scaled_std_values\": " + std + "}";
    }

    @Test
    void zeroOrNaNStdAndAnInfiniteRangeAreRefused() throws IOException {
        for (String extra : new String[] {stats("[0, 0, 0]", "[0, 0, 0]"), stats("[0, 0, 0]", "[\"NaN\", 1, 1]"),
                "\"DataRange\": [0, 1e999]"}) {
            ModelDefinition d = emd(extra);
            assertThatThrownBy(() -> InputNormalization.forDefinition(d, 3)).as(extra).isInstanceOf(UserException.class)
                    .hasMessageContaining("cannot be applied");
        }
        assertThat(InputNormalization.forDefinition(emd(stats("[0, 0, 0]", "[0.2, 0.2, 0.2]")), 3).scale()[0])
                .isEqualTo((float) (1 / (255 * 0.2)));
    }

    @Test
    void textStatsAreReadAndWarnedAboutAndUnusableStatsAreNamed() throws IOException {
        ModelDefinition text = emd(stats("[\"0\", \"0\", \"0\"]", "[0.2, 0.2, 0.2]"));
        assertThat(InputNormalization.forDefinition(text, 3).description()).startsWith("NormalizationStats");
        assertThat(InputNormalization.doubts(text)).singleElement().asString().contains("band_min_values")
                .contains("written as text");
        ModelDefinition partial = emd("\"NormalizationStats\": {\"band_max_values\": [255, 255, 255]}");
        assertThat(InputNormalization.doubts(partial)).singleElement().asString().contains("not applied");
        assertThat(InputNormalization.doubts(emd(stats("[0, 0, 0]", "[1, 1, 1]")))).isEmpty();
    }
}
