package org.deepraster.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.deepraster.util.UserException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelDefinitionsTest {
    @TempDir
    Path dir;

    private Path withModel() throws IOException {
        Files.copy(Fixtures.onnx("seg_softmax"), dir.resolve("model.onnx"));
        return dir;
    }

    @Test
    void readsEveryKeyOfAFullEmd() throws IOException {
        withModel();
        Path emd = Fixtures.write(dir, "full.emd", """
                {
                  "Framework": "ONNX",
                  "ModelConfiguration": {"Name": "UnetClassifier", "Architecture": ".\\\\arch", "Config": "cfg"},
                  "ModelFile": ".\\\\model.onnx",
                  "ModelType": "ImageClassification",
                  "InferenceFunction": "Unet.py",
                  "ImageHeight": 32, "ImageWidth": 32,
                  "ExtractBands": [2, 1, 0],
                  "DataRange": [0, 1],
                  "Classes": [{"Value": 0, "Name": "bg", "Color": [0, 0, 0]},
                              {"Value": 1, "Name": "water", "Color": [0, 0, 255]},
                              {"Value": 2, "Name": "road", "Color": [128, 128, 128]}],
                  "BatchSize": 2, "ModelPadding": 4, "ModelName": "Water", "Version": "2024.1",
                  "ModelParameters": {"backbone": "resnet34"},
                  "CropSizeFixed": 1, "BlackenAroundFeature": 0, "ImageSpaceUsed": "PIXEL_SPACE",
                  "IsMultispectral": true,
                  "NormalizationStats": {"band_min_values": [0, 0, 0], "band_max_values": [255, 255, 255]},
                  "ModelFormat": "NCHW",
                  "MinCellSize": {"x": 0.5, "y": 0.5, "spatialReference": {"wkid": 2056}},
                  "MaxCellSize": {"x": 1, "y": 1},
                  "SupportsVariableTileSize": true,
                  "MetaDataMode": "Classified_Tiles",
                  "ModelArguments": [{"name": "min_area", "dataType": "numeric", "value": "10", "required": false,
                                      "displayName": "Minimum area", "description": "m2", "domain": {"range": [0, 1000]}}],
                  "LearningRate": "0.004",
                  "accuracy": 0.91,
                  "Zeta": null
                }
                """);
        ModelDefinition d = ModelDefinitions.load(emd.toString());
        assertThat(d.source().kind()).isEqualTo(ModelSource.Kind.EMD);
        assertThat(d.isOnnx()).isTrue();
        assertThat(d.modelConfiguration()).isEqualTo(new ModelConfiguration("UnetClassifier", ".\\arch", "cfg"));
        assertThat(d.modelFile()).isEqualTo(dir.resolve("model.onnx").toAbsolutePath().normalize());
        assertThat(d.modelType()).isEqualTo(ModelType.IMAGE_CLASSIFICATION);
        assertThat(d.inferenceFunction()).isEqualTo("Unet.py");
        assertThat(d.imageHeight()).isEqualTo(32);
        assertThat(d.extractBands().indexes()).containsExactly(2, 1, 0);
        assertThat(d.dataRange()).isEqualTo(new DataRange(0, 1));
        assertThat(d.classes()).extracting(ClassInfo::name).containsExactly("bg", "water", "road");
        assertThat(d.classes().get(1).hexColor()).isEqualTo("#0000ff");
        assertThat(d.batchSize()).isEqualTo(2);
        assertThat(d.modelPadding()).isEqualTo(4);
        assertThat(d.modelName()).isEqualTo("Water");
        assertThat(d.version()).isEqualTo("2024.1");
        assertThat(d.modelParameters()).containsEntry("backbone", "resnet34");
        assertThat(d.cropSizeFixed()).isTrue();
        assertThat(d.blackenAroundFeature()).isFalse();
        assertThat(d.imageSpaceUsed()).isEqualTo("PIXEL_SPACE");
        assertThat(d.isMultispectral()).isTrue();
        assertThat(d.normalizationStats()).containsKey("band_max_values");
        assertThat(d.modelFormat()).isEqualTo(ModelFormat.NCHW);
        assertThat(d.minCellSize()).isEqualTo(new CellSize(0.5, 0.5, 2056));
        assertThat(d.maxCellSize()).isEqualTo(new CellSize(1, 1, null));
        assertThat(d.supportsVariableTileSize()).isTrue();
        assertThat(d.metaDataMode()).isEqualTo("Classified_Tiles");
        assertThat(d.modelArguments()).singleElement().satisfies(a -> {
            assertThat(a.name()).isEqualTo("min_area");
            assertThat(a.value()).isEqualTo("10");
        });
        assertThat(d.extras().keySet()).containsExactly("LearningRate", "accuracy", "Zeta");
        assertThat(d.warnings()).anyMatch(w -> w.contains("never executes Python"));
    }

    @Test
    void toleratesBomCommentsTrailingCommasNullsAndWindowsPaths() throws IOException {
        withModel();
        Path emd = Fixtures.write(dir, "noisy.emd", "\uFEFF{\n // a comment\n \"Framework\": \"onnx\",\n"
                + " \"ModelFile\": \".\\\\model.onnx\", # yaml comment\n \"ModelType\": \"ObjectClassification\",\n"
                + " \"ImageHeight\": 32, \"resize_to\": null, \"Classes\": [{\"Value\": 1, \"Name\": \"a\",},],\n}");
        ModelDefinition d = ModelDefinitions.load(emd.toString());
        assertThat(d.modelType()).isEqualTo(ModelType.OBJECT_CLASSIFICATION);
        assertThat(d.imageWidth()).as("ImageWidth defaults to ImageHeight").isEqualTo(32);
        assertThat(d.classes()).singleElement().extracting(ClassInfo::name).isEqualTo("a");
        assertThat(d.extras()).containsKey("resize_to");
        assertThat(d.warnings()).isEmpty();
    }

    @Test
    void repairsTypographicQuotesWithAWarning() throws IOException {
        withModel();
        Path emd = Fixtures.write(dir, "smart.emd", "{\u201CFramework\u201D: \u201CONNX\u201D, \u201CModelFile\u201D: \u201Cmodel.onnx\u201D,"
                + " \u201CModelType\u201D: \u201CObjectDetection\u201D, \u201CImageSpaceUsed\u201D: \u201CMAP_SPACE\u201D}");
        ModelDefinition d = ModelDefinitions.load(emd.toString());
        assertThat(d.imageSpaceUsed()).isEqualTo("MAP_SPACE");
        assertThat(d.warnings()).anyMatch(w -> w.contains("typographic quotes"));
    }

    @Test
    void readsAJsonStringWithAbsoluteModelFile() {
        ModelDefinition d = ModelDefinitions.load(Fixtures.json("seg_softmax", "ImageClassification",
                "\"Classes\": [{\"Value\": 0, \"Name\": \"a\"}, {\"Value\": 1, \"Name\": \"b\"}, {\"Value\": 2, \"Name\": \"c\"}]"));
        assertThat(d.source().kind()).isEqualTo(ModelSource.Kind.JSON_STRING);
        assertThat(d.modelFile()).isEqualTo(Fixtures.onnx("seg_softmax").toAbsolutePath().normalize());
        assertThat(d.classes()).hasSize(3);
        assertThat(d.classes().get(2).rgb()).as("palette colour when none given").isNotZero();
    }

    @Test
    void jsonStringModelFileIsRelativeToTheWorkingFolder() {
        Path rel = Path.of("").toAbsolutePath().relativize(Fixtures.onnx("seg_softmax").toAbsolutePath());
        ModelDefinition d = ModelDefinitions.load("{\"Framework\":\"ONNX\",\"ModelFile\":\"" + rel.toString().replace("\\", "/")
                + "\",\"ModelType\":\"ImageClassification\"}");
        assertThat(d.modelFile()).isEqualTo(Fixtures.onnx("seg_softmax").toAbsolutePath().normalize());
    }

    @Test
    void otherFrameworksFailWithAnExportHint() throws IOException {
        Path emd = Fixtures.write(dir, "pt.emd", "{\"Framework\": \"PyTorch\", \"ModelFile\": \"m.pth\", \"ModelType\": \"ObjectDetection\"}");
        assertThatThrownBy(() -> ModelDefinitions.load(emd.toString()))
                .isInstanceOf(UserException.class)
                .hasMessageContaining("pt.emd").hasMessageContaining("\"Framework\"").hasMessageContaining("PyTorch")
                .hasMessageContaining("expected \"ONNX\"")
                .satisfies(e -> assertThat(((UserException) e).hint()).contains("torch.onnx.export"));
        Path tf = Fixtures.write(dir, "tf.emd", "{\"Framework\": \"TensorFlow\", \"ModelFile\": \"m.pb\", \"ModelType\": \"ObjectDetection\"}");
        assertThatThrownBy(() -> ModelDefinitions.load(tf.toString()))
                .satisfies(e -> assertThat(((UserException) e).hint()).contains("tf2onnx"));
    }

    @Test
    void validationErrorsNameFileKeyFoundAndExpected() throws IOException {
        withModel();
        Path emd = Fixtures.write(dir, "bad.emd", "{\"Framework\": \"ONNX\", \"ModelFile\": \"model.onnx\", \"ModelType\": \"Segmentation\","
                + " \"ImageHeight\": \"big\", \"ExtractBands\": [0, -1], \"ModelFormat\": \"CHW\", \"Classes\": [{\"Value\": 1, \"Color\": [300, 0, 0]}]}");
        assertThatThrownBy(() -> ModelDefinitions.load(emd.toString()))
                .isInstanceOf(UserException.class)
                .hasMessageContaining("5 problems")
                .hasMessageContaining("bad.emd: key \"ModelType\": found \"Segmentation\", expected one of ObjectClassification")
                .hasMessageContaining("key \"ImageHeight\": found \"big\", expected a whole number of pixels from 1 to 16384")
                .hasMessageContaining("key \"ExtractBands\"")
                .hasMessageContaining("key \"ModelFormat\": found \"CHW\", expected one of NCHW, NHWC")
                .hasMessageContaining("key \"Classes[0].Color\": found [300,0,0], expected [r, g, b] with values 0..255");
    }

    @Test
    void missingModelFileAndBadJsonAreClear() throws IOException {
        Path emd = Fixtures.write(dir, "nofile.emd", "{\"Framework\": \"ONNX\", \"ModelFile\": \"gone.onnx\", \"ModelType\": \"ObjectDetection\"}");
        assertThatThrownBy(() -> ModelDefinitions.load(emd.toString()))
                .hasMessageContaining("\"ModelFile\": found \"gone.onnx\", but there is no file at " + dir.resolve("gone.onnx"));
        Path broken = Fixtures.write(dir, "broken.emd", "{\"Framework\": \"ONNX\",\n \"ModelFile\" \"x\"}");
        assertThatThrownBy(() -> ModelDefinitions.load(broken.toString()))
                .hasMessageContaining("broken.emd: not valid JSON at line 2");
        assertThatThrownBy(() -> ModelDefinitions.load(dir.resolve("absent.emd").toString()))
                .hasMessageContaining("Model definition not found");
        Path arr = Fixtures.write(dir, "array.emd", "[1, 2]");
        assertThatThrownBy(() -> ModelDefinitions.load(arr.toString())).hasMessageContaining("must be a JSON object");
    }

    @Test
    void lenientModeDescribesWhatStrictModeRefuses() throws IOException {
        Path emd = Fixtures.write(dir, "k.emd", "{\"Framework\": \"Keras\", \"ModelConfiguration\": {\"Name\": \"MaskRCNN\"},"
                + " \"ModelFile\": \".\\\\m.h5\", \"ModelType\": \"ObjectDetection\", \"ExtractBands\": [\"red\", \"green\", \"nir\"]}");
        ModelDefinition d = ModelDefinitions.load(emd.toString(), ModelDefinitions.Options.inspect());
        assertThat(d.framework()).isEqualTo("Keras");
        assertThat(d.modelConfiguration().name()).isEqualTo("MaskRCNN");
        assertThat(d.extractBands().names()).containsExactly("red", "green", "nir");
        assertThat(d.warnings()).anyMatch(w -> w.contains("\"Framework\": found \"Keras\""))
                .anyMatch(w -> w.contains("\"ModelFile\""));
    }

    @Test
    void missingFrameworkWithPythonFunctionIsExplained() throws IOException {
        Path emd = Fixtures.write(dir, "sam.emd", "{\"ModelType\": \"ObjectDetection\", \"InferenceFunction\": \"TextSAM.py\"}");
        assertThatThrownBy(() -> ModelDefinitions.load(emd.toString()))
                .hasMessageContaining("TextSAM.py").hasMessageContaining("never executes");
    }

    /** The real sample .emd files (shared/data/emd): each parses; non-ONNX ones get the framework error. */
    @Test
    void realSampleEmdFiles() throws IOException {
        Path root = Path.of("..", "shared", "data", "emd");
        if (!Files.isDirectory(root)) {
            root = Path.of("..", "..", "shared", "data", "emd"); // from a worktree under /work/wt
        }
        Assumptions.assumeTrue(Files.isDirectory(root), "shared sample .emd files not present");
        List<Path> emds;
        try (Stream<Path> s = Files.walk(root)) {
            emds = s.filter(p -> p.toString().endsWith(".emd")).toList();
        }
        assertThat(emds).isNotEmpty();
        for (Path p : emds) {
            ModelDefinition d = ModelDefinitions.load(p.toString(), ModelDefinitions.Options.inspect());
            assertThat(d.modelType()).as(p.toString()).isNotNull();
            assertThat(d.classes()).as(p.toString()).isNotEmpty();
            assertThat(d.imageHeight()).as(p.toString()).isNotNull();
            assertThatThrownBy(() -> ModelDefinitions.load(p.toString()))
                    .as(p.toString()).isInstanceOf(UserException.class)
                    .hasMessageContaining("\"Framework\"");
        }
    }
}
