package org.deepraster.feature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import mil.nga.geopackage.GeoPackage;
import mil.nga.geopackage.GeoPackageManager;
import mil.nga.geopackage.db.TableColumnKey;
import mil.nga.geopackage.extension.rtree.RTreeIndexExtension;
import mil.nga.geopackage.features.columns.GeometryColumns;
import mil.nga.geopackage.features.user.FeatureColumn;
import mil.nga.geopackage.features.user.FeatureTableMetadata;
import mil.nga.geopackage.srs.SpatialReferenceSystem;
import mil.nga.geopackage.srs.SpatialReferenceSystemDao;
import mil.nga.sf.GeometryType;
import org.deepraster.geo.Crs;
import org.deepraster.util.UserException;
import org.deepraster.util.WriteFailures;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.opengis.referencing.crs.CoordinateReferenceSystem;

/**
 * Writes a feature table into a new or existing GeoPackage. Each {@link #write} batch is one
 * transaction (rows are inserted with plain SQL, the geometry blob encoded directly), so a stopped
 * job leaves a valid file with every finished batch. The SRS row is inserted by this class (WKT 1
 * from SIS) because the GeoPackage library's EPSG lookup fails for most projected codes. At close
 * the geometry type in gpkg_geometry_columns is set to the one type written (or GEOMETRY when
 * mixed), the extent in gpkg_contents is updated and an RTree spatial index is created.
 * Geometries are written 2D.
 */
public final class GeoPackageWriter implements FeatureWriter {
    /** The geometry and feature id columns of the tables written. */
    static final String GEOM = "geom";
    static final String FID = "fid";

    private final GeoPackage gp;
    private final Connection conn;
    private final String table;
    private final int srsId;
    private final List<Field> fields;
    private final PreparedStatement insert;
    private final GpkgGeometry codec = new GpkgGeometry(new GeometryFactory());
    private final Set<String> types = new LinkedHashSet<>();
    private final Envelope extent = new Envelope();
    private final GeometryKind kind;
    private final boolean appending;
    private long count;
    private boolean closed;

    private GeoPackageWriter(GeoPackage gp, FeatureSchema schema, WriteMode mode) throws IOException {
        this.gp = gp;
        this.conn = gp.getConnection().getConnection();
        this.table = tableName(schema.name());
        this.kind = schema.geometryKind();
        try {
            boolean exists = gp.isTable(table);
            if (exists && mode == WriteMode.CREATE) {
                throw new UserException("The GeoPackage already has a table '" + table + "'.",
                        "Choose another output name, or allow overwriting or appending.");
            }
            if (exists && mode == WriteMode.OVERWRITE) {
                gp.deleteTable(table);
                exists = false;
            }
            this.appending = exists;
            this.fields = new ArrayList<>();
            for (Field f : schema.fields()) {
                if (f.name().equalsIgnoreCase(FID) || f.name().equalsIgnoreCase(GEOM)) {
                    fields.add(new Field(f.name() + "_1", f.type()));
                } else {
                    fields.add(f);
                }
            }
            if (exists) {
                if (!gp.isFeatureTable(table)) {
                    throw new UserException("The table '" + table + "' of the GeoPackage is not a feature table.",
                            "Choose another output name.");
                }
                this.srsId = (int) gp.getFeatureDao(table).getSrsId();
                addMissingColumns();
                RTreeIndexExtension rtree = new RTreeIndexExtension(gp);
                if (rtree.has(table)) {
                    rtree.createFunctions(gp.getFeatureDao(table).getTable());
                }
            } else {
                this.srsId = srsId(gp, schema.crs());
                GeometryColumns gc = new GeometryColumns();
                gc.setId(new TableColumnKey(table, GEOM));
                gc.setGeometryType(GeometryType.GEOMETRY);
                gc.setSrsId(srsId);
                gc.setZ((byte) 0);
                gc.setM((byte) 0);
                List<FeatureColumn> cols = new ArrayList<>();
                for (Field f : fields) {
                    cols.add(FeatureColumn.createColumn(f.name(), GpkgValues.dataType(f.type())));
                }
                gp.createFeatureTable(FeatureTableMetadata.create(gc, FID, cols));
            }
            StringBuilder sql = new StringBuilder("INSERT INTO ").append(GpkgValues.q(table)).append(" (").append(GpkgValues.q(GEOM));
            for (Field f : fields) {
                sql.append(", ").append(GpkgValues.q(f.name()));
            }
            sql.append(") VALUES (?");
            sql.append(", ?".repeat(fields.size())).append(")");
            this.insert = conn.prepareStatement(sql.toString());
        } catch (SQLException | RuntimeException e) {
            gp.close();
            if (e instanceof UserException u) {
                throw u;
            }
            throw WriteFailures.orExplained(new IOException("Cannot create table '" + table + "' in " + gp.getPath()
                    + ": " + e.getMessage(), e), Path.of(gp.getPath()));
        }
    }

