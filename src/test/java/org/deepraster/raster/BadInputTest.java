package org.deepraster.raster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import javax.imageio.ImageIO;
import org.deepraster.util.UserException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BadInputTest {
    @TempDir
    Path dir;

    private Path deflateFixture(String name) throws IOException {
        return TiffFixtures.ownWriter(dir.resolve(name), 100, 80, 3, SampleType.UINT8,
                GeoTiffWriter.Compression.DEFLATE, null, false);
    }

    @Test
    void pngNamedTifIsNotARaster() throws IOException {
        Path f = dir.resolve("fake.tif");
        ImageIO.write(new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB), "png", f.toFile());
        assertThat(RasterFiles.isRaster(f)).isFalse();
        assertThatThrownBy(() -> RasterFiles.open(f)).isInstanceOf(UserException.class)
                .hasMessageContaining("fake.tif").hasMessageContaining("not a GeoTIFF");
    }

    @Test
    void textFileEmptyFileMissingFileAndFolder() throws IOException {
        Path txt = Files.writeString(dir.resolve("notes.tif"), "hello world, not an image");
        Path empty = Files.createFile(dir.resolve("empty.tiff"));
        assertThat(RasterFiles.isRaster(txt)).isFalse();
        assertThat(RasterFiles.isRaster(empty)).isFalse();
        assertThat(RasterFiles.isRaster(dir)).isFalse();
        assertThat(RasterFiles.isRaster(dir.resolve("missing.tif"))).isFalse();
        assertThatThrownBy(() -> RasterFiles.open(txt)).isInstanceOf(UserException.class).hasMessageContaining("notes.tif");
        assertThatThrownBy(() -> RasterFiles.open(empty)).isInstanceOf(UserException.class).hasMessageContaining("empty.tiff");
        assertThatThrownBy(() -> RasterFiles.open(dir.resolve("missing.tif"))).isInstanceOf(UserException.class)
                .hasMessageContaining("missing.tif").hasMessageContaining("does not exist");
    }

    @Test
    void contentDecidesNotTheExtension() throws IOException {
        Path f = deflateFixture("image.dat");
        assertThat(RasterFiles.isRaster(f)).isTrue();
        try (RasterSource r = RasterFiles.open(f)) {
            assertThat(r.width()).isEqualTo(100);
        }
    }

    @Test
    void truncatedFileIsReportedWithItsName() throws IOException {
        Path f = deflateFixture("cut.tif");
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() / 2); // the directory is at the end
        }
        assertThat(RasterFiles.isRaster(f)).isTrue();
        assertThatThrownBy(() -> RasterFiles.open(f)).isInstanceOf(UserException.class)
                .hasMessageContaining("cut.tif").hasMessageContaining("truncated");
    }

    @Test
    void corruptTileDataIsReportedOnRead() throws IOException {
        Path f = deflateFixture("corrupt.tif");
        byte[] bytes = Files.readAllBytes(f);
        for (int i = 16; i < 2000; i++) {
            bytes[i] = (byte) (i * 31);
        }
        Files.write(f, bytes);
        try (RasterSource r = RasterFiles.open(f)) {
            assertThatThrownBy(() -> r.read(new Rectangle(0, 0, 100, 80), new int[] {0}))
                    .isInstanceOf(UserException.class).hasMessageContaining("corrupt.tif")
                    .hasMessageContaining("DEFLATE");
        }
    }

    @Test
    void unsupportedCompressionIsNamed() throws IOException {
        Path f = deflateFixture("zstd.tif");
        byte[] b = Files.readAllBytes(f);
        // entry: tag 259 (03 01), type SHORT (03 00), count 1, value 8 -> 50000 (ZSTD)
        byte[] pattern = {0x03, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x08, 0x00};
        int at = indexOf(b, pattern);
        assertThat(at).isPositive();
        b[at + 8] = (byte) 0x50;
        b[at + 9] = (byte) 0xC3;
        Files.write(f, b);
        assertThatThrownBy(() -> RasterFiles.open(f)).isInstanceOf(UserException.class)
                .hasMessageContaining("zstd.tif").hasMessageContaining("ZSTD")
                .hasMessageContaining("not supported")
                .satisfies(e -> assertThat(((UserException) e).hint()).contains("DEFLATE"));
    }

    @Test
    void damagedFilesGiveUserExceptionsNeverOtherErrors() throws IOException {
        Path lzw = TiffFixtures.imageIo(dir.resolve("src-lzw.tif"), TiffFixtures.image(90, 60, 3, false), "LZW",
                true, true, "0");
        Path pack = TiffFixtures.imageIo(dir.resolve("src-pb.tif"), TiffFixtures.image(90, 60, 1, false), "PackBits",
                false, true, null);
        Path own = TiffFixtures.ownWriter(dir.resolve("src-own.tif"), 90, 60, 2, SampleType.INT16,
                GeoTiffWriter.Compression.DEFLATE, null, true);
        java.util.Random rnd = new java.util.Random(11);
        int userErrors = 0;
        for (Path src : new Path[] {lzw, pack, own}) {
            byte[] orig = Files.readAllBytes(src);
            for (int i = 0; i < 60; i++) {
                byte[] b = orig.clone();
                for (int k = 0; k < 1 + rnd.nextInt(6); k++) {
                    int pos = rnd.nextBoolean() ? rnd.nextInt(b.length) : b.length - 1 - rnd.nextInt(Math.min(b.length, 300));
                    b[pos] = (byte) rnd.nextInt(256);
                }
                if (rnd.nextInt(5) == 0) {
                    b = java.util.Arrays.copyOf(b, rnd.nextInt(b.length));
                }
                Path f = dir.resolve("damaged.tif");
                Files.write(f, b);
                try (RasterSource r = RasterFiles.open(f)) {
                    r.read(new Rectangle(0, 0, r.width(), r.height()), 30, 20, new int[] {0});
                    r.read(new Rectangle(0, 0, Math.min(90, r.width()), Math.min(60, r.height())), new int[] {0});
                } catch (UserException e) {
                    assertThat(e.getMessage()).contains("damaged.tif");
                    userErrors++;
                }
            }
        }
        assertThat(userErrors).isPositive();
    }

    private static int indexOf(byte[] b, byte[] p) {
        outer:
        for (int i = b.length - p.length; i >= 0; i--) {
            for (int k = 0; k < p.length; k++) {
                if (b[i + k] != p[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
