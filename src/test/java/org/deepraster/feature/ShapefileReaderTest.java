package org.deepraster.feature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.deepraster.geo.Crs;
import org.deepraster.util.UserException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

class ShapefileReaderTest {
    static final String UTM33_ESRI = "PROJCS[\"WGS_1984_UTM_Zone_33N\",GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\","
            + "SPHEROID[\"WGS_1984\",6378137.0,298.257223563]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]],"
            + "PROJECTION[\"Transverse_Mercator\"],PARAMETER[\"False_Easting\",500000.0],PARAMETER[\"False_Northing\",0.0],"
            + "PARAMETER[\"Central_Meridian\",15.0],PARAMETER[\"Scale_Factor\",0.9996],PARAMETER[\"Latitude_Of_Origin\",0.0],"
            + "UNIT[\"Meter\",1.0]]";

    // shell clockwise (ESRI), hole counter-clockwise
    static final double[] SHELL = {0, 0, 0, 10, 10, 10, 10, 0, 0, 0};
    static final double[] HOLE = {2, 2, 4, 2, 4, 4, 2, 4, 2, 2};
    static final double[] SHELL2 = {20, 0, 20, 5, 25, 5, 25, 0, 20, 0};

    static final Object[][] FIELDS = {{"NAME", "C", 12, 0}, {"COUNT", "N", 9, 0}, {"AREA", "N", 12, 3},
        {"RATIO", "F", 10, 4}, {"OK", "L", 1, 0}, {"DAY", "D", 8, 0}};

    private Path polygons(Path dir) throws Exception {
        ShpFixture shp = new ShpFixture(5)
                .parts(5, new double[][] {SHELL, HOLE}, null, null)
                .parts(5, new double[][] {SHELL, HOLE, SHELL2}, null, null)
                .nullShape();
        Path file = shp.writeShp(dir, "parcels");
        ShpFixture.writeDbf(dir.resolve("parcels.dbf"), FIELDS, new String[][] {
            {"Zürich", "42", "96.000", "0.5", "T", "20240131"},
            {"Genève", "", "121.5", "1.25e-1", "F", "        "},
            {"null", "-7", "*****", "", "?", "20000101"}}, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("parcels.cpg"), "UTF-8");
        Files.writeString(dir.resolve("parcels.prj"), UTM33_ESRI);
        return file;
    }

    @Test
    void readsPolygonsWithHolesAttributesAndEsriPrj(@TempDir Path dir) throws Exception {
        List<FeatureCollection> layers = VectorFiles.open(polygons(dir));
        assertThat(layers).hasSize(1);
        FeatureCollection c = layers.get(0);
        assertThat(c.schema().name()).isEqualTo("parcels");
        assertThat(c.schema().geometryKind()).isEqualTo(GeometryKind.POLYGON);
        assertThat(Crs.epsgCode(c.schema().crs())).contains(32633);
        assertThat(c.warnings()).isEmpty();
        assertThat(c.schema().fields()).extracting(Field::type).containsExactly(FieldType.STRING, FieldType.INTEGER,
                FieldType.REAL, FieldType.REAL, FieldType.BOOLEAN, FieldType.DATE);
        assertThat(c.size()).isEqualTo(3);

        Polygon p = (Polygon) c.features().get(0).geometry();
        assertThat(p.getNumInteriorRing()).isEqualTo(1);
        assertThat(p.getArea()).isEqualTo(96.0);
        MultiPolygon mp = (MultiPolygon) c.features().get(1).geometry();
        assertThat(mp.getNumGeometries()).isEqualTo(2);
        assertThat(mp.getArea()).isEqualTo(96.0 + 25.0);
        assertThat(c.features().get(2).geometry()).isNull();

        Feature f = c.features().get(0);
        assertThat(f.get("NAME")).isEqualTo("Zürich");
        assertThat(f.get("COUNT")).isEqualTo(42L);
        assertThat(f.get("AREA")).isEqualTo(96.0);
        assertThat(f.get("RATIO")).isEqualTo(0.5);
        assertThat(f.get("OK")).isEqualTo(true);
        assertThat(f.get("DAY")).isEqualTo(LocalDate.of(2024, 1, 31));
        Feature g = c.features().get(1);
        assertThat(g.get("NAME")).isEqualTo("Genève");
        assertThat(g.get("COUNT")).isNull();
        assertThat(g.get("RATIO")).isEqualTo(0.125);
        assertThat(g.get("OK")).isEqualTo(false);
        assertThat(g.get("DAY")).isNull();
        Feature h = c.features().get(2);
        assertThat(h.get("AREA")).isNull();
        assertThat(h.get("OK")).isNull();
        assertThat(h.get("COUNT")).isEqualTo(-7L);
    }

