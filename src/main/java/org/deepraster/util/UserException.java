package org.deepraster.util;

/**
 * An error the user caused and can fix: a broken file, a missing band, an output that exists.
 * The message says what is wrong (naming the file, key or value) and {@link #hint()} says what to do.
 * Caught once at the job / command / dialog boundary and shown without a stack trace.
 */
public class UserException extends RuntimeException {
    private final String hint;

    public UserException(String message, String hint) {
        this(message, hint, null);
    }

    public UserException(String message, String hint, Throwable cause) {
        super(message, cause);
        this.hint = hint == null ? "" : hint;
    }

    /** What the user can do about it; may be empty. */
    public String hint() {
        return hint;
    }

    /** Message and hint in one text, as shown to a user. */
    public String userMessage() {
        return hint.isEmpty() ? getMessage() : getMessage() + "\n" + hint;
    }
}
