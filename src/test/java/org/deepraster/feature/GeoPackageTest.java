package org.deepraster.feature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mil.nga.geopackage.GeoPackage;
import mil.nga.geopackage.GeoPackageManager;
import mil.nga.geopackage.db.GeoPackageDataType;
import mil.nga.geopackage.db.TableColumnKey;
import mil.nga.geopackage.features.columns.GeometryColumns;
import mil.nga.geopackage.features.user.FeatureColumn;
import mil.nga.geopackage.features.user.FeatureDao;
import mil.nga.geopackage.features.user.FeatureRow;
import mil.nga.geopackage.features.user.FeatureTableMetadata;
import mil.nga.geopackage.geom.GeoPackageGeometryData;
import mil.nga.sf.GeometryType;
import org.deepraster.geo.Crs;
import org.deepraster.util.UserException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.WKTReader;

class GeoPackageTest {
    static final List<Field> FIELDS = List.of(new Field("name", FieldType.STRING), new Field("count", FieldType.INTEGER),
            new Field("score", FieldType.REAL), new Field("ok", FieldType.BOOLEAN), new Field("day", FieldType.DATE),
            new Field("at", FieldType.DATETIME));

    static List<Feature> sample(double x0, double y0) throws Exception {
        WKTReader r = new WKTReader();
        List<Feature> fs = new ArrayList<>();
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("name", "Zürich \"quoted\", comma");
        a.put("count", 42L);
        a.put("score", 0.125);
        a.put("ok", true);
        a.put("day", LocalDate.of(2024, 2, 29));
        a.put("at", Instant.parse("2024-02-29T12:34:56Z"));
        fs.add(new Feature(1, r.read(String.format(java.util.Locale.ROOT,
                "POLYGON ((%1$f %2$f, %3$f %2$f, %3$f %4$f, %1$f %4$f, %1$f %2$f), (%5$f %6$f, %5$f %7$f, %8$f %7$f, %8$f %6$f, %5$f %6$f))",
                x0, y0, x0 + 100, y0 + 100, x0 + 10, y0 + 10, y0 + 20, x0 + 20)), a));
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("name", null);
        b.put("count", -1L);
        b.put("score", null);
        b.put("ok", false);
        b.put("day", null);
        b.put("at", null);
        fs.add(new Feature(2, r.read(String.format(java.util.Locale.ROOT,
                "POLYGON ((%1$f %2$f, %3$f %2$f, %3$f %4$f, %1$f %2$f))", x0 + 200, y0, x0 + 300, y0 + 50)), b));
        fs.add(new Feature(3, null, b));
        return fs;
    }

    @ParameterizedTest
    @ValueSource(ints = {32633, 2056})
    void roundTripKeepsGeometriesAttributesAndCrs(int epsg, @TempDir Path dir) throws Exception {
        Path out = dir.resolve("out.gpkg");
        double x0 = epsg == 2056 ? 2_600_000 : 500_000;
        double y0 = epsg == 2056 ? 1_200_000 : 5_000_000;
        List<Feature> fs = sample(x0, y0);
        FeatureSchema schema = new FeatureSchema("parcels", GeometryKind.POLYGON, FIELDS, Crs.forEpsg(epsg));
        try (FeatureWriter w = FeatureWriters.create(out, schema, WriteMode.CREATE)) {
            w.write(fs.subList(0, 2));
            w.write(fs.subList(2, 3));
            assertThat(w.count()).isEqualTo(3);
        }
        assertThat(VectorFiles.isVector(out)).isTrue();
        List<FeatureCollection> layers = VectorFiles.open(out);
        assertThat(layers).hasSize(1);
        FeatureCollection c = layers.get(0);
        assertThat(c.schema().name()).isEqualTo("parcels");
        assertThat(Crs.epsgCode(c.schema().crs())).contains(epsg);
        assertThat(c.schema().geometryKind()).isEqualTo(GeometryKind.POLYGON);
        assertThat(c.schema().fields()).isEqualTo(FIELDS);
        assertThat(c.warnings()).isEmpty();
        assertThat(c.size()).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            Feature expected = fs.get(i);
            Feature got = c.features().get(i);
            if (expected.geometry() == null) {
                assertThat(got.geometry()).isNull();
            } else {
                assertThat(got.geometry().equalsExact(expected.geometry())).as("geometry %d", i).isTrue();
            }
            assertThat(got.attributes()).isEqualTo(expected.attributes());
        }
        assertThat(((org.locationtech.jts.geom.Polygon) c.features().get(0).geometry()).getNumInteriorRing()).isEqualTo(1);

