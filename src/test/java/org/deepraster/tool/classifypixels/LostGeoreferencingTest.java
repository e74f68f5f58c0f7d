package org.deepraster.tool.classifypixels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.geom.AffineTransform;
import java.io.IOException;
import java.nio.file.Path;
import org.deepraster.geo.Crs;
import org.deepraster.inference.InferenceEngine;
import org.deepraster.raster.GeoTiffWriter;
import org.deepraster.raster.SampleType;
import org.deepraster.util.UserException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 21, point 2: a NaN or zero transform is refused; a raster without georeferencing is said so before the run. */
class LostGeoreferencingTest {
    @TempDir
    static Path dir;
    static InferenceEngine engine;

    @BeforeAll
    static void setUp() {
        engine = new InferenceEngine();
    }

    @AfterAll
    static void tearDown() {
        engine.close();
    }

    static Path raster(String name, AffineTransform t) throws IOException {
        Path f = dir.resolve(name);
        GeoTiffWriter.Options o = GeoTiffWriter.Options.of(64, 64, 3, SampleType.UINT8);
        if (t != null) {
            o = o.georeferenced(t, Crs.forEpsg(32633));
        }
        try (GeoTiffWriter w = GeoTiffWriter.create(f, o.withTileSize(64))) {
            w.writeRows(new byte[64 * 64 * 3], 64);
        }
        return f;
    }

    @Test
    void aNaNOrZeroPixelSizeIsRefused() throws IOException {
        String model = ClassifyPixelsToolTest.model("seg_conv", 32, 32, "");
        for (double size : new double[] {Double.NaN, 0}) {
            Path in = raster("bad" + size + ".tif", new AffineTransform(size, 0, 0, -size, 500000, 4100000));
            assertThatThrownBy(() -> new ClassifyPixelsTool(engine).plan(ClassifyPixelsParameters.of(in, model,
                    dir.resolve("out" + size + ".tif"))).close()).isInstanceOf(UserException.class)
                    .hasMessageContaining("georeferencing of bad" + size + ".tif is invalid");
        }
    }

    @Test
    void aRasterWithoutGeoreferencingIsSaidBeforeTheRun() throws IOException {
        Path in = raster("plain.tif", null);
        String model = ClassifyPixelsToolTest.model("seg_conv", 32, 32, "");
        try (ClassifyPixelsTool.Plan plan = new ClassifyPixelsTool(engine).plan(ClassifyPixelsParameters.of(in, model,
                dir.resolve("plain-out.tif")))) {
            assertThat(plan.warnings()).anyMatch(w -> w.startsWith("No georeferencing could be read from plain.tif (")
                    && w.endsWith("): outputs will be in pixel coordinates."));
        }
    }
}
