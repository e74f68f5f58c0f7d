package org.deepraster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deepraster.sample.SampleScene;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deepraster accuracy-assessment} end to end on a generated scene: the sample models run
 * through classify-objects and detect-objects, then their outputs are assessed against the scene's
 * ground truth; the land-cover raster against itself; exit codes for bad input.
 */
class AccuracyAssessmentCommandTest {
    @TempDir
    static Path dir;
    static SampleScene.Files3 scene;

    @BeforeAll
    static void scene() throws IOException {
        scene = org.deepraster.tool.ScenesAccess.generate(dir.resolve("scene"), 1024);
    }

    static CommandRun run(String... args) {
        return CommandRun.of(args);
    }

    static JsonNode metrics(Path folder) throws IOException {
        return new ObjectMapper().readTree(folder.resolve("metrics.json").toFile());
    }

    @Test
    void assessesTheDamageClassifierAgainstTheGroundTruth() throws IOException {
        Path classified = dir.resolve("classified.gpkg");
        CommandRun c = run("classify-objects", "--in_raster", scene.scene().toString(), "--in_model_definition",
                "sample-models/building_damage_classifier.dlpk", "--in_features", scene.groundTruth() + "|buildings",
                "--out_feature_class", classified.toString(), "--model_arguments", "batch_size 8");
        assertThat(c.code()).as(c.err()).isZero();
        Path report = dir.resolve("objects-report");
        CommandRun r = run("accuracy-assessment", "--in_results", classified.toString(), "--in_ground_truth",
                scene.groundTruth() + "|buildings", "--ground_truth_class_field", "damage", "--out_folder", report.toString(),
                "--in_model_definition", "sample-models/building_damage_classifier.dlpk");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Classified objects", "Overall accuracy", "damaged", "undamaged",
                "Report: " + report.resolve("report.html").toAbsolutePath());
        JsonNode m = metrics(report);
        assertThat(m.path("mode").asText()).isEqualTo("OBJECTS");
        // every footprint was classified and is matched by SourceOID
        assertThat(m.path("summary").path("unmatched_ground_truth").asLong()).isZero();
        assertThat(m.path("summary").path("compared").asLong()).isEqualTo(m.path("summary").path("ground_truth").asLong());
        // the sample model's accuracy on unseen scenes is about 0.97 (sample-models/README.md)
        assertThat(m.path("summary").path("overall_accuracy").asDouble()).isGreaterThan(0.85);
        for (String f : new String[] {"report.html", "confusion_matrix.png", "per_class.png", "per_class.csv",
            "confusion_matrix.csv"}) {
            assertThat(Files.size(report.resolve(f))).as(f).isPositive();
        }

        // matched by geometry instead: the same pairs (the results are the footprints themselves)
        Path geo = dir.resolve("objects-geometry");
        CommandRun g = run("accuracy-assessment", "--in_results", classified.toString(), "--in_ground_truth",
                scene.groundTruth() + "|buildings", "--ground_truth_class_field", "damage", "--out_folder", geo.toString(),
                "--matching", "GEOMETRY");
        assertThat(g.code()).as(g.err()).isZero();
        assertThat(metrics(geo).path("summary").path("overall_accuracy").asDouble())
                .isEqualTo(m.path("summary").path("overall_accuracy").asDouble());

        // the same folder again: exit 2 with a hint, then --overwrite works
        CommandRun again = run("accuracy-assessment", "--in_results", classified.toString(), "--in_ground_truth",
                scene.groundTruth() + "|buildings", "--ground_truth_class_field", "damage", "--out_folder", report.toString());
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err()).contains("already holds a report", "--overwrite");
        assertThat(run("accuracy-assessment", "--in_results", classified.toString(), "--in_ground_truth",
                scene.groundTruth() + "|buildings", "--ground_truth_class_field", "damage", "--out_folder", report.toString(),
                "--overwrite").code()).isZero();
    }

    @Test
    void assessesTheDetectorAgainstTreesAndCars() throws IOException {
        Path detections = dir.resolve("detections.gpkg");
        CommandRun d = run("detect-objects", "--in_raster", scene.scene().toString(), "--in_model_definition",
                "sample-models/tree_car_detector.dlpk", "--out_detected_objects", detections.toString(), "--run_nms", "NMS",
                "--max_overlap_ratio", "0.3");
        assertThat(d.code()).as(d.err()).isZero();
        Path report = dir.resolve("detections-report");
        CommandRun r = run("accuracy-assessment", "--in_results", detections.toString(), "--in_ground_truth",
                scene.groundTruth() + "|trees;" + scene.groundTruth() + "|cars", "--iou_threshold", "0.5",
                "--out_folder", report.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Detected objects", "mAP", "tree", "car");
        JsonNode m = metrics(report);
        assertThat(m.path("mode").asText()).isEqualTo("DETECTIONS");
        // the detector finds about 99 % of trees and cars at IoU 0.5 (sample-models/README.md)
        assertThat(m.path("summary").path("map").asDouble()).isGreaterThan(0.8);
        assertThat(m.path("summary").path("recall").asDouble()).isGreaterThan(0.85);
        assertThat(m.path("classes")).hasSize(2);
        assertThat(Files.size(report.resolve("pr_curves.png"))).isPositive();
    }

    @Test
    void assessesPixelsRasterAgainstRaster() throws IOException {
        Path report = dir.resolve("pixels-report");
        CommandRun r = run("accuracy-assessment", "--in_results", scene.landCover().toString(), "--in_ground_truth",
                scene.landCover().toString(), "--out_folder", report.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Classified pixels", "Pixel accuracy", "1.000");
        JsonNode m = metrics(report);
        assertThat(m.path("summary").path("pixel_accuracy").asDouble()).isEqualTo(1.0);
        assertThat(m.path("summary").path("compared").asLong() + m.path("summary").path("excluded").asLong())
                .isEqualTo(1024L * 1024);
    }

    @Test
    void badInputExitsWithTwoAndSaysWhatToDo() {
        CommandRun r = run("accuracy-assessment", "--in_results", scene.landCover().toString(), "--in_ground_truth",
                scene.groundTruth() + "|buildings", "--out_folder", dir.resolve("bad").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("the ground truth is not a raster");
        CommandRun m = run("accuracy-assessment", "--in_results", scene.groundTruth() + "|cars", "--in_ground_truth",
                scene.groundTruth() + "|trees", "--mode", "SOMETHING", "--out_folder", dir.resolve("bad").toString());
        assertThat(m.code()).isEqualTo(2);
        assertThat(m.err()).contains("--mode 'SOMETHING' is not one of");
    }
}
