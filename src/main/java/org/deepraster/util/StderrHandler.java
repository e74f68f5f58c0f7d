package org.deepraster.util;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * {@link Log}'s terminal: writes records to whatever {@link System#err} is when they are published
 * (so a redirected standard error gets them too), in the log's format. Without {@code all}, it skips
 * DeepRaster's own records: the command line and the viewer tell the user themselves, and the log
 * file holds the details.
 */
final class StderrHandler extends Handler {
    private volatile boolean all;

    StderrHandler() {
        setFormatter(new LogFormat());
    }

    /** Prints records at {@code level} and up; {@code all} false skips DeepRaster's own loggers. */
    void show(Level level, boolean all) {
        setLevel(level);
        this.all = all;
    }

    @Override
    public void publish(LogRecord r) {
        if (!isLoggable(r)) {
            return;
        }
        if (!all && r.getLoggerName() != null && r.getLoggerName().startsWith("org.deepraster")) {
            return;
        }
        String text;
        try {
            text = getFormatter().format(r);
        } catch (RuntimeException e) {
            text = r.getLevel() + ": " + r.getMessage() + System.lineSeparator();
        }
        System.err.print(text);
        System.err.flush();
    }

    @Override
    public void flush() {
        System.err.flush();
    }

    @Override
    public void close() {
        // System.err stays open
    }
}
