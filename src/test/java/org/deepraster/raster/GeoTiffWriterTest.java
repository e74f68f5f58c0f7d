package org.deepraster.raster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Rectangle;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.deepraster.geo.Crs;
import org.deepraster.raster.tiff.TiffDirectory;
import org.deepraster.raster.tiff.TiffFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeoTiffWriterTest {
    @TempDir
    Path dir;

    @Test
    void writesTiledPaletteRasterThatOtherReadersUnderstand() throws IOException {
        Path f = dir.resolve("classes.tif");
        int[] palette = {0x000000, 0xFF0000, 0x00FF00, 0x0000FF};
        var o = GeoTiffWriter.Options.of(100, 70, 1, SampleType.UINT8).withTileSize(64).withPalette(palette)
                .withNoData(0.0).georeferenced(TiffFixtures.transform(), Crs.forEpsg(TiffFixtures.EPSG));
        try (GeoTiffWriter w = GeoTiffWriter.create(f, o)) {
            assertThat(w.tilesAcross()).isEqualTo(2);
            assertThat(w.tilesDown()).isEqualTo(2);
            // tiles in any order, one at a time
            for (int ty = 1; ty >= 0; ty--) {
                for (int tx = 1; tx >= 0; tx--) {
                    float[] tile = new float[64 * 64];
                    for (int y = 0; y < 64; y++) {
                        for (int x = 0; x < 64; x++) {
                            tile[y * 64 + x] = ((tx * 64 + x) / 25) % 4;
                        }
                    }
                    w.writeTile(tx, ty, tile);
                }
            }
        }
        try (TiffFile tf = TiffFile.open(f)) {
            TiffDirectory d = tf.directories().get(0);
            assertThat(d.tiled).isTrue();
            assertThat(d.photometric).isEqualTo(3);
            long[] cm = d.colorMap();
            assertThat(cm).hasSize(768);
            assertThat(cm[1]).isEqualTo(65535); // red of class 1
            assertThat(cm[256 + 2]).isEqualTo(65535); // green of class 2
            assertThat(cm[512 + 3]).isEqualTo(65535); // blue of class 3
        }
        try (RasterSource r = RasterFiles.open(f)) {
            assertThat(r.noData()).hasValue(0);
            assertThat(r.palette()).hasValueSatisfying(p -> {
                assertThat(p).hasSize(256);
                assertThat(p[1]).isEqualTo(0xFFFF0000);
                assertThat(p[3]).isEqualTo(0xFF0000FF);
            });
            assertThat(Crs.epsgCode(r.grid().crs())).contains(TiffFixtures.EPSG);
            RasterWindow win = r.read(new Rectangle(0, 0, 100, 70), new int[] {0});
            assertThat(win.sample(0, 30, 5)).isEqualTo(1f);
            assertThat(win.sample(0, 99, 69)).isEqualTo(3f);
            assertThat(win.isValid(0, 0)).isFalse();
        }
        // the JDK's own TIFF reader agrees (palette image)
        BufferedImage img = ImageIO.read(f.toFile());
        assertThat(img.getWidth()).isEqualTo(100);
        assertThat(img.getRGB(30, 5) & 0xFFFFFF).isEqualTo(0xFF0000);
    }

    @Test
    void unwrittenTilesReadAsNoData() throws IOException {
        Path f = dir.resolve("sparse.tif");
        var o = GeoTiffWriter.Options.of(64, 32, 1, SampleType.FLOAT32).withTileSize(32).withNoData(-9999.0);
        try (GeoTiffWriter w = GeoTiffWriter.create(f, o)) {
            float[] t = new float[32 * 32];
            java.util.Arrays.fill(t, 1.5f);
            w.writeTile(0, 0, t);
        }
        try (RasterSource r = RasterFiles.open(f)) {
            RasterWindow win = r.read(new Rectangle(0, 0, 64, 32), new int[] {0});
            assertThat(win.sample(0, 5, 5)).isEqualTo(1.5f);
            assertThat(win.isValid(5, 5)).isTrue();
            assertThat(win.isValid(40, 5)).isFalse();
            assertThat(r.warnings()).anyMatch(w -> w.startsWith("No georeferencing could be read from sparse.tif"));
        }
    }

    @Test
    void rotatedTransformIsWrittenAsModelTransformation() throws IOException {
        Path f = dir.resolve("rot.tif");
        AffineTransform t = new AffineTransform(2, 1, 1, -2, 1000, 5000);
        var o = GeoTiffWriter.Options.of(16, 16, 1, SampleType.UINT16).georeferenced(t, Crs.forEpsg(32633));
        try (GeoTiffWriter w = GeoTiffWriter.create(f, o)) {
            w.writeRows(new float[16 * 16], 16);
        }
        try (RasterSource r = RasterFiles.open(f)) {
            assertThat(r.grid().gridToCrs()).isEqualTo(t);
        }
    }

    @Test
    void byteRowsForUint8() throws IOException {
        Path f = dir.resolve("bytes.tif");
        var o = GeoTiffWriter.Options.of(50, 40, 2, SampleType.UINT8).withTileSize(32)
                .withCompression(GeoTiffWriter.Compression.NONE);
        try (GeoTiffWriter w = GeoTiffWriter.create(f, o)) {
            for (int y0 = 0; y0 < 40; y0 += 8) {
                byte[] rows = new byte[50 * 8 * 2];
                for (int b = 0; b < 2; b++) {
                    for (int y = 0; y < 8; y++) {
                        for (int x = 0; x < 50; x++) {
                            rows[b * 50 * 8 + y * 50 + x] = (byte) TiffFixtures.value(x, y0 + y, b);
                        }
                    }
                }
                w.writeRows(rows, 8);
            }
            assertThatThrownBy(() -> w.writeRows(new float[50 * 2], 1)).isInstanceOf(IllegalStateException.class);
        }
        try (RasterSource r = RasterFiles.open(f)) {
            RasterWindow win = r.read(new Rectangle(0, 0, 50, 40), new int[] {0, 1});
            for (int y = 0; y < 40; y++) {
                for (int x = 0; x < 50; x++) {
                    assertThat(win.sample(0, x, y)).isEqualTo((float) TiffFixtures.value(x, y, 0));
                    assertThat(win.sample(1, x, y)).isEqualTo((float) TiffFixtures.value(x, y, 1));
                }
            }
        }
    }

    @Test
    void optionsAreChecked() {
        assertThatThrownBy(() -> GeoTiffWriter.Options.of(10, 10, 1, SampleType.FLOAT64))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GeoTiffWriter.Options.of(10, 10, 3, SampleType.UINT8).withPalette(new int[] {0}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GeoTiffWriter.Options.of(10, 10, 1, SampleType.UINT8).withTileSize(100))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bigTiffIsChosenAbove4GbUncompressedOrWhenAsked() throws IOException {
        var huge = GeoTiffWriter.Options.of(40000, 40000, 3, SampleType.UINT8); // 4.8 GB uncompressed
        try (GeoTiffWriter w = GeoTiffWriter.create(dir.resolve("huge.tif"), huge)) {
            assertThat(w.isBigTiff()).isTrue();
        } // nothing written: an empty (sparse) BigTIFF
        try (TiffFile tf = TiffFile.open(dir.resolve("huge.tif"))) {
            assertThat(tf.isBigTiff()).isTrue();
            assertThat(tf.directories().get(0).width).isEqualTo(40000);
        }
        try (GeoTiffWriter w = GeoTiffWriter.create(dir.resolve("small.tif"),
                GeoTiffWriter.Options.of(100, 100, 3, SampleType.UINT8))) {
            assertThat(w.isBigTiff()).isFalse();
        }
    }

    /** Values of a whole single-band raster, NoData as -1. */
    private static int[] values(Path f) throws IOException {
        try (RasterSource r = RasterFiles.open(f)) {
            RasterWindow w = r.read(new Rectangle(0, 0, r.width(), r.height()), new int[] {0});
            int[] v = new int[r.width() * r.height()];
            for (int i = 0; i < v.length; i++) {
                v[i] = w.valid() == null || w.valid()[i] ? (int) w.samples()[i] : -1;
            }
            return v;
        }
    }

    private static byte[] tileOf(int value) {
        byte[] t = new byte[32 * 32];
        java.util.Arrays.fill(t, (byte) value);
        return t;
    }

    @Test
    void inPlaceFilesAreReadableBeforeCloseAndReopenWithTheSameOptionsOnly() throws IOException {
        for (boolean big : new boolean[] {false, true}) {
            Path f = dir.resolve("inplace" + big + ".tif");
            var o = GeoTiffWriter.Options.of(80, 40, 1, SampleType.UINT8).withTileSize(32).withNoData(255.0)
                    .withBigTiff(big).georeferenced(TiffFixtures.transform(), Crs.forEpsg(TiffFixtures.EPSG));
            GeoTiffWriter w = GeoTiffWriter.createInPlace(f, o, "<GDALMetadata>run A</GDALMetadata>");
            assertThat(w.isBigTiff()).isEqualTo(big);
            w.writeTileBytes(1, 0, tileOf(7));
            // not closed (as after a kill): readable, the unwritten tiles NoData
            int[] v = values(f);
            assertThat(v[0]).isEqualTo(-1);
            assertThat(v[40]).isEqualTo(7);
            assertThat(v[79 + 39 * 80]).isEqualTo(-1);
            assertThat(GeoTiffWriter.readMetadata(f)).isEqualTo("<GDALMetadata>run A</GDALMetadata>");
            w.writeTileBytes(1, 0, tileOf(8)); // written again: the last copy counts
            assertThat(values(f)[40]).isEqualTo(8);

            assertThatThrownBy(() -> GeoTiffWriter.reopenInPlace(f, o, "<GDALMetadata>run B</GDALMetadata>"))
                    .isInstanceOf(IOException.class);
            assertThatThrownBy(() -> GeoTiffWriter.reopenInPlace(f, o.withNoData(0.0), "<GDALMetadata>run A</GDALMetadata>"))
                    .isInstanceOf(IOException.class);
            try (GeoTiffWriter again = GeoTiffWriter.reopenInPlace(f, o, "<GDALMetadata>run A</GDALMetadata>")) {
                assertThat(again.isTileWritten(1, 0)).isTrue();
                assertThat(again.isTileWritten(0, 0)).isFalse();
                again.writeTileBytes(0, 1, tileOf(3));
            }
            w.close();
            v = values(f);
            assertThat(v[40]).isEqualTo(8);
            assertThat(v[35 * 80 + 5]).isEqualTo(3);
            assertThat(v[0]).isEqualTo(-1);
            try (TiffFile tf = TiffFile.open(f)) {
                assertThat(tf.isBigTiff()).isEqualTo(big);
            }
        }
        Path plain = dir.resolve("plain.tif");
        try (GeoTiffWriter w = GeoTiffWriter.create(plain, GeoTiffWriter.Options.of(32, 32, 1, SampleType.UINT8).withTileSize(32))) {
            w.writeTileBytes(0, 0, tileOf(1));
        }
        assertThatThrownBy(() -> GeoTiffWriter.reopenInPlace(plain, GeoTiffWriter.Options.of(32, 32, 1, SampleType.UINT8)
                .withTileSize(32), null)).isInstanceOf(IOException.class);
    }
}
