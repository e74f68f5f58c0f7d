package org.deepraster.tool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.deepraster.Main;
import org.deepraster.model.Fixtures;
import org.deepraster.raster.GeoTiffWriter;
import org.deepraster.raster.GeorefFixtures;
import org.deepraster.raster.RasterFiles;
import org.deepraster.raster.RasterSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Issue 21.2: each raster tool says on the terminal where the georeferencing came from when it was a fallback, or
 * that none could be read, and writes it in its output's metadata (GDAL_METADATA of a GeoTIFF, gpkg_contents'
 * description of a GeoPackage layer); an output of a world-file raster is georeferenced as the raster.
 */
class GeoreferencingOutputsTest {
    @TempDir
    Path dir;

    record Run(int exit, String err) {
    }

    private static Run run(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(new StringWriter()));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, err.toString());
    }

    private String model(String name, String onnx, String type, String extra) throws Exception {
        Path p = dir.resolve(name + ".emd");
        Files.writeString(p, Fixtures.json(onnx, type, extra));
        return p.toString();
    }

    private static String description(Path gpkg) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + gpkg);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT description FROM gpkg_contents WHERE data_type = 'features'")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    @Test
    void classifyPixelsSaysAWorldFileAndKeepsItsGeoreferencing() throws Exception {
        Path in = GeorefFixtures.plain(dir.resolve("scene.tif"));
        GeorefFixtures.worldFile(in, "scene.tfw");
        GeorefFixtures.prj(in);
        Path out = dir.resolve("classes.tif");
        Run r = run("classify-pixels", "--in_raster", in.toString(), "--in_model_definition",
                model("seg", "seg_conv", "ImageClassification", ""), "--out_classified_raster", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        String note = "Georeferencing read from the world file scene.tfw, its coordinate reference system from scene.prj.";
        assertThat(r.err()).contains("Warning: " + note);
        assertThat(GeoTiffWriter.readMetadata(out)).contains("<Item name=\"deepraster.georeferencing\">" + note + "</Item>");
        try (RasterSource o = RasterFiles.open(out)) {
            assertThat(o.grid().gridToCrs()).isEqualTo(GeorefFixtures.TRANSFORM);
            assertThat(o.grid().crs().getName().getCode()).contains("Gauss-Kruger zone 3");
        }
    }

    @Test
    void classifyPixelsWithoutGeoreferencingSaysItAndWritesIt() throws Exception {
        Path in = GeorefFixtures.plain(dir.resolve("plain.tif"));
        Path out = dir.resolve("plain-classes.tif");
        Path polygons = dir.resolve("plain-polygons.gpkg");
        Run r = run("classify-pixels", "--in_raster", in.toString(), "--in_model_definition",
                model("seg", "seg_conv", "ImageClassification", ""), "--out_classified_raster", out.toString(),
                "--out_feature_class", polygons.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("Warning: No georeferencing could be read from plain.tif (", "outputs will be in pixel coordinates.");
        assertThat(GeoTiffWriter.readMetadata(out)).contains("deepraster.georeferencing", "No georeferencing could be read from plain.tif");
        assertThat(description(polygons)).contains("No georeferencing could be read from plain.tif");
    }

    @Test
    void detectObjectsSaysLostGeoreferencingAndDescribesItsLayer() throws Exception {
        Path in = GeorefFixtures.damagedGeoKeys(dir.resolve("keys.tif"));
        Path out = dir.resolve("detections.gpkg");
        Run r = run("detect-objects", "--in_raster", in.toString(), "--in_model_definition",
                model("det", "detector_boxes_scores_labels", "ObjectDetection",
                        "\"Classes\": [{\"Value\": 0, \"Name\": \"car\"}, {\"Value\": 1, \"Name\": \"tree\"}]"),
                "--out_detected_objects", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("Warning: No coordinate reference system could be read from keys.tif (its GeoKey"
                + " directory is damaged");
        assertThat(description(out)).contains("No coordinate reference system could be read from keys.tif");
    }

    @Test
    void classifyObjectsSaysItToo() throws Exception {
        Path in = GeorefFixtures.plain(dir.resolve("image.tif"));
        Path out = dir.resolve("classified.gpkg");
        Run r = run("classify-objects", "--in_raster", in.toString(), "--in_model_definition",
                model("cls", "classifier_logits", "ObjectClassification", "\"Classes\": [{\"Value\": 0, \"Name\": \"a\"},"
                        + " {\"Value\": 1, \"Name\": \"b\"}, {\"Value\": 2, \"Name\": \"c\"}]"),
                "--out_feature_class", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("Warning: No georeferencing could be read from image.tif");
        assertThat(description(out)).contains("No georeferencing could be read from image.tif");
    }
}
