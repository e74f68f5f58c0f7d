package org.deepraster.job;

/**
 * How the engine runs: {@code batchSize} items per inference call, {@code readers} threads reading
 * and preparing items (the parallel processing factor; with {@code balanced} the most that run, as
 * many taking work as keep the model fed: {@link ReaderBalance}), {@code retries} more attempts for a
 * failing item or batch, and {@code queuedBatches} batches allowed to wait between two stages (bounds
 * memory: at most about {@code (2 * queuedBatches + 1) * batchSize} prepared inputs exist at once).
 * {@code inferenceThreads} is what the model runtime was given (0: unknown), said in the progress line.
 */
public record JobConfig(int batchSize, int readers, int retries, int queuedBatches, boolean balanced,
                        int inferenceThreads) {
    public JobConfig {
        if (batchSize < 1 || readers < 1 || retries < 0 || queuedBatches < 1 || inferenceThreads < 0) {
            throw new IllegalArgumentException("batchSize " + batchSize + ", readers " + readers + ", retries "
                    + retries + ", queuedBatches " + queuedBatches + ", inferenceThreads " + inferenceThreads);
        }
    }

    /** A fixed number of readers. */
    public JobConfig(int batchSize, int readers, int retries, int queuedBatches) {
        this(batchSize, readers, retries, queuedBatches, false, 0);
    }

    public static JobConfig of(int batchSize, int readers, int retries) {
        return new JobConfig(batchSize, readers, retries, 2);
    }

    /**
     * Up to {@code maxReaders} readers, as many taking work as the measured costs ask
     * ({@code balanced}), or exactly {@code maxReaders}; the runtime's {@code inferenceThreads}.
     */
    public static JobConfig of(int batchSize, int maxReaders, boolean balanced, int inferenceThreads, int retries) {
        return new JobConfig(batchSize, maxReaders, retries, 2, balanced, inferenceThreads);
    }
}
