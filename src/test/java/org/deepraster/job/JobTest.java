package org.deepraster.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.IntStream;
import org.deepraster.util.Progress;
import org.deepraster.util.UserException;
import org.junit.jupiter.api.Test;

/** The engine with plain items: retries, failures, skips, cancel, resume, bounded memory. */
class JobTest {

    record Item(int n) implements WorkItem {
        public String key() {
            return String.valueOf(n);
        }

        public String label() {
            return "item " + n;
        }
    }

    static List<Item> items(int n) {
        return IntStream.range(0, n).mapToObj(Item::new).toList();
    }

    /** Squares the numbers; multiples of 10 are skipped; counts live prepared inputs. */
    static class Squares implements JobSteps<Item, int[], Integer> {
        final AtomicInteger live = new AtomicInteger();
        final AtomicInteger maxLive = new AtomicInteger();
        final AtomicInteger runs = new AtomicInteger();

        public Prepared<Item, int[]> prepare(Item item) {
            if (item.n() % 10 == 0) {
                return Prepared.skip(item, "round number");
            }
            maxLive.accumulateAndGet(live.incrementAndGet(), Math::max);
            return Prepared.ready(item, new int[] {item.n()});
        }

        public List<Integer> run(List<Prepared.Ready<Item, int[]>> batch) throws Exception {
            runs.incrementAndGet();
            List<Integer> out = new ArrayList<>();
            for (Prepared.Ready<Item, int[]> r : batch) {
                out.add(r.input()[0] * r.input()[0]);
            }
            Thread.sleep(1);
            live.addAndGet(-batch.size());
            return out;
        }
    }

    static class Collect implements ResultSink<Integer> {
        final List<Integer> results = new ArrayList<>();
        final List<ItemProblem> problems = new ArrayList<>();
        final Set<String> threads = ConcurrentHashMap.newKeySet();
        boolean closed;

        public void accept(List<Integer> r) {
            threads.add(Thread.currentThread().getName());
            results.addAll(r);
        }

        public void problem(ItemProblem p) {
            problems.add(p);
        }

        public void close() {
            closed = true;
        }
    }

    @Test
    void everyItemEndsAsAResultOrASkipAndMemoryStaysBounded() throws IOException {
        Squares steps = new Squares();
        Collect sink = new Collect();
        JobConfig cfg = new JobConfig(4, 3, 1, 2);
        JobReport r = new Job<>("squares", items(1000), steps, cfg, Set.of()).run(Progress.NONE, List.of(sink));
        assertThat(r.outcome()).isEqualTo(JobReport.Outcome.COMPLETED);
        assertThat(sink.results).hasSize(900);
        assertThat(sink.problems).hasSize(100).allMatch(p -> p.kind() == ItemProblem.Kind.SKIPPED);
        assertThat(r.progress().done()).isEqualTo(1000);
        assertThat(sink.threads).containsExactly(Thread.currentThread().getName());
        assertThat(sink.closed).isTrue();
        // ready queue (4 * 2 + 3) + one batch being filled + one reader each holding one
        assertThat(steps.maxLive.get()).isLessThanOrEqualTo(4 * 2 + 3 + 4 + 3);
    }

    @Test
    void aBatchThatFailsIsRetriedThenOnlyTheBadItemIsRecorded() throws IOException {
        AtomicInteger attempts = new AtomicInteger();
        Squares steps = new Squares() {
            @Override
            public List<Integer> run(List<Prepared.Ready<Item, int[]>> batch) throws Exception {
                if (batch.stream().anyMatch(b -> b.item().n() == 37)) {
                    attempts.incrementAndGet();
                    throw new IllegalStateException("bad pixel");
                }
                return super.run(batch);
            }
        };
        Collect sink = new Collect();
        JobReport r = new Job<>("squares", items(100), steps, new JobConfig(4, 1, 2, 2), Set.of())
                .run(Progress.NONE, List.of(sink));
        assertThat(r.outcome()).isEqualTo(JobReport.Outcome.COMPLETED);
        assertThat(attempts.get()).as("3 attempts of the batch, then the item alone").isEqualTo(4);
        assertThat(r.failed()).isEqualTo(1);
        assertThat(r.problems()).filteredOn(p -> p.kind() == ItemProblem.Kind.FAILED).singleElement()
                .satisfies(p -> {
                    assertThat(p.key()).isEqualTo("37");
                    assertThat(p.reason()).contains("bad pixel");
                });
        assertThat(sink.results).hasSize(89);
    }

