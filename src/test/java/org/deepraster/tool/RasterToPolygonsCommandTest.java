package org.deepraster.tool;

import org.deepraster.vector.PolygonizerTest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.deepraster.Main;
import org.deepraster.feature.GeoPackageReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RasterToPolygonsCommandTest {
    @TempDir
    Path dir;

    private int run(StringWriter out, StringWriter err, String... args) {
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void writesNamedPolygonsAndRefusesToOverwriteUnasked() throws Exception {
        Path tif = ClassifiedRasters.write(dir.resolve("classes.tif"), ClassifiedRasters.parse(PolygonizerTest.SHAPES), 9.0);
        Path gpkg = dir.resolve("polygons.gpkg");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = run(out, err, "raster-to-polygons", "--in_raster", tif.toString(), "--out-polygon-features",
                gpkg.toString(), "--classes", "2,3,6", "--class-names", "2:Roof;3:Ring; 6:Dot", "--minimum-area", "5");
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("2 polygons").contains("7 small regions dropped");
        var layers = GeoPackageReader.read(gpkg);
        assertThat(layers.get(0).features()).hasSize(2)
                .extracting(f -> f.get("Class")).containsExactlyInAnyOrder("Roof", "Ring");
        // the output exists now
        StringWriter err2 = new StringWriter();
        assertThat(run(new StringWriter(), err2, "raster-to-polygons", "--in_raster", tif.toString(),
                "--out_polygon_features", gpkg.toString())).isEqualTo(2);
        assertThat(err2.toString()).contains("already has a table");
        assertThat(run(new StringWriter(), new StringWriter(), "raster-to-polygons", "--in_raster", tif.toString(),
                "--out_polygon_features", gpkg.toString(), "--overwrite", "--band", "2")).isEqualTo(2);
        assertThat(run(new StringWriter(), new StringWriter(), "raster-to-polygons", "--in_raster", tif.toString(),
                "--out_polygon_features", gpkg.toString(), "--overwrite", "--class-names", "x")).isEqualTo(2);
    }
}
