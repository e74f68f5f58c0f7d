package org.deepraster.raster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Rectangle;
import java.awt.geom.AffineTransform;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.deepraster.geo.Crs;
import org.deepraster.raster.tiff.TiffFile;
import org.deepraster.raster.tiff.TiffLayout;
import org.deepraster.raster.tiff.TiffLayout.Role;
import org.deepraster.util.Progress;
import org.deepraster.util.UserException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Directories are read for what they are (issue 15): a GIMP GeoTIFF's EXIF thumbnail, internal
 * overviews and masks as GDAL writes them, a COG's thumbnail. The image opens with its size, bands,
 * pixels and georeferencing; overviews are the raster's levels (no pyramid of our own is built);
 * the mask makes pixels no data at every level; thumbnails are never read.
 */
class TiffDirectoryRolesTest {
    @TempDir
    Path dir;
    private String oldCache;

    @BeforeEach
    void useTempCache() {
        oldCache = System.getProperty("deepraster.cache");
        System.setProperty("deepraster.cache", dir.resolve("cache").toString());
    }

    @AfterEach
    void restoreCache() {
        if (oldCache == null) {
            System.clearProperty("deepraster.cache");
        } else {
            System.setProperty("deepraster.cache", oldCache);
        }
    }

    private static List<Role> roles(Path f) throws IOException {
        try (TiffFile t = TiffFile.open(f)) {
            return TiffLayout.of(t.ifds()).all().stream().map(TiffLayout.Classified::role).toList();
        }
    }

    /** Checks size, bands, georeferencing, and the full-resolution pixels of {@code area}. */
    private static void checkImage(RasterSource r, int w, int h, Rectangle area, boolean masked) throws IOException {
        assertThat(r.width()).isEqualTo(w);
        assertThat(r.height()).isEqualTo(h);
        assertThat(r.bandCount()).isEqualTo(3);
        assertThat(r.sampleType()).isEqualTo(SampleType.UINT8);
        assertThat(r.grid().gridToCrs()).isEqualTo(new AffineTransform(UnusualTiffs.PIXEL, 0, 0, -UnusualTiffs.PIXEL,
                UnusualTiffs.X0, UnusualTiffs.Y0));
        assertThat(Crs.epsgCode(r.grid().crs())).contains(UnusualTiffs.EPSG);
        RasterWindow win = r.read(area, new int[] {0, 1, 2});
        int invalid = 0;
        for (int y = 0; y < area.height; y++) {
            for (int x = 0; x < area.width; x++) {
                int px = area.x + x;
                int py = area.y + y;
                boolean valid = !masked || UnusualTiffs.maskValid(px, py);
                assertThat(win.isValid(x, y)).as("valid at %d,%d", px, py).isEqualTo(valid);
                invalid += valid ? 0 : 1;
                for (int b = 0; valid && b < 3; b++) {
                    assertThat((int) win.sample(b, x, y)).as("band %d at %d,%d", b, px, py)
                            .isEqualTo(UnusualTiffs.pixel(px, py, b));
                }
            }
        }
        assertThat(invalid > 0).as("the area crosses the mask").isEqualTo(masked);
    }

    @Test
    void gimpGeoTiffOpensAndItsExifThumbnailIsSkipped() throws IOException {
        Path f = UnusualTiffs.gimp(dir.resolve("gimp.tif"));
        assertThat(roles(f)).containsExactly(Role.IMAGE, Role.THUMBNAIL);
        try (RasterSource r = RasterFiles.open(f)) {
            checkImage(r, UnusualTiffs.GIMP_W, UnusualTiffs.GIMP_H, new Rectangle(0, 0, 96, 64), false);
            GeoTiffSource g = (GeoTiffSource) r;
            assertThat(g.levelSizes()).hasSize(1);
            assertThat(g.hasMask()).isFalse();
            assertThat(g.directoryNotes()).singleElement().asString().contains("directory 2", "old-style JPEG",
                    "no StripOffsets", "skipped");
            assertThat(r.warnings()).noneMatch(w -> w.contains("273"));
        }
    }

