package org.deepraster.campaign;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.deepraster.feature.Feature;
import org.deepraster.feature.FeatureSchema;
import org.deepraster.feature.FeatureWriter;
import org.deepraster.feature.FeatureWriters;
import org.deepraster.feature.Field;
import org.deepraster.feature.FieldType;
import org.deepraster.feature.GeometryKind;
import org.deepraster.feature.WriteMode;
import org.deepraster.geo.Crs;
import org.locationtech.jts.io.WKTReader;

/**
 * The campaign's hostile vectors (issue 21): broken shapefiles (.shp counts of 2^31-1, negative record lengths, a
 * truncated or missing part, a damaged .dbf or .prj), GeoJSON (not JSON, nested 100000 deep, NaN or 1e308
 * coordinates, unknown types and CRS) and GeoPackages (not SQLite, truncated, an undefined or broken SRS, undecodable
 * geometries, a quote in a table name, a missing table), each run through {@code export-training-data},
 * {@code classify-objects} and {@code accuracy-assessment} with {@code --overwrite} onto the output of the tool's
 * control case. A case that opens damaged data must say so (a warning) or refuse it.
 */
final class VectorCases {
    private VectorCases() {
    }

    /** Four 6 m squares inside the campaign raster (500000..500048, 4099952..4100000, EPSG:32633). */
    static final String[] SQUARES = {
        "POLYGON ((500004 4099990, 500010 4099990, 500010 4099996, 500004 4099996, 500004 4099990))",
        "POLYGON ((500030 4099990, 500036 4099990, 500036 4099996, 500030 4099996, 500030 4099990))",
        "POLYGON ((500004 4099960, 500010 4099960, 500010 4099966, 500004 4099966, 500004 4099960))",
        "POLYGON ((500030 4099960, 500036 4099960, 500036 4099966, 500030 4099966, 500030 4099960))"};

    static void write(Path file, String layer, WriteMode mode) throws IOException {
        FeatureSchema s = new FeatureSchema(layer, GeometryKind.POLYGON,
                List.of(new Field("Classvalue", FieldType.INTEGER), new Field("Class", FieldType.STRING)), Crs.forEpsg(32633));
        List<Feature> fs = new ArrayList<>();
        try {
            for (int i = 0; i < SQUARES.length; i++) {
                fs.add(new Feature(i + 1, new WKTReader().read(SQUARES[i]), Map.of("Classvalue", (long) (1 + i % 2),
                        "Class", i % 2 == 0 ? "damaged" : "undamaged")));
            }
        } catch (org.locationtech.jts.io.ParseException e) {
            throw new IllegalStateException(e);
        }
        try (FeatureWriter w = FeatureWriters.create(file, s, mode)) {
            w.write(fs);
        }
    }