    @Test
    void holeOfTheSecondShellGoesToTheShellThatContainsIt(@TempDir Path dir) throws Exception {
        double[] hole2 = {21, 1, 22, 1, 22, 2, 21, 2, 21, 1}; // counter-clockwise, inside SHELL2
        ShpFixture shp = new ShpFixture(5).parts(5, new double[][] {SHELL, SHELL2, hole2, HOLE}, null, null);
        Path file = shp.writeShp(dir, "two");
        ShpFixture.writeDbf(dir.resolve("two.dbf"), new Object[][] {{"ID", "N", 4, 0}}, new String[][] {{"1"}},
                StandardCharsets.US_ASCII);
        MultiPolygon mp = (MultiPolygon) VectorFiles.open(file).get(0).features().get(0).geometry();
        assertThat(mp.isValid()).isTrue();
        Polygon a = (Polygon) mp.getGeometryN(0);
        Polygon b = (Polygon) mp.getGeometryN(1);
        assertThat(a.getNumInteriorRing()).isEqualTo(1);
        assertThat(a.getArea()).isEqualTo(96.0);
        assertThat(b.getNumInteriorRing()).isEqualTo(1);
        assertThat(b.getArea()).isEqualTo(24.0);
    }

    @Test
    void readsZAndMVariants(@TempDir Path dir) throws Exception {
        // PolygonZ with M
        ShpFixture z = new ShpFixture(15).parts(15, new double[][] {SHELL}, new double[][] {{1, 2, 3, 4, 1}},
                new double[][] {{5, 6, 7, 8, 5}});
        Path zf = z.writeShp(dir, "pz");
        ShpFixture.writeDbf(dir.resolve("pz.dbf"), new Object[][] {{"ID", "N", 4, 0}}, new String[][] {{"1"}},
                StandardCharsets.US_ASCII);
        Polygon pz = (Polygon) VectorFiles.open(zf).get(0).features().get(0).geometry();
        assertThat(pz.getExteriorRing().getCoordinateN(2).getZ()).isEqualTo(3.0);
        assertThat(pz.getExteriorRing().getCoordinateN(2).getM()).isEqualTo(7.0);

        // PolyLineM, one M value is "no data"
        ShpFixture m = new ShpFixture(23).parts(23, new double[][] {{0, 0, 1, 1, 2, 0}}, null,
                new double[][] {{10, -1e39, 30}});
        Path mf = m.writeShp(dir, "lm");
        ShpFixture.writeDbf(dir.resolve("lm.dbf"), new Object[][] {{"ID", "N", 4, 0}}, new String[][] {{"1"}},
                StandardCharsets.US_ASCII);
        FeatureCollection lc = VectorFiles.open(mf).get(0);
        assertThat(lc.schema().geometryKind()).isEqualTo(GeometryKind.LINE);
        LineString l = (LineString) lc.features().get(0).geometry();
        assertThat(l.getCoordinateSequence().getM(0)).isEqualTo(10.0);
        assertThat(l.getCoordinateSequence().getM(1)).isNaN();
        assertThat(l.getCoordinateSequence().getM(2)).isEqualTo(30.0);

        // PointZ
        ShpFixture p = new ShpFixture(11).pointZ(1, 2, 3, 4);
        Path pf = p.writeShp(dir, "ptz");
        ShpFixture.writeDbf(dir.resolve("ptz.dbf"), new Object[][] {{"ID", "N", 4, 0}}, new String[][] {{"1"}},
                StandardCharsets.US_ASCII);
        Point pt = (Point) VectorFiles.open(pf).get(0).features().get(0).geometry();
        assertThat(pt.getCoordinate().getZ()).isEqualTo(3.0);
        assertThat(pt.getCoordinateSequence().getM(0)).isEqualTo(4.0);
    }

    @Test
    void missingPrjIsAWarningAndMissingShxIsTolerated(@TempDir Path dir) throws Exception {
        Path file = polygons(dir);
        Files.delete(dir.resolve("parcels.prj"));
        Files.delete(dir.resolve("parcels.shx"));
        FeatureCollection c = VectorFiles.open(file).get(0);
        assertThat(c.schema().crs()).isNull();
        assertThat(c.warnings()).anyMatch(w -> w.contains(".prj")).anyMatch(w -> w.contains(".shx"));
        assertThat(c.size()).isEqualTo(3);
    }

