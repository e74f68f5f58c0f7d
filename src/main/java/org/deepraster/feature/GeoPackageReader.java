package org.deepraster.feature;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import mil.nga.geopackage.GeoPackage;
import mil.nga.geopackage.GeoPackageManager;
import mil.nga.geopackage.db.GeoPackageDataType;
import mil.nga.geopackage.features.user.FeatureColumn;
import mil.nga.geopackage.features.user.FeatureDao;
import mil.nga.geopackage.srs.SpatialReferenceSystem;
import mil.nga.sf.GeometryType;
import org.deepraster.geo.Crs;
import org.deepraster.util.UserException;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.ParseException;
import org.opengis.referencing.crs.CoordinateReferenceSystem;

/** Reads every feature table of a GeoPackage. Rows are read with plain SQL for speed. */
public final class GeoPackageReader {
    /**
     * The GeoPackage library logs a WARNING with a stack trace for every SRS its own projection
     * library cannot build (e.g. EPSG:2056), although we never use those projections (SIS does the
     * CRS work): SEVERE only, also in DeepRaster's log. Held here so the level setting is not
     * garbage-collected.
     */
    private static final java.util.logging.Logger NGA_LOG =
            org.deepraster.util.Log.library("mil.nga", java.util.logging.Level.SEVERE);

    private GeoPackageReader() {
    }

    /** Makes sure the class (and its logging setting) is initialised. */
    static void init() {
    }

    public static List<FeatureCollection> read(Path file) throws IOException {
        GeoPackage gp;
        try {
            gp = GeoPackageManager.open(file.toFile(), false);
        } catch (RuntimeException e) {
            throw new UserException(file + " cannot be opened as a GeoPackage: " + e.getMessage(),
                    "Check that the file is a GeoPackage (.gpkg) and is not damaged.", e);
        }
        try {
            List<String> tables = gp.getFeatureTables();
            if (tables.isEmpty()) {
                throw new UserException(file + " holds no feature tables (it is an empty GeoPackage, or holds only tiles or attributes).",
                        "Open a GeoPackage with vector layers; raster tiles are opened as imagery.");
            }
            List<FeatureCollection> out = new ArrayList<>();
            List<String> broken = new ArrayList<>();
            for (String table : tables) {
                String why;
                try {
                    out.add(readTable(gp, table, file));
                    continue;
                } catch (UserException e) {
                    why = e.getMessage();
                } catch (RuntimeException e) {
                    why = reason(e);
                }
                try { // the library could not open it (an undefined or broken SRS, a quote in its name): read it by SQL
                    out.add(readBySql(gp, table, file, why));
                } catch (IOException | SQLException | RuntimeException e) {
                    broken.add("'" + table + "' (" + why + ")");
                }
            }
            if (out.isEmpty()) {
                throw new UserException("No layer of " + file + " could be read: " + String.join("; ", broken) + ".",
                        "The GeoPackage may be damaged; try opening it in another GIS to repair it.");
            }
            if (!broken.isEmpty()) {
                // said once, with the first layer (the viewer shows a layer's warnings when it is added)
                FeatureCollection first = out.get(0);
                List<String> warnings = new ArrayList<>(first.warnings());
                warnings.add(broken.size() + " of the " + tables.size() + " layers of " + file.getFileName()
                        + " could not be read and were left out: " + String.join("; ", broken) + ".");
                out.set(0, new FeatureCollection(first.schema(), first.features(), first.source(), warnings));
            }
            return out;
        } finally {
            gp.close();
        }
    }

