package org.deepraster.job;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import org.deepraster.util.Log;

/**
 * How many of a run's reader threads take work, following what the work costs: the readers' CPU time
 * per item (reading, normalising) against the inference thread's wall time per item. The first
 * {@link #CALIBRATION_BATCHES} batches measure (with every reader on, so the model is never starved
 * while it is measured); from then on, after every window of {@link #WINDOW_BATCHES} batches, the
 * active count is set to {@link #readersFor}: enough readers to keep the model fed, no more, so the
 * cores they would spin on are left to the runtime's intra-op threads. Thread-safe: readers call
 * {@link #itemRead} and {@link #mayRead}, the inference thread {@link #batchRun}.
 *
 * <p>With {@code balanced} false the reader count stays as configured (an explicit parallel
 * processing factor); the figures are measured and said all the same.
 */
final class ReaderBalance {
    static final int CALIBRATION_BATCHES = 2;
    static final int WINDOW_BATCHES = 8;
    /** Readers are given this much more than they need on average (reading cost varies per tile). */
    static final double MARGIN = 1.25;
    private static final Logger LOG = Log.logger(ReaderBalance.class);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final String name;
    private final int maxReaders;
    private final int inferenceThreads;
    private final boolean balanced;
    private final boolean cpuTime;
    private volatile int active;

    private final AtomicLong readCpu = new AtomicLong();
    private final AtomicLong readWall = new AtomicLong();
    private final AtomicLong itemsRead = new AtomicLong();
    private long inferWall;
    private long itemsRun;
    private int batches;
    private long windowStart = System.nanoTime();
    private volatile String summary = "";

    /**
     * @param inferenceThreads the runtime's intra-op threads (0: unknown, not said)
     */
    ReaderBalance(String name, int maxReaders, int inferenceThreads, boolean balanced) {
        this.name = name;
        this.maxReaders = maxReaders;
        this.inferenceThreads = inferenceThreads;
        this.balanced = balanced;
        this.cpuTime = THREADS.isCurrentThreadCpuTimeSupported();
        this.active = maxReaders;
    }

    /**
     * The readers that keep up with the model: {@code ceil(MARGIN * readCost / inferCost)}, between 1 and
     * {@code maxReaders}. {@code readCost} is the readers' CPU nanoseconds per item that reaches the model
     * (skipped items' reading included), {@code inferCost}
     * the inference thread's wall nanoseconds per item (a reader delivers {@code 1 / readCost} items a
     * nanosecond, the model takes {@code 1 / inferCost}). Unknown costs (0) keep {@code maxReaders}.
     */
    static int readersFor(double readCost, double inferCost, int maxReaders) {
        if (readCost <= 0 || inferCost <= 0) {
            return maxReaders;
        }
        int need = (int) Math.ceil(MARGIN * readCost / inferCost - 1e-9);
        return Math.max(1, Math.min(maxReaders, need));
    }

    /** Whether reader {@code index} (0-based) takes work now. */
    boolean mayRead(int index) {
        return index < active;
    }

    int active() {
        return active;
    }

    /** Starts timing an item's preparation on the calling reader thread. */
    long[] startItem() {
        return new long[] {System.nanoTime(), cpuTime ? THREADS.getCurrentThreadCpuTime() : 0};
    }

    /** The item timed from {@code start} is prepared (same thread). */
    void itemRead(long[] start) {
        long wall = System.nanoTime() - start[0];
        readWall.addAndGet(wall);
        readCpu.addAndGet(cpuTime ? THREADS.getCurrentThreadCpuTime() - start[1] : wall);
        itemsRead.incrementAndGet();
    }

    /** A batch of {@code items} ran in {@code nanos} on the inference thread; may change the active readers. */
    void batchRun(int items, long nanos) {
        inferWall += nanos;
        itemsRun += items;
        batches++;
        boolean calibrated = batches == CALIBRATION_BATCHES;
        if (!calibrated && (batches < CALIBRATION_BATCHES || (batches - CALIBRATION_BATCHES) % WINDOW_BATCHES != 0)) {
            return;
        }
        long n = itemsRead.getAndSet(0);
        long cpu = readCpu.getAndSet(0);
        long wall = readWall.getAndSet(0);
        long now = System.nanoTime();
        // per item that reached the model: readers also read the items skipped (NoData tiles)
        double readCost = n == 0 || itemsRun == 0 ? 0 : cpu / (double) itemsRun;
        double inferCost = itemsRun == 0 ? 0 : inferWall / (double) itemsRun;
        double busy = (now - windowStart) <= 0 ? 0 : wall / (double) ((now - windowStart) * (long) active);
        int before = active;
        if (balanced) {
            active = readersFor(readCost, inferCost, maxReaders);
        }
        summary = describe(inferenceThreads, active, busy);
        if (calibrated || active != before) {
            String s = summary;
            LOG.info(() -> String.format("%s: %s (reading %.2f ms CPU an item, inference %.2f ms an item%s)", name, s,
                    readCost / 1e6, inferCost / 1e6, calibrated ? ", measured on the first batches" : ""));
        }
        inferWall = 0;
        itemsRun = 0;
        windowStart = now;
    }

    /** "2 inference threads, 1 reader, reading 18 % busy" (empty before the first measurement). */
    String summary() {
        return summary;
    }

    static String describe(int inferenceThreads, int readers, double busy) {
        return (inferenceThreads > 0 ? inferenceThreads + " inference thread" + (inferenceThreads == 1 ? "" : "s") + ", " : "")
                + readers + " reader" + (readers == 1 ? "" : "s") + ", reading "
                + Math.round(Math.min(1.0, busy) * 100) + " % busy";
    }
}