    /** Opens (creating if needed) the GeoPackage and prepares the table. */
    public static GeoPackageWriter open(Path file, FeatureSchema schema, WriteMode mode) throws IOException {
        GeoPackageReader.init();
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new UserException("The folder " + parent + " does not exist.", "Create the folder or choose another output.");
        }
        if (Files.exists(file)) {
            if (VectorFiles.detect(file) != VectorFiles.Format.GEOPACKAGE) {
                if (mode != WriteMode.OVERWRITE) {
                    throw new UserException("The output " + file + " exists and is not a GeoPackage.",
                            "Choose another name, or allow overwriting to replace it.");
                }
                Files.delete(file);
            }
        }
        if (!Files.exists(file)) {
            try {
                GeoPackageManager.create(file.toFile());
            } catch (RuntimeException e) {
                WriteFailures.explain(e, file).ifPresent(u -> {
                    throw u;
                });
                throw new UserException("Cannot create the GeoPackage " + file + ": " + e.getMessage(),
                        "Check that the folder is writable and the disk is not full.", e);
            }
        }
        GeoPackage gp;
        try {
            gp = GeoPackageManager.open(file.toFile(), false);
        } catch (RuntimeException e) {
            WriteFailures.explain(e, file).ifPresent(u -> {
                throw u;
            });
            throw new UserException("Cannot open the GeoPackage " + file + ": " + e.getMessage(),
                    "Check that the file is a GeoPackage and is writable.", e);
        }
        return new GeoPackageWriter(gp, schema, mode);
    }

    /** The table name as written. */
    public String table() {
        return table;
    }

    /** The table name as written (letters, digits and underscores; not starting with a digit). */
    public static String tableName(String name) {
        String n = name == null || name.isBlank() ? "features" : name.trim();
        n = n.replaceAll("[^A-Za-z0-9_]", "_");
        if (Character.isDigit(n.charAt(0))) {
            n = "_" + n;
        }
        if (n.toLowerCase(Locale.ROOT).startsWith("gpkg_") || n.toLowerCase(Locale.ROOT).startsWith("rtree_")
                || n.toLowerCase(Locale.ROOT).startsWith("sqlite_")) {
            n = "t_" + n;
        }
        return n;
    }

    @Override
    public void write(List<Feature> features) throws IOException {
        write(features, null);
    }

    /** SQL work done in the same transaction as a batch of features (e.g. a tool's resume records). */
    @FunctionalInterface
    public interface InTransaction {
        void run(Connection connection) throws SQLException;
    }

    /**
     * Writes the features and runs {@code also} (when not null) in one transaction: either both are
     * in the file or neither is. With no features and {@code also} given, only {@code also} runs.
     */
    public void write(List<Feature> features, InTransaction also) throws IOException {
        if (closed) {
            throw new IllegalStateException("writer is closed");
        }
        if (features.isEmpty() && also == null) {
            return;
        }
        try {
            boolean auto = conn.getAutoCommit();
            conn.setAutoCommit(false);
            try {
                for (Feature f : features) {
                    Geometry g = f.geometry();
                    byte[] blob = codec.encode(g, srsId);
                    if (blob == null) {
                        insert.setNull(1, Types.BLOB);
                    } else {
                        insert.setBytes(1, blob);
                        types.add(g.getGeometryType());
                        if (!g.isEmpty()) {
                            extent.expandToInclude(g.getEnvelopeInternal());
                        }
                    }
                    for (int i = 0; i < fields.size(); i++) {
                        Field field = fields.get(i);
                        Object v = f.attributes().get(field.name());
                        if (v == null && !f.attributes().containsKey(field.name()) && field.name().endsWith("_1")) {
                            v = f.attributes().get(field.name().substring(0, field.name().length() - 2));
                        }
                        GpkgValues.bind(insert, i + 2, field.type(), v);
                    }
                    insert.addBatch();
                }
                if (!features.isEmpty()) {
                    insert.executeBatch();
                }
                if (also != null) {
                    also.run(conn);
                }
                conn.commit();
                count += features.size();
            } catch (SQLException | RuntimeException e) {
                try {
                    conn.rollback();
                } catch (SQLException r) {
                    e.addSuppressed(r); // SQLite rolled back itself (a full disk): "no transaction is active"
                }
                throw e;
            } finally {
                try {
                    conn.setAutoCommit(auto);
                } catch (SQLException r) {
                    // the failure above is the one to tell
                }
            }
        } catch (SQLException e) {
            throw WriteFailures.orExplained(new IOException("Writing to table '" + table + "' of " + gp.getPath()
                    + " failed: " + e.getMessage(), e), Path.of(gp.getPath()));
        } catch (RuntimeException e) {
            WriteFailures.explain(e, Path.of(gp.getPath())).ifPresent(u -> {
                throw u;
            });
            throw e;
        }
    }

    @Override
    public void describe(String description) throws IOException {
        try (PreparedStatement st = conn.prepareStatement("UPDATE gpkg_contents SET description = ? WHERE table_name = ?")) {
            st.setString(1, description);
            st.setString(2, table);
            st.executeUpdate();
            if (!conn.getAutoCommit()) {
                conn.commit();
            }
        } catch (SQLException e) {
            throw WriteFailures.orExplained(new IOException("Describing table '" + table + "' of " + gp.getPath()
                    + " failed: " + e.getMessage(), e), Path.of(gp.getPath()));
        }
    }

    @Override
    public long count() {
        return count;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            insert.close();
            updateGeometryType();
            updateExtent();
            RTreeIndexExtension rtree = new RTreeIndexExtension(gp);
            if (!rtree.has(table)) {
                GpkgSpatialIndex.create(rtree, conn, table);
            }
        } catch (SQLException | RuntimeException e) {
            throw WriteFailures.orExplained(new IOException("Finishing table '" + table + "' of " + gp.getPath()
                    + " failed: " + e.getMessage(), e), Path.of(gp.getPath()));
        } finally {
            gp.close();
        }
    }

    private void updateGeometryType() throws SQLException {
        String type;
        if (appending) {
            String old;
            try (PreparedStatement st = conn.prepareStatement(
                    "SELECT geometry_type_name FROM gpkg_geometry_columns WHERE table_name = ?")) {
                st.setString(1, table);
                try (ResultSet rs = st.executeQuery()) {
                    old = rs.next() ? rs.getString(1) : "GEOMETRY";
                }
            }
            Set<String> all = new LinkedHashSet<>(types);
            type = old.toUpperCase(Locale.ROOT);
            for (String t : all) {
                if (!t.toUpperCase(Locale.ROOT).equals(type)) {
                    type = "GEOMETRY";
                }
            }
        } else if (types.size() == 1) {
            type = types.iterator().next().toUpperCase(Locale.ROOT);
        } else if (types.isEmpty()) {
            type = switch (kind) {
                case POINT -> "POINT";
                case LINE -> "LINESTRING";
                case POLYGON -> "POLYGON";
                default -> "GEOMETRY";
            };
        } else {
            type = "GEOMETRY";
        }
        try (PreparedStatement st = conn.prepareStatement(
                "UPDATE gpkg_geometry_columns SET geometry_type_name = ? WHERE table_name = ?")) {
            st.setString(1, type);
            st.setString(2, table);
            st.executeUpdate();
        }
    }

    private void updateExtent() throws SQLException {
        if (extent.isNull()) {
            return;
        }
        Envelope e = new Envelope(extent);
        if (appending) {
            try (PreparedStatement st = conn.prepareStatement(
                    "SELECT min_x, min_y, max_x, max_y FROM gpkg_contents WHERE table_name = ?")) {
                st.setString(1, table);
                try (ResultSet rs = st.executeQuery()) {
                    if (rs.next() && rs.getObject(1) != null && rs.getObject(4) != null) {
                        e.expandToInclude(rs.getDouble(1), rs.getDouble(2));
                        e.expandToInclude(rs.getDouble(3), rs.getDouble(4));
                    }
                }
            }
        }
        try (PreparedStatement st = conn.prepareStatement("UPDATE gpkg_contents SET min_x = ?, min_y = ?, max_x = ?, max_y = ?, "
                + "last_change = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE table_name = ?")) {
            st.setDouble(1, e.getMinX());
            st.setDouble(2, e.getMinY());
            st.setDouble(3, e.getMaxX());
            st.setDouble(4, e.getMaxY());
            st.setString(5, table);
            st.executeUpdate();
        }
    }

    private void addMissingColumns() throws SQLException {
        Set<String> have = new LinkedHashSet<>();
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("PRAGMA table_info(" + GpkgValues.q(table) + ")")) {
            while (rs.next()) {
                have.add(rs.getString("name").toLowerCase(Locale.ROOT));
            }
        }
        for (Field f : fields) {
            if (!have.contains(f.name().toLowerCase(Locale.ROOT))) {
                try (Statement st = conn.createStatement()) {
                    st.executeUpdate("ALTER TABLE " + GpkgValues.q(table) + " ADD COLUMN " + GpkgValues.q(f.name()) + " " + GpkgValues.dataType(f.type()).name());
                }
            }
        }
    }

    /** The SRS id for a CRS, inserting the gpkg_spatial_ref_sys row when missing. */
    static int srsId(GeoPackage gp, CoordinateReferenceSystem crs) throws SQLException {
        if (crs == null) {
            return -1; // "Undefined Cartesian SRS", present in every GeoPackage
        }
        SpatialReferenceSystemDao dao = gp.getSpatialReferenceSystemDao();
        Optional<Integer> epsg = Crs.epsgCode(crs);
        String wkt = Crs.toWkt1(crs);
        if (epsg.isPresent()) {
            SpatialReferenceSystem existing = dao.queryForId((long) epsg.get());
            if (existing != null && "EPSG".equalsIgnoreCase(existing.getOrganization())
                    && existing.getOrganizationCoordsysId() == epsg.get()) {
                return epsg.get();
            }
        }
        long max = 99_999;
        for (SpatialReferenceSystem s : dao.queryForAll()) {
            if (epsg.isPresent() && "EPSG".equalsIgnoreCase(s.getOrganization()) && s.getOrganizationCoordsysId() == epsg.get()) {
                return (int) s.getSrsId();
            }
            if (epsg.isEmpty() && wkt.equals(s.getDefinition())) {
                return (int) s.getSrsId();
            }
            max = Math.max(max, s.getSrsId());
        }
        long id = epsg.isPresent() && dao.queryForId((long) epsg.get()) == null ? epsg.get() : max + 1;
        SpatialReferenceSystem srs = new SpatialReferenceSystem();
        srs.setSrsId(id);
        srs.setSrsName(crs.getName().getCode());
        srs.setOrganization(epsg.isPresent() ? "EPSG" : "NONE");
        srs.setOrganizationCoordsysId(epsg.isPresent() ? epsg.get() : id);
        srs.setDefinition(wkt);
        srs.setDescription(Crs.displayName(crs));
        dao.create(srs);
        return (int) id;
    }
}