    /** The cases (GeoJSON is written in WGS 84 longitude, latitude: the corruptions edit those numbers). */
    static List<HostileInputs.Case> cases(HostileInputs in, Path dir) throws Exception {
        Path v = Files.createDirectories(dir.resolve("vectors"));
        Path gpkg = v.resolve("truth.gpkg");
        write(gpkg, "squares", WriteMode.CREATE);
        write(gpkg, "others", WriteMode.APPEND);
        write(v.resolve("squares.shp"), "squares", WriteMode.CREATE);
        write(v.resolve("squares.geojson"), "squares", WriteMode.CREATE);
        List<String[]> vs = new ArrayList<>(); // name, features, expect
        vs.add(new String[] {"valid input (control)", gpkg + "|squares", "ANY"});
        vs.add(new String[] {"valid shapefile", v.resolve("squares.shp").toString(), "ANY"});
        vs.add(new String[] {"valid GeoJSON", v.resolve("squares.geojson").toString(), "ANY"});
        // shapefiles: first record's counts at 100 + 8 + 4 + 32
        vs.add(new String[] {"shp: numParts 2^31-1", shp(v, "parts", b -> le(b, 144, Integer.MAX_VALUE)), "REFUSED"});
        vs.add(new String[] {"shp: numPoints 2^31-1", shp(v, "points", b -> le(b, 148, Integer.MAX_VALUE)), "REFUSED"});
        vs.add(new String[] {"shp: numPoints -2", shp(v, "negpoints", b -> le(b, 148, -2)), "REFUSED"});
        vs.add(new String[] {"shp: record length -5", shp(v, "reclen", b -> be(b, 104, -5)), "REFUSED"});
        vs.add(new String[] {"shp: header length 2^31-1", shp(v, "hdrlen", b -> be(b, 24, Integer.MAX_VALUE)), "REFUSED"});
        vs.add(new String[] {"shp: truncated to half", shp(v, "cut", null), "REFUSED"});
        vs.add(new String[] {"shp: empty file", part(v, "empty", "shp", b -> new byte[0]), "REFUSED"});
        vs.add(new String[] {"dbf: record count 2^31-1", part(v, "dbfcount", "dbf", b -> le(b, 4, Integer.MAX_VALUE)), "WARNED"});
        vs.add(new String[] {"dbf: truncated (features kept, warned)", part(v, "dbfcut", "dbf",
                b -> Arrays.copyOf(b, b.length - 40)), "WARNED"});
        vs.add(new String[] {"dbf: header length 65535", part(v, "dbfhdr", "dbf", b -> le16(b, 8, 0xffff)), "WARNED"});
        vs.add(new String[] {"dbf: missing", part(v, "nodbf", "dbf", null), "REFUSED"});
        vs.add(new String[] {"prj: not WKT", part(v, "badprj", "prj", b -> "PROJCS[\"half".getBytes(StandardCharsets.US_ASCII)),
                "WARNED"});
        // GeoJSON
        String good = Files.readString(v.resolve("squares.geojson"));
        vs.add(new String[] {"geojson: not JSON", json(v, "notjson", good.substring(0, good.length() / 2)), "REFUSED"});
        vs.add(new String[] {"geojson: nested 100000 deep", json(v, "deep", "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":"
                + "\"Feature\",\"properties\":{},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":" + "[".repeat(100000)
                + "]".repeat(100000) + "}}]}"), "REFUSED"});
        vs.add(new String[] {"geojson: an array", json(v, "array", "[1, 2, 3]"), "REFUSED"});
        vs.add(new String[] {"geojson: NaN coordinates", json(v, "nan", good.replaceFirst("\\[\\[\\[[-0-9.eE]+,", "[[[\"NaN\",")), "WARNED"});
        vs.add(new String[] {"geojson: unknown geometry type", json(v, "banana", good.replaceFirst("\"Polygon\"", "\"Banana\"")),
                "WARNED"});
        vs.add(new String[] {"geojson: unknown crs", json(v, "crs", good.replaceFirst("\\{", "{\"crs\": {\"type\": \"name\","
                + " \"properties\": {\"name\": \"EPSG:99999\"}}, ")), "WARNED"});
        vs.add(new String[] {"geojson: 1e308 coordinates", json(v, "huge", good.replaceAll("\\[15\\.[0-9]+,", "[1e308,")), "ANY"});
        vs.add(new String[] {"geojson: no features", json(v, "none", "{\"type\": \"FeatureCollection\", \"features\": []}"),
                "ANY"});
        // GeoPackages
        Path notSqlite = v.resolve("text.gpkg");
        Files.writeString(notSqlite, "hello");
        vs.add(new String[] {"gpkg: not SQLite", notSqlite.toString(), "REFUSED"});
        byte[] g = Files.readAllBytes(gpkg);
        Path cut = v.resolve("cut.gpkg");
        Files.write(cut, Arrays.copyOf(g, g.length / 3));
        vs.add(new String[] {"gpkg: truncated to a third", cut + "|squares", "REFUSED"});
        vs.add(new String[] {"gpkg: undefined SRS", gpkg(v, gpkg, "nosrs", "UPDATE gpkg_geometry_columns SET srs_id = 99999 WHERE"
                + " table_name = 'squares'", "UPDATE gpkg_contents SET srs_id = 99999 WHERE table_name = 'squares'") + "|squares", "WARNED"});
        vs.add(new String[] {"gpkg: broken SRS", gpkg(v, gpkg, "badsrs", "INSERT INTO gpkg_spatial_ref_sys (srs_name, srs_id,"
                + " organization, organization_coordsys_id, definition) VALUES ('broken', 77777, 'NONE', 77777, 'PROJCS[\"half')",
                "UPDATE gpkg_geometry_columns SET srs_id = 77777 WHERE table_name = 'squares'",
                "UPDATE gpkg_contents SET srs_id = 77777 WHERE table_name = 'squares'") + "|squares", "WARNED"});
        vs.add(new String[] {"gpkg: undecodable geometries", gpkg(v, gpkg, "blobs", "DROP TRIGGER IF EXISTS rtree_squares_geom_update1",
                "DROP TRIGGER IF EXISTS rtree_squares_geom_update2", "DROP TRIGGER IF EXISTS rtree_squares_geom_update3",
                "DROP TRIGGER IF EXISTS rtree_squares_geom_update4", "DROP TRIGGER IF EXISTS rtree_squares_geom_update5",
                "DROP TRIGGER IF EXISTS rtree_squares_geom_update6", "DROP TRIGGER IF EXISTS rtree_squares_geom_update7",
                "UPDATE squares SET geom = X'4750000100000000DEADBEEF'") + "|squares", "WARNED"});
        vs.add(new String[] {"gpkg: the layer asked for is missing", gpkg + "|nosuch", "REFUSED"});
        vs.add(new String[] {"gpkg: a quote in another table's name", gpkg(v, gpkg, "quote",
                "CREATE TABLE \"it's \"\"odd\"\"\" (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom BLOB)",
                "INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) VALUES ('it''s \"odd\"', 'features',"
                        + " 'it''s \"odd\"', 32633)",
                "INSERT INTO gpkg_geometry_columns (table_name, column_name, geometry_type_name, srs_id, z, m) VALUES"
                        + " ('it''s \"odd\"', 'geom', 'POLYGON', 32633, 0, 0)") + "|squares", "ANY"});
        String classifier = Path.of("sample-models", "building_damage_classifier.dlpk").toAbsolutePath().toString();
        List<HostileInputs.Case> c = new ArrayList<>();
        for (String tool : List.of("export-training-data", "classify-objects", "accuracy-assessment")) {
            for (String[] x : vs) {
                List<String> args = switch (tool) {
                    case "export-training-data" -> List.of("--in_raster", in.raster.toString(), "--in_class_data", x[1],
                            "--class_value_field", "Classvalue", "--tile_size_x", "32", "--tile_size_y", "32", "--out_folder");
                    case "classify-objects" -> List.of("--in_raster", in.raster.toString(), "--in_model_definition", classifier,
                            "--in_features", x[1], "--out_feature_class");
                    default -> List.of("--results", x[1], "--ground_truth", gpkg + "|squares", "--class_field", "Class",
                            "--ground_truth_class_field", "Class", "--out_folder");
                };
                c.add(new HostileInputs.Case(tool.replace("-", " ").split(" ")[0] + ": " + x[0], in.raster, x[1],
                        HostileInputs.Expect.valueOf(x[2]), tool, args));
            }
        }
        return c;
    }

    private interface Patch {
        byte[] apply(byte[] b);
    }

    /** A copy of the shapefile with its .shp patched (null: cut to half). */
    private static String shp(Path v, String name, Patch p) throws IOException {
        return part(v, name, "shp", p == null ? b -> Arrays.copyOf(b, b.length / 2) : p);
    }

    /** A copy of the shapefile with one part patched ({@code p} null: that part left out). */
    private static String part(Path v, String name, String ext, Patch p) throws IOException {
        for (String e : List.of("shp", "shx", "dbf", "prj", "cpg")) {
            Path from = v.resolve("squares." + e);
            if (!Files.exists(from)) {
                continue;
            }
            Path to = v.resolve(name + "." + e);
            if (!e.equals(ext)) {
                Files.copy(from, to);
            } else if (p != null) {
                Files.write(to, p.apply(Files.readAllBytes(from)));
            }
        }
        return v.resolve(name + ".shp").toString();
    }

    private static byte[] le(byte[] b, int at, int value) {
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(at, value);
        return b;
    }

    private static byte[] le16(byte[] b, int at, int value) {
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putShort(at, (short) value);
        return b;
    }

    private static byte[] be(byte[] b, int at, int value) {
        ByteBuffer.wrap(b).order(ByteOrder.BIG_ENDIAN).putInt(at, value);
        return b;
    }

    private static String json(Path v, String name, String text) throws IOException {
        Path p = v.resolve(name + ".geojson");
        Files.writeString(p, text);
        return p.toString();
    }

    private static String gpkg(Path v, Path from, String name, String... sql) throws Exception {
        Path p = v.resolve(name + ".gpkg");
        Files.copy(from, p);
        try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + p); Statement st = conn.createStatement()) {
            for (String s : sql) {
                st.executeUpdate(s);
            }
        }
        return p.toString();
    }
}
