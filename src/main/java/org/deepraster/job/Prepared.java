package org.deepraster.job;

/**
 * The outcome of preparing one work item on a reader thread: the model input ({@link Ready}) or
 * the reason it is skipped ({@link Skip}: outside the raster, only NoData, …). A skip is not an
 * error; it is counted in the summary.
 */
public sealed interface Prepared<I extends WorkItem, P> {
    I item();

    record Ready<I extends WorkItem, P>(I item, P input) implements Prepared<I, P> {
    }

    record Skip<I extends WorkItem, P>(I item, String reason) implements Prepared<I, P> {
    }

    static <I extends WorkItem, P> Prepared<I, P> ready(I item, P input) {
        return new Ready<>(item, input);
    }

    static <I extends WorkItem, P> Prepared<I, P> skip(I item, String reason) {
        return new Skip<>(item, reason);
    }
}
