package org.deepraster.util;

/** Thrown by work that stopped because the user cancelled it. Not an error. */
public class CancelledException extends RuntimeException {
    public CancelledException() {
        super("Cancelled", null, false, false);
    }
}
