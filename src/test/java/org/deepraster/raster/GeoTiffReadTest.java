package org.deepraster.raster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.Rectangle;
import java.awt.geom.AffineTransform;
import java.io.IOException;
import java.nio.file.Path;
import org.deepraster.geo.Crs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GeoTiffReadTest {
    @TempDir
    Path dir;

    static int[] allBands(RasterSource r) {
        int[] b = new int[r.bandCount()];
        for (int i = 0; i < b.length; i++) {
            b[i] = i;
        }
        return b;
    }

    static void assertGeoreferenced(RasterSource r) {
        assertThat(r.grid().gridToCrs()).isEqualTo(TiffFixtures.transform());
        assertThat(Crs.epsgCode(r.grid().crs())).contains(TiffFixtures.EPSG);
        assertThat(r.warnings()).noneMatch(w -> w.contains("no georeferencing"));
    }

    @ParameterizedTest(name = "{0} tiled={1} bands={2}")
    @CsvSource({
        "NONE, true, 1", "NONE, false, 3", "NONE, true, 4",
        "LZW, true, 3", "LZW, false, 1", "LZW, false, 4",
        "PackBits, true, 1", "PackBits, false, 3",
        "Deflate, true, 3", "Deflate, false, 4", "Deflate, true, 1"})
    void readsImageIoFixturesExactly(String compression, boolean tiled, int bands) throws IOException {
        int w = 75;
        int h = 50;
        Path f = TiffFixtures.imageIo(dir.resolve("img.tif"), TiffFixtures.image(w, h, bands, false),
                compression.equals("NONE") ? null : compression, tiled, true, null);
        try (RasterSource r = RasterFiles.open(f)) {
            assertThat(r.width()).isEqualTo(w);
            assertThat(r.height()).isEqualTo(h);
            assertThat(r.bandCount()).isEqualTo(bands);
            assertThat(r.sampleType()).isEqualTo(SampleType.UINT8);
            assertThat(r.palette()).isEmpty();
            assertGeoreferenced(r);
            RasterWindow win = r.read(new Rectangle(0, 0, w, h), allBands(r));
            assertThat(win.valid()).isNull();
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    for (int b = 0; b < bands; b++) {
                        assertThat(win.sample(b, x, y)).as("band %d at %d,%d", b, x, y)
                                .isEqualTo((float) TiffFixtures.value(x, y, b));
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "JPEG tiled={0} bands={1}")
    @CsvSource({"true, 3", "false, 3", "true, 1"})
    void readsJpegCompressedWithinJpegLoss(boolean tiled, int bands) throws IOException {
        int w = 96;
        int h = 70;
        Path f = TiffFixtures.imageIo(dir.resolve("jpeg.tif"), TiffFixtures.image(w, h, bands, true), "JPEG",
                tiled, true, null);
        try (RasterSource r = RasterFiles.open(f)) {
            assertGeoreferenced(r);
            RasterWindow win = r.read(new Rectangle(0, 0, w, h), allBands(r));
            double sum = 0;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    for (int b = 0; b < bands; b++) {
                        sum += Math.abs(win.sample(b, x, y) - TiffFixtures.smooth(x, y, b));
                    }
                }
            }
            assertThat(sum / (w * h * bands)).isLessThan(4.0);
        }
    }

    @Test
    void readsUnsigned16BitAndReportsNoData() throws IOException {
        Path f = TiffFixtures.imageIo(dir.resolve("u16.tif"), TiffFixtures.ushortImage(40, 30), "LZW", true, true,
                "0");
        try (RasterSource r = RasterFiles.open(f)) {
            assertThat(r.sampleType()).isEqualTo(SampleType.UINT16);
            assertThat(r.noData()).hasValue(0);
            RasterWindow win = r.read(new Rectangle(0, 0, 40, 30), new int[] {0});
            assertThat(win.sample(0, 39, 29)).isEqualTo((float) TiffFixtures.ushort(39, 29));
            assertThat(win.isValid(0, 0)).isFalse(); // ushort(0,0) == 0 == NoData
            assertThat(win.isValid(1, 0)).isTrue();
        }
    }

    @ParameterizedTest(name = "{0} {1} bigTiff={2}")
    @CsvSource({
        "UINT8, DEFLATE, false", "UINT8, NONE, true", "UINT16, DEFLATE, false",
        "INT16, NONE, false", "FLOAT32, DEFLATE, true", "INT16, DEFLATE, true"})
    void readsOwnWriterOutput(SampleType type, GeoTiffWriter.Compression c, boolean big) throws IOException {
        int w = 70;
        int h = 45;
        Path f = TiffFixtures.ownWriter(dir.resolve("own.tif"), w, h, 2, type, c, null, big);
        try (RasterSource r = RasterFiles.open(f)) {
            assertThat(r.sampleType()).isEqualTo(type);
            assertGeoreferenced(r);
            RasterWindow win = r.read(new Rectangle(0, 0, w, h), new int[] {1, 0});
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    assertThat(win.sample(0, x, y)).isEqualTo(TiffFixtures.typed(type, x, y, 1));
                    assertThat(win.sample(1, x, y)).isEqualTo(TiffFixtures.typed(type, x, y, 0));
                }
            }
        }
    }

    @Test
    void noDataPixelsAreInvalidInAllTypes() throws IOException {
        // value(0,0,0) == 0 -> float -4999.75, int16 -5000
        Path f = TiffFixtures.ownWriter(dir.resolve("nd.tif"), 20, 20, 1, SampleType.INT16,
                GeoTiffWriter.Compression.DEFLATE, -5000.0, false);
        try (RasterSource r = RasterFiles.open(f)) {
            assertThat(r.noData()).hasValue(-5000);
            RasterWindow win = r.read(new Rectangle(0, 0, 20, 20), new int[] {0});
            assertThat(win.isValid(0, 0)).isFalse();
            assertThat(win.isValid(1, 0)).isTrue();
        }
    }

    @Test
    void subsampledReadIsNearestNeighbourOfFullRead() throws IOException {
        int w = 300;
        int h = 200;
        Path f = TiffFixtures.ownWriter(dir.resolve("s.tif"), w, h, 3, SampleType.UINT8,
                GeoTiffWriter.Compression.DEFLATE, null, false);
        try (RasterSource r = RasterFiles.open(f)) {
            RasterWindow full = r.read(new Rectangle(0, 0, w, h), allBands(r));
            Rectangle region = new Rectangle(17, 9, 250, 180);
            RasterWindow sub = r.read(region, 70, 45, new int[] {2, 0});
            for (int y = 0; y < 45; y++) {
                for (int x = 0; x < 70; x++) {
                    int sx = (int) (region.x + (x + 0.5) * region.width / 70.0);
                    int sy = (int) (region.y + (y + 0.5) * region.height / 45.0);
                    assertThat(sub.sample(0, x, y)).isEqualTo(full.sample(2, sx, sy));
                    assertThat(sub.sample(1, x, y)).isEqualTo(full.sample(0, sx, sy));
                }
            }
            // upsampling: a 2 x 2 region to 4 x 4
            RasterWindow up = r.read(new Rectangle(10, 10, 2, 2), 4, 4, new int[] {0});
            assertThat(up.sample(0, 3, 3)).isEqualTo(full.sample(0, 11, 11));
            assertThat(up.sample(0, 0, 0)).isEqualTo(full.sample(0, 10, 10));
        }
    }

    @Test
    void pixelsOutsideTheRasterAreInvalid() throws IOException {
        Path f = TiffFixtures.ownWriter(dir.resolve("o.tif"), 50, 40, 1, SampleType.UINT8,
                GeoTiffWriter.Compression.NONE, null, false);
        try (RasterSource r = RasterFiles.open(f)) {
            RasterWindow win = r.read(new Rectangle(-10, -10, 20, 20), new int[] {0});
            assertThat(win.isValid(0, 0)).isFalse();
            assertThat(win.isValid(9, 15)).isFalse();
            assertThat(win.isValid(10, 10)).isTrue();
            assertThat(win.sample(0, 12, 11)).isEqualTo((float) TiffFixtures.value(2, 1, 0));
        }
    }

    @Test
    void fileWithoutGeoreferencingGivesPixelGridAndWarning() throws IOException {
        Path f = TiffFixtures.imageIo(dir.resolve("plain.tif"), TiffFixtures.image(30, 20, 1, false), "LZW", false,
                false, null);
        try (RasterSource r = RasterFiles.open(f)) {
            assertThat(r.grid().crs()).isNull();
            assertThat(r.grid().gridToCrs()).isEqualTo(new AffineTransform());
            assertThat(r.warnings()).anyMatch(w -> w.contains("No georeferencing") && w.contains("plain.tif"));
            assertThat(r.read(new Rectangle(0, 0, 30, 20), new int[] {0}).sample(0, 5, 6))
                    .isEqualTo((float) TiffFixtures.value(5, 6, 0));
        }
    }

    @Test
    void geographicCrsGivesLongitudeAsX() throws IOException {
        var o = GeoTiffWriter.Options.of(36, 18, 1, SampleType.UINT8)
                .georeferenced(new AffineTransform(10, 0, 0, -10, -180, 90), Crs.forEpsg(4326));
        try (GeoTiffWriter w = GeoTiffWriter.create(dir.resolve("geo.tif"), o)) {
            w.writeRows(new float[36 * 18], 18);
        }
        try (RasterSource r = RasterFiles.open(dir.resolve("geo.tif"))) {
            // SIS gives the longitude-first variant; the writer still finds EPSG:4326 for it
            assertThat(GeoKeys.epsgCode(r.grid().crs())).contains(4326);
            var env = r.grid().envelope();
            assertThat(env.getMinX()).isCloseTo(-180, within(1e-9));
            assertThat(env.getMaxX()).isCloseTo(180, within(1e-9));
            assertThat(env.getMinY()).isCloseTo(-90, within(1e-9));
            assertThat(env.getMaxY()).isCloseTo(90, within(1e-9));
        }
    }

    @Test
    void statisticsGivePercentilesForStretch() throws IOException {
        Path f = TiffFixtures.imageIo(dir.resolve("st.tif"), TiffFixtures.ushortImage(200, 150), null, true, true,
                null);
        try (RasterSource r = RasterFiles.open(f)) {
            RasterSource.BandStatistics s = r.statistics(0);
            int max = 0;
            for (int y = 0; y < 150; y++) {
                for (int x = 0; x < 200; x++) {
                    max = Math.max(max, TiffFixtures.ushort(x, y));
                }
            }
            assertThat(s.min()).isEqualTo(0);
            assertThat(s.max()).isEqualTo(max);
            assertThat(s.low()).isGreaterThan(s.min()).isLessThan(s.high());
            assertThat(s.high()).isLessThan(s.max());
        }
    }

    @Test
    void bigUncompressedStripsAreReadAsSmallerPieces() throws IOException {
        // one 1500 x 1000 x 3 strip (4.5 MB): addressed as virtual strips of a few rows
        int w = 1500;
        int h = 1000;
        java.awt.image.BufferedImage img = TiffFixtures.image(w, h, 3, false);
        javax.imageio.ImageWriter iw = javax.imageio.ImageIO.getImageWritersByFormatName("tiff").next();
        javax.imageio.ImageWriteParam p = iw.getDefaultWriteParam();
        var md = iw.getDefaultImageMetadata(new javax.imageio.ImageTypeSpecifier(img), p);
        var tdir = javax.imageio.plugins.tiff.TIFFDirectory.createFromMetadata(md);
        tdir.addTIFFField(new javax.imageio.plugins.tiff.TIFFField(
                javax.imageio.plugins.tiff.BaselineTIFFTagSet.getInstance().getTag(278), h));
        Path f = dir.resolve("onestrip.tif");
        try (var out = javax.imageio.ImageIO.createImageOutputStream(f.toFile())) {
            iw.setOutput(out);
            iw.write(null, new javax.imageio.IIOImage(img, null, tdir.getAsMetadata()), p);
        }
        try (var tf = org.deepraster.raster.tiff.TiffFile.open(f)) {
            assertThat(tf.directories().get(0).number(278, 0)).isEqualTo(h); // the file: one strip
            assertThat(tf.directories().get(0).tileHeight).isLessThan(h).isPositive();
        }
        try (RasterSource r = RasterFiles.open(f)) {
            RasterWindow win = r.read(new Rectangle(700, 611, 300, 250), allBands(r));
            for (int y = 0; y < 250; y += 7) {
                for (int x = 0; x < 300; x += 3) {
                    for (int b = 0; b < 3; b++) {
                        assertThat(win.sample(b, x, y)).isEqualTo((float) TiffFixtures.value(700 + x, 611 + y, b));
                    }
                }
            }
        }
    }

    @Test
    void coarseReadsUseTheFilesOwnOverviews() throws IOException {
        Path f = TiffFixtures.withInternalOverviews(dir.resolve("cog.tif"), 400, 300);
        try (RasterSource r = RasterFiles.open(f)) {
            assertThat(((GeoTiffSource) r).levelSizes()).extracting(s -> s[0]).containsExactly(400, 200, 100);
            assertThat(r.prepareOverviews(org.deepraster.util.Progress.NONE)).isCompleted();
            Rectangle all = new Rectangle(0, 0, 400, 300);
            assertThat(r.read(all, 400, 300, new int[] {0}).sample(0, 10, 10))
                    .isEqualTo((float) TiffFixtures.value(10, 10, 0));
            assertThat(r.read(all, 200, 150, new int[] {0}).sample(0, 10, 10)).isEqualTo(100f);
            assertThat(r.read(all, 150, 100, new int[] {0}).sample(0, 10, 10)).isEqualTo(100f);
            assertThat(r.read(all, 100, 75, new int[] {0}).sample(0, 10, 10)).isEqualTo(200f);
            assertThat(r.read(all, 20, 15, new int[] {0}).sample(0, 19, 14)).isEqualTo(200f);
        }
    }

    @ParameterizedTest(name = "{0} with horizontal predictor, bands={1}")
    @CsvSource({"LZW, 3", "Deflate, 1", "Deflate, 4"})
    void readsHorizontalPredictor(String compression, int bands) throws IOException {
        Path f = TiffFixtures.imageIo(dir.resolve("pred.tif"), TiffFixtures.image(70, 40, bands, false), compression,
                true, true, null, 2);
        try (var tf = org.deepraster.raster.tiff.TiffFile.open(f)) {
            assertThat(tf.directories().get(0).predictor).isEqualTo(2);
        }
        try (RasterSource r = RasterFiles.open(f)) {
            RasterWindow win = r.read(new Rectangle(0, 0, 70, 40), allBands(r));
            for (int y = 0; y < 40; y++) {
                for (int x = 0; x < 70; x++) {
                    for (int b = 0; b < bands; b++) {
                        assertThat(win.sample(b, x, y)).isEqualTo((float) TiffFixtures.value(x, y, b));
                    }
                }
            }
        }
    }

    @Test
    void ushortWithHorizontalPredictor() throws IOException {
        Path f = TiffFixtures.imageIo(dir.resolve("pred16.tif"), TiffFixtures.ushortImage(50, 30), "Deflate", false,
                true, null, 2);
        try (RasterSource r = RasterFiles.open(f)) {
            RasterWindow win = r.read(new Rectangle(0, 0, 50, 30), new int[] {0});
            for (int y = 0; y < 30; y++) {
                for (int x = 0; x < 50; x++) {
                    assertThat(win.sample(0, x, y)).isEqualTo((float) TiffFixtures.ushort(x, y));
                }
            }
        }
    }

    @Test
    void readsLibtiffFloatingPointPredictor() throws Exception {
        // shipped fixture, made by libtiff (see make-float-predictor3.py next to it)
        Path f = dir.resolve("p3.tif");
        try (var in = getClass().getResourceAsStream("float-predictor3.tif")) {
            java.nio.file.Files.copy(in, f);
        }
        try (var tf = org.deepraster.raster.tiff.TiffFile.open(f)) {
            assertThat(tf.directories().get(0).predictor).isEqualTo(3);
        }
        try (RasterSource r = RasterFiles.open(f)) {
            assertThat(r.sampleType()).isEqualTo(SampleType.FLOAT32);
            RasterWindow win = r.read(new Rectangle(0, 0, 37, 23), new int[] {0});
            for (int y = 0; y < 23; y++) {
                for (int x = 0; x < 37; x++) {
                    assertThat(win.sample(0, x, y)).isEqualTo((float) (x * 1.5 - y * 0.25 + 0.125));
                }
            }
        }
    }
}
