package org.deepraster.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.deepraster.model.ModelArguments;
import org.deepraster.model.ModelDefinition;
import org.deepraster.model.ModelSignature;
import org.deepraster.model.ModelSource;
import org.deepraster.model.ModelType;
import org.deepraster.model.TensorSpec;
import org.deepraster.util.UserException;
import org.junit.jupiter.api.Test;

/** The end-to-end OBB and segmentation rows, and the recogniser on metadata the fixtures do not carry. */
class YoloDecodingTest {
    static ModelDefinition detector() {
        ModelDefinition.Builder b = new ModelDefinition.Builder();
        b.source = new ModelSource(ModelSource.Kind.JSON_STRING, null, null);
        b.modelType = ModelType.OBJECT_DETECTION;
        return b.build();
    }

    static ModelSignature sig(Map<String, String> meta, TensorSpec... outs) {
        return new ModelSignature(List.of(TensorSpec.of("images", "FLOAT", 1, 3, 32, 32)), List.of(outs), meta, "pytorch", "main_graph");
    }

    @Test
    void endToEndOrientedBoxes() {
        float[] rows = new float[2 * 7];
        System.arraycopy(new float[] {16, 16, 12, 4, 0.9f, 1, (float) (Math.PI / 2)}, 0, rows, 0, 7);
        List<Detection> d = YoloDecoding.obbEnd2end(OutputTensor.ofFloats("output0", rows, 1, 2, 7), 0, 0.5f);
        assertThat(d).singleElement().satisfies(x -> {
            assertThat(x.classIndex()).isEqualTo(1);
            assertThat((double) x.x0()).isCloseTo(14, within(1e-4)); // turned 90 degrees: 4 wide, 12 high
            assertThat((double) x.x1()).isCloseTo(18, within(1e-4));
            assertThat((double) x.y0()).isCloseTo(10, within(1e-4));
            assertThat((double) x.y1()).isCloseTo(22, within(1e-4));
            assertThat(x.angle()).isCloseTo(Math.PI / 2, within(1e-6));
        });
    }

    @Test
    void endToEndSegmentationMakesTheMaskOfEachRow() {
        int nm = 2;
        float[] rows = new float[2 * (6 + nm)];
        System.arraycopy(new float[] {8, 8, 24, 24, 0.7f, 0, 0, 1}, 0, rows, 0, 8); // mask = prototype 1
        float[] protos = new float[nm * 8 * 8];
        java.util.Arrays.fill(protos, -10);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                if (x >= 4) {
                    protos[64 + y * 8 + x] = 10; // right half of prototype 1
                }
            }
        }
        DetectionDecoder dec = new DetectionDecoder(DetectionDecoder.Layout.SEGMENT_END2END, "output0", null, null, 1,
                null, "output1", "test");
        InferenceOutputs outs = InferenceOutputs.of(1, 32, 32, OutputTensor.ofFloats("output0", rows, 1, 2, 6 + nm),
                OutputTensor.ofFloats("output1", protos, 1, nm, 8, 8));
        assertThat(dec.nmsFree()).isTrue();
        Detection d = dec.decode(outs, 0.5f, 0.1).get(0).get(0);
        InstanceMask m = d.mask();
        assertThat(m.count()).isEqualTo(8 * 16); // x 16..24 (the prototype's right half) within the box, y 8..24
        assertThat(m.on(16, 8)).isTrue();
        assertThat(m.on(15, 8)).isFalse();
    }

    @Test
    void metadataDecidesWhereShapesAloneCannot() {
        // [1, 300, 6] is an end-to-end head or YOLOv5 with one class: end2end True settles it
        TensorSpec o = TensorSpec.of("output0", "FLOAT", 1, 300, 6);
        Map<String, String> e2e = Map.of("author", "Ultralytics", "task", "detect", "end2end", "True", "names", "{0: 'a'}");
        assertThat(YoloLayouts.recognise(detector(), sig(e2e, o), ModelArguments.EMPTY).layout())
                .isEqualTo(DetectionDecoder.Layout.END2END);
        assertThatThrownBy(() -> YoloLayouts.recognise(detector(), sig(Map.of(), o), ModelArguments.EMPTY))
                .isInstanceOf(UserException.class).hasMessageContaining("end-to-end [N, 300, 6]")
                .hasMessageContaining("YOLOv5/v7 [N, K, 5+C] with C = 1");
        assertThat(YoloLayouts.recognise(detector(), sig(Map.of(), o), ModelArguments.parse("yolo_layout v5")).numClasses())
                .isEqualTo(1);
        // a pose head: keypoints (17 x 3) after the class score are not read as classes
        TensorSpec pose = TensorSpec.of("output0", "FLOAT", 1, 56, 8400);
        ModelDefinition.Builder b = detector().toBuilder();
        b.classes = new org.deepraster.model.UltralyticsMetadata("pose", Map.of(0, "person"), null, 32, 1, null, null).classes();
        YoloLayouts.Recognition r = YoloLayouts.recognise(b.build(), sig(Map.of("task", "pose", "names", "{0: 'person'}"), pose),
                ModelArguments.EMPTY);
        assertThat(r.layout()).isEqualTo(DetectionDecoder.Layout.ULTRALYTICS);
        assertThat(r.numClasses()).isEqualTo(1);
        assertThat(r.why()).contains("keypoints");
    }
}