    @Test
    void aFileWhoseImageIsAnUnreadableThumbnailSaysSo() throws IOException {
        Path f = UnusualTiffs.onlyThumbnail(dir.resolve("thumb.tif"));
        assertThatThrownBy(() -> RasterFiles.open(f)).isInstanceOf(UserException.class)
                .hasMessageContaining("its image, directory 1 (24 x 16, 3 bands, 8-bit, old-style JPEG)")
                .hasMessageContaining("required TIFF tag 273 is missing");
    }

    @Test
    void internalOverviewsAreTheLevelsAndTheMaskIsNoDataAtEveryLevel() throws Exception {
        Path f = UnusualTiffs.withOverviewsAndMask(dir.resolve("masked.tif"));
        assertThat(roles(f)).containsExactly(Role.IMAGE, Role.MASK, Role.OVERVIEW, Role.OVERVIEW_MASK, Role.OVERVIEW);
        try (RasterSource r = RasterFiles.open(f)) {
            checkImage(r, 1200, 800, new Rectangle(350, 250, 100, 100), true);
            checkImage(r, 1200, 800, new Rectangle(600, 500, 40, 40), false);
            GeoTiffSource g = (GeoTiffSource) r;
            assertThat(g.hasMask()).isTrue();
            assertThat(g.directoryNotes()).isEmpty();
            assertThat(g.levelSizes()).extracting(s -> s[0] + "x" + s[1]).containsExactly("1200x800", "600x400", "300x200");
            // the overviews are used by the viewer's pyramid: nothing of our own is built
            r.prepareOverviews(Progress.NONE).get(30, TimeUnit.SECONDS);
            assertThat(g.levelSizes()).hasSize(3);
            assertThat(OverviewCache.existing(OverviewCache.folderFor(f))).isEmpty();
            // half resolution reads overview 1 and its own mask; a quarter reads overview 2 with overview 1's mask
            checkLevel(r, 600, 400, 100);
            checkLevel(r, 300, 200, 200);
        }
        // without its overviews the same image needs a pyramid of its own: the check above can fail
        Path plain = UnusualTiffs.maskedWithoutOverviews(dir.resolve("plain.tif"));
        try (RasterSource r = RasterFiles.open(plain)) {
            r.prepareOverviews(Progress.NONE).get(60, TimeUnit.SECONDS);
            assertThat(((GeoTiffSource) r).levelSizes()).hasSizeGreaterThan(1);
            List<Path> cached = OverviewCache.existing(OverviewCache.folderFor(plain));
            assertThat(cached).isNotEmpty();
            // the cached levels carry the mask as a last band (1 valid, 0 no data), so coarse reads
            // need no full-resolution mask tile
            try (TiffFile t = TiffFile.open(cached.get(0))) {
                assertThat(t.directories().get(0).samplesPerPixel).isEqualTo(4);
            }
            for (int[] size : new int[][] {{600, 400}, {300, 200}, {150, 100}}) {
                RasterWindow win = r.read(new Rectangle(0, 0, 1200, 800), size[0], size[1], new int[] {0, 2});
                int scale = 1200 / size[0];
                for (int y = 0; y < size[1]; y++) {
                    for (int x = 0; x < size[0]; x++) {
                        // a level pixel is valid when any full-resolution pixel under it is: for
                        // this mask (a top-left rectangle of no data), when its bottom-right one is
                        boolean anyValid = UnusualTiffs.maskValid((x + 1) * scale - 1, (y + 1) * scale - 1);
                        assertThat(win.isValid(x, y)).as("valid at %d,%d of %d x %d", x, y, size[0], size[1])
                                .isEqualTo(anyValid);
                    }
                }
            }
            // masked pixels take no part in the means: 150 x 100 pixel (10, 37) covers full-resolution
            // x 80..87, y 296..303, of which rows 296..299 are masked
            RasterWindow coarse = r.read(new Rectangle(0, 0, 1200, 800), 150, 100, new int[] {0});
            double validMean = 0;
            double allMean = 0;
            for (int y = 296; y < 304; y++) {
                for (int x = 80; x < 88; x++) {
                    allMean += UnusualTiffs.pixel(x, y, 0) / 64.0;
                    validMean += y >= 300 ? UnusualTiffs.pixel(x, y, 0) / 32.0 : 0;
                }
            }
            assertThat(Math.abs(validMean - allMean)).as("the check can tell").isGreaterThan(8);
            assertThat((double) coarse.sample(0, 10, 37)).isCloseTo(validMean, org.assertj.core.data.Offset.offset(2.0));
        }
    }

