package org.deepraster.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class OnnxMetadataTest {
    @Test
    void deepnessSegmenterMapsOntoTheDefinition() {
        ModelDefinition d = ModelDefinitions.load(Fixtures.onnx("seg_deepness").toString());
        assertThat(d.source().kind()).isEqualTo(ModelSource.Kind.ONNX);
        assertThat(d.framework()).isEqualTo("ONNX");
        assertThat(d.modelType()).isEqualTo(ModelType.IMAGE_CLASSIFICATION);
        assertThat(d.classes()).extracting(ClassInfo::value, ClassInfo::name)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, "background"), org.assertj.core.groups.Tuple.tuple(1, "water"));
        assertThat(d.imageHeight()).isEqualTo(64);
        assertThat(d.batchSize()).as("fixed batch axis").isEqualTo(1);
        assertThat(d.extractBands().indexes()).containsExactly(0, 1, 2);
        DeepnessInfo x = d.deepness();
        assertThat(x.resolutionCm()).isEqualTo(50.0);
        assertThat(x.tilesOverlap()).isEqualTo(25.0);
        assertThat(x.mean()).containsExactly(0.0, 0.0, 0.0);
        assertThat(x.segThresh()).isEqualTo(0.6);
        assertThat(x.segSmallSegment()).isEqualTo(7);
        assertThat(d.onnxMetadata()).containsKey("class_names");

        List<ArgumentSpec> specs = ArgumentSpecs.forDefinition(d);
        assertThat(ArgumentSpecs.find(specs, "threshold").defaultValue()).isEqualTo(0.6);
        assertThat(ArgumentSpecs.find(specs, "padding").defaultValue()).as("25% of 64 shared by two tiles").isEqualTo(8);
        assertThat(ArgumentSpecs.find(specs, "batch_size").info().hidden()).isTrue();
    }

    @Test
    void deepnessDetectorDefaultsComeFromMetadata() {
        ModelDefinition d = ModelDefinitions.load(Fixtures.onnx("detector_ultralytics").toString());
        assertThat(d.modelType()).isEqualTo(ModelType.OBJECT_DETECTION);
        assertThat(d.deepness().detType()).isEqualTo("YOLO_Ultralytics");
        assertThat(d.classes()).extracting(ClassInfo::name).containsExactly("car", "tree");
        List<ArgumentSpec> specs = ArgumentSpecs.forDefinition(d);
        assertThat(ArgumentSpecs.find(specs, "threshold").defaultValue()).isEqualTo(0.3);
        assertThat(ArgumentSpecs.find(specs, "nms_overlap").defaultValue()).isEqualTo(0.45);
    }

    @Test
    void plainOnnxWithoutMetadataIsGuessedWithAWarning() {
        ModelDefinition d = ModelDefinitions.load(Fixtures.onnx("classifier_logits").toString());
        assertThat(d.modelType()).isEqualTo(ModelType.OBJECT_CLASSIFICATION);
        assertThat(d.warnings()).anyMatch(w -> w.contains("guessed ObjectClassification"));
        assertThat(d.supportsVariableTileSize()).isFalse();
        ModelDefinition nhwc = ModelDefinitions.load(Fixtures.onnx("classifier_nhwc").toString());
        assertThat(nhwc.modelFormat()).isEqualTo(ModelFormat.NHWC);
        assertThat(nhwc.imageHeight()).isEqualTo(32);
    }
}
