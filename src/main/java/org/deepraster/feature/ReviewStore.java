package org.deepraster.feature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deepraster.util.UserException;

/**
 * Review decisions kept in the results file itself: three fields of the results table of a
 * GeoPackage, added when missing ({@code ALTER TABLE … ADD COLUMN}), so a review survives closing
 * the viewer and travels with the file into any GIS:
 * <ul>
 *   <li>{@value #STATUS_FIELD}: {@code accepted}, {@code rejected}, or empty (not reviewed);</li>
 *   <li>{@value #LABEL_FIELD}: the class the reviewer gave when the model's was wrong (empty when
 *       the model's label stands; the model's own label field is never changed);</li>
 *   <li>{@value #TIME_FIELD}: when the decision was made (UTC).</li>
 * </ul>
 * Each {@link #save} is one transaction, updating rows by their feature id (the table's primary
 * key, as {@link GeoPackageReader} gives it). One owner; not thread-safe. Only GeoPackage outputs
 * can be reviewed in place: Shapefile and GeoJSON outputs cannot take a new field without
 * rewriting the whole file, so they are refused with a hint.
 */
public final class ReviewStore implements AutoCloseable {
    public static final String STATUS_FIELD = "Review";
    public static final String LABEL_FIELD = "ReviewLabel";
    public static final String TIME_FIELD = "ReviewedAt";

    /** A review status as stored ({@link #text()}). */
    public enum Status {
        ACCEPTED("accepted"), REJECTED("rejected");

        private final String text;

        Status(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }

        /** The status of a stored text; null for empty or unknown text (not reviewed). */
        public static Status parse(Object value) {
            if (value == null) {
                return null;
            }
            String s = value.toString().trim();
            for (Status st : values()) {
                if (st.text.equalsIgnoreCase(s)) {
                    return st;
                }
            }
            return null;
        }
    }

    /**
     * A decision for one feature: its status (null: not reviewed), the reviewer's class (null:
     * the model's stands) and when it was made (ISO-8601, null when cleared).
     */
    public record Decision(Status status, String label, String at) {
        public static final Decision NONE = new Decision(null, null, null);

        public boolean isEmpty() {
            return status == null && label == null;
        }

        /** A decision made now. */
        public static Decision now(Status status, String label) {
            return new Decision(status, label, Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
        }
    }

    private final Path file;
    private final mil.nga.geopackage.GeoPackage gp;
    private final Connection conn;
    private final String table;
    private final String idColumn;

    private ReviewStore(Path file, mil.nga.geopackage.GeoPackage gp, Connection conn, String table, String idColumn) {
        this.file = file;
        this.gp = gp;
        this.conn = conn;
        this.table = table;
        this.idColumn = idColumn;
    }

    /**
     * Opens the table {@code layerName} (matched without regard to case, or as the GeoPackage
     * writer names tables) of a GeoPackage for review, adding the review fields when missing.
     */
    public static ReviewStore open(Path file, String layerName) throws IOException {
        String ext = VectorFiles.extension(file);
        if (!ext.equals("gpkg")) {
            throw new UserException("Review decisions can only be saved in GeoPackage files; " + file.getFileName()
                    + " is a ." + ext + " file, which cannot take new fields without being rewritten.",
                    "Write the results to a .gpkg output (or convert this file to GeoPackage) and review that.");
        }
        if (!Files.isRegularFile(file)) {
            throw new UserException("The results file " + file + " does not exist (any more).",
                    "Open the results file again, or run the tool again.");
        }
        if (!Files.isWritable(file)) {
            throw new UserException("The results file " + file + " is read-only, so review decisions cannot be saved in it.",
                    "Copy it to a writable folder and review the copy.");
        }
        GeoPackageReader.init();
        mil.nga.geopackage.GeoPackage gp;
        try {
            gp = mil.nga.geopackage.GeoPackageManager.open(file.toFile(), false);
        } catch (RuntimeException e) {
            throw new UserException("Cannot open " + file + " for review: " + e.getMessage(),
                    "Check that the file is a GeoPackage and is not damaged.", e);
        }
        Connection conn = gp.getConnection().getConnection();
        try {
            try (Statement st = conn.createStatement()) {
                st.execute("PRAGMA busy_timeout = 10000"); // a run may be writing to another table
            }
            String table = findTable(conn, layerName);
            if (table == null) {
                throw new UserException("The GeoPackage " + file.getFileName() + " has no feature table '" + layerName + "'.",
                        "Open the results file again; the layer may have been renamed or deleted.");
            }
            String id = null;
            List<String> columns = new ArrayList<>();
            try (Statement st = conn.createStatement();
                 ResultSet rs = st.executeQuery("PRAGMA table_info(" + q(table) + ")")) {
                while (rs.next()) {
                    columns.add(rs.getString("name").toLowerCase(Locale.ROOT));
                    if (rs.getInt("pk") > 0 && id == null) {
                        id = rs.getString("name");
                    }
                }
            }
            addIfMissing(conn, table, columns, STATUS_FIELD, "TEXT");
            addIfMissing(conn, table, columns, LABEL_FIELD, "TEXT");
            addIfMissing(conn, table, columns, TIME_FIELD, "DATETIME");
            // the spatial index's triggers call ST_* functions that SQLite must know even when
            // only attributes change
            mil.nga.geopackage.extension.rtree.RTreeIndexExtension rtree =
                    new mil.nga.geopackage.extension.rtree.RTreeIndexExtension(gp);
            if (rtree.has(table)) {
                rtree.createFunctions(gp.getFeatureDao(table).getTable());
            }
            return new ReviewStore(file, gp, conn, table, id == null ? "rowid" : id);
        } catch (SQLException | RuntimeException e) {
            gp.close();
            if (e instanceof UserException u) {
                throw u;
            }
            throw new UserException("Cannot prepare " + file.getFileName() + " for review: " + e.getMessage(),
                    "Check that the file is writable and not open for writing in another program.", e);
        }
    }

