package org.deepraster.job;

import java.util.List;
import java.util.function.Consumer;

/**
 * Hands each batch of results to a callback, e.g. {@code StreamingLayer::append} for the map (which
 * may be called from any thread), and optionally each progress update and problem. The callbacks run
 * on the job's writer thread, never on the EDT: a Swing listener must hand over with
 * {@code SwingUtilities.invokeLater} itself.
 */
public final class CallbackSink<R> implements ResultSink<R> {
    private final Consumer<List<R>> results;
    private final Consumer<JobProgress> progress;
    private final Consumer<ItemProblem> problems;

    public CallbackSink(Consumer<List<R>> results, Consumer<JobProgress> progress, Consumer<ItemProblem> problems) {
        this.results = results;
        this.progress = progress;
        this.problems = problems;
    }

    public static <R> CallbackSink<R> of(Consumer<List<R>> results) {
        return new CallbackSink<>(results, null, null);
    }

    @Override
    public void accept(List<R> batch) {
        results.accept(batch);
    }

    @Override
    public void progress(JobProgress p) {
        if (progress != null) {
            progress.accept(p);
        }
    }

    @Override
    public void problem(ItemProblem p) {
        if (problems != null) {
            problems.accept(p);
        }
    }
}
