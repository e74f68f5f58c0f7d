package org.deepraster.util;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * One line per record: local time to the millisecond, level, thread, logger, message; then the
 * stack trace in full (with its causes) when the record has one. For example
 * {@code 2026-12-03 13:20:01.123 WARNING [task-1] org.deepraster.viewer.TaskManager: Opening x failed}.
 */
final class LogFormat extends Formatter {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneId.systemDefault());

    @Override
    public String format(LogRecord r) {
        StringBuilder b = new StringBuilder(160);
        b.append(TIME.format(Instant.ofEpochMilli(r.getMillis()))).append(' ')
                .append(r.getLevel().getName()).append(" [").append(threadName(r)).append("] ")
                .append(r.getLoggerName() == null ? "" : r.getLoggerName()).append(": ")
                .append(formatMessage(r)).append(System.lineSeparator());
        if (r.getThrown() != null) {
            StringWriter trace = new StringWriter();
            r.getThrown().printStackTrace(new PrintWriter(trace));
            b.append(trace);
        }
        return b.toString();
    }

    /**
     * The name of the thread that logged: handlers publish on the logging thread, so it is the
     * current thread unless a handler hands records on (then its id).
     */
    private static String threadName(LogRecord r) {
        Thread t = Thread.currentThread();
        return t.getId() == r.getLongThreadID() ? t.getName() : "thread " + r.getLongThreadID();
    }
}
