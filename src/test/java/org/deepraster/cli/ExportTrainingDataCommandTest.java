package org.deepraster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.deepraster.sample.SampleScene;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code export-training-data} on the sample scene: layouts, summary, exit codes, --overwrite. */
class ExportTrainingDataCommandTest {
    @TempDir
    static Path dir;
    static SampleScene.Files3 scene;

    @BeforeAll
    static void scene() throws IOException {
        scene = org.deepraster.tool.ScenesAccess.generate(dir.resolve("scene"), 768);
    }

    static CommandRun run(String... args) {
        return CommandRun.of(args);
    }

    @Test
    void exportsTreesAndCarsAsPascalVocAndRefusesAFullFolder() throws IOException {
        Path out = dir.resolve("voc");
        String[] args = {"export-training-data", "--in_raster", scene.scene().toString(), "--out-folder", out.toString(),
            "--in_class_data", scene.groundTruth() + "|trees", "--in-class-data", scene.groundTruth() + "|cars",
            "--class_value_field", "class", "--metadata_format", "PASCAL_VOC_rectangles", "--tile_size_x", "128",
            "--tile-size-y", "128", "--stride_x", "128", "--stride_y", "128"};
        CommandRun r = run(args);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("chips written").contains("car:").contains("tree:");
        for (String f : List.of("map.txt", "esri_model_definition.emd", "esri_accumulated_stats.json", "stats.txt")) {
            assertThat(out.resolve(f)).exists();
        }
        assertThat(Files.readString(out.resolve("esri_model_definition.emd"))).contains("\"Name\" : \"car\"");
        CommandRun again = run(args);
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err()).contains("not empty");
        String[] withOverwrite = java.util.Arrays.copyOf(args, args.length + 1);
        withOverwrite[args.length] = "--overwrite";
        assertThat(run(withOverwrite).code()).isZero();
    }

    @Test
    void landCoverRasterGivesClassifiedTilesAndBadValuesExitTwo() {
        Path out = dir.resolve("ct");
        CommandRun r = run("export-training-data", "--in_raster", scene.scene().toString(), "--out_folder", out.toString(),
                "--in_class_data", scene.landCover().toString(), "--metadata_format", "Classified_Tiles",
                "--image_chip_format", "PNG", "--stride_x", "256", "--stride_y", "256");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(out.resolve("labels").resolve("000000000.png")).exists();
        assertThat(run("export-training-data", "--in_raster", scene.scene().toString(), "--out_folder",
                dir.resolve("x").toString(), "--metadata_format", "NOPE").code()).isEqualTo(2);
    }
}
