package org.deepraster.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.deepraster.geo.Crs;
import org.deepraster.raster.ClassTable;
import org.deepraster.raster.GeoTiffWriter;
import org.deepraster.raster.RasterFiles;
import org.deepraster.raster.RasterSource;
import org.deepraster.raster.SampleType;
import org.deepraster.util.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A classified raster with its class table beside it: the layer knows its classes (names, the table's
 * colours, pixel counts), a hidden class is not drawn, and Identify names the class.
 */
class ClassifiedRasterLegendTest {
    @TempDir
    Path dir;

    private Path classified() throws IOException {
        return classified(dir);
    }

    /** A 64 x 32 classified raster: Bare Land (1) on the left half, Tree (2) top right, NoData bottom right. */
    static Path classified(Path dir) throws IOException {
        int w = 64;
        int h = 32;
        byte[] v = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                v[y * w + x] = (byte) (x < 32 ? 1 : y < 16 ? 2 : 255); // 255 = NoData
            }
        }
        Path tif = dir.resolve("landcover_classified.tif");
        GeoTiffWriter.Options o = GeoTiffWriter.Options.of(w, h, 1, SampleType.UINT8)
                .georeferenced(new AffineTransform(1, 0, 0, -1, 500000, 4100000), Crs.forEpsg(32633))
                .withTileSize(16).withNoData(255.0).withPalette(new int[] {0x000000, 0xC80000, 0x00C800});
        try (GeoTiffWriter writer = GeoTiffWriter.create(tif, o)) {
            writer.writeRows(v, h);
        }
        // the table's colour of Tree differs from the palette's: the table wins (the model's colours)
        ClassTable.write(tif, List.of(new ClassTable.Row(1, "Bare Land", 0xC80000), new ClassTable.Row(2, "Tree", 0x1E8C28),
                new ClassTable.Row(3, "Water", 0x0000FF)));
        return tif;
    }

    @Test
    void theLayerListsItsClassesWithTheirPixelCountsAndHidesAClass() throws IOException {
        try (RasterSource src = RasterFiles.open(classified())) {
            RasterLayer layer = new RasterLayer(src);
            RasterClasses classes = layer.classes().orElseThrow();
            assertThat(classes.shown()).extracting(RasterClasses.Entry::name).containsExactly("Bare Land", "Tree", "Water");
            RasterClasses.Counts counts = classes.count(src, Progress.NONE);
            assertThat(counts.exact()).isTrue();
            assertThat(counts.of(1)).isEqualTo(32 * 32);
            assertThat(counts.of(2)).isEqualTo(32 * 16);
            assertThat(counts.of(3)).isZero();

            MapViewport vp = MapViewport.fit(src.grid().envelope(), 64, 32);
            MapRenderer renderer = new MapRenderer();
            BufferedImage img = renderer.render(List.of(layer), vp, src.grid().crs(), () -> false);
            assertThat(img.getRGB(10, 10) & 0xFFFFFF).isEqualTo(0xC80000);
            assertThat(img.getRGB(50, 5) & 0xFFFFFF).isEqualTo(0x1E8C28);

            classes.setHidden(1, true);
            img = renderer.render(List.of(layer), vp, src.grid().crs(), () -> false);
            assertThat(img.getRGB(10, 10) >>> 24).as("a hidden class is not drawn").isZero();
            assertThat(img.getRGB(50, 5) & 0xFFFFFF).isEqualTo(0x1E8C28);
        }
    }

    @Test
    void identifyNamesTheClass() throws IOException {
        try (RasterSource src = RasterFiles.open(classified())) {
            RasterLayer layer = new RasterLayer(src);
            var result = Identifier.pixel(List.of(layer), src.grid().crs(), 500000 + 10.5, 4100000 - 10.5).orElseThrow();
            assertThat(result.values()).containsEntry("Class", "Bare Land").containsEntry("Value", 1);
            assertThat(result.values().keySet()).noneMatch(k -> k.startsWith("Band"));
        }
    }

    @Test
    void imageryHasNoClasses() throws IOException {
        RasterLayer layer = new RasterLayer(Fixtures.raster(Fixtures.utm33()));
        assertThat(layer.classes()).isEmpty();
    }
}
