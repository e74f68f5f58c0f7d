package org.deepraster.util;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Where the EPSG database's embedded Derby writes its log. Derby does not log through
 * {@code java.util.logging}: it writes text to a stream named by the {@code derby.stream.error.field}
 * system property. Without a stream it leaves a {@code derby.log} in whatever folder DeepRaster is run
 * from; {@link #toLog()} points it at {@link #LOG}, which hands each line to DeepRaster's {@link Log}
 * (logger {@code org.apache.derby}, INFO: Derby's boot notes and its errors alike).
 */
public final class DerbyLog {
    /** Drops everything (the tests' choice, see the pom). */
    public static final OutputStream DISCARD = OutputStream.nullOutputStream();
    /** Each line Derby writes becomes a record of the {@code org.apache.derby} logger. */
    public static final OutputStream LOG = new LineLogger(Log.library("org.apache.derby", Level.INFO));

    private DerbyLog() {
    }

    /** Points Derby at {@link #LOG} unless the user chose a log. Call before the first CRS lookup. */
    public static void toLog() {
        if (System.getProperty("derby.stream.error.file") == null && System.getProperty("derby.stream.error.field") == null) {
            System.setProperty("derby.stream.error.field", DerbyLog.class.getName() + ".LOG");
        }
    }

    /** An output stream that logs each line (UTF-8) at INFO; blank lines are dropped. */
    static final class LineLogger extends OutputStream {
        private final Logger logger;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineLogger(Logger logger) {
            this.logger = logger;
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                flush();
            } else if (b != '\r') {
                line.write(b);
            }
        }

        @Override
        public synchronized void flush() {
            String text = line.toString(StandardCharsets.UTF_8).strip();
            line.reset();
            if (!text.isEmpty()) {
                logger.log(Level.INFO, text);
            }
        }
    }
}
