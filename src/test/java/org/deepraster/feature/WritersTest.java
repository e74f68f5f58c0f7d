package org.deepraster.feature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deepraster.geo.Crs;
import org.deepraster.util.UserException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.io.WKTReader;

class WritersTest {

    @Test
    void shapefileRoundTrip(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("parcels.shp");
        FeatureSchema schema = new FeatureSchema("parcels", GeometryKind.POLYGON, GeoPackageTest.FIELDS, Crs.forEpsg(32633));
        List<Feature> fs = GeoPackageTest.sample(500_000, 5_000_000);
        try (FeatureWriter w = FeatureWriters.create(out, schema, WriteMode.CREATE)) {
            w.write(fs);
        }
        assertThat(dir.resolve("parcels.shx")).exists();
        assertThat(dir.resolve("parcels.cpg")).hasContent("UTF-8");
        FeatureCollection c = VectorFiles.open(out).get(0);
        assertThat(c.warnings()).isEmpty();
        assertThat(Crs.epsgCode(c.schema().crs())).contains(32633);
        assertThat(c.size()).isEqualTo(3);
        for (int i = 0; i < 2; i++) {
            assertThat(c.features().get(i).geometry().norm().equalsExact(fs.get(i).geometry().norm())).isTrue();
        }
        assertThat(((Polygon) c.features().get(0).geometry()).getNumInteriorRing()).isEqualTo(1);
        assertThat(c.features().get(2).geometry()).isNull();
        Feature f = c.features().get(0);
        assertThat(f.get("name")).isEqualTo("Zürich \"quoted\", comma");
        assertThat(f.get("count")).isEqualTo(42L);
        assertThat(f.get("score")).isEqualTo(0.125);
        assertThat(f.get("ok")).isEqualTo(true);
        assertThat(f.get("day")).isEqualTo(java.time.LocalDate.of(2024, 2, 29));
        assertThat(f.get("at")).isEqualTo("2024-02-29T12:34:56Z");
        // a .dbf cannot tell a null text from an empty one: both read back as ""
        assertThat(c.features().get(1).get("name")).isEqualTo("");
        assertThat(c.features().get(1).get("score")).isNull();
        assertThat(c.features().get(1).get("count")).isEqualTo(-1L);
        // the .shx holds one 8-byte entry per record
        assertThat(Files.size(dir.resolve("parcels.shx"))).isEqualTo(100 + 8 * 3);
    }

    @Test
    void shapefileRejectsASecondShapeType(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("pts.shp");
        FeatureSchema schema = new FeatureSchema("pts", GeometryKind.MIXED, List.of(), null);
        try (FeatureWriter w = FeatureWriters.create(out, schema, WriteMode.CREATE)) {
            w.write(List.of(new Feature(1, new WKTReader().read("POINT (1 2)"), Map.of())));
            assertThatThrownBy(() -> w.write(List.of(new Feature(2, new WKTReader().read("LINESTRING (0 0, 1 1)"), Map.of()))))
                    .isInstanceOf(UserException.class).hasMessageContaining("one shape type");
        }
        FeatureCollection c = VectorFiles.open(out).get(0);
        assertThat(c.size()).isEqualTo(1);
        assertThat(c.schema().crs()).isNull();
    }

    @Test
    void csvHasWktAndQuotedValues(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out.csv");
        FeatureSchema schema = new FeatureSchema("t", GeometryKind.POLYGON, GeoPackageTest.FIELDS, Crs.forEpsg(32633));
        try (FeatureWriter w = FeatureWriters.create(out, schema, WriteMode.CREATE)) {
            w.write(GeoPackageTest.sample(0, 0).subList(0, 1));
        }
        List<String> lines = Files.readAllLines(out);
        assertThat(lines.get(0)).isEqualTo("WKT,name,count,score,ok,day,at");
        assertThat(lines.get(1)).startsWith("\"POLYGON ((0 0, 100 0,").contains(",\"Zürich \"\"quoted\"\", comma\",42,0.125,true,2024-02-29,2024-02-29T12:34:56Z");
        assertThatThrownBy(() -> FeatureWriters.create(out, schema, WriteMode.CREATE)).isInstanceOf(UserException.class);
        assertThatThrownBy(() -> FeatureWriters.create(out, schema, WriteMode.APPEND)).isInstanceOf(UserException.class)
                .hasMessageContaining("GeoPackage");
        assertThatThrownBy(() -> FeatureWriters.create(dir.resolve("x.kml"), schema, WriteMode.CREATE))
                .isInstanceOf(UserException.class).hasMessageContaining(".kml");
    }
}
