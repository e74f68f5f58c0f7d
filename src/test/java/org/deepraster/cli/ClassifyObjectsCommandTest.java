package org.deepraster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.deepraster.feature.Feature;
import org.deepraster.feature.FeatureCollection;
import org.deepraster.feature.VectorFiles;
import org.deepraster.sample.SampleScene;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code deepraster classify-objects} end to end: exit codes, output fields, messages. */
class ClassifyObjectsCommandTest {
    @TempDir
    static Path dir;
    static SampleScene.Files3 scene;
    static final String MODEL = Path.of("sample-models", "building_damage_classifier.dlpk").toString();

    @BeforeAll
    static void scene() throws IOException {
        scene = org.deepraster.tool.ScenesAccess.generate(dir.resolve("scene"), 1024);
    }

    static CommandRun run(String... args) {
        return CommandRun.of(args);
    }

    @Test
    void classifiesTheSceneAndExitsZero() throws IOException {
        Path out = dir.resolve("cli.gpkg");
        CommandRun r = run("classify-objects", "--in_raster", scene.scene().toString(), "--in-model-definition", MODEL,
                "--in_features", scene.groundTruth() + "|buildings", "--out_feature_class", out.toString(),
                "--class_label_field", "Predicted", "--model_arguments", "batch_size 8;score_threshold 0",
                "--parallel_processing_factor", "2");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Completed", "damaged", "Output: " + out);
        assertThat(r.err()).contains("Classifying", "/s");
        FeatureCollection c = VectorFiles.open(out).get(0);
        assertThat(c.schema().fields()).extracting(f -> f.name()).contains("damage", "SourceOID", "Predicted", "Class", "Confidence");
        assertThat(c.features()).isNotEmpty().allSatisfy(f -> assertThat(f.get("Predicted")).isIn("damaged", "undamaged"));

        CommandRun again = run("classify-objects", "--in_raster", scene.scene().toString(), "--in_model_definition", MODEL,
                "--in_features", scene.groundTruth().toString(), "--layer", "buildings", "--out_feature_class", out.toString());
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err()).contains("already exists", "--overwrite");

        CommandRun resumed = run("classify-objects", "--in_raster", scene.scene().toString(), "--in_model_definition", MODEL,
                "--in_features", scene.groundTruth() + "|buildings", "--out_feature_class", out.toString(),
                "--class_label_field", "Predicted", "--resume");
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("done by an earlier run");
        assertThat(VectorFiles.open(out).get(0).features()).hasSameSizeAs(c.features());
    }

    @Test
    void extentInAnotherCrsAndCsvOutput() throws IOException {
        Path out = dir.resolve("west.csv");
        // the scene's envelope in WGS 84, a little larger: every object
        org.locationtech.jts.geom.Envelope wgs;
        try (org.deepraster.raster.RasterSource s = org.deepraster.raster.RasterFiles.open(scene.scene())) {
            wgs = org.deepraster.geo.Reprojector.between(s.grid().crs(), org.deepraster.geo.Reprojector.wgs84())
                    .transform(s.grid().envelope());
        }
        wgs.expandBy(0.001);
        CommandRun r = run("classify-objects", "--in-raster", scene.scene().toString(), "--in-model-definition", MODEL,
                "--in-features", scene.groundTruth() + "|buildings", "--out-feature-class", out.toString(),
                "--processing-extent", wgs.getMinX() + " " + wgs.getMinY() + " " + wgs.getMaxX() + " " + wgs.getMaxY() + " 4326");
        assertThat(r.code()).as(r.err()).isZero();
        List<Feature> rows = VectorFiles.open(scene.groundTruth()).stream()
                .filter(x -> x.schema().name().equals("buildings")).findFirst().orElseThrow().features();
        assertThat(java.nio.file.Files.readAllLines(out)).hasSize(rows.size() + 1);
    }

    @Test
    void badInputExitsTwoWithAMessage() {
        CommandRun bands = run("classify-objects", "--in_raster", scene.landCover().toString(), "--in_model_definition", MODEL,
                "--in_features", scene.groundTruth() + "|buildings", "--out_feature_class", dir.resolve("x.gpkg").toString());
        assertThat(bands.code()).isEqualTo(2);
        assertThat(bands.err()).contains("has 1 band");
        CommandRun extent = run("classify-objects", "--in_raster", scene.scene().toString(), "--in_model_definition", MODEL,
                "--out_feature_class", dir.resolve("y.gpkg").toString(), "--processing_extent", "1 2 3");
        assertThat(extent.code()).isEqualTo(2);
        assertThat(extent.err()).contains("xmin ymin xmax ymax");
        CommandRun args = run("classify-objects", "--in_raster", scene.scene().toString(), "--in_model_definition", MODEL,
                "--out_feature_class", dir.resolve("z.gpkg").toString(), "--model_arguments", "padding 4");
        assertThat(args.code()).isEqualTo(2);
        assertThat(args.err()).contains("Unknown model argument \"padding\"");
    }

    @Test
    void helpListsTheArcGisNames() {
        CommandRun r = run("classify-objects", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("--in_raster", "--in-raster", "--in_model_definition", "--out_feature_class",
                "--model_arguments", "--processing_extent", "--processor_type", "--resume", "130");
    }
}
