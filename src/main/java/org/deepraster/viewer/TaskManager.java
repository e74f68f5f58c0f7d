package org.deepraster.viewer;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.deepraster.plugin.Notifier;
import org.deepraster.plugin.TaskService;
import java.util.logging.Logger;
import org.deepraster.util.CancelledException;
import org.deepraster.util.Log;
import org.deepraster.util.Progress;
import org.deepraster.util.UserException;

/**
 * Runs background tasks on a worker pool (never the EDT) and keeps the list of running tasks
 * with their progress for the status bar. A {@link UserException} is shown through the
 * notifier without a stack trace; a cancellation is reported as such. Every failure is logged with
 * its stack trace ({@link Log#failure}).
 */
public final class TaskManager implements TaskService, AutoCloseable {
    private static final Logger LOG = Log.logger(TaskManager.class);
    private final ExecutorService pool;
    private final Notifier notifier;
    private final List<Task<?>> running = new CopyOnWriteArrayList<>();
    private final List<Consumer<List<Task<?>>>> listeners = new CopyOnWriteArrayList<>();

    public TaskManager(Notifier notifier) {
        this.notifier = notifier;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "task-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Tasks running now; any thread. */
    public List<Task<?>> running() {
        return List.copyOf(running);
    }

    /** Called on the EDT when a task starts or ends, with the running tasks. */
    public void addListener(Consumer<List<Task<?>>> l) {
        listeners.add(l);
    }

    @Override
    public <T> TaskHandle<T> submit(String title, BackgroundTask<T> work) {
        Task<T> task = new Task<>(title);
        running.add(task);
        fire();
        pool.execute(() -> {
            try {
                T value = work.run(task);
                if (task.isCancelled()) {
                    throw new CancelledException();
                }
                task.result.complete(value);
            } catch (Throwable t) {
                Throwable cause = unwrap(t);
                Log.failure(LOG, "Task '" + title + "' failed", cause);
                task.result.completeExceptionally(cause);
                if (cause instanceof CancelledException || cause instanceof CancellationException) {
                    notifier.info(title + ": cancelled");
                } else if (cause instanceof UserException) {
                    notifier.error(title + " failed", cause);
                } else {
                    notifier.error(title + " failed: " + cause, cause);
                }
            } finally {
                running.remove(task);
                fire();
            }
        });
        return task;
    }

    static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private void fire() {
        List<Task<?>> now = running();
        Edt.run(() -> listeners.forEach(l -> l.accept(now)));
    }

    @Override
    public void close() {
        running.forEach(Task::cancel);
        pool.shutdownNow();
    }

    /** A submitted task: its handle and its progress. Thread-safe. */
    public static final class Task<T> implements TaskHandle<T>, Progress {
        private final String title;
        private final CompletableFuture<T> result = new CompletableFuture<>();
        private volatile boolean cancelled;
        private volatile String phase = "";
        private volatile String message = "";
        private final AtomicLong total = new AtomicLong();
        private final AtomicLong done = new AtomicLong();

        Task(String title) {
            this.title = title;
        }

        @Override
        public String title() {
            return title;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public CompletableFuture<T> result() {
            return result;
        }

        @Override
        public void begin(String task, long steps) {
            phase = task == null ? "" : task;
            total.set(steps);
            done.set(0);
        }

        @Override
        public void worked(long steps) {
            done.addAndGet(steps);
        }

        @Override
        public void message(String text) {
            message = text == null ? "" : text;
        }

        /** Fraction done in 0..1, or -1 when unknown. */
        public double fraction() {
            long t = total.get();
            return t <= 0 ? -1 : Math.min(1, done.get() / (double) t);
        }

        /** A one-line description for the status bar. */
        public String describe() {
            // a phase that starts with the title says it again: "Generating the sample scene (first run)"
            StringBuilder b = new StringBuilder(!phase.isEmpty() && phase.startsWith(title) ? phase : title);
            if (!phase.isEmpty() && !phase.startsWith(title)) {
                b.append(" – ").append(phase);
            }
            if (!message.isEmpty()) {
                b.append(": ").append(message);
            }
            long t = total.get();
            if (t > 0) {
                b.append(" (").append(done.get()).append('/').append(t).append(')');
            }
            return b.toString();
        }
    }
}