    @Test
    void failedBatchesAndItemsAreLoggedWithTheirStackTraces() throws IOException {
        Squares steps = new Squares() {
            @Override
            public List<Integer> run(List<Prepared.Ready<Item, int[]>> batch) throws Exception {
                if (batch.stream().anyMatch(b -> b.item().n() == 37)) {
                    throw new IllegalStateException("bad pixel");
                }
                return super.run(batch);
            }
        };
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger log = Logger.getLogger(Job.class.getName());
        boolean parents = log.getUseParentHandlers();
        log.addHandler(capture);
        log.setUseParentHandlers(false);
        try {
            new Job<>("squares", items(100), steps, new JobConfig(4, 1, 2, 2), Set.of()).run(Progress.NONE, List.of(new Collect()));
        } finally {
            log.removeHandler(capture);
            log.setUseParentHandlers(parents);
        }
        assertThat(records).extracting(LogRecord::getMessage)
                .containsExactly("squares: a batch of 4 failed after 3 attempts", "squares: item 37 failed on its own");
        assertThat(records).allSatisfy(r -> {
            assertThat(r.getLevel()).isEqualTo(Level.WARNING);
            assertThat(r.getThrown()).isInstanceOf(IllegalStateException.class).hasMessage("bad pixel");
        });
    }

    @Test
    void aTransientFailureIsRetried() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        Squares steps = new Squares() {
            @Override
            public List<Integer> run(List<Prepared.Ready<Item, int[]>> batch) throws Exception {
                if (calls.incrementAndGet() == 2) {
                    throw new IOException("busy");
                }
                return super.run(batch);
            }
        };
        JobReport r = new Job<>("squares", items(50), steps, new JobConfig(5, 1, 1, 2), Set.of())
                .run(Progress.NONE, List.of());
        assertThat(r.failed()).isZero();
        assertThat(r.progress().results()).isEqualTo(45);
    }

    @Test
    void aModelThatFailsOnEveryBatchStopsTheRunWithItsError() {
        Squares steps = new Squares() {
            @Override
            public List<Integer> run(List<Prepared.Ready<Item, int[]>> batch) {
                throw new UserException("The model takes 2 bands", "Fix it");
            }
        };
        Collect sink = new Collect();
        assertThatThrownBy(() -> new Job<>("squares", items(10_000), steps, new JobConfig(4, 2, 0, 2), Set.of())
                .run(Progress.NONE, List.of(sink))).isInstanceOf(UserException.class).hasMessage("The model takes 2 bands");
        assertThat(sink.closed).isTrue();
    }

    @Test
    void cancelStopsWithinABatchAndResumeDoesTheRest() throws IOException {
        Collect first = new Collect();
        AtomicInteger worked = new AtomicInteger();
        Progress cancelAt = new Progress() {
            public void begin(String task, long total) {
            }

            public void worked(long steps) {
                worked.addAndGet((int) steps);
            }

            public boolean isCancelled() {
                return worked.get() >= 300;
            }
        };
        JobReport r = new Job<>("squares", items(1000), new Squares(), new JobConfig(8, 2, 0, 2), Set.of())
                .run(cancelAt, List.of(first));
        assertThat(r.outcome()).isEqualTo(JobReport.Outcome.CANCELLED);
        // at most the queued batches finish after the cancel
        assertThat(r.progress().done()).isBetween(300L, 300L + 3 * 8);
        Set<String> done = new java.util.HashSet<>();
        for (Integer sq : first.results) {
            done.add(String.valueOf((int) Math.round(Math.sqrt(sq))));
        }
        for (ItemProblem p : first.problems) {
            done.add(p.key());
        }
        Collect second = new Collect();
        JobReport r2 = new Job<>("squares", items(1000), new Squares(), new JobConfig(8, 2, 0, 2), done)
                .run(Progress.NONE, List.of(second));
        assertThat(r2.progress().resumed()).isEqualTo(done.size());
        List<Integer> all = new ArrayList<>(first.results);
        all.addAll(second.results);
        assertThat(all).hasSize(900).doesNotHaveDuplicates();
    }

    @Test
    void progressReportsRateAndTimeLeft() {
        JobProgress p = new JobProgress(50, 200, 50, 0, 0, 0, 5_000_000_000L);
        assertThat(p.rate()).isEqualTo(10.0);
        assertThat(p.secondsLeft()).isEqualTo(15.0);
        assertThat(p.fraction()).isEqualTo(0.25);
    }
}
