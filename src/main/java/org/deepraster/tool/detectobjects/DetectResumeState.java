package org.deepraster.tool.detectobjects;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deepraster.util.UserException;

/**
 * The resume records of Detect Objects, kept in the output GeoPackage next to the output table and
 * written in the same transaction as each batch of features ({@code GeoPackageWriter.write(features,
 * also)}), so the file is consistent wherever a run stops, killed included:
 * <ul>
 * <li>{@value #RUNS}: one row per output table: the settings that fix the tile layout and the results
 * (a resume with other settings is refused);</li>
 * <li>{@value #TILES}: the tiles finished (their detections are written, suppressed, or held back);</li>
 * <li>{@value #PENDING}: the detections held back by streaming NMS (pixel boxes of the raster as read,
 * class, exact score, the outline as WKT and the angle of oriented boxes), not yet final because a tile next to them was unfinished.</li>
 * </ul>
 * A resumed run skips the finished tiles and starts with the held-back detections, so it writes
 * exactly what one uninterrupted run writes. The tables are plain SQLite tables, not registered in
 * gpkg_contents, so GIS software does not list them as layers.
 */
final class DetectResumeState {
    static final String RUNS = "deepraster_detect_runs";
    static final String TILES = "deepraster_detect_tiles";
    static final String PENDING = "deepraster_detect_pending";

    /** What an earlier run left. */
    record Loaded(Map<String, String> settings, Set<String> doneTiles, List<Det> pending) {
    }

    private final String table;
    private final String settings;

    DetectResumeState(String table, Map<String, String> settings) {
        this.table = table;
        this.settings = encode(settings);
    }