    @Test
    void unreadablePrjIsAWarning(@TempDir Path dir) throws Exception {
        Path file = polygons(dir);
        Files.writeString(dir.resolve("parcels.prj"), "PROJCS[\"nonsense\",GEOGCS[");
        FeatureCollection c = VectorFiles.open(file).get(0);
        assertThat(c.schema().crs()).isNull();
        assertThat(c.warnings()).anyMatch(w -> w.contains("parcels.prj"));
    }

    @Test
    void missingDbfIsAClearError(@TempDir Path dir) throws Exception {
        Path file = polygons(dir);
        Files.delete(dir.resolve("parcels.dbf"));
        assertThatThrownBy(() -> VectorFiles.open(file)).isInstanceOf(UserException.class)
                .hasMessageContaining("parcels.dbf");
    }

    @Test
    void truncatedShpIsAClearError(@TempDir Path dir) throws Exception {
        Path file = polygons(dir);
        byte[] all = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(all, all.length - 30));
        assertThatThrownBy(() -> VectorFiles.open(file)).isInstanceOf(UserException.class)
                .hasMessageContaining("truncated").hasMessageContaining("parcels.shp");
        Files.write(file, Arrays.copyOf(all, 60));
        assertThatThrownBy(() -> VectorFiles.open(file)).isInstanceOf(UserException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void truncatedDbfKeepsEveryShapeAndSaysHowManyRecordsAreMissing(@TempDir Path dir) throws Exception {
        Path file = polygons(dir);
        Path dbf = dir.resolve("parcels.dbf");
        byte[] all = Files.readAllBytes(dbf);
        Files.write(dbf, Arrays.copyOf(all, all.length - 60)); // the last record and a part of the one before
        FeatureCollection c = VectorFiles.open(file).get(0);
        assertThat(c.size()).isEqualTo(3);
        assertThat(c.features().get(0).get("NAME")).isEqualTo("Zürich");
        assertThat(c.features().get(2).attributes()).containsKey("NAME").containsEntry("NAME", null);
        assertThat(c.warnings()).anySatisfy(w -> assertThat(w).contains("parcels.dbf is truncated: 2 of 3 records are missing"))
                .anySatisfy(w -> assertThat(w).contains("3 shapes but the .dbf only 1 records; 2 features were read with empty"));
    }

    @Test
    void fileThatIsNotAShapefile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("fake.shp");
        Files.writeString(file, "this is a text file\n");
        assertThat(VectorFiles.isVector(file)).isFalse();
        assertThatThrownBy(() -> VectorFiles.open(file)).isInstanceOf(UserException.class)
                .hasMessageContaining("fake.shp").hasMessageContaining("not a shapefile");
    }

    @Test
    void latin1WithoutCpgFallsBackPerValue(@TempDir Path dir) throws Exception {
        Path file = new ShpFixture(1).point(1, 2).writeShp(dir, "pts");
        ShpFixture.writeDbf(dir.resolve("pts.dbf"), new Object[][] {{"NAME", "C", 10, 0}}, new String[][] {{"Zürich"}},
                StandardCharsets.ISO_8859_1);
        FeatureCollection c = VectorFiles.open(file).get(0);
        assertThat(c.features().get(0).get("NAME")).isEqualTo("Zürich");
        assertThat(c.schema().geometryKind()).isEqualTo(GeometryKind.POINT);
    }

    @Test
    void countsOf2To31AreARefusedRecordNotANegativeArray(@TempDir Path dir) throws Exception {
        Path shp = polygons(dir);
        byte[] good = Files.readAllBytes(shp);
        // first record: 100 header + 8 record header + 4 type + 32 box, then numParts, numPoints
        for (int[] patch : new int[][] {{144, Integer.MAX_VALUE}, {148, Integer.MAX_VALUE}, {144, -1}, {148, -2}}) {
            byte[] b = good.clone();
            java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(patch[0], patch[1]);
            Files.write(shp, b);
            assertThatThrownBy(() -> VectorFiles.open(shp)).isInstanceOf(UserException.class)
                    .hasMessageContaining("record 1 is shorter than its shape needs");
        }
    }
}
