package org.deepraster.feature;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.deepraster.geo.Crs;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Opens the shared sample files when they are present (skipped otherwise; never copied into the repo). */
class RealFilesTest {
    /** From the main checkout (/work/main) or from a worktree one level deeper (/work/wt/NAME). */
    static final Path DATA = Files.isDirectory(Path.of("..", "shared", "data", "imagery"))
            ? Path.of("..", "shared", "data", "imagery") : Path.of("..", "..", "shared", "data", "imagery");

    @ParameterizedTest
    @CsvSource({
        "debian/nc.shp, 100, POLYGON, 4267",
        "debian/olinda1.shp, 470, POLYGON, -1",
        "debian/buildings.gpkg, 158, POLYGON, -1",
        "debian/nc.gpkg, 100, POLYGON, 4267",
        "deepforest/australia.shp, 1, POLYGON, 32753",
        "solaris/geotiff_labels.geojson, 43, POLYGON, 32616"})
    void opens(String name, int count, GeometryKind kind, int epsg) throws Exception {
        Path file = DATA.resolve(name);
        Assumptions.assumeTrue(Files.isRegularFile(file), "sample data not present: " + file);
        assertThat(VectorFiles.isVector(file)).isTrue();
        List<FeatureCollection> layers = VectorFiles.open(file);
        assertThat(layers).hasSize(1);
        FeatureCollection c = layers.get(0);
        assertThat(c.size()).isEqualTo(count);
        assertThat(c.schema().geometryKind()).isEqualTo(kind);
        assertThat(c.schema().crs()).isNotNull();
        if (epsg > 0) {
            assertThat(Crs.epsgCode(c.schema().crs())).contains(epsg);
        }
        assertThat(c.features()).allMatch(f -> f.geometry() != null && f.geometry().isValid());
        assertThat(c.envelope().isNull()).isFalse();
        FeatureIndex idx = new FeatureIndex(c);
        var first = c.features().get(0).geometry().getInteriorPoint().getCoordinate();
        assertThat(idx.nearest(first, 0)).isPresent();
    }

    @ParameterizedTest
    @CsvSource({"debian/nc.shp, out.gpkg", "debian/nc.shp, out.shp", "debian/olinda1.shp, out.gpkg",
        "solaris/geotiff_labels.geojson, out.shp", "debian/buildings.gpkg, out.gpkg"})
    void roundTripsThroughAWriter(String name, String outName, @TempDir Path dir) throws Exception {
        Path file = DATA.resolve(name);
        Assumptions.assumeTrue(Files.isRegularFile(file), "sample data not present: " + file);
        FeatureCollection in = VectorFiles.open(file).get(0);
        Path out = dir.resolve(outName);
        try (FeatureWriter w = FeatureWriters.create(out, in.schema(), WriteMode.CREATE)) {
            w.write(in.features());
        }
        FeatureCollection back = VectorFiles.open(out).get(0);
        assertThat(back.size()).isEqualTo(in.size());
        assertThat(Crs.same(back.schema().crs(), in.schema().crs())
                || Crs.epsgCode(back.schema().crs()).equals(Crs.epsgCode(in.schema().crs()))).isTrue();
        for (int i = 0; i < in.size(); i++) {
            assertThat(back.features().get(i).geometry().getArea())
                    .isCloseTo(in.features().get(i).geometry().getArea(), org.assertj.core.api.Assertions.within(1e-9));
        }
        assertThat(back.features().get(0).attributes().keySet()).hasSameSizeAs(in.features().get(0).attributes().keySet());
    }
}
