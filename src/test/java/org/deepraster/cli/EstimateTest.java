package org.deepraster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deepraster.sample.SampleScene;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --estimate}: one line with time and peak heap from a calibration batch, nothing written to the outputs. */
class EstimateTest {
    @TempDir
    static Path dir;
    static SampleScene.Files3 scene;

    @BeforeAll
    static void scene() throws IOException {
        scene = org.deepraster.tool.ScenesAccess.generate(dir.resolve("scene"), 512);
    }

    @Test
    void classifyPixelsWithAndWithoutAugmentation() {
        Path out = dir.resolve("lc.tif");
        CommandRun plain = CommandRun.of("classify-pixels", "--in_raster", scene.scene().toString(),
                "--in_model_definition", "sample-models/landcover_classifier.dlpk", "--out_classified_raster", out.toString(),
                "--estimate");
        assertThat(plain.code()).as(plain.err()).isZero();
        // 512 px in 256 px tiles with the model's padding 32: 192 px cores, 3 x 3 tiles
        assertThat(plain.out()).startsWith("Estimate: about ").contains(", peak heap about ").contains(" for 9 tiles (")
                .doesNotContain("augmentation");
        CommandRun tta = CommandRun.of("classify-pixels", "--in_raster", scene.scene().toString(),
                "--in_model_definition", "sample-models/landcover_classifier.dlpk", "--out_classified_raster", out.toString(),
                "--arguments", "batch_size 8;test_time_augmentation True", "--estimate");
        assertThat(tta.code()).as(tta.err()).isZero();
        assertThat(tta.out()).contains("for 9 tiles").contains("; 8 test-time augmentation views a tile)");
        assertThat(Files.exists(out)).as("no output written").isFalse();
    }

    @Test
    void detectObjectsAndAToolWithoutAModel() {
        Path out = dir.resolve("det.gpkg");
        CommandRun det = CommandRun.of("detect-objects", "--in_raster", scene.scene().toString(),
                "--in_model_definition", "sample-models/tree_car_detector.dlpk", "--out_detected_objects", out.toString(),
                "--estimate");
        assertThat(det.code()).as(det.err()).isZero();
        assertThat(det.out()).startsWith("Estimate: about ").contains(" tiles (");
        assertThat(Files.exists(out)).isFalse();
        CommandRun nms = CommandRun.of("nms", "--in_featureclass", scene.groundTruth() + "|trees", "--out_featureclass",
                dir.resolve("n.gpkg").toString(), "--estimate");
        assertThat(nms.code()).isEqualTo(2);
        assertThat(nms.err()).contains("gives no estimate (it runs no model)");
    }
}
