package org.deepraster.job;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Counts results per class (by {@code classOf}; null classes count as "(none)"), skipped items per
 * reason, failures, and the time; {@link #summary()} is ready once the run has finished.
 */
public final class SummarySink<R> implements ResultSink<R> {
    private final Function<R, String> classOf;
    private final Map<String, Long> byClass = new TreeMap<>();
    private final Map<String, Long> skipReasons = new TreeMap<>();
    private final List<ItemProblem> failures = new ArrayList<>();
    private long failed;
    private long skipped;
    private volatile JobSummary summary;

    public SummarySink(Function<R, String> classOf) {
        this.classOf = classOf;
    }

    @Override
    public void accept(List<R> results) {
        for (R r : results) {
            String c = classOf.apply(r);
            byClass.merge(c == null ? "(none)" : c, 1L, Long::sum);
        }
    }

    @Override
    public void problem(ItemProblem p) {
        if (p.kind() == ItemProblem.Kind.SKIPPED) {
            skipped++;
            skipReasons.merge(p.reason(), 1L, Long::sum);
        } else {
            failed++;
            if (failures.size() < Job.MAX_PROBLEMS_KEPT) {
                failures.add(p);
            }
        }
    }

    @Override
    public void finished(JobReport r) {
        JobProgress p = r.progress();
        summary = new JobSummary(r.outcome(), p.total(), p.resumed(), p.results(), byClass, skipped, skipReasons,
                failed, failures, Duration.ofNanos(p.elapsedNanos()), r.error());
    }

    /** The summary, or null before the run has finished (or when it failed). */
    public JobSummary summary() {
        return summary;
    }
}
