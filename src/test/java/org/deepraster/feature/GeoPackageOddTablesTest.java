package org.deepraster.feature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.deepraster.geo.Crs;
import org.deepraster.util.UserException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.io.WKTReader;

/** One odd table of a GeoPackage does not take the file's other layers with it (issue 21). */
class GeoPackageOddTablesTest {

    static Path twoGoodLayers(Path dir) throws Exception {
        Path file = dir.resolve("odd.gpkg");
        for (String name : List.of("roads", "trees")) {
            FeatureSchema s = new FeatureSchema(name, GeometryKind.POINT, List.of(), Crs.forEpsg(32633));
            try (FeatureWriter w = FeatureWriters.create(file, s, name.equals("roads") ? WriteMode.CREATE : WriteMode.APPEND)) {
                w.write(List.of(new Feature(1, new WKTReader().read("POINT (500000 5000000)"), Map.of())));
            }
        }
        return file;
    }

    static void sql(Path file, String... statements) throws Exception {
        try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = conn.createStatement()) {
            for (String s : statements) {
                st.executeUpdate(s);
            }
        }
    }

    /** A feature table registered in gpkg_contents and gpkg_geometry_columns. */
    static String[] featureTable(String sqlName, String literal, int srs) {
        return new String[] {
            "CREATE TABLE " + sqlName + " (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom BLOB)",
            "INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) VALUES (" + literal + ", 'features', " + literal + ", " + srs + ")",
            "INSERT INTO gpkg_geometry_columns (table_name, column_name, geometry_type_name, srs_id, z, m) VALUES ("
                    + literal + ", 'geom', 'POINT', " + srs + ", 0, 0)"};
    }

    static void assertGoodLayersOpenAndBrokenNamed(Path file, String broken) throws Exception {
        List<FeatureCollection> layers = VectorFiles.open(file);
        assertThat(layers).extracting(c -> c.schema().name()).contains("roads", "trees");
        assertThat(layers.stream().filter(c -> c.schema().name().equals("roads")).findFirst().orElseThrow().size()).isEqualTo(1);
        assertThat(layers.stream().flatMap(c -> c.warnings().stream()))
                .anySatisfy(w -> assertThat(w).contains(broken).contains("could not be read"));
    }

    @Test
    void aTableNamedInContentsButMissingIsNamedAndTheOthersOpen(@TempDir Path dir) throws Exception {
        Path file = twoGoodLayers(dir);
        sql(file, "INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) VALUES ('ghost', 'features', 'ghost', 32633)",
                "INSERT INTO gpkg_geometry_columns (table_name, column_name, geometry_type_name, srs_id, z, m)"
                        + " VALUES ('ghost', 'geom', 'POINT', 32633, 0, 0)");
        assertGoodLayersOpenAndBrokenNamed(file, "ghost");
    }

    @Test
    void aQuoteInATableNameIsReadOrNamed(@TempDir Path dir) throws Exception {
        Path file = twoGoodLayers(dir);
        sql(file, featureTable("\"it's \"\"odd\"\"\"", "'it''s \"odd\"'", 32633));
        List<FeatureCollection> layers = VectorFiles.open(file);
        assertThat(layers).extracting(c -> c.schema().name()).contains("roads", "trees");
        if (layers.size() == 2) {
            assertThat(layers.get(0).warnings()).anySatisfy(w -> assertThat(w).contains("it's \"odd\"").contains("could not be read"));
        }
    }

    @Test
    void anUndefinedSrsOpensWithoutCrsAndTheOthersOpen(@TempDir Path dir) throws Exception {
        Path file = twoGoodLayers(dir);
        sql(file, featureTable("nosrs", "'nosrs'", 99999));
        List<FeatureCollection> layers = VectorFiles.open(file);
        assertThat(layers).extracting(c -> c.schema().name()).contains("roads", "trees");
        assertThat(layers.stream().flatMap(c -> c.warnings().stream())).anySatisfy(w -> assertThat(w).contains("nosrs"));
        // the layer itself opens, without a CRS, and says why
        FeatureCollection odd = layers.stream().filter(c -> c.schema().name().equals("nosrs")).findFirst().orElseThrow();
        assertThat(odd.schema().crs()).isNull();
        assertThat(odd.warnings()).anySatisfy(w -> assertThat(w).contains("opened without a coordinate reference system"));
    }

    @Test
    void aBrokenSrsDefinitionOpensWithoutCrsAndTheOthersOpen(@TempDir Path dir) throws Exception {
        Path file = twoGoodLayers(dir);
        sql(file, "INSERT INTO gpkg_spatial_ref_sys (srs_name, srs_id, organization, organization_coordsys_id, definition)"
                + " VALUES ('broken', 77777, 'NONE', 77777, 'PROJCS[\"half')");
        sql(file, featureTable("badsrs", "'badsrs'", 77777));
        List<FeatureCollection> layers = VectorFiles.open(file);
        assertThat(layers).extracting(c -> c.schema().name()).contains("roads", "trees");
        assertThat(layers.stream().flatMap(c -> c.warnings().stream())).anySatisfy(w -> assertThat(w).contains("badsrs"));
        // the layer itself opens, without a CRS, and says why
        FeatureCollection odd = layers.stream().filter(c -> c.schema().name().equals("badsrs")).findFirst().orElseThrow();
        assertThat(odd.schema().crs()).isNull();
        assertThat(odd.warnings()).anySatisfy(w -> assertThat(w).contains("opened without a coordinate reference system"));
    }

    @Test
    void whenEveryTableIsBrokenTheErrorNamesThem(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ghosts.gpkg");
        mil.nga.geopackage.GeoPackageManager.create(file.toFile());
        try (mil.nga.geopackage.GeoPackage gp = mil.nga.geopackage.GeoPackageManager.open(file.toFile())) {
            gp.createGeometryColumnsTable();
        }
        sql(file, "INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) VALUES ('ghost', 'features', 'ghost', 4326)",
                "INSERT INTO gpkg_geometry_columns (table_name, column_name, geometry_type_name, srs_id, z, m)"
                        + " VALUES ('ghost', 'geom', 'POINT', 4326, 0, 0)");
        assertThatThrownBy(() -> VectorFiles.open(file)).isInstanceOf(UserException.class)
                .hasMessageContaining("ghosts.gpkg").hasMessageContaining("ghost");
    }
}
