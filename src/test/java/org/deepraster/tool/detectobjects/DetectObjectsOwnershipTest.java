package org.deepraster.tool.detectobjects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.deepraster.feature.Feature;
import org.deepraster.feature.StagedOutput;
import org.deepraster.inference.InferenceEngine;
import org.deepraster.job.JobReport;
import org.deepraster.sample.SampleScene;
import org.deepraster.tool.OutputLock;
import org.deepraster.tool.Scenes;
import org.deepraster.util.Progress;
import org.deepraster.util.UserException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One run owns an output at a time (issue 21, point 1): a second run on it while the first is alive — plain,
 * --resume or --overwrite — is refused and names the first; --overwrite builds the new output beside the old one,
 * which stays whole until the new one is done; a lock left by a dead process is taken over.
 */
class DetectObjectsOwnershipTest {
    @TempDir
    static Path dir;
    static SampleScene.Files3 scene;
    static InferenceEngine engine;

    @BeforeAll
    static void setUp() throws IOException {
        scene = Scenes.generate(dir.resolve("scene"), 768);
        engine = new InferenceEngine();
    }

    @AfterAll
    static void tearDown() {
        if (engine != null) {
            engine.close();
        }
    }

    static DetectObjectsParameters params(Path out) {
        return DetectObjectsParameters.of(scene.scene(), DetectObjectsResumeTest.DETECTOR.toString(), out)
                .withArguments(DetectObjectsResumeTest.KEEP_PAD).withNms(true, 0.3);
    }

    /** Calls {@code once} on the first step done (on the run's thread), then goes on. */
    static Progress onFirstStep(Runnable once) {
        AtomicInteger steps = new AtomicInteger();
        return new Progress() {
            @Override
            public void begin(String task, long total) {
            }

            @Override
            public void worked(long n) {
                if (steps.getAndAdd((int) n) == 0) {
                    once.run();
                }
            }

            @Override
            public boolean isCancelled() {
                return false;
            }
        };
    }

    @Test
    void aSecondRunOnTheSameOutputIsRefusedWhileTheFirstIsAlive() throws Exception {
        Path out = dir.resolve("shared.gpkg");
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<DetectObjectsResult> first = CompletableFuture.supplyAsync(() -> {
            try {
                return new DetectObjectsTool(engine).run(params(out), onFirstStep(() -> {
                    running.countDown();
                    try {
                        release.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }), List.of());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try {
            assertThat(running.await(60, TimeUnit.SECONDS)).isTrue();
            for (DetectObjectsParameters second : List.of(params(out), params(out).withResume(true),
                    params(out).withOutput(out, DetectObjectsParameters.OutputGeometry.BOXES, true))) {
                assertThatThrownBy(() -> new DetectObjectsTool(engine).plan(second).close())
                        .isInstanceOf(UserException.class)
                        .hasMessageContaining(out + " is being written by another run")
                        .hasMessageContaining("process " + ProcessHandle.current().pid());
            }
        } finally {
            release.countDown();
        }
        DetectObjectsResult r = first.get(120, TimeUnit.SECONDS);
        assertThat(r.report().outcome()).isEqualTo(JobReport.Outcome.COMPLETED);
        assertThat(OutputLock.lockFile(out)).doesNotExist();
        List<Feature> written = DetectObjectsResumeTest.read(out);
        assertThat(written).hasSize((int) r.written());
        // once the first run is over, a resume is allowed and adds nothing
        DetectObjectsResult again = new DetectObjectsTool(engine).run(params(out).withResume(true), Progress.NONE, List.of());
        assertThat(again.report().progress().total()).isZero();
        DetectObjectsResumeTest.assertSameDetections(DetectObjectsResumeTest.read(out), written);
    }

    @Test
    void overwriteKeepsTheOldOutputWholeUntilTheNewOneIsDone() throws Exception {
        Path out = dir.resolve("replaced.gpkg");
        DetectObjectsResult before = new DetectObjectsTool(engine).run(params(out), Progress.NONE, List.of());
        List<Feature> old = DetectObjectsResumeTest.read(out);
        assertThat(old).hasSize((int) before.written()).isNotEmpty();
        AtomicReference<List<Feature>> seenDuring = new AtomicReference<>();
        AtomicReference<Boolean> stagingDuring = new AtomicReference<>();
        DetectObjectsParameters p = params(out).withOutput(out, DetectObjectsParameters.OutputGeometry.BOXES, true);
        DetectObjectsResult r = new DetectObjectsTool(engine).run(p, onFirstStep(() -> {
            try {
                seenDuring.set(DetectObjectsResumeTest.read(out));
                stagingDuring.set(Files.exists(StagedOutput.stagingOf(out.toAbsolutePath())));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }), List.of());
        assertThat(r.report().outcome()).isEqualTo(JobReport.Outcome.COMPLETED);
        assertThat(seenDuring.get()).as("the old output, read while the new one is written").hasSameSizeAs(old);
        assertThat(stagingDuring.get()).as("the new output is built beside the old one").isTrue();
        assertThat(StagedOutput.stagingOf(out.toAbsolutePath())).doesNotExist();
        DetectObjectsResumeTest.assertSameDetections(DetectObjectsResumeTest.read(out), old);
    }

    @Test
    void aStaleLockOfADeadProcessIsTakenOverWithAWarning() throws Exception {
        Path out = dir.resolve("stale.gpkg");
        long dead = 2_000_000_000L;
        assertThat(ProcessHandle.of(dead)).isEmpty();
        Files.writeString(OutputLock.lockFile(out), "pid=" + dead + "\nhost=gone\nstarted=1700000000000\n");
        DetectObjectsResult r = new DetectObjectsTool(engine).run(params(out), Progress.NONE, List.of());
        assertThat(r.report().outcome()).isEqualTo(JobReport.Outcome.COMPLETED);
        assertThat(r.warnings()).anyMatch(w -> w.contains("process " + dead) && w.contains("took it over"));
        assertThat(OutputLock.lockFile(out)).doesNotExist();
    }
}
