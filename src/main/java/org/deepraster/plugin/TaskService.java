package org.deepraster.plugin;

import java.util.concurrent.CompletableFuture;
import org.deepraster.util.Progress;

/**
 * Runs background jobs with their progress and a cancel button in the status bar. A
 * {@link org.deepraster.util.UserException} thrown by a job is shown to the user without a stack
 * trace; a {@link org.deepraster.util.CancelledException} is reported as cancelled.
 */
public interface TaskService {

    <T> TaskHandle<T> submit(String title, BackgroundTask<T> task);

    @FunctionalInterface
    interface BackgroundTask<T> {
        /** Runs on a worker thread, never the EDT. */
        T run(Progress progress) throws Exception;
    }

    interface TaskHandle<T> {
        String title();

        void cancel();

        boolean isCancelled();

        CompletableFuture<T> result();
    }
}
