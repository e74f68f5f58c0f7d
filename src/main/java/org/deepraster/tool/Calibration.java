package org.deepraster.tool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.deepraster.util.Progress;

/**
 * A calibration run: a tool's real plan (same model session, tiles, readers, test-time augmentation views, decoder
 * and assembler), pointed at a scratch output, run until its first batch is written and then cancelled. The time to
 * that batch per item, projected over the plan's items, and the heap held meanwhile (sampled every 10 ms) plus what the
 * plan keeps open beyond a batch give the {@link RunEstimate}. Any thread; never the EDT (it runs the model).
 */
public final class Calibration {
    private Calibration() {
    }

    /** The calibration's part of a plan: runs it with this progress (cancelled once a batch is done). */
    @FunctionalInterface
    public interface PlanRun {
        void run(Progress progress) throws IOException;
    }

    /** A calibration that writes its output into the scratch folder it is given. */
    public interface InScratch {
        RunEstimate estimate(Path scratch) throws IOException;
    }

    /** Runs {@code calibration} with a fresh scratch folder, removed afterwards whatever happens. */
    public static RunEstimate inScratch(InScratch calibration) throws IOException {
        Path tmp = scratch();
        try {
            return calibration.estimate(tmp);
        } finally {
            delete(tmp);
        }
    }

    /** The estimate's note for a run of {@code views} test-time augmentation views a tile ("" for one view). */
    public static String viewsNote(int views) {
        return views > 1 ? views + " test-time augmentation views a tile" : "";
    }

    /**
     * Runs {@code run} until its first batch is done (or {@code cancel} is cancelled: then null) and projects it.
     *
     * @param items      the items the whole run has to process
     * @param extraBytes what the run holds open beyond one batch (0 when nothing)
     */
    public static RunEstimate measure(String unit, long items, long extraBytes, String note, PlanRun run, Progress cancel)
            throws IOException {
        if (items <= 0) {
            return new RunEstimate(0, unit, 0, 0, usedHeap(), note);
        }
        AtomicLong done = new AtomicLong();
        AtomicLong firstBatchNanos = new AtomicLong();
        AtomicLong firstBatchItems = new AtomicLong();
        long start = System.nanoTime();
        long[] peak = {usedHeap()};
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak[0] = Math.max(peak[0], usedHeap());
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "deepraster-estimate-memory");
        sampler.setDaemon(true);
        sampler.start();
        try {
            run.run(new Progress() {
                @Override
                public void begin(String task, long total) {
                }

                @Override
                public void worked(long steps) {
                    if (steps > 0 && done.getAndAdd(steps) == 0) {
                        firstBatchNanos.set(System.nanoTime() - start);
                        firstBatchItems.set(steps);
                    }
                }

                @Override
                public boolean isCancelled() {
                    return done.get() > 0 || cancel.isCancelled();
                }
            });
        } finally {
            sampler.interrupt();
            try {
                sampler.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (cancel.isCancelled() || done.get() == 0) {
            return null;
        }
        long n = done.get();
        // the time is the first batch's: divided by its own items, not by those that finished before the run stopped
        double perItem = firstBatchNanos.get() / 1e9 / firstBatchItems.get();
        return new RunEstimate(items, unit, n, perItem, peak[0] + Math.max(0, extraBytes), note);
    }

    private static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    /** A scratch folder for a calibration's output, removed by {@link #delete}. */
    private static Path scratch() throws IOException {
        return Files.createTempDirectory("deepraster-estimate-");
    }

    /** Removes a scratch folder and everything in it, quietly. */
    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // a scratch file: the temp folder's cleaner gets it
                }
            });
        } catch (IOException ignored) {
            // nothing to remove
        }
    }
}
