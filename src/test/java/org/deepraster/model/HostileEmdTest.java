package org.deepraster.model;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deepraster.util.UserException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** .emd values that used to crash or pass unchecked are refused with the key named (issue 21, point 3). */
class HostileEmdTest {
    @TempDir
    Path dir;

    private String emd(String extra) throws IOException {
        Files.copy(org.deepraster.model.Fixtures.onnx("seg_softmax"), dir.resolve("model.onnx"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path p = Fixtures.write(dir, "m.emd", "{\"Framework\": \"ONNX\", \"ModelFile\": \"model.onnx\","
                + " \"ModelType\": \"ImageClassification\", " + extra + "}");
        return p.toString();
    }

    @Test
    void aBandIndexBeyondAnyIntegerIsABandError() throws IOException {
        for (String bands : new String[] {"[\"99999999999\"]", "[99999999999]", "[0, 70000]"}) {
            String m = emd("\"ImageHeight\": 32, \"ImageWidth\": 32, \"ExtractBands\": " + bands);
            assertThatThrownBy(() -> ModelDefinitions.load(m)).isInstanceOf(UserException.class)
                    .hasMessageContaining("ExtractBands").hasMessageContaining("band indexes from 0 to 65534");
        }
    }

    @Test
    void batchSizeAndChipSizeAreRangeCheckedLikeTheCommandLine() throws IOException {
        String batch = emd("\"ImageHeight\": 32, \"ImageWidth\": 32, \"BatchSize\": 1e9");
        assertThatThrownBy(() -> ModelDefinitions.load(batch)).isInstanceOf(UserException.class)
                .hasMessageContaining("BatchSize").hasMessageContaining("from 1 to 1024");
        String chip = emd("\"ImageHeight\": 2147483647, \"ImageWidth\": 2147483647");
        assertThatThrownBy(() -> ModelDefinitions.load(chip)).isInstanceOf(UserException.class)
                .hasMessageContaining("from 1 to 16384");
    }
}
