package org.deepraster.viewer;

import java.util.logging.Level;
import java.util.logging.Logger;
import org.deepraster.util.Log;

/**
 * The viewer's handler of exceptions nobody caught, on the EDT (Swing hands them to the thread's
 * handler) or any other thread: each is logged with its stack trace, and the user is told (a
 * notification whose dialog says where the log is) at most once every {@link #QUIET_MS} ms, so a
 * painting bug that throws on every repaint does not bury the window in dialogs.
 */
final class UncaughtErrors implements Thread.UncaughtExceptionHandler {
    static final long QUIET_MS = 10_000;
    private static final Logger LOG = Log.logger(UncaughtErrors.class);
    private static final UncaughtErrors INSTANCE = new UncaughtErrors();

    private volatile NotificationCenter notifier;
    private long lastShown = Long.MIN_VALUE / 2;

    private UncaughtErrors() {
    }

    /** Makes this the default handler of every thread; {@code notifier} tells the user (the newest viewer's). */
    static void install(NotificationCenter notifier) {
        synchronized (INSTANCE) {
            INSTANCE.notifier = notifier;
            INSTANCE.lastShown = Long.MIN_VALUE / 2; // a new viewer: the first error is shown
        }
        if (Thread.getDefaultUncaughtExceptionHandler() != INSTANCE) {
            Thread.setDefaultUncaughtExceptionHandler(INSTANCE);
        }
    }

    @Override
    public void uncaughtException(Thread thread, Throwable e) {
        String what = "Unexpected error on thread " + thread.getName();
        Log.failure(LOG, what, e);
        NotificationCenter n = notifier;
        if (n != null && shouldShow(System.currentTimeMillis())) {
            try {
                n.error(what, e);
            } catch (RuntimeException | Error again) {
                LOG.log(Level.SEVERE, "Could not tell the user about an uncaught error", again);
            }
        }
    }

    private synchronized boolean shouldShow(long now) {
        if (now - lastShown < QUIET_MS) {
            return false;
        }
        lastShown = now;
        return true;
    }
}