        try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + out); Statement st = conn.createStatement()) {
            ResultSet rs = st.executeQuery("SELECT geometry_type_name, srs_id FROM gpkg_geometry_columns WHERE table_name='parcels'");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("POLYGON");
            assertThat(rs.getInt(2)).isEqualTo(epsg);
            rs = st.executeQuery("SELECT organization, organization_coordsys_id, definition FROM gpkg_spatial_ref_sys WHERE srs_id=" + epsg);
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("EPSG");
            assertThat(rs.getString(3)).startsWith("PROJCS[");
            rs = st.executeQuery("SELECT count(*) FROM rtree_parcels_geom");
            assertThat(rs.getInt(1)).isEqualTo(2);
            rs = st.executeQuery("SELECT min_x, max_x FROM gpkg_contents WHERE table_name='parcels'");
            assertThat(rs.getDouble(1)).isEqualTo(x0);
            assertThat(rs.getDouble(2)).isEqualTo(x0 + 300);
            rs = st.executeQuery("SELECT count(*) FROM gpkg_extensions WHERE table_name='parcels' AND extension_name='gpkg_rtree_index'");
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
    }

    @Test
    void existingTableNeedsOverwriteOrAppend(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out.gpkg");
        FeatureSchema schema = new FeatureSchema("parcels", GeometryKind.POLYGON, FIELDS, Crs.forEpsg(32633));
        List<Feature> fs = sample(500_000, 5_000_000);
        try (FeatureWriter w = FeatureWriters.create(out, schema, WriteMode.CREATE)) {
            w.write(fs);
        }
        assertThatThrownBy(() -> FeatureWriters.create(out, schema, WriteMode.CREATE))
                .isInstanceOf(UserException.class).hasMessageContaining("parcels");
        try (FeatureWriter w = FeatureWriters.create(out, schema, WriteMode.APPEND)) {
            w.write(fs.subList(0, 1));
        }
        assertThat(VectorFiles.open(out).get(0).size()).isEqualTo(4);
        // the appended row is in the spatial index (triggers ran)
        try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + out); Statement st = conn.createStatement()) {
            assertThat(st.executeQuery("SELECT count(*) FROM rtree_parcels_geom").getInt(1)).isEqualTo(3);
        }
        try (FeatureWriter w = FeatureWriters.create(out, schema, WriteMode.OVERWRITE)) {
            w.write(fs.subList(0, 1));
        }
        assertThat(VectorFiles.open(out).get(0).size()).isEqualTo(1);
        // a second table in the same file
        FeatureSchema other = new FeatureSchema("points", GeometryKind.POINT, List.of(), null);
        try (FeatureWriter w = FeatureWriters.create(out, other, WriteMode.CREATE)) {
            w.write(List.of(new Feature(1, new WKTReader().read("POINT (1 2)"), Map.of()),
                    new Feature(2, new WKTReader().read("MULTIPOINT ((1 2), (3 4))"), Map.of())));
        }
        List<FeatureCollection> layers = VectorFiles.open(out);
        assertThat(layers).extracting(l -> l.schema().name()).containsExactlyInAnyOrder("parcels", "points");
        FeatureCollection pts = layers.stream().filter(l -> l.schema().name().equals("points")).findFirst().orElseThrow();
        assertThat(pts.schema().crs()).isNull();
        assertThat(pts.warnings()).isNotEmpty();
        try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + out); Statement st = conn.createStatement()) {
            assertThat(st.executeQuery("SELECT geometry_type_name FROM gpkg_geometry_columns WHERE table_name='points'")
                    .getString(1)).isEqualTo("GEOMETRY");
        }
    }

    @Test
    void readsAGeoPackageWrittenWithTheNgaApi(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("nga.gpkg");
        GeoPackageManager.create(file.toFile());
        try (GeoPackage gp = GeoPackageManager.open(file.toFile())) {
            gp.getSpatialReferenceSystemDao().getOrCreateCode("EPSG", 4326);
            GeometryColumns gc = new GeometryColumns();
            gc.setId(new TableColumnKey("cities", "the_geom"));
            gc.setGeometryType(GeometryType.POINT);
            gc.setSrsId(4326);
            gc.setZ((byte) 0);
            gc.setM((byte) 0);
            gp.createFeatureTable(FeatureTableMetadata.create(gc, "id", List.of(
                    FeatureColumn.createColumn("label", GeoPackageDataType.TEXT),
                    FeatureColumn.createColumn("pop", GeoPackageDataType.MEDIUMINT),
                    FeatureColumn.createColumn("capital", GeoPackageDataType.BOOLEAN))));
            FeatureDao dao = gp.getFeatureDao("cities");
            FeatureRow row = dao.newRow();
            row.setGeometry(GeoPackageGeometryData.create(4326, new mil.nga.sf.Point(8.54, 47.37)));
            row.setValue("label", "Zürich");
            row.setValue("pop", 421_878);
            row.setValue("capital", false);
            dao.create(row);
        }
        FeatureCollection c = VectorFiles.open(file).get(0);
        assertThat(c.schema().name()).isEqualTo("cities");
        assertThat(c.schema().geometryKind()).isEqualTo(GeometryKind.POINT);
        assertThat(Crs.epsgCode(c.schema().crs())).contains(4326);
        Feature f = c.features().get(0);
        assertThat(f.geometry().getCoordinate().x).isEqualTo(8.54);
        assertThat(f.geometry().getCoordinate().y).isEqualTo(47.37);
        assertThat(f.attributes()).containsEntry("label", "Zürich").containsEntry("pop", 421_878L)
                .containsEntry("capital", false);
    }

    @Test
    void emptyGeoPackageIsAClearError(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("empty.gpkg");
        GeoPackageManager.create(file.toFile());
        assertThat(VectorFiles.isVector(file)).isTrue();
        assertThatThrownBy(() -> VectorFiles.open(file)).isInstanceOf(UserException.class)
                .hasMessageContaining("empty.gpkg").hasMessageContaining("no feature tables");
    }

    @Test
    void tilesOnlyGeoPackageIsNotAVectorFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tiles.gpkg");
        GeoPackageManager.create(file.toFile());
        try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = conn.createStatement()) {
            st.executeUpdate("CREATE TABLE ortho (id INTEGER PRIMARY KEY AUTOINCREMENT, zoom_level INTEGER, tile_column INTEGER,"
                    + " tile_row INTEGER, tile_data BLOB)");
            st.executeUpdate("INSERT INTO gpkg_contents (table_name, data_type, srs_id) VALUES ('ortho', 'tiles', 4326)");
        }
        assertThat(VectorFiles.isVector(file)).isFalse();
    }

    @Test
    void fileThatIsNotAGeoPackage(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("fake.gpkg");
        Files.write(file, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        assertThat(VectorFiles.isVector(file)).isFalse();
        assertThatThrownBy(() -> VectorFiles.open(file)).isInstanceOf(UserException.class)
                .hasMessageContaining("fake.gpkg").hasMessageContaining("not a GeoPackage");
        FeatureSchema schema = new FeatureSchema("t", GeometryKind.POINT, List.of(), null);
        assertThatThrownBy(() -> FeatureWriters.create(file, schema, WriteMode.APPEND))
                .isInstanceOf(UserException.class).hasMessageContaining("not a GeoPackage");
    }

    @Test
    void crsWithoutEpsgCodeGetsItsOwnSrsRow(@TempDir Path dir) throws Exception {
        String wkt = "PROJCS[\"My local TM\",GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,298.257223563]],"
                + "PRIMEM[\"Greenwich\",0],UNIT[\"degree\",0.0174532925199433]],PROJECTION[\"Transverse_Mercator\"],"
                + "PARAMETER[\"latitude_of_origin\",0],PARAMETER[\"central_meridian\",7.3],PARAMETER[\"scale_factor\",1],"
                + "PARAMETER[\"false_easting\",1000],PARAMETER[\"false_northing\",2000],UNIT[\"metre\",1]]";
        var crs = Crs.fromWkt(wkt);
        Path out = dir.resolve("local.gpkg");
        try (FeatureWriter w = FeatureWriters.create(out, new FeatureSchema("t", GeometryKind.POINT, List.of(), crs), WriteMode.CREATE)) {
            w.write(List.of(new Feature(1, new WKTReader().read("POINT (1000 2000)"), Map.of())));
        }
        FeatureCollection c = VectorFiles.open(out).get(0);
        assertThat(c.schema().crs()).isNotNull();
        assertThat(Crs.same(org.deepraster.geo.Reprojector.xy(c.schema().crs()), org.deepraster.geo.Reprojector.xy(crs))).isTrue();
        Geometry g = c.features().get(0).geometry();
        assertThat(g.getCoordinate().x).isEqualTo(1000.0);
    }
}
