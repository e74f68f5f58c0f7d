package org.deepraster.feature;

import static org.deepraster.feature.GeoPackageWriter.FID;
import static org.deepraster.feature.GeoPackageWriter.GEOM;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import mil.nga.geopackage.extension.rtree.RTreeIndexExtension;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

/**
 * The RTree spatial index {@link GeoPackageWriter} adds to a table it wrote, loaded in one SQL
 * statement with an SQLite function that reads each geometry's envelope from its blob header.
 * On the writer's thread.
 */
final class GpkgSpatialIndex {
    private GpkgSpatialIndex() {
    }

    /**
     * Creates the RTree spatial index like the GeoPackage library's {@code create(FeatureTable)}
     * does (extension row, virtual table, triggers), but loads it with SQL functions that read the
     * envelope from the geometry blob header instead of parsing every geometry in Java (about 10
     * times faster).
     */
    static void create(RTreeIndexExtension rtree, Connection conn, String table) throws SQLException {
        rtree.getOrCreate(table, GEOM);
        rtree.createRTreeIndex(table, GEOM);
        EnvelopeFunction.register(conn);
        String rt = GpkgValues.q("rtree_" + table + "_" + GEOM);
        boolean auto = conn.getAutoCommit();
        conn.setAutoCommit(false);
        try (Statement st = conn.createStatement()) {
            st.executeUpdate("INSERT OR REPLACE INTO " + rt + " SELECT " + GpkgValues.q(FID) + ", dr_env(" + GpkgValues.q(GEOM) + ", 0), dr_env("
                    + GpkgValues.q(GEOM) + ", 1), dr_env(" + GpkgValues.q(GEOM) + ", 2), dr_env(" + GpkgValues.q(GEOM) + ", 3) FROM " + GpkgValues.q(table)
                    + " WHERE " + GpkgValues.q(GEOM) + " IS NOT NULL AND dr_env(" + GpkgValues.q(GEOM) + ", 4) = 0");
            conn.commit();
        } catch (SQLException e) {
            conn.rollback();
            throw e;
        } finally {
            conn.setAutoCommit(auto);
        }
        rtree.createAllTriggers(table, GEOM, FID);
    }

    /**
     * {@code dr_env(blob, i)}: minx, maxx, miny, maxy (i = 0..3) of a GeoPackage geometry blob, or
     * 1/0 for "is empty" (i = 4). Uses the header envelope when there is one, else parses the WKB.
     */
    private static final class EnvelopeFunction extends org.sqlite.Function {
        private final GpkgGeometry codec = new GpkgGeometry(new GeometryFactory());

        static void register(Connection conn) throws SQLException {
            org.sqlite.Function.create(conn.unwrap(org.sqlite.SQLiteConnection.class), "dr_env", new EnvelopeFunction());
        }

        @Override
        protected void xFunc() throws SQLException {
            byte[] b = value_blob(0);
            int i = value_int(1);
            if (b == null || b.length < 8) {
                result(i == 4 ? 1 : 0);
                return;
            }
            int flags = b[3] & 0xFF;
            boolean empty = (flags & 0x10) != 0;
            int envelope = (flags >> 1) & 0x07;
            if (i == 4) {
                result(empty ? 1 : 0);
                return;
            }
            if (envelope != 0 && b.length >= 40) {
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(b)
                        .order((flags & 1) != 0 ? java.nio.ByteOrder.LITTLE_ENDIAN : java.nio.ByteOrder.BIG_ENDIAN);
                result(buf.getDouble(8 + 8 * i));
                return;
            }
            try {
                Geometry g = codec.decode(b);
                Envelope e = g == null ? new Envelope() : g.getEnvelopeInternal();
                result(switch (i) {
                    case 0 -> e.getMinX();
                    case 1 -> e.getMaxX();
                    case 2 -> e.getMinY();
                    default -> e.getMaxY();
                });
            } catch (org.locationtech.jts.io.ParseException e) {
                throw new SQLException("bad geometry blob: " + e.getMessage(), e);
            }
        }
    }
}
