package org.deepraster.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.deepraster.geo.Crs;
import org.deepraster.raster.GeoTiffWriter;
import org.deepraster.raster.RasterFiles;
import org.deepraster.raster.RasterSource;
import org.deepraster.raster.SampleType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A classified raster (single band with a colour map) is drawn in its class colours; NoData stays transparent. */
class PaletteRasterRenderTest {
    @TempDir
    Path dir;

    @Test
    void classValuesAreDrawnInTheirPaletteColours() throws IOException {
        int w = 64;
        int h = 32;
        byte[] v = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                v[y * w + x] = (byte) (x < 32 ? 1 : y < 16 ? 2 : 255); // 255 = NoData
            }
        }
        Path tif = dir.resolve("classes.tif");
        GeoTiffWriter.Options o = GeoTiffWriter.Options.of(w, h, 1, SampleType.UINT8)
                .georeferenced(new AffineTransform(1, 0, 0, -1, 500000, 4100000), Crs.forEpsg(32633))
                .withTileSize(16).withNoData(255.0).withPalette(new int[] {0x000000, 0xC80000, 0x00C800});
        try (GeoTiffWriter writer = GeoTiffWriter.create(tif, o)) {
            writer.writeRows(v, h);
        }
        try (RasterSource src = RasterFiles.open(tif)) {
            MapViewport vp = MapViewport.fit(src.grid().envelope(), w, h);
            BufferedImage img = new MapRenderer().render(List.of(new RasterLayer(src)), vp, src.grid().crs(), () -> false);
            assertThat(img.getRGB(10, 10) & 0xFFFFFF).isEqualTo(0xC80000);
            assertThat(img.getRGB(50, 5) & 0xFFFFFF).isEqualTo(0x00C800);
            assertThat(img.getRGB(50, 28) >>> 24).isZero(); // NoData: transparent
        }
    }
}