    private static String findTable(Connection conn, String layerName) throws SQLException {
        String wanted = GeoPackageWriter.tableName(layerName);
        try (Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT table_name FROM gpkg_contents WHERE data_type = 'features'")) {
            String loose = null;
            while (rs.next()) {
                String t = rs.getString(1);
                if (t.equalsIgnoreCase(layerName)) {
                    return t;
                }
                if (t.equalsIgnoreCase(wanted)) {
                    loose = t;
                }
            }
            return loose;
        }
    }

    private static void addIfMissing(Connection conn, String table, List<String> have, String name, String type)
            throws SQLException {
        if (!have.contains(name.toLowerCase(Locale.ROOT))) {
            try (Statement st = conn.createStatement()) {
                st.executeUpdate("ALTER TABLE " + q(table) + " ADD COLUMN " + q(name) + " " + type);
            }
        }
    }

    public Path file() {
        return file;
    }

    /** The table's name in the file. */
    public String table() {
        return table;
    }

    /** Every decision in the file, by feature id (features without one are left out). */
    public Map<Long, Decision> read() throws IOException {
        Map<Long, Decision> out = new LinkedHashMap<>();
        String sql = "SELECT " + q(idColumn) + ", " + q(STATUS_FIELD) + ", " + q(LABEL_FIELD) + ", " + q(TIME_FIELD)
                + " FROM " + q(table) + " WHERE " + q(STATUS_FIELD) + " IS NOT NULL OR " + q(LABEL_FIELD) + " IS NOT NULL";
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                Status s = Status.parse(rs.getString(2));
                String label = blankToNull(rs.getString(3));
                if (s != null || label != null) {
                    out.put(rs.getLong(1), new Decision(s, label, blankToNull(rs.getString(4))));
                }
            }
        } catch (SQLException e) {
            throw new IOException("Cannot read the review of " + file + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Writes decisions (an empty one clears the feature's review) in one transaction. */
    public void save(Map<Long, Decision> decisions) throws IOException {
        if (decisions.isEmpty()) {
            return;
        }
        String sql = "UPDATE " + q(table) + " SET " + q(STATUS_FIELD) + " = ?, " + q(LABEL_FIELD) + " = ?, "
                + q(TIME_FIELD) + " = ? WHERE " + q(idColumn) + " = ?";
        try {
            conn.setAutoCommit(false);
            try (PreparedStatement ps = conn.prepareStatement(sql)) {
                for (Map.Entry<Long, Decision> e : decisions.entrySet()) {
                    Decision d = e.getValue() == null ? Decision.NONE : e.getValue();
                    ps.setString(1, d.status() == null ? null : d.status().text());
                    ps.setString(2, d.label());
                    ps.setString(3, d.isEmpty() ? null : d.at());
                    ps.setLong(4, e.getKey());
                    ps.addBatch();
                }
                ps.executeBatch();
                conn.commit();
            } catch (SQLException e) {
                conn.rollback();
                throw e;
            } finally {
                conn.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new UserException("Cannot save the review decision in " + file + ": " + e.getMessage(),
                    "Check that the file is writable and the disk is not full; the decision was not saved.", e);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String q(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    @Override
    public void close() {
        gp.close();
    }
}
