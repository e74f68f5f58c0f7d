package org.deepraster.raster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.geom.AffineTransform;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deepraster.geo.GridGeometry;
import org.deepraster.util.UserException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 21.2: where GDAL reads the georeferencing of a GeoTIFF that Apache SIS cannot read, so do we (the tags read
 * directly, GDAL's PAM .aux.xml, world files with a .prj), in GDAL's order, and every fallback and every loss is said.
 */
class GeoreferencingFallbackTest {
    @TempDir
    Path dir;

    private static void assertGaussKruger(GridGeometry g) {
        assertThat(g.gridToCrs()).isEqualTo(GeorefFixtures.TRANSFORM);
        assertThat(g.crs()).isNotNull();
        assertThat(g.crs().getName().getCode()).contains("Gauss-Kruger zone 3");
    }

    @Test
    void aFileSisCannotOpenIsGeoreferencedFromItsTags() throws Exception {
        for (Path f : new Path[] {GeorefFixtures.nextIfdPastEnd(dir.resolve("far.tif")),
            GeorefFixtures.brokenBigTiffHeader(dir.resolve("big.tif"))}) {
            try (RasterSource r = RasterFiles.open(f)) {
                assertGaussKruger(r.grid());
                assertThat(r.georeferencingNotes()).singleElement().asString()
                        .contains("GeoTIFF tags of " + f.getFileName() + " directly", "Apache SIS could not read");
            }
        }
    }

    @Test
    void damagedGeoKeysOrAnUnknownCodeGiveTheTransformWithoutCrsAndSaySo() throws Exception {
        try (RasterSource r = RasterFiles.open(GeorefFixtures.damagedGeoKeys(dir.resolve("keys.tif")))) {
            assertThat(r.grid().gridToCrs()).isEqualTo(GeorefFixtures.TRANSFORM);
            assertThat(r.grid().hasCrs()).isFalse();
            assertThat(r.georeferencingNotes()).singleElement().asString()
                    .contains("No coordinate reference system could be read from keys.tif", "GeoKey directory is damaged");
        }
        try (RasterSource r = RasterFiles.open(GeorefFixtures.write(dir.resolve("unknown.tif"), 29999, false))) {
            assertThat(r.grid().gridToCrs()).isEqualTo(GeorefFixtures.TRANSFORM);
            assertThat(r.grid().hasCrs()).isFalse();
            assertThat(r.georeferencingNotes()).singleElement().asString().contains("EPSG:29999", "outputs will have none");
        }
    }

    @Test
    void aWorldFileWithItsPrjGeoreferencesAFileWithoutTags() throws Exception {
        Path f = GeorefFixtures.plain(dir.resolve("scene.tif"));
        GeorefFixtures.worldFile(f, "scene.tfw");
        GeorefFixtures.prj(f);
        try (RasterSource r = RasterFiles.open(f)) {
            assertGaussKruger(r.grid());
            assertThat(r.georeferencingNotes()).singleElement().asString()
                    .isEqualTo("Georeferencing read from the world file scene.tfw, its coordinate reference system from scene.prj.");
        }
        Path g = GeorefFixtures.plain(dir.resolve("other.tif"));
        GeorefFixtures.worldFile(g, "other.wld");
        try (RasterSource r = RasterFiles.open(g)) {
            assertThat(r.grid().gridToCrs()).isEqualTo(GeorefFixtures.TRANSFORM);
            assertThat(r.grid().hasCrs()).isFalse();
            assertThat(r.georeferencingNotes()).containsExactly("Georeferencing read from the world file other.wld.",
                    "No coordinate reference system could be read from other.tif (neither other.tif nor other.tif.aux.xml"
                            + " nor a .prj names one): outputs will have none.");
        }
    }

    @Test
    void gdalsAuxXmlComesFirstAsInGdal() throws Exception {
        Path f = GeorefFixtures.plain(dir.resolve("pam.tif"));
        GeorefFixtures.auxXml(f, GeorefFixtures.WKT_31467, GeorefFixtures.TRANSFORM);
        GeorefFixtures.worldFile(f, "pam.tfw"); // after PAM
        try (RasterSource r = RasterFiles.open(f)) {
            assertGaussKruger(r.grid());
            assertThat(r.georeferencingNotes()).containsExactly("Georeferencing read from GDAL's sidecar pam.tif.aux.xml.");
        }
        // over the file's own, different georeferencing
        Path own = GeorefFixtures.write(dir.resolve("own.tif"), 32633, false);
        AffineTransform moved = new AffineTransform(0.5, 0, 0, -0.5, 3_500_100, 5_500_000);
        GeorefFixtures.auxXml(own, null, moved);
        try (RasterSource r = RasterFiles.open(own)) {
            assertThat(r.grid().gridToCrs()).isEqualTo(moved);
            assertThat(r.grid().crsRef().epsg()).contains(32633); // the file's own CRS, still lazy
            assertThat(r.grid().crsRef().isBuilt()).isFalse();
            assertThat(r.georeferencingNotes()).singleElement().asString().contains("own.tif.aux.xml", "GDAL prefers it");
        }
    }

    @Test
    void anAuxXmlWithoutGeoreferencingChangesNothing() throws Exception {
        Path f = GeorefFixtures.write(dir.resolve("classes.tif"), 32633, false);
        GeorefFixtures.auxXml(f, null, null);
        try (RasterSource r = RasterFiles.open(f)) {
            assertThat(r.grid().gridToCrs()).isEqualTo(GeorefFixtures.TRANSFORM);
            assertThat(r.grid().crsRef().isBuilt()).isFalse();
            assertThat(r.georeferencingNotes()).isEmpty();
        }
    }

    @Test
    void withoutAnyGeoreferencingItIsSaid() throws Exception {
        Path f = GeorefFixtures.plain(dir.resolve("plain.tif"));
        try (RasterSource r = RasterFiles.open(f)) {
            assertThat(r.grid().gridToCrs().isIdentity()).isTrue();
            assertThat(r.grid().hasCrs()).isFalse();
            assertThat(r.georeferencingNotes()).containsExactly("No georeferencing could be read from plain.tif (it has no"
                    + " GeoTIFF georeferencing tags, no plain.tif.aux.xml with a GeoTransform and no world file): outputs"
                    + " will be in pixel coordinates.");
            assertThat(r.warnings()).containsAll(r.georeferencingNotes());
        }
    }

    @Test
    void aNaNOrZeroSizeIsRefusedWhateverItsSource() throws Exception {
        Path f = GeorefFixtures.plain(dir.resolve("nanworld.tif"));
        Files.writeString(dir.resolve("nanworld.tfw"), "NaN\n0\n0\nNaN\n3500000\n5500000\n");
        assertThatThrownBy(() -> RasterFiles.open(f).close()).isInstanceOf(UserException.class)
                .hasMessageContaining("georeferencing of the world file nanworld.tfw is invalid");
        Path g = GeorefFixtures.plain(dir.resolve("zeropam.tif"));
        GeorefFixtures.auxXml(g, null, new AffineTransform(0, 0, 0, 0, 1, 1));
        assertThatThrownBy(() -> RasterFiles.open(g).close()).isInstanceOf(UserException.class)
                .hasMessageContaining("zeropam.tif.aux.xml is invalid");
        Path h = GeorefFixtures.pixelScale(dir.resolve("nantags.tif"), Double.NaN);
        assertThatThrownBy(() -> RasterFiles.open(h).close()).isInstanceOf(UserException.class)
                .hasMessageContaining("georeferencing of nantags.tif is invalid");
    }

    @Test
    void aCommonCodeInTheAuxXmlStaysLazy() throws Exception {
        Path f = GeorefFixtures.plain(dir.resolve("lazy.tif"));
        String wkt = "PROJCS[\"WGS 84 / UTM zone 33N\",GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,"
                + "298.257223563]],PRIMEM[\"Greenwich\",0],UNIT[\"degree\",0.0174532925199433]],PROJECTION[\"Transverse_Mercator\"],"
                + "PARAMETER[\"latitude_of_origin\",0],PARAMETER[\"central_meridian\",15],PARAMETER[\"scale_factor\",0.9996],"
                + "PARAMETER[\"false_easting\",500000],PARAMETER[\"false_northing\",0],UNIT[\"metre\",1],AUTHORITY[\"EPSG\",\"32633\"]]";
        GeorefFixtures.auxXml(f, wkt, GeorefFixtures.TRANSFORM);
        try (RasterSource r = RasterFiles.open(f)) {
            assertThat(r.grid().crsRef().epsg()).contains(32633);
            assertThat(r.grid().crsRef().isBuilt()).isFalse();
            assertThat(r.grid().crs().getName().getCode()).contains("UTM zone 33N");
        }
    }
}
