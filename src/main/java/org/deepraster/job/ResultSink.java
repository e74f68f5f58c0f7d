package org.deepraster.job;

import java.io.IOException;
import java.util.List;

/**
 * Where a job's results go: the output file, the map layer, the summary, the terminal. The engine
 * calls every method on its writer thread (the thread that called {@link Job#run}), one call at a
 * time, in this order: {@link #started}, then {@link #accept} / {@link #problem} /
 * {@link #progress} as batches finish, then {@link #finished}, then {@link #close} (always, also
 * after a failure or a cancel). A sink that throws from {@code accept} stops the job: what earlier
 * batches wrote stays.
 */
public interface ResultSink<R> extends AutoCloseable {

    /** The run starts with {@code total} items to do ({@code resumed} were done by an earlier run). */
    default void started(long total, long resumed) throws IOException {
    }

    /** Results of one batch, in the order the model produced them. */
    void accept(List<R> results) throws IOException;

    /** An item was skipped or failed. */
    default void problem(ItemProblem problem) {
    }

    /** After each batch: where the run stands. */
    default void progress(JobProgress progress) {
    }

    /** The run ended (completed, cancelled or failed; see {@link JobReport#outcome()}). */
    default void finished(JobReport report) throws IOException {
    }

    @Override
    default void close() throws IOException {
    }
}
