package org.deepraster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deepraster.raster.RasterFiles;
import org.deepraster.raster.RasterSource;
import org.deepraster.sample.SampleScene;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code deepraster classify-pixels} end to end: exit codes, outputs, messages. */
class ClassifyPixelsCommandTest {
    @TempDir
    static Path dir;
    static SampleScene.Files3 scene;
    static final String MODEL = Path.of("sample-models", "landcover_classifier.dlpk").toString();

    @BeforeAll
    static void scene() throws IOException {
        scene = org.deepraster.tool.ScenesAccess.generate(dir.resolve("scene"), 512);
    }

    static CommandRun run(String... args) {
        return CommandRun.of(args);
    }

    @Test
    void classifiesTheSceneAndExitsZero() throws IOException {
        Path out = dir.resolve("lc.tif");
        CommandRun r = run("classify-pixels", "--in_raster", scene.scene().toString(), "--in-model-definition", MODEL,
                "--out_classified_raster", out.toString(), "--arguments", "batch_size 4;blend_tiles True",
                "--out-confidence-raster", dir.resolve("conf.tif").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Completed", "pixels classified", "Grass", "Output: " + out);
        assertThat(r.err()).contains("Classifying", "tiles", "(blended)");
        try (RasterSource s = RasterFiles.open(out)) {
            assertThat(s.width()).isEqualTo(512);
            assertThat(s.palette()).isPresent();
        }
        assertThat(Files.exists(dir.resolve("conf.tif"))).isTrue();
        assertThat(Files.readString(dir.resolve("lc.tif.aux.xml"))).contains("<F>Building</F>");

        CommandRun again = run("classify-pixels", "--in_raster", scene.scene().toString(), "--in_model_definition", MODEL,
                "--out_classified_raster", out.toString());
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err()).contains("already exists", "--overwrite");
    }

    @Test
    void polygonsAndSquaredFootprintsFromTheClassifiedRaster() throws IOException {
        Path gpkg = dir.resolve("lc_polygons.gpkg");
        CommandRun r = run("classify-pixels", "--in_raster", scene.scene().toString(), "--in_model_definition", MODEL,
                "--out_classified_raster", dir.resolve("lcp.tif").toString(), "--out_feature_class", gpkg.toString(),
                "--min_area", "2", "--simplify_tolerance", "0.3", "--regularize_classes", "Building");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Polygons: ", "footprints squared", "Output: " + gpkg);
        assertThat(Files.size(gpkg)).isPositive();
    }

    @Test
    void badInputExitsTwoWithAMessage() {
        CommandRun polygons = run("classify-pixels", "--in_raster", scene.scene().toString(), "--in_model_definition", MODEL,
                "--out_classified_raster", dir.resolve("p.tif").toString(), "--out_feature_class", dir.resolve("p.gpkg").toString(),
                "--regularize_classes", "Roofs");
        assertThat(polygons.code()).isEqualTo(2);
        assertThat(polygons.err()).contains("'Roofs'", "not a class of the model", "Building");
        assertThat(Files.exists(dir.resolve("p.tif"))).as("nothing written before the checks pass").isFalse();
        CommandRun orphan = run("classify-pixels", "--in_raster", scene.scene().toString(), "--in_model_definition", MODEL,
                "--out_classified_raster", dir.resolve("q.tif").toString(), "--min_area", "5");
        assertThat(orphan.code()).isEqualTo(2);
        assertThat(orphan.err()).contains("need --out_feature_class");
        CommandRun badArg = run("classify-pixels", "--in_raster", scene.scene().toString(), "--in_model_definition", MODEL,
                "--out_classified_raster", dir.resolve("r.tif").toString(), "--arguments", "blend 1");
        assertThat(badArg.code()).isEqualTo(2);
        assertThat(badArg.err()).contains("Unknown model argument", "blend_tiles");
    }
}
