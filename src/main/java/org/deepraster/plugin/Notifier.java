package org.deepraster.plugin;

/** Messages to the user; callable from any thread. */
public interface Notifier {
    void info(String message);

    void warning(String message);

    /** An error the user should see; the host shows the message (and hint) without a stack trace. */
    void error(String message, Throwable cause);
}
