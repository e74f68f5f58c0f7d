package org.deepraster.raster;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.geom.AffineTransform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.deepraster.geo.Crs;
import org.deepraster.geo.CrsRef;
import org.deepraster.geo.GridGeometry;
import org.deepraster.raster.tiff.TiffFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opengis.referencing.crs.CoordinateReferenceSystem;

/**
 * A GeoTIFF that names its CRS by a common EPSG code is opened without building the CRS (which
 * boots the EPSG database); the CRS built later, the transform and what is written are the ones
 * Apache SIS gives.
 */
class LazyCrsTest {
    @TempDir
    Path dir;

    private Path write(String name, AffineTransform t, CoordinateReferenceSystem crs) throws Exception {
        Path f = dir.resolve(name);
        var o = GeoTiffWriter.Options.of(64, 48, 3, SampleType.UINT8).georeferenced(t, crs).withTileSize(32);
        try (GeoTiffWriter w = GeoTiffWriter.create(f, o)) {
            w.writeRows(new byte[64 * 48 * 3], 48);
        }
        return f;
    }

    @Test
    void aUtmRasterKeepsItsCodeAndBuildsTheSameCrsAsSisOnlyWhenAsked() throws Exception {
        AffineTransform t = new AffineTransform(0.3, 0, 0, -0.3, 500_000, 5_000_000);
        Path f = write("utm.tif", t, Crs.forEpsg(32633));
        try (RasterSource r = RasterFiles.open(f)) {
            GridGeometry g = r.grid();
            assertThat(g.hasCrs()).isTrue();
            assertThat(g.crsRef().isBuilt()).isFalse();
            assertThat(g.crsRef().epsg()).contains(32633);
            SisGeoreferencing.Result sis = SisGeoreferencing.read(f, new ArrayList<>());
            assertThat(g.gridToCrs()).isEqualTo(sis.gridToCrs());
            assertThat(g.crs()).isEqualTo(sis.crs());
            assertThat(g.crsRef().isBuilt()).isTrue();
        }
    }

    @Test
    void geographicAndRotatedGridsReadAsSisReadsThem() throws Exception {
        AffineTransform rotated = new AffineTransform(0.25, 0.1, 0.05, -0.25, 400_000, 6_000_000);
        Path utm = write("rotated.tif", rotated, Crs.forEpsg(32617));
        Path geo = write("wgs84.tif", new AffineTransform(1e-5, 0, 0, -1e-5, 13.4, 52.5), Crs.forEpsg(4326));
        for (Path f : List.of(utm, geo)) {
            try (TiffFile tf = TiffFile.open(f)) {
                var found = GeoKeyCodes.read(tf.ifds().get(0).directory());
                assertThat(found).as(f.toString()).isPresent();
                SisGeoreferencing.Result sis = SisGeoreferencing.read(f, new ArrayList<>());
                assertThat(found.get().gridToCrs()).isEqualTo(sis.gridToCrs());
                assertThat(found.get().geographic()).isEqualTo(Crs.isGeographic(sis.crs()));
                assertThat(GeoKeys.epsgCode(sis.crs())).contains(found.get().epsg());
            }
        }
    }

    @Test
    void aCrsWithoutACommonCodeIsReadBySis() throws Exception {
        // Lambert-93 is common; NTF (Paris) / Lambert zone II (27572) is not in the short list.
        Path f = write("ntf.tif", new AffineTransform(1, 0, 0, -1, 600_000, 2_400_000), Crs.forEpsg(27572));
        try (RasterSource r = RasterFiles.open(f)) {
            assertThat(r.grid().crsRef().isBuilt()).isTrue();
            assertThat(GeoKeys.epsgCode(r.grid().crs())).contains(27572);
        }
    }

    @Test
    void writingFromAnUnbuiltCrsWritesTheSameGeoKeysAsFromTheBuiltOne() throws Exception {
        AffineTransform t = new AffineTransform(0.5, 0, 0, -0.5, 300_000, 4_000_000);
        for (int code : new int[] {32633, 4326}) {
            Path built = write("built" + code + ".tif", t, Crs.forEpsg(code));
            Path copy = dir.resolve("copy" + code + ".tif");
            try (RasterSource r = RasterFiles.open(built)) {
                var o = GeoTiffWriter.Options.of(64, 48, 3, SampleType.UINT8).georeferenced(r.grid()).withTileSize(32);
                assertThat(o.crsRef().isBuilt()).isFalse();
                try (GeoTiffWriter w = GeoTiffWriter.create(copy, o)) {
                    w.writeRows(new byte[64 * 48 * 3], 48);
                }
                assertThat(o.crsRef().isBuilt()).as("writing needs the code only").isFalse();
            }
            try (TiffFile a = TiffFile.open(built); TiffFile b = TiffFile.open(copy)) {
                var da = a.ifds().get(0).directory();
                var db = b.ifds().get(0).directory();
                for (int tag : new int[] {34735, 33550, 33922}) {
                    assertThat(db.numbers(tag)).as("tag " + tag).isEqualTo(da.numbers(tag));
                    assertThat(db.doubles(tag)).as("tag " + tag).isEqualTo(da.doubles(tag));
                }
            }
        }
    }

    @Test
    void twoReferencesToOneCodeAreEqualUnbuilt() {
        CrsRef a = CrsRef.lazy(32633, false, () -> Crs.forEpsg(32633));
        CrsRef b = CrsRef.lazy(32633, false, () -> Crs.forEpsg(32633));
        CrsRef c = CrsRef.lazy(32634, false, () -> Crs.forEpsg(32634));
        assertThat(a).isEqualTo(b).isNotEqualTo(c);
        assertThat(a.isBuilt() || b.isBuilt() || c.isBuilt()).isFalse();
    }

    /** In a fresh JVM: open a UTM GeoTIFF and classify its pixels; no EPSG factory, no Derby is loaded. */
    @Test
    void classifyingAUtmRasterNeverLoadsTheEpsgDatabase() throws Exception {
        Path in = write("scene.tif", new AffineTransform(0.3, 0, 0, -0.3, 500_000, 5_000_000), Crs.forEpsg(32633));
        Path out = dir.resolve("classes.tif");
        Path classes = dir.resolve("classes.log");
        Path log = dir.resolve("child.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path model = Path.of("sample-models/landcover_classifier/landcover_classifier.emd").toAbsolutePath();
        Process p = new ProcessBuilder(java, "-Djava.awt.headless=true", "-Xlog:class+load=info:file=" + classes,
                "-cp", System.getProperty("java.class.path"), "org.deepraster.Main", "classify-pixels",
                "--in_raster", in.toString(), "--in_model_definition", model.toString(),
                "--out_classified_raster", out.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(log)).isZero();
        List<String> loaded;
        try (Stream<String> lines = Files.lines(classes)) {
            loaded = lines.filter(l -> l.contains("org.apache.derby.") || l.contains("factory.sql.EPSG")).toList();
        }
        assertThat(loaded).as("classes of the EPSG database loaded").isEmpty();
        // ... and the output names the input's CRS.
        try (RasterSource r = RasterFiles.open(out)) {
            assertThat(r.grid().crsRef().epsg()).contains(32633);
            assertThat(r.grid().gridToCrs()).isEqualTo(new AffineTransform(0.3, 0, 0, -0.3, 500_000, 5_000_000));
        }
    }
}