    /** The innermost message of a library failure (the GeoPackage library wraps the SQLite one). */
    static String reason(Throwable e) {
        String msg = e.getMessage();
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c.getMessage() != null) {
                msg = msg == null ? c.getMessage() : msg + ": " + c.getMessage();
                break;
            }
        }
        return msg == null ? e.getClass().getSimpleName() : msg;
    }

    private static FeatureCollection readTable(GeoPackage gp, String table, Path file) throws IOException {
        FeatureDao dao = gp.getFeatureDao(table);
        List<String> warnings = new ArrayList<>();
        CoordinateReferenceSystem crs = crsOf(dao.getSrs(), table, file, warnings);
        String geomCol = dao.getGeometryColumnName();
        String pkCol = dao.getIdColumnName();
        List<FeatureColumn> cols = new ArrayList<>();
        List<Field> fields = new ArrayList<>();
        for (FeatureColumn c : dao.getTable().getColumns()) {
            if (c.getName().equalsIgnoreCase(geomCol) || (pkCol != null && c.getName().equalsIgnoreCase(pkCol))) {
                continue;
            }
            cols.add(c);
            fields.add(new Field(c.getName(), fieldType(c.getDataType())));
        }
        GeometryKind kind = kindOf(dao.getGeometryType());
        Connection conn = gp.getConnection().getConnection();
        return rows(conn, table, file, pkCol, geomCol, fields, kind, crs, warnings);
    }

    /**
     * A feature table the GeoPackage library cannot open, read with SQL from {@code gpkg_geometry_columns} and the
     * table's own columns; its CRS when its SRS can be read, else none (a warning says why).
     */
    private static FeatureCollection readBySql(GeoPackage gp, String table, Path file, String why)
            throws IOException, SQLException {
        Connection conn = gp.getConnection().getConnection();
        String geomCol;
        String type;
        long srsId;
        try (java.sql.PreparedStatement st = conn.prepareStatement(
                "SELECT column_name, geometry_type_name, srs_id FROM gpkg_geometry_columns WHERE table_name = ?")) {
            st.setString(1, table);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    throw new UserException("no geometry column", "");
                }
                geomCol = rs.getString(1);
                type = rs.getString(2);
                srsId = rs.getLong(3);
            }
        }
        String pkCol = null;
        List<Field> fields = new ArrayList<>();
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("PRAGMA table_info(" + quote(table) + ")")) {
            while (rs.next()) {
                String name = rs.getString("name");
                if (rs.getInt("pk") > 0 && pkCol == null) {
                    pkCol = name;
                } else if (!name.equalsIgnoreCase(geomCol)) {
                    GeoPackageDataType t = null;
                    try {
                        t = GeoPackageDataType.fromName(rs.getString("type").replaceAll("\\(.*", "").trim());
                    } catch (RuntimeException e) {
                        // an unknown type reads as text
                    }
                    fields.add(new Field(name, fieldType(t)));
                }
            }
        }
        if (fields.isEmpty() && pkCol == null) {
            throw new UserException("the table does not exist", "");
        }
        List<String> warnings = new ArrayList<>();
        CoordinateReferenceSystem crs = null;
        try {
            SpatialReferenceSystem srs = gp.getSpatialReferenceSystemDao().queryForId(srsId);
            if (srs != null) {
                crs = crsOf(srs, table, file, warnings);
            }
        } catch (java.sql.SQLException | RuntimeException e) {
            crs = null;
        }
        if (crs == null) {
            warnings.clear();
            warnings.add(table + " (" + file.getFileName() + "): its spatial reference system (srs_id " + srsId
                    + ") could not be read (" + why + "); the layer is opened without a coordinate reference system."
                    + " Assign one, or fix the GeoPackage's gpkg_spatial_ref_sys.");
        } else {
            warnings.add(table + " (" + file.getFileName() + ") was read without the GeoPackage library (" + why + ").");
        }
        GeometryKind kind;
        try {
            kind = kindOf(GeometryType.fromName(type));
        } catch (RuntimeException e) {
            kind = GeometryKind.MIXED;
        }
        return rows(conn, table, file, pkCol, geomCol, fields, kind, crs, warnings);
    }

    private static FeatureCollection rows(Connection conn, String table, Path file, String pkCol, String geomCol,
                                          List<Field> fields, GeometryKind kind, CoordinateReferenceSystem crs,
                                          List<String> warnings) {
        StringBuilder sql = new StringBuilder("SELECT ");
        sql.append(pkCol == null ? "rowid" : quote(pkCol)).append(", ").append(quote(geomCol));
        for (Field c : fields) {
            sql.append(", ").append(quote(c.name()));
        }
        sql.append(" FROM ").append(quote(table));
        GpkgGeometry codec = new GpkgGeometry(new GeometryFactory());
        List<Feature> features = new ArrayList<>();
        int badGeometries = 0;
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql.toString())) {
            while (rs.next()) {
                long id = rs.getLong(1);
                Geometry g = null;
                try {
                    g = codec.decode(rs.getBytes(2));
                } catch (ParseException | RuntimeException e) {
                    badGeometries++;
                }
                Map<String, Object> attrs = new LinkedHashMap<>();
                for (int i = 0; i < fields.size(); i++) {
                    attrs.put(fields.get(i).name(), value(rs, i + 3, fields.get(i).type()));
                }
                features.add(new Feature(id, g, attrs));
            }
        } catch (SQLException e) {
            throw new UserException("Cannot read table '" + table + "' of " + file + ": " + e.getMessage(),
                    "The GeoPackage may be damaged; try opening it in another GIS to repair it.", e);
        }
        if (badGeometries > 0) {
            warnings.add(table + ": " + badGeometries + " geometries could not be decoded and were left empty.");
        }
        if (kind == GeometryKind.MIXED) {
            GeometryKind seen = null;
            for (Feature f : features) {
                if (f.geometry() == null) {
                    continue;
                }
                GeometryKind k = GeometryKind.of(f.geometry());
                if (seen == null) {
                    seen = k;
                } else if (seen != k) {
                    seen = GeometryKind.MIXED;
                    break;
                }
            }
            if (seen != null) {
                kind = seen;
            }
        }
        return new FeatureCollection(new FeatureSchema(table, kind, fields, crs), features, file, warnings);
    }

    static CoordinateReferenceSystem crsOf(SpatialReferenceSystem srs, String table, Path file, List<String> warnings) {
        if (srs == null || srs.getSrsId() == 0 || srs.getSrsId() == -1) {
            warnings.add(table + ": no coordinate reference system (undefined SRS); coordinates are used as they are.");
            return null;
        }
        String org = srs.getOrganization();
        if (org != null && org.equalsIgnoreCase("EPSG") && srs.getOrganizationCoordsysId() > 0) {
            try {
                return Crs.forEpsg((int) srs.getOrganizationCoordsysId());
            } catch (UserException e) {
                // fall back to the WKT below
            }
        }
        String wkt = srs.getDefinition();
        if (wkt == null || wkt.isBlank() || wkt.trim().equalsIgnoreCase("undefined")) {
            wkt = srs.getDefinition_12_063();
        }
        if (wkt == null || wkt.isBlank() || wkt.trim().equalsIgnoreCase("undefined")) {
            warnings.add(table + ": SRS " + srs.getSrsId() + " (" + srs.getSrsName() + ") has no definition; the layer has no CRS.");
            return null;
        }
        return CrsSupport.fromPrj(wkt, file.getFileName() + " / " + table, warnings);
    }

    static GeometryKind kindOf(GeometryType t) {
        if (t == null) {
            return GeometryKind.MIXED;
        }
        return switch (t) {
            case POINT, MULTIPOINT -> GeometryKind.POINT;
            case LINESTRING, MULTILINESTRING, CIRCULARSTRING, COMPOUNDCURVE, MULTICURVE, CURVE -> GeometryKind.LINE;
            case POLYGON, MULTIPOLYGON, CURVEPOLYGON, MULTISURFACE, SURFACE, TRIANGLE, POLYHEDRALSURFACE, TIN -> GeometryKind.POLYGON;
            default -> GeometryKind.MIXED;
        };
    }

    static FieldType fieldType(GeoPackageDataType t) {
        if (t == null) {
            return FieldType.STRING;
        }
        return switch (t) {
            case BOOLEAN -> FieldType.BOOLEAN;
            case TINYINT, SMALLINT, MEDIUMINT, INT, INTEGER -> FieldType.INTEGER;
            case FLOAT, DOUBLE, REAL -> FieldType.REAL;
            case BLOB -> FieldType.BLOB;
            case DATE -> FieldType.DATE;
            case DATETIME -> FieldType.DATETIME;
            default -> FieldType.STRING;
        };
    }

    private static Object value(ResultSet rs, int col, FieldType type) throws SQLException {
        Object raw = rs.getObject(col);
        if (raw == null) {
            return null;
        }
        switch (type) {
            case INTEGER:
                return raw instanceof Number n ? n.longValue() : parseOr(raw);
            case REAL:
                return raw instanceof Number n ? n.doubleValue() : parseOr(raw);
            case BOOLEAN:
                if (raw instanceof Number n) {
                    return n.intValue() != 0;
                }
                return Boolean.parseBoolean(raw.toString());
            case DATE:
                try {
                    return LocalDate.parse(raw.toString().trim());
                } catch (DateTimeParseException e) {
                    return raw.toString();
                }
            case DATETIME:
                return parseDateTime(raw.toString().trim());
            case BLOB:
                return rs.getBytes(col);
            default:
                return raw.toString();
        }
    }

    private static Object parseOr(Object raw) {
        String s = raw.toString();
        try {
            return s.contains(".") ? Double.parseDouble(s) : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return s;
        }
    }

    static Object parseDateTime(String s) {
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            // try others
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            // try others
        }
        try {
            return LocalDateTime.parse(s.replace(' ', 'T'));
        } catch (DateTimeParseException e) {
            return s;
        }
    }

    static String quote(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
