package org.deepraster.feature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deepraster.geo.Crs;
import org.deepraster.geo.Reprojector;
import org.deepraster.util.UserException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.algorithm.Orientation;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.io.WKTReader;

class GeoJsonTest {

    @Test
    void readsFeatureCollectionInWgs84WithTypedProperties(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("labels.json");
        Files.writeString(f, """
                {"type": "FeatureCollection",
                 "features": [
                  {"type": "Feature", "id": "a", "properties": {"name": "tree", "n": 1, "score": 0.9, "ok": true, "tags": {"x": 1}},
                   "geometry": {"type": "Polygon", "coordinates": [[[0,0],[10,0],[10,10],[0,10],[0,0]],[[2,2],[2,4],[4,4],[4,2],[2,2]]]}},
                  {"type": "Feature", "properties": {"name": null, "n": 2.5, "extra": "x"},
                   "geometry": {"type": "MultiPoint", "coordinates": [[1, 2, 3], [4, 5]]}},
                  {"type": "Feature", "properties": {}, "geometry": null}
                 ]}
                """);
        assertThat(VectorFiles.isVector(f)).isTrue();
        FeatureCollection c = VectorFiles.open(f).get(0);
        assertThat(c.schema().name()).isEqualTo("labels");
        assertThat(Crs.same(c.schema().crs(), Reprojector.wgs84())).isTrue();
        assertThat(c.schema().geometryKind()).isEqualTo(GeometryKind.MIXED);
        assertThat(c.schema().fields()).containsExactly(new Field("name", FieldType.STRING), new Field("n", FieldType.REAL),
                new Field("score", FieldType.REAL), new Field("ok", FieldType.BOOLEAN), new Field("tags", FieldType.STRING),
                new Field("extra", FieldType.STRING));
        assertThat(c.size()).isEqualTo(3);
        Feature a = c.features().get(0);
        assertThat(a.attributes()).containsEntry("name", "tree").containsEntry("n", 1L).containsEntry("ok", true)
                .containsEntry("tags", "{\"x\":1}");
        assertThat(((Polygon) a.geometry()).getNumInteriorRing()).isEqualTo(1);
        assertThat(((Polygon) a.geometry()).getArea()).isEqualTo(96.0);
        assertThat(c.features().get(1).geometry().getCoordinates()[0].getZ()).isEqualTo(3.0);
        assertThat(c.features().get(2).geometry()).isNull();
    }

    @Test
    void legacyCrsMemberIsHonouredEvenAfterTheFeatures(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("utm.geojson");
        Files.writeString(f, """
                {"type": "FeatureCollection", "name": "boxes",
                 "features": [{"type": "Feature", "properties": {"id": 7},
                   "geometry": {"type": "Point", "coordinates": [500000, 4649776.22]}}],
                 "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32633"}}}
                """);
        FeatureCollection c = VectorFiles.open(f).get(0);
        assertThat(c.schema().name()).isEqualTo("boxes");
        assertThat(Crs.epsgCode(c.schema().crs())).contains(32633);
        assertThat(c.features().get(0).geometry().getCoordinate().x).isEqualTo(500000.0);
    }

    @Test
    void singleFeatureAndBareGeometry(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("one.geojson");
        Files.writeString(f, "{\"properties\": {\"k\": \"v\"}, \"geometry\": {\"type\": \"LineString\", \"coordinates\": [[0,0],[1,1]]}, \"type\": \"Feature\"}");
        FeatureCollection c = VectorFiles.open(f).get(0);
        assertThat(c.size()).isEqualTo(1);
        assertThat(c.schema().geometryKind()).isEqualTo(GeometryKind.LINE);
        assertThat(c.features().get(0).get("k")).isEqualTo("v");
        Path g = dir.resolve("geom.json");
        Files.writeString(g, "\uFEFF  {\"type\": \"Point\", \"coordinates\": [7.5, 46.9]}");
        FeatureCollection d = VectorFiles.open(g).get(0);
        assertThat(d.features().get(0).geometry().getCoordinate().y).isEqualTo(46.9);
        assertThat(d.schema().geometryKind()).isEqualTo(GeometryKind.POINT);
    }

    @Test
    void malformedJsonNamesLineAndColumn(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("broken.geojson");
        Files.writeString(f, "{\"type\": \"FeatureCollection\",\n \"features\": [\n  {\"type\": \"Feature\" \"properties\": {}}\n]}\n");
        assertThatThrownBy(() -> VectorFiles.open(f)).isInstanceOf(UserException.class)
                .hasMessageContaining("broken.geojson").hasMessageContaining("line 3");
        Path t = dir.resolve("text.geojson");
        Files.writeString(t, "hello");
        assertThatThrownBy(() -> VectorFiles.open(t)).isInstanceOf(UserException.class)
                .hasMessageContaining("not GeoJSON");
        Path j = dir.resolve("other.json");
        Files.writeString(j, "{\"hello\": 1}");
        assertThatThrownBy(() -> VectorFiles.open(j)).isInstanceOf(UserException.class)
                .hasMessageContaining("no \"type\"");
    }

    @Test
    void writerReprojectsToWgs84AndOrientsRings(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out.geojson");
        var schema = new FeatureSchema("det", GeometryKind.POLYGON, List.of(new Field("Class", FieldType.STRING),
                new Field("Confidence", FieldType.REAL)), Crs.forEpsg(32633));
        // clockwise shell in UTM 33N around the central meridian
        var poly = new WKTReader().read("POLYGON ((499000 5000000, 499000 5001000, 501000 5001000, 501000 5000000, 499000 5000000))");
        try (FeatureWriter w = FeatureWriters.create(out, schema, WriteMode.CREATE)) {
            w.write(List.of(new Feature(1, poly, Map.of("Class", "tree", "Confidence", 87.5))));
        }
        JsonNode root = new ObjectMapper().readTree(out.toFile());
        assertThat(root.has("crs")).isFalse();
        FeatureCollection c = VectorFiles.open(out).get(0);
        assertThat(Crs.same(c.schema().crs(), Reprojector.wgs84())).isTrue();
        Polygon p = (Polygon) c.features().get(0).geometry();
        assertThat(p.getCentroid().getX()).isCloseTo(15.0, within(1e-6));
        assertThat(p.getCentroid().getY()).isCloseTo(45.15, within(0.01));
        assertThat(Orientation.isCCW(p.getExteriorRing().getCoordinateSequence())).isTrue();
        assertThat(c.features().get(0).attributes()).containsEntry("Class", "tree").containsEntry("Confidence", 87.5);
        assertThatThrownBy(() -> FeatureWriters.create(out, schema, WriteMode.CREATE)).isInstanceOf(UserException.class)
                .hasMessageContaining("already exists");
    }
}
