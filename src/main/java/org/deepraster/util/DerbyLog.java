package org.deepraster.util;

import java.io.OutputStream;

/**
 * Where the EPSG database's embedded Derby writes its log: nowhere. Without this, Derby leaves a
 * {@code derby.log} in whatever folder DeepRaster is run from.
 */
public final class DerbyLog {
    /** Named by the {@code derby.stream.error.field} system property. */
    public static final OutputStream DISCARD = OutputStream.nullOutputStream();

    private DerbyLog() {
    }

    /** Points Derby at {@link #DISCARD} unless the user chose a log. Call before the first CRS lookup. */
    public static void silence() {
        if (System.getProperty("derby.stream.error.file") == null && System.getProperty("derby.stream.error.field") == null) {
            System.setProperty("derby.stream.error.field", DerbyLog.class.getName() + ".DISCARD");
        }
    }
}
