package org.deepraster.toolbox.form;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.deepraster.model.Fixtures;
import org.deepraster.model.ModelDefinitions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading for the picker: runnable models, refusals with their reason, and what is still described. */
class LoadedModelTest {

    @TempDir
    Path dir;

    static final ModelDefinitions.Options STRICT = ModelDefinitions.Options.strict();

    @Test
    void aValidEmdIsRunnableAndDescribed() throws Exception {
        Files.copy(Fixtures.onnx("detector_yolov5"), dir.resolve("model.onnx"));
        Path emd = Fixtures.write(dir, "cars.emd", "{\"Framework\": \"ONNX\", \"ModelFile\": \"model.onnx\","
                + " \"ModelType\": \"ObjectDetection\", \"ImageHeight\": 32, \"ImageWidth\": 32, \"ExtractBands\": [0,1,2],"
                + " \"Classes\": [{\"Value\": 1, \"Name\": \"car\", \"Color\": [255,0,0]}, {\"Value\": 2, \"Name\": \"tree\", \"Color\": [0,160,0]}]}");
        LoadedModel m = LoadedModel.load(emd.toString(), STRICT);
        assertThat(m.runnable()).as(m.refusal()).isTrue();
        assertThat(m.description().classes()).extracting(c -> c.name()).containsExactly("car", "tree");
        assertThat(m.arguments()).extracting(a -> a.name()).contains("padding", "threshold", "nms_overlap");
    }

    @Test
    void aPyTorchEmdIsRefusedWithTheFrameworkMessageButStillDescribed() {
        Path emd = Fixtures.write(dir, "torch.emd", "{\"Framework\": \"PyTorch\", \"ModelFile\": \"model.pth\","
                + " \"ModelType\": \"ObjectDetection\", \"ModelConfiguration\": \"FasterRCNN\", \"ImageHeight\": 256, \"ImageWidth\": 256,"
                + " \"Classes\": [{\"Value\": 1, \"Name\": \"pool\", \"Color\": [0,0,255]}]}");
        LoadedModel m = LoadedModel.load(emd.toString(), STRICT);
        assertThat(m.runnable()).isFalse();
        assertThat(m.refusal()).contains("found \"PyTorch\", expected \"ONNX\"").contains("ONNX models only")
                .contains("\"Framework\": \"ONNX\"");
        assertThat(m.description()).as("inspect mode still reads it").isNotNull();
        assertThat(m.description().classes()).extracting(c -> c.name()).containsExactly("pool");
        assertThat(m.description().properties()).containsEntry("Framework", "PyTorch");
    }

    @Test
    void aModelFailingTheOnnxCheckIsRefusedWithTheCheckErrors() {
        String json = Fixtures.json("classifier_logits", "ObjectClassification", "").replace("\"ImageHeight\": 32", "\"ImageHeight\": 64");
        LoadedModel m = LoadedModel.load(json, STRICT);
        assertThat(m.runnable()).isFalse();
        assertThat(m.refusal()).contains("does not match its definition").contains("64 x 32").contains("Fix the .emd keys");
        assertThat(m.description().check().ok()).isFalse();
    }

    @Test
    void textThatIsNoModelIsRefusedWithNothingToDescribe() {
        LoadedModel m = LoadedModel.load(dir.resolve("nothing.emd").toString(), STRICT);
        assertThat(m.runnable()).isFalse();
        assertThat(m.refusal()).contains("not found");
        assertThat(m.description()).isNull();
        assertThat(m.arguments()).isEmpty();
    }
}