    private static void checkLevel(RasterSource r, int w, int h, int fill) throws IOException {
        RasterWindow win = r.read(new Rectangle(0, 0, 1200, 800), w, h, new int[] {0, 1, 2});
        double scale = 1200.0 / w;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean valid = UnusualTiffs.maskValid((int) ((x + 0.5) * scale), (int) ((y + 0.5) * scale));
                assertThat(win.isValid(x, y)).as("valid at %d,%d of %d x %d", x, y, w, h).isEqualTo(valid);
                if (valid) {
                    assertThat((int) win.sample(2, x, y)).isEqualTo(fill + 2);
                }
            }
        }
    }

    @Test
    void aCogsThumbnailIsNoOverview() throws Exception {
        Path f = UnusualTiffs.cogWithThumbnail(dir.resolve("cog.tif"));
        assertThat(roles(f)).containsExactly(Role.IMAGE, Role.OVERVIEW, Role.OVERVIEW, Role.THUMBNAIL);
        try (RasterSource r = RasterFiles.open(f)) {
            checkImage(r, 1024, 768, new Rectangle(200, 300, 64, 64), false);
            GeoTiffSource g = (GeoTiffSource) r;
            assertThat(g.levelSizes()).extracting(s -> s[0] + "x" + s[1]).containsExactly("1024x768", "512x384", "256x192");
            assertThat(g.directoryNotes()).singleElement().asString()
                    .contains("directory 4 (100 x 75", "no overview", "whole factor");
            // a thumbnail-sized read uses the coarsest overview, never the thumbnail
            RasterWindow win = r.read(new Rectangle(0, 0, 1024, 768), 100, 75, new int[] {0});
            assertThat(win.valid()).isNull();
            for (float v : win.samples()) {
                assertThat(v).isEqualTo(200f);
            }
            r.prepareOverviews(Progress.NONE).get(30, TimeUnit.SECONDS);
            assertThat(OverviewCache.existing(OverviewCache.folderFor(f))).isEmpty();
        }
    }

    @Test
    void overviewsInSubIfdsAreLevelsToo() throws IOException {
        Path f = UnusualTiffs.overviewsInSubIfds(dir.resolve("subifds.tif"));
        assertThat(roles(f)).containsExactly(Role.IMAGE, Role.OVERVIEW, Role.OVERVIEW);
        try (RasterSource r = RasterFiles.open(f)) {
            checkImage(r, 1024, 768, new Rectangle(0, 0, 50, 50), false);
            assertThat(((GeoTiffSource) r).levelSizes()).hasSize(3);
            RasterWindow win = r.read(new Rectangle(0, 0, 1024, 768), 512, 384, new int[] {1});
            assertThat(win.sample(0, 10, 10)).isEqualTo(101f);
        }
    }

    @Test
    void otherBandsOddMasksAndFurtherPagesAreSkippedWithANote() throws IOException {
        TiffBytes.Ifd image = new TiffBytes.Ifd().image(64, 64, 3, 8, 1, 2, 0).longs(278, 64)
                .chunks(273, 279, TiffBytes.chunks(64, 64, 3, -64, false, UnusualTiffs::pixel)).geo(1, 0, 64, 32633);
        TiffBytes.Ifd grey = new TiffBytes.Ifd().image(32, 32, 1, 8, 1, 1, 1).longs(278, 32)
                .chunks(273, 279, TiffBytes.chunks(32, 32, 1, -32, false, (x, y, b) -> 9));
        TiffBytes.Ifd oddMask = new TiffBytes.Ifd().image(10, 10, 1, 1, 8, 4, 4).shorts(322, 16).shorts(323, 16)
                .chunks(324, 325, TiffBytes.maskTiles(10, 10, 16, (x, y) -> 0));
        TiffBytes.Ifd page = new TiffBytes.Ifd().image(64, 64, 3, 8, 1, 2, 2).longs(278, 64)
                .chunks(273, 279, TiffBytes.chunks(64, 64, 3, -64, false, (x, y, b) -> 7));
        Path f = TiffBytes.write(dir.resolve("mixed.tif"), null, List.of(image, grey, oddMask, page));
        assertThat(roles(f)).containsExactly(Role.IMAGE, Role.THUMBNAIL, Role.OTHER, Role.OTHER);
        try (RasterSource r = RasterFiles.open(f)) {
            GeoTiffSource g = (GeoTiffSource) r;
            assertThat(g.levelSizes()).hasSize(1);
            assertThat(g.hasMask()).isFalse();
            assertThat(g.directoryNotes()).hasSize(3);
            assertThat(g.directoryNotes().get(0)).contains("directory 2", "1 band, the image has 3");
            assertThat(g.directoryNotes().get(1)).contains("directory 3", "matches no image or overview size");
            assertThat(g.directoryNotes().get(2)).contains("directory 4", "another image");
            RasterWindow w = r.read(new Rectangle(0, 0, 64, 64), 8, 8, new int[] {0});
            assertThat(w.valid()).isNull();
            assertThat((int) w.sample(0, 0, 0)).isEqualTo(UnusualTiffs.pixel(4, 4, 0)); // the image, not page 4
        }
    }

    @Test
    void anEightBitStripedMaskWorksToo() throws IOException {
        TiffBytes.Ifd image = new TiffBytes.Ifd().image(64, 48, 3, 8, 1, 2, 0).longs(278, 16)
                .chunks(273, 279, TiffBytes.chunks(64, 48, 3, -16, false, UnusualTiffs::pixel)).geo(1, 0, 48, 32633);
        TiffBytes.Ifd mask = new TiffBytes.Ifd().image(64, 48, 1, 8, 8, 4, 4).longs(278, 16)
                .chunks(273, 279, TiffBytes.chunks(64, 48, 1, -16, true, (x, y, b) -> (x + y) % 3 == 0 ? 0 : 255));
        Path f = TiffBytes.write(dir.resolve("mask8.tif"), null, List.of(image, mask));
        assertThat(roles(f)).containsExactly(Role.IMAGE, Role.MASK);
        try (RasterSource r = RasterFiles.open(f)) {
            RasterWindow w = r.read(new Rectangle(0, 0, 64, 48), new int[] {0});
            for (int y = 0; y < 48; y++) {
                for (int x = 0; x < 64; x++) {
                    assertThat(w.isValid(x, y)).as("valid at %d,%d", x, y).isEqualTo((x + y) % 3 != 0);
                }
            }
        }
    }

    @Test
    void overviewSizesAreWholeFactorsRoundedEitherWay() {
        assertThat(TiffLayout.wholeFactor(349, 352, 175, 176)).isTrue(); // GDAL: rounded up
        assertThat(TiffLayout.wholeFactor(349, 352, 44, 44)).isTrue();
        assertThat(TiffLayout.wholeFactor(1001, 1001, 333, 333)).isTrue(); // rounded down
        assertThat(TiffLayout.wholeFactor(1024, 768, 100, 75)).isFalse();
        assertThat(TiffLayout.wholeFactor(1024, 768, 256, 256)).isFalse(); // other aspect
    }
}
