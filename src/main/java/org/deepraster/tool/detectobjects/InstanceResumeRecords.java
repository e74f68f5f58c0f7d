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
import java.util.BitSet;
import java.util.Collection;
import java.util.List;

/**
 * The instance fragments held back by {@link InstanceMerger} (not final because a tile next to them was
 * unfinished), kept next to {@link DetectResumeState}'s records in table {@value #TABLE} and written in the same
 * transaction: tile index, class, exact score, the mask's window in raster pixels and its bits (row-major,
 * {@link BitSet#toByteArray()}). A resumed run links them again, so it writes what one uninterrupted run writes.
 */
final class InstanceResumeRecords {
    static final String TABLE = "deepraster_detect_instances";

    private InstanceResumeRecords() {
    }

    /** Creates the table when missing; a fresh run drops what an earlier run of the output table left. */
    static void start(Connection c, String table, boolean fresh) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.executeUpdate("CREATE TABLE IF NOT EXISTS " + TABLE + " (out_table TEXT NOT NULL, id INTEGER NOT NULL,"
                    + " tile INTEGER, class INTEGER, score REAL, x0 INTEGER, y0 INTEGER, width INTEGER, height INTEGER,"
                    + " bits BLOB, PRIMARY KEY (out_table, id))");
        }
        if (fresh) {
            try (PreparedStatement st = c.prepareStatement("DELETE FROM " + TABLE + " WHERE out_table = ?")) {
                st.setString(1, table);
                st.executeUpdate();
            }
        }
    }

    /** Records the fragments newly held back and deletes those released. */
    static void record(Connection c, String table, Collection<InstanceFragment> held, Collection<Long> released)
            throws SQLException {
        if (!held.isEmpty()) {
            try (PreparedStatement st = c.prepareStatement("INSERT INTO " + TABLE
                    + " (out_table, id, tile, class, score, x0, y0, width, height, bits) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (InstanceFragment f : held) {
                    st.setString(1, table);
                    st.setLong(2, f.id());
                    st.setInt(3, f.tile());
                    st.setInt(4, f.classIndex());
                    st.setDouble(5, f.score());
                    st.setInt(6, f.x0());
                    st.setInt(7, f.y0());
                    st.setInt(8, f.width());
                    st.setInt(9, f.height());
                    BitSet b = new BitSet(f.bits().length);
                    for (int i = 0; i < f.bits().length; i++) {
                        b.set(i, f.bits()[i]);
                    }
                    st.setBytes(10, b.toByteArray());
                    st.addBatch();
                }
                st.executeBatch();
            }
        }
        if (!released.isEmpty()) {
            try (PreparedStatement st = c.prepareStatement("DELETE FROM " + TABLE + " WHERE out_table = ? AND id = ?")) {
                for (long id : released) {
                    st.setString(1, table);
                    st.setLong(2, id);
                    st.addBatch();
                }
                st.executeBatch();
            }
        }
    }

    /** The fragments an earlier run of {@code table} held back (none when the file has no such records). */
    static List<InstanceFragment> read(Path gpkg, String table) throws IOException {
        List<InstanceFragment> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + gpkg.toAbsolutePath())) {
            try (PreparedStatement st = c.prepareStatement("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")) {
                st.setString(1, TABLE);
                try (ResultSet rs = st.executeQuery()) {
                    if (!rs.next()) {
                        return out;
                    }
                }
            }
            try (PreparedStatement st = c.prepareStatement("SELECT id, tile, class, score, x0, y0, width, height, bits FROM "
                    + TABLE + " WHERE out_table = ? ORDER BY id")) {
                st.setString(1, table);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        int w = rs.getInt(7);
                        int h = rs.getInt(8);
                        BitSet b = BitSet.valueOf(rs.getBytes(9));
                        boolean[] bits = new boolean[w * h];
                        for (int i = 0; i < bits.length; i++) {
                            bits[i] = b.get(i);
                        }
                        out.add(new InstanceFragment(rs.getLong(1), rs.getInt(2), rs.getInt(3), (float) rs.getDouble(4),
                                rs.getInt(5), rs.getInt(6), w, h, bits));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IOException("Cannot read the held-back instances of " + gpkg + ": " + e.getMessage(), e);
        }
        return out;
    }
}
