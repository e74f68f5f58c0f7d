package org.deepraster.job;

/**
 * How the engine runs: {@code batchSize} items per inference call, {@code readers} threads reading
 * and preparing items (the parallel processing factor), {@code retries} more attempts for a failing
 * item or batch, and {@code queuedBatches} batches allowed to wait between two stages (bounds memory:
 * at most about {@code (2 * queuedBatches + 1) * batchSize} prepared inputs exist at once).
 */
public record JobConfig(int batchSize, int readers, int retries, int queuedBatches) {
    public JobConfig {
        if (batchSize < 1 || readers < 1 || retries < 0 || queuedBatches < 1) {
            throw new IllegalArgumentException("batchSize " + batchSize + ", readers " + readers + ", retries "
                    + retries + ", queuedBatches " + queuedBatches);
        }
    }

    public static JobConfig of(int batchSize, int readers, int retries) {
        return new JobConfig(batchSize, readers, retries, 2);
    }
}
