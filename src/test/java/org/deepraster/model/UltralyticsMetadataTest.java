package org.deepraster.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The metadata_props of an Ultralytics export: str() of Python values. */
class UltralyticsMetadataTest {
    @Test
    void readsWhatTheExporterWrites() {
        UltralyticsMetadata m = UltralyticsMetadata.read(Map.of("author", "Ultralytics", "task", "obb", "stride", "32",
                "batch", "1", "imgsz", "[1024, 768]", "end2end", "False",
                "names", "{0: 'plane', 1: \"ship's boat\", 2: 'a\\'b', 10: 'large vehicle'}"));
        assertThat(m.task()).isEqualTo("obb");
        assertThat(m.imgsz()).containsExactly(1024, 768);
        assertThat(m.stride()).isEqualTo(32);
        assertThat(m.batch()).isEqualTo(1);
        assertThat(m.end2end()).isFalse();
        assertThat(m.names()).containsExactly(Map.entry(0, "plane"), Map.entry(1, "ship's boat"), Map.entry(2, "a'b"),
                Map.entry(10, "large vehicle"));
        assertThat(m.modelType()).isEqualTo(ModelType.OBJECT_DETECTION);
        assertThat(m.classes()).extracting(ClassInfo::value).containsExactly(0, 1, 2, 10);
    }

    @Test
    void yolov5ExportsCarryOnlyStrideAndNamesAndOtherFilesAreNotUltralytics() {
        UltralyticsMetadata m = UltralyticsMetadata.read(Map.of("stride", "32", "names", "{0: 'person'}"));
        assertThat(m.task()).isNull();
        assertThat(m.names()).containsExactly(Map.entry(0, "person"));
        assertThat(m.end2end()).isNull();
        assertThat(UltralyticsMetadata.read(Map.of("model_type", "\"Detector\"", "class_names", "{\"0\": \"a\"}"))).isNull();
        assertThat(UltralyticsMetadata.names("['a', 'b']")).containsExactly(Map.entry(0, "a"), Map.entry(1, "b"));
        assertThat(UltralyticsMetadata.names("not a dict")).isEmpty();
    }
}
