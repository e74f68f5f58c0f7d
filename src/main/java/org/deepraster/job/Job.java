package org.deepraster.job;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.deepraster.util.CancelledException;
import org.deepraster.util.Progress;
import org.deepraster.util.UserException;

/**
 * The processing engine every tool runs on: work items -> prepared inputs (reader threads) ->
 * batches -> results (one inference thread) -> sinks (the calling thread). The stages overlap and
 * are joined by bounded queues, so memory stays flat for any number of items.
 *
 * <ul>
 * <li><b>Progress</b>: {@link Progress#begin}/{@link Progress#worked} on the given progress, and a
 * {@link JobProgress} (done/total, rate, time left) to every sink after each batch.</li>
 * <li><b>Cancel</b>: {@link Progress#isCancelled()} is checked before every item and batch; the batch
 * in flight is finished and written, then the run ends with {@link JobReport.Outcome#CANCELLED}.</li>
 * <li><b>Errors</b>: an item whose preparation throws is retried, then recorded as failed; a batch
 * whose run throws is retried, then run item by item so that only the bad items are recorded as
 * failed. When the first batches all fail (the model itself is broken), the run stops with that
 * error instead of failing every item.</li>
 * <li><b>Resume</b>: items whose {@link WorkItem#key()} is in {@code doneKeys} are not done again
 * (counted as resumed); sinks that write in one transaction per batch therefore leave a valid,
 * resumable output whenever the run stops.</li>
 * </ul>
 * One Job runs once.
 */
public final class Job<I extends WorkItem, P, R> {
    /** How many skipped/failed items the report keeps by name (the counts are exact). */
    public static final int MAX_PROBLEMS_KEPT = 1000;
    /** A run whose first this-many batches all fail stops: the model, not the items, is broken. */
    static final int FAILED_BATCHES_BEFORE_ABORT = 3;

    /** Failures of a run logged at WARNING (the rest at FINE). */
    static final int FAILURES_LOGGED = 10;
    private static final java.util.logging.Logger LOG = org.deepraster.util.Log.logger(Job.class);
    private static final Object END = new Object();
    private static final AtomicInteger RUNS = new AtomicInteger();

    private final String name;
    private final List<I> items;
    private final JobSteps<I, P, R> steps;
    private final JobConfig config;
    private final Set<String> doneKeys;

    private final BlockingQueue<Object> ready;
    private final BlockingQueue<Object> written;
    private final AtomicReference<Throwable> fatal = new AtomicReference<>();
    private volatile boolean stop;
    /** Item and batch failures logged with their stack traces so far (the first few at WARNING). */
    private final AtomicInteger loggedFailures = new AtomicInteger();
    private final ReaderBalance balance;

    /**
     * @param items the work; may be a lazy list (e.g. tiles computed from their index), read by index
     * @param doneKeys keys of items finished by an earlier run (empty for a fresh run)
     */
    public Job(String name, List<I> items, JobSteps<I, P, R> steps, JobConfig config, Set<String> doneKeys) {
        this.name = name;
        this.items = items;
        this.steps = steps;
        this.config = config;
        this.doneKeys = doneKeys == null ? Set.of() : doneKeys;
        this.ready = new ArrayBlockingQueue<>(config.batchSize() * config.queuedBatches() + config.readers());
        this.written = new ArrayBlockingQueue<>(config.queuedBatches());
        this.balance = new ReaderBalance(name, config.readers(), config.inferenceThreads(), config.balanced());
    }

    /** One batch on its way to the sinks: results, problems, and how many items it accounts for. */
    private record Written<R>(List<R> results, List<ItemProblem> problems, int items) {
    }