    static String encode(Map<String, String> m) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> e : m.entrySet()) {
            b.append(e.getKey()).append('=').append(e.getValue().replace('\n', ' ')).append('\n');
        }
        return b.toString();
    }

    String table() {
        return table;
    }

    static Map<String, String> decode(String s) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : s.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                m.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return m;
    }

    /** The records of {@code table} in {@code gpkg}, or null when there are none. */
    static Loaded read(Path gpkg, String table) throws IOException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + gpkg.toAbsolutePath())) {
            if (!hasTable(c, RUNS)) {
                return null;
            }
            String settings;
            try (PreparedStatement st = c.prepareStatement("SELECT settings FROM " + RUNS + " WHERE out_table = ?")) {
                st.setString(1, table);
                try (ResultSet rs = st.executeQuery()) {
                    if (!rs.next()) {
                        return null;
                    }
                    settings = rs.getString(1);
                }
            }
            Set<String> tiles = new HashSet<>();
            try (PreparedStatement st = c.prepareStatement("SELECT tile FROM " + TILES + " WHERE out_table = ?")) {
                st.setString(1, table);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        tiles.add(rs.getString(1));
                    }
                }
            }
            List<Det> pending = new ArrayList<>();
            boolean shapes = hasColumn(c, PENDING, "shape");
            try (PreparedStatement st = c.prepareStatement("SELECT id, x0, y0, x1, y1, class, score"
                    + (shapes ? ", shape, angle" : "") + " FROM " + PENDING + " WHERE out_table = ? ORDER BY id")) {
                st.setString(1, table);
                org.locationtech.jts.io.WKTReader wkt = new org.locationtech.jts.io.WKTReader();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        String shape = shapes ? rs.getString(8) : null;
                        double angle = shapes ? rs.getDouble(9) : Double.NaN;
                        if (shapes && rs.wasNull()) {
                            angle = Double.NaN;
                        }
                        pending.add(new Det(rs.getDouble(2), rs.getDouble(3), rs.getDouble(4), rs.getDouble(5),
                                rs.getInt(6), (float) rs.getDouble(7), rs.getLong(1),
                                shape == null ? null : wkt.read(shape), angle));
                    }
                }
            } catch (org.locationtech.jts.io.ParseException e) {
                throw new IOException("A held-back detection's outline in " + gpkg + " is not WKT: " + e.getMessage(), e);
            }
            return new Loaded(decode(settings), tiles, pending);
        } catch (SQLException e) {
            throw new IOException("Cannot read the resume records of " + gpkg + ": " + e.getMessage(), e);
        }
    }

    /** Whether the file starts with the SQLite header (a GeoPackage, or at least an SQLite database). */
    static boolean isSqlite(Path file) throws IOException {
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
            byte[] head = in.readNBytes(16);
            return new String(head, java.nio.charset.StandardCharsets.ISO_8859_1).equals("SQLite format 3\0");
        }
    }

    /** Whether the GeoPackage lists a feature table of this name (ignoring case), without reading any feature. */
    static boolean hasFeatureTable(Path gpkg, String table) throws IOException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + gpkg.toAbsolutePath());
             PreparedStatement st = c.prepareStatement("SELECT 1 FROM gpkg_contents WHERE lower(table_name) = lower(?)"
                     + " AND data_type = 'features'")) {
            st.setString(1, table);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new UserException("Cannot read " + gpkg + " as a GeoPackage: " + e.getMessage(),
                    "Choose another output, or allow overwriting (--overwrite).");
        }
    }

    private static boolean hasColumn(Connection c, String table, String column) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA table_info(" + table + ")")) {
            while (rs.next()) {
                if (column.equalsIgnoreCase(rs.getString("name"))) {
                    return true;
                }
            }
            return false;
        }
    }

    private static boolean hasTable(Connection c, String name) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")) {
            st.setString(1, name);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Creates the tables when missing; a fresh run also drops the records an earlier run of the table left. */
    void start(Connection c, boolean fresh) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.executeUpdate("CREATE TABLE IF NOT EXISTS " + RUNS + " (out_table TEXT PRIMARY KEY, settings TEXT NOT NULL)");
            st.executeUpdate("CREATE TABLE IF NOT EXISTS " + TILES + " (out_table TEXT NOT NULL, tile TEXT NOT NULL,"
                    + " PRIMARY KEY (out_table, tile))");
            st.executeUpdate("CREATE TABLE IF NOT EXISTS " + PENDING + " (out_table TEXT NOT NULL, id INTEGER NOT NULL,"
                    + " x0 REAL, y0 REAL, x1 REAL, y1 REAL, class INTEGER, score REAL, shape TEXT, angle REAL,"
                    + " PRIMARY KEY (out_table, id))");
            if (!hasColumn(c, PENDING, "shape")) { // made by a version without outlines
                st.executeUpdate("ALTER TABLE " + PENDING + " ADD COLUMN shape TEXT");
                st.executeUpdate("ALTER TABLE " + PENDING + " ADD COLUMN angle REAL");
            }
        }
        if (fresh) {
            for (String t : List.of(RUNS, TILES, PENDING)) {
                try (PreparedStatement st = c.prepareStatement("DELETE FROM " + t + " WHERE out_table = ?")) {
                    st.setString(1, table);
                    st.executeUpdate();
                }
            }
            try (PreparedStatement st = c.prepareStatement("INSERT INTO " + RUNS + " (out_table, settings) VALUES (?, ?)")) {
                st.setString(1, table);
                st.setString(2, settings);
                st.executeUpdate();
            }
        }
    }

    /** Records finished tiles, newly held-back detections and the held-back ones now released. */
    void record(Connection c, Collection<String> tiles, Collection<Det> held, Collection<Long> released)
            throws SQLException {
        if (!tiles.isEmpty()) {
            try (PreparedStatement st = c.prepareStatement("INSERT OR IGNORE INTO " + TILES + " (out_table, tile) VALUES (?, ?)")) {
                for (String t : tiles) {
                    st.setString(1, table);
                    st.setString(2, t);
                    st.addBatch();
                }
                st.executeBatch();
            }
        }
        if (!held.isEmpty()) {
            try (PreparedStatement st = c.prepareStatement("INSERT INTO " + PENDING
                    + " (out_table, id, x0, y0, x1, y1, class, score, shape, angle) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (Det d : held) {
                    st.setString(1, table);
                    st.setLong(2, d.id());
                    st.setDouble(3, d.x0());
                    st.setDouble(4, d.y0());
                    st.setDouble(5, d.x1());
                    st.setDouble(6, d.y1());
                    st.setInt(7, d.classIndex());
                    st.setDouble(8, d.score());
                    st.setString(9, d.shape() == null ? null : d.shape().toText());
                    if (Double.isNaN(d.angle())) {
                        st.setNull(10, java.sql.Types.REAL);
                    } else {
                        st.setDouble(10, d.angle());
                    }
                    st.addBatch();
                }
                st.executeBatch();
            }
        }
        if (!released.isEmpty()) {
            try (PreparedStatement st = c.prepareStatement("DELETE FROM " + PENDING + " WHERE out_table = ? AND id = ?")) {
                for (long id : released) {
                    st.setString(1, table);
                    st.setLong(2, id);
                    st.addBatch();
                }
                st.executeBatch();
            }
        }
    }
}
