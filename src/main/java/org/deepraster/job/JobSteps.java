package org.deepraster.job;

import java.util.List;

/**
 * What a tool plugs into the {@link Job} engine: how one item is read and prepared (called on the
 * reader threads, concurrently), and how a batch of prepared inputs becomes results (called on the
 * single inference thread, one batch at a time).
 *
 * @param <I> work item
 * @param <P> prepared model input of one item (e.g. a normalised chip)
 * @param <R> result (e.g. an output feature)
 */
public interface JobSteps<I extends WorkItem, P, R> {

    /**
     * Reads and prepares one item. Thread-safe: called from several reader threads at once. Throwing
     * makes the engine retry the item, then record it as failed.
     */
    Prepared<I, P> prepare(I item) throws Exception;

    /**
     * Runs one batch and returns the results of its items, in any number (zero or more per item).
     * Called from the inference thread only. Throwing makes the engine retry the batch, then record
     * its items as failed.
     */
    List<R> run(List<Prepared.Ready<I, P>> batch) throws Exception;
}