    /**
     * Runs the job to its end on the calling thread (which becomes the writer thread: every sink
     * method is called on it), closes the sinks and returns how it ended. A {@link UserException}
     * that stops the run (a broken model, an output that cannot be written) is thrown after the
     * sinks are closed; what was written stays.
     */
    public JobReport run(Progress progress, List<? extends ResultSink<R>> sinks) throws IOException {
        long t0 = System.nanoTime();
        long resumed = 0;
        if (!doneKeys.isEmpty()) {
            for (I item : items) {
                if (doneKeys.contains(item.key())) {
                    resumed++;
                }
            }
        }
        long total = items.size() - resumed;
        long done = 0;
        long results = 0;
        long skipped = 0;
        long failed = 0;
        List<ItemProblem> kept = new ArrayList<>();
        JobProgress state = new JobProgress(0, total, 0, 0, 0, resumed, 0);
        int run = RUNS.incrementAndGet();
        List<Thread> threads = new ArrayList<>();
        Throwable sinkError = null;
        boolean cancelled = false;
        try {
            for (ResultSink<R> s : sinks) {
                s.started(total, resumed);
            }
            progress.begin(name, total);
            AtomicInteger next = new AtomicInteger();
            CountDownLatch readersDone = new CountDownLatch(config.readers());
            for (int r = 0; r < config.readers(); r++) {
                int index = r;
                threads.add(start("deepraster-job" + run + "-read" + r, () -> read(index, next, readersDone, progress)));
            }
            threads.add(start("deepraster-job" + run + "-infer", () -> infer(readersDone, progress)));
            while (true) {
                Object o = written.poll(100, TimeUnit.MILLISECONDS);
                if (o == null) {
                    continue;
                }
                if (o == END) {
                    break;
                }
                @SuppressWarnings("unchecked")
                Written<R> w = (Written<R>) o;
                if (!w.results().isEmpty()) {
                    for (ResultSink<R> s : sinks) {
                        s.accept(w.results());
                    }
                }
                for (ItemProblem p : w.problems()) {
                    if (p.kind() == ItemProblem.Kind.SKIPPED) {
                        skipped++;
                    } else {
                        failed++;
                    }
                    if (kept.size() < MAX_PROBLEMS_KEPT) {
                        kept.add(p);
                    }
                    for (ResultSink<R> s : sinks) {
                        s.problem(p);
                    }
                }
                results += w.results().size();
                done += w.items();
                progress.worked(w.items());
                state = new JobProgress(done, total, results, skipped, failed, resumed, System.nanoTime() - t0,
                        balance.summary());
                for (ResultSink<R> s : sinks) {
                    s.progress(state);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancelled = true;
        } catch (IOException | RuntimeException | Error e) {
            sinkError = e;
        } finally {
            stop = true;
            for (Thread t : threads) {
                try {
                    t.join(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        cancelled |= progress.isCancelled();
        Throwable error = sinkError != null ? sinkError : fatal.get();
        state = new JobProgress(done, total, results, skipped, failed, resumed, System.nanoTime() - t0,
                balance.summary());
        JobReport.Outcome outcome = error != null ? JobReport.Outcome.FAILED
                : cancelled && done < total ? JobReport.Outcome.CANCELLED : JobReport.Outcome.COMPLETED;
        JobReport report = new JobReport(outcome, state, kept, error == null ? null : message(error));
        Throwable closing = null;
        for (ResultSink<R> s : sinks) {
            try {
                if (error == null) {
                    s.finished(report);
                }
            } catch (IOException | RuntimeException e) {
                closing = closing == null ? e : closing;
            }
            try {
                s.close();
            } catch (IOException | RuntimeException e) {
                closing = closing == null ? e : closing;
            }
        }
        if (error == null && closing != null) {
            error = closing;
        }
        if (error != null) {
            rethrow(error);
        }
        return report;
    }

    private static String message(Throwable t) {
        return t instanceof UserException u ? u.userMessage() : String.valueOf(t.getMessage());
    }

    private static void rethrow(Throwable t) throws IOException {
        if (t instanceof IOException io) {
            throw io;
        }
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException(t);
    }

    private static Thread start(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private boolean halted(Progress progress) {
        return stop || progress.isCancelled() || fatal.get() != null;
    }

    /** Blocking put that gives up when the run stops. */
    private boolean put(BlockingQueue<Object> q, Object o) throws InterruptedException {
        while (!stop) {
            if (q.offer(o, 100, TimeUnit.MILLISECONDS)) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ reader threads

    private void read(int index, AtomicInteger next, CountDownLatch readersDone, Progress progress) {
        try {
            while (!halted(progress)) {
                if (!balance.mayRead(index)) {
                    if (next.get() >= items.size()) {
                        break; // every item taken
                    }
                    Thread.sleep(20); // left out by the balance: the model is fed without this reader
                    continue;
                }
                int i = next.getAndIncrement();
                if (i >= items.size()) {
                    break;
                }
                I item = items.get(i);
                if (doneKeys.contains(item.key())) {
                    continue;
                }
                long[] started = balance.startItem();
                Object out = prepare(item, progress);
                balance.itemRead(started);
                if (out == null || !put(ready, out)) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            fatal.compareAndSet(null, e);
        } finally {
            readersDone.countDown();
        }
    }

    /** The prepared item, a FAILED problem after the retries, or null when cancelled meanwhile. */
    private Object prepare(I item, Progress progress) {
        Exception last = null;
        for (int attempt = 0; attempt <= config.retries(); attempt++) {
            if (halted(progress)) {
                return null;
            }
            try {
                Prepared<I, P> p = steps.prepare(item);
                if (p == null) {
                    throw new IllegalStateException("prepare returned null");
                }
                return p;
            } catch (CancelledException e) {
                return null;
            } catch (Exception e) {
                last = e;
            }
        }
        logFailure("preparing " + item.label() + " failed after " + (config.retries() + 1) + " attempts", last);
        return new ItemProblem(ItemProblem.Kind.FAILED, item.key(), item.label(), describe(last));
    }

    /**
     * Logs an item's or a batch's failure with its stack trace: the first {@value #FAILURES_LOGGED} of a
     * run at WARNING, the rest at FINE (a broken input can fail thousands of items the same way).
     */
    private void logFailure(String what, Throwable e) {
        java.util.logging.Level level = loggedFailures.incrementAndGet() <= FAILURES_LOGGED
                ? java.util.logging.Level.WARNING : java.util.logging.Level.FINE;
        LOG.log(level, name + ": " + what, e);
    }

    private static String describe(Throwable e) {
        if (e instanceof UserException u) {
            return u.getMessage();
        }
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    // ------------------------------------------------------------------ inference thread

    private void infer(CountDownLatch readersDone, Progress progress) {
        List<Prepared.Ready<I, P>> batch = new ArrayList<>(config.batchSize());
        List<ItemProblem> problems = new ArrayList<>();
        int[] failedBatches = {0};
        boolean[] anySucceeded = {false};
        try {
            while (true) {
                if (progress.isCancelled() || stop || fatal.get() != null) {
                    break;
                }
                Object o = ready.poll(50, TimeUnit.MILLISECONDS);
                if (o == null) {
                    if (readersDone.getCount() == 0 && ready.isEmpty()) {
                        break;
                    }
                    continue;
                }
                if (o instanceof Prepared.Ready<?, ?> r) {
                    @SuppressWarnings("unchecked")
                    Prepared.Ready<I, P> rr = (Prepared.Ready<I, P>) r;
                    batch.add(rr);
                } else if (o instanceof Prepared.Skip<?, ?> s) {
                    problems.add(new ItemProblem(ItemProblem.Kind.SKIPPED, s.item().key(), s.item().label(), s.reason()));
                } else if (o instanceof ItemProblem p) {
                    problems.add(p);
                }
                if (batch.size() >= config.batchSize() || problems.size() >= config.batchSize()) {
                    if (!flush(batch, problems, failedBatches, anySucceeded)) {
                        return;
                    }
                }
            }
            if (fatal.get() == null && !stop) {
                // the last partial batch: run it unless cancelled; pending skips are reported either way
                if (progress.isCancelled()) {
                    batch.clear();
                }
                flush(batch, problems, failedBatches, anySucceeded);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            fatal.compareAndSet(null, e);
        } finally {
            try {
                put(written, END);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Runs the batch (if any) and queues it with the problems; false when the run must stop. */
    private boolean flush(List<Prepared.Ready<I, P>> batch, List<ItemProblem> problems, int[] failedBatches,
                          boolean[] anySucceeded) throws InterruptedException {
        if (batch.isEmpty() && problems.isEmpty()) {
            return true;
        }
        List<R> results = new ArrayList<>();
        List<ItemProblem> out = new ArrayList<>(problems);
        int count = batch.size() + problems.size();
        if (!batch.isEmpty()) {
            Exception last = null;
            List<R> r = null;
            long started = System.nanoTime();
            for (int attempt = 0; attempt <= config.retries() && r == null; attempt++) {
                try {
                    r = steps.run(Collections.unmodifiableList(batch));
                } catch (Exception e) {
                    last = e;
                }
            }
            if (r != null) {
                balance.batchRun(batch.size(), System.nanoTime() - started);
                results.addAll(r);
                anySucceeded[0] = true;
            } else {
                failedBatches[0]++;
                logFailure("a batch of " + batch.size() + " failed after " + (config.retries() + 1) + " attempts", last);
                if (!anySucceeded[0] && failedBatches[0] >= FAILED_BATCHES_BEFORE_ABORT) {
                    fatal.compareAndSet(null, last instanceof UserException ? last
                            : new UserException("The model failed on every batch so far: " + describe(last),
                            "Check the model against 'deepraster info MODEL'; lower batch_size if memory runs out.", last));
                    return false;
                }
                // isolate the bad items: each one alone, once
                for (Prepared.Ready<I, P> one : batch) {
                    try {
                        results.addAll(steps.run(List.of(one)));
                    } catch (Exception e) {
                        logFailure(one.item().label() + " failed on its own", e);
                        out.add(new ItemProblem(ItemProblem.Kind.FAILED, one.item().key(), one.item().label(),
                                "the model failed after " + (config.retries() + 1) + " attempts: " + describe(e)));
                    }
                }
            }
        }
        batch.clear();
        problems.clear();
        return put(written, new Written<>(results, out, count));
    }
}
