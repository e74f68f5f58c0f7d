package org.deepraster.util;

/**
 * Progress and cancellation of a long piece of work. Implementations must be thread-safe:
 * the work calls these methods from its own (worker) threads.
 */
public interface Progress {
    /** Starts (or restarts) a phase with a known number of steps; {@code total <= 0} means unknown. */
    void begin(String task, long total);

    /** {@code steps} more steps are done. */
    void worked(long steps);

    /** A short line for the user (status bar, terminal). */
    default void message(String text) {
    }

    /** True once the user asked to stop; work checks it between units and stops soon after. */
    boolean isCancelled();

    /** Throws {@link CancelledException} when cancelled. */
    default void checkCancelled() {
        if (isCancelled()) {
            throw new CancelledException();
        }
    }

    /** Progress that reports nowhere and is cancelled when {@code cancelled} says so. */
    static Progress cancelledWhen(java.util.function.BooleanSupplier cancelled) {
        return new Progress() {
            @Override
            public void begin(String task, long total) {
            }

            @Override
            public void worked(long steps) {
            }

            @Override
            public boolean isCancelled() {
                return cancelled.getAsBoolean();
            }
        };
    }

    /** Progress that reports nowhere and is never cancelled. */
    Progress NONE = new Progress() {
        @Override
        public void begin(String task, long total) {
        }

        @Override
        public void worked(long steps) {
        }

        @Override
        public boolean isCancelled() {
            return false;
        }
    };
}
