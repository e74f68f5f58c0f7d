package org.deepraster.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.deepraster.util.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The split of the cores between readers and the model: the decision, and a balanced Job following it. */
class ReaderBalanceTest {

    @Test
    void readersFollowTheCostOfReadingAgainstInference() {
        double ms = 1e6;
        // reading a fifth of inference: one reader keeps up
        assertThat(ReaderBalance.readersFor(0.2 * ms, 1 * ms, 4)).isEqualTo(1);
        // reading as dear as inference: one reader plus the margin needs a second
        assertThat(ReaderBalance.readersFor(1 * ms, 1 * ms, 4)).isEqualTo(2);
        // reading 0.8 of inference: 1.25 * 0.8 = 1 reader exactly
        assertThat(ReaderBalance.readersFor(0.8 * ms, 1 * ms, 4)).isEqualTo(1);
        // reading three times dearer: 3.75 -> 4
        assertThat(ReaderBalance.readersFor(3 * ms, 1 * ms, 4)).isEqualTo(4);
        // never more than the readers there are
        assertThat(ReaderBalance.readersFor(10 * ms, 1 * ms, 2)).isEqualTo(2);
        // not measured yet: every reader
        assertThat(ReaderBalance.readersFor(0, 1 * ms, 3)).isEqualTo(3);
        assertThat(ReaderBalance.readersFor(1 * ms, 0, 3)).isEqualTo(3);
    }

    @Test
    void theSplitIsSaidInWords() {
        assertThat(ReaderBalance.describe(2, 1, 0.18)).isEqualTo("2 inference threads, 1 reader, reading 18 % busy");
        assertThat(ReaderBalance.describe(1, 3, 1.4)).isEqualTo("1 inference thread, 3 readers, reading 100 % busy");
        assertThat(ReaderBalance.describe(0, 2, 0.5)).isEqualTo("2 readers, reading 50 % busy");
    }

    /** Items prepared at once, run slowly (sleeping: no CPU): or read dearly (burning CPU), run at once. */
    static final class Costs implements JobSteps<JobTest.Item, Integer, Integer> {
        final boolean dearReading;
        final Set<String> readerThreads = ConcurrentHashMap.newKeySet();

        Costs(boolean dearReading) {
            this.dearReading = dearReading;
        }

        public Prepared<JobTest.Item, Integer> prepare(JobTest.Item item) {
            int n = item.n();
            if (dearReading) {
                long until = System.nanoTime() + 2_000_000;
                double x = 0;
                while (System.nanoTime() < until) {
                    x += Math.sqrt(n + x);
                }
                n += x < 0 ? 1 : 0;
            }
            if (item.n() >= 200) {
                readerThreads.add(Thread.currentThread().getName());
            }
            return Prepared.ready(item, n);
        }

        public List<Integer> run(List<Prepared.Ready<JobTest.Item, Integer>> batch) throws Exception {
            if (!dearReading) {
                Thread.sleep(5);
            }
            return batch.stream().map(r -> r.input() * 2).toList();
        }
    }

    @Test
    @Timeout(120) // readers left out must still end when every item is taken
    void aModelThatWaitsLeavesOneReaderAtWork() throws Exception {
        Costs steps = new Costs(false);
        JobReport r = new Job<>("cheap reading", JobTest.items(400), steps, JobConfig.of(4, 3, true, 2, 0), Set.of())
                .run(Progress.NONE, List.of());
        assertThat(r.outcome()).isEqualTo(JobReport.Outcome.COMPLETED);
        assertThat(r.progress().results()).isEqualTo(400);
        assertThat(r.progress().threads()).startsWith("2 inference threads, 1 reader, reading ");
        // after the first windows only one reader takes items (a reader already holding one may finish it)
        assertThat(steps.readerThreads).hasSizeLessThanOrEqualTo(2);
    }

    @Test
    void dearReadingKeepsEveryReader() throws Exception {
        Costs steps = new Costs(true);
        JobReport r = new Job<>("dear reading", JobTest.items(120), steps, JobConfig.of(4, 2, true, 1, 0), Set.of())
                .run(Progress.NONE, List.of());
        assertThat(r.progress().results()).isEqualTo(120);
        assertThat(r.progress().threads()).startsWith("1 inference thread, 2 readers, reading ");
    }

    @Test
    void aFixedFactorIsKeptAndStillMeasured() throws Exception {
        Costs steps = new Costs(false);
        JobReport r = new Job<>("fixed", JobTest.items(200), steps, JobConfig.of(4, 3, false, 1, 0), Set.of())
                .run(Progress.NONE, List.of());
        assertThat(r.progress().threads()).startsWith("1 inference thread, 3 readers, reading ");
    }
}
