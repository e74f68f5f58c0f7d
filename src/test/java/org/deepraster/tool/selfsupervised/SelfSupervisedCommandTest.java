package org.deepraster.tool.selfsupervised;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.geom.AffineTransform;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deepraster.Main;
import org.deepraster.sample.RiverScene;
import org.deepraster.sample.RiverScenes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code deepraster self-supervised-classification}, the same from a job file, and bad input said plainly. */
class SelfSupervisedCommandTest {
    static final String MODEL = SelfSupervisedToolTest.MODEL;

    @TempDir
    static Path dir;
    static Path images;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @BeforeAll
    static void images() throws Exception {
        images = dir.resolve("images");
        RiverScenes.write(images, "c", 77, 1, 200, 160);
    }

    @Test
    void theCommandWritesTheOutputsAndRefusesToOverwriteUnasked() throws Exception {
        Path out = dir.resolve("cmd");
        Run r = run("self-supervised-classification", "--in_raster", images.toString(), "--in_model_definition", MODEL,
                "--out_folder", out.toString(), "--classifier", "RANDOM_FOREST", "--neighbourhood_features",
                "--max_samples_per_class", "500", "--confidence_threshold", "0.8");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("c01:").contains("pixel-weighted F1 CNN").contains("Overall pixel-weighted F1");
        assertThat(out.resolve("c01_classified.tif")).exists();
        assertThat(out.resolve("RF_c01.csv")).exists();
        assertThat(out.resolve("CNN_c01.csv")).exists();
        assertThat(out.resolve("scores.html")).exists();
        assertThat(new SelfSupervisedSpec().shownOutputs(SelfSupervisedParameters.of(java.util.List.of(images), MODEL, out)))
                .containsExactly(out.resolve("c01_tiles.tif"), out.resolve("c01_classified.tif"));
        Run again = run("self-supervised-classification", "--in_raster", images.toString(), "--in_model_definition", MODEL,
                "--out_folder", out.toString());
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err()).contains("already exists").contains("--overwrite").doesNotContain("Exception");
    }

    @Test
    void aJobFileRunsTheTool() throws Exception {
        Path out = dir.resolve("job-out");
        Path job = dir.resolve("job.json");
        Files.writeString(job, "{\"deepraster_job\": 1, \"tool\": \"self-supervised-classification\", \"parameters\": {"
                + "\"in_raster\": \"" + images.resolve("c01.tif").toString().replace("\\", "/") + "\", "
                + "\"in_model_definition\": \"" + MODEL + "\", \"out_folder\": \"" + out.toString().replace("\\", "/")
                + "\", \"max_samples_per_class\": 400, \"seed\": 3, \"return_probability_raster\": true}}");
        Run r = run("run", job.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(out.resolve("c01_classified.tif")).exists();
        assertThat(out.resolve("c01_probability.tif")).exists();
        assertThat(out.resolve("MLP_c01.csv")).exists();
    }

    @Test
    void aJpegWithALabelRasterIsClassifiedOnItsPixelGrid() throws Exception {
        Path photos = dir.resolve("photos");
        Files.createDirectories(photos);
        RiverScene.Pixels px = RiverScenes.scene(77, 1, 200, 160).render();
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(200, 160,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        int plane = 200 * 160;
        for (int i = 0; i < plane; i++) {
            img.setRGB(i % 200, i / 200, (px.rgb()[i] & 0xFF) << 16 | (px.rgb()[plane + i] & 0xFF) << 8
                    | (px.rgb()[2 * plane + i] & 0xFF));
        }
        javax.imageio.ImageIO.write(img, "jpg", photos.resolve("p01.jpg").toFile());
        RiverScenes.writeLabels(photos.resolve("SCLS_p01.tif"), px, new AffineTransform(1, 0, 0, -1, 0, 160));
        Path out = dir.resolve("photo-out");
        Run r = run("self-supervised-classification", "--in_raster", photos.toString(), "--in_model_definition", MODEL,
                "--out_folder", out.toString(), "--max_samples_per_class", "500");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("p01:").contains("pixel-weighted F1 CNN");
        try (var c = org.deepraster.raster.RasterFiles.open(out.resolve("p01_classified.tif"))) {
            assertThat(c.width()).isEqualTo(200);
            assertThat(c.height()).isEqualTo(160);
        }
        assertThat(out.resolve("MLP_p01.csv")).exists();
    }

    @Test
    void aModelThatIsNotATileClassifierIsRefused() {
        Run r = run("self-supervised-classification", "--in_raster", images.toString(), "--in_model_definition",
                "sample-models/landcover_classifier.dlpk", "--out_folder", dir.resolve("x1").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("is not a tile classifier").doesNotContain("Exception");
    }

    @Test
    void aTileSizeTheModelDoesNotTakeOrLargerThanTheImageIsRefused() throws Exception {
        Run r = run("self-supervised-classification", "--in_raster", images.toString(), "--in_model_definition", MODEL,
                "--out_folder", dir.resolve("x2").toString(), "--tile_size", "64");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("tile_size 64 does not fit the model").contains("--tile_size 50");
        Path small = dir.resolve("small");
        Files.createDirectories(small);
        int w = 40;
        int h = 30;
        RiverScene.Pixels px = new RiverScene.Pixels(w, h, new byte[3 * w * h], new byte[w * h]);
        RiverScenes.writeImage(small.resolve("tiny.tif"), px, new AffineTransform(0.05, 0, 0, -0.05, 500000, 5500000));
        Run s = run("self-supervised-classification", "--in_raster", small.resolve("tiny.tif").toString(),
                "--in_model_definition", MODEL, "--out_folder", dir.resolve("x3").toString());
        assertThat(s.code()).isEqualTo(2);
        assertThat(s.err()).contains("(40 x 30 px) is smaller than one tile of 50 x 50 px").doesNotContain("Exception");
    }

    @Test
    void aLabelRasterOfAnotherSizeIsRefused() throws Exception {
        Path other = dir.resolve("other");
        RiverScenes.write(other, "o", 5, 1, 200, 160);
        Path labels = dir.resolve("labels");
        RiverScenes.write(labels, "o", 5, 1, 180, 160); // SCLS_o01.tif of 180 x 160
        Run r = run("self-supervised-classification", "--in_raster", other.resolve("o01.tif").toString(),
                "--in_model_definition", MODEL, "--out_folder", dir.resolve("x4").toString(), "--label_folder",
                labels.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("is 180 x 160 px but its image").contains("200 x 160 px").doesNotContain("Exception");
    }
}
