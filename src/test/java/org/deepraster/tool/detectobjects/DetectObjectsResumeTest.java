package org.deepraster.tool.detectobjects;

import org.deepraster.tool.Environments;
import org.deepraster.tool.Scenes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.deepraster.feature.Feature;
import org.deepraster.feature.FeatureCollection;
import org.deepraster.feature.VectorFiles;
import org.deepraster.inference.InferenceEngine;
import org.deepraster.job.CallbackSink;
import org.deepraster.job.JobProgress;
import org.deepraster.job.JobReport;
import org.deepraster.job.ResultSink;
import org.deepraster.model.ModelArguments;
import org.deepraster.sample.SampleScene;
import org.deepraster.util.Progress;
import org.deepraster.util.UserException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Envelope;

/**
 * Resume of Detect Objects: a run cancelled, failed or killed in the middle and then resumed writes
 * the same detections as one uninterrupted run (streaming NMS across the interruption included),
 * without duplicates.
 */
class DetectObjectsResumeTest {
    static final Path DETECTOR = DetectObjectsToolTest.DETECTOR;
    /** Detections in the padding are kept: neighbouring tiles then see objects twice and NMS has work. */
    static final ModelArguments KEEP_PAD = ModelArguments.parse("exclude_pad_detections False;batch_size 2");

    @TempDir
    static Path dir;
    static SampleScene.Files3 scene;
    static InferenceEngine engine;

    @BeforeAll
    static void setUp() throws IOException {
        scene = Scenes.generate(dir.resolve("scene"), 1280);
        engine = new InferenceEngine();
    }

    @AfterAll
    static void tearDown() {
        if (engine != null) {
            engine.close();
        }
    }

    static DetectObjectsParameters params(String out, boolean nms) {
        return DetectObjectsParameters.of(scene.scene(), DETECTOR.toString(), dir.resolve(out)).withArguments(KEEP_PAD)
                .withNms(nms, 0.3);
    }

    /** Cancels once {@code after} tiles are done. */
    static Progress cancelAfter(long after) {
        AtomicLong done = new AtomicLong();
        return new Progress() {
            @Override
            public void begin(String task, long total) {
            }

            @Override
            public void worked(long steps) {
                done.addAndGet(steps);
            }

            @Override
            public boolean isCancelled() {
                return done.get() >= after;
            }
        };
    }

    static List<Feature> read(Path gpkg) throws IOException {
        return VectorFiles.open(gpkg).get(0).features();
    }

    static String key(Feature f) {
        Envelope e = f.geometry().getEnvelopeInternal();
        return String.format("%s %.2f %.2f %.2f %.2f %.2f", f.get("Class"), f.get("Confidence"), e.getMinX(), e.getMinY(),
                e.getMaxX(), e.getMaxY());
    }

    /** The same detections: equal multisets of class, confidence and box (to 1 cm). */
    static void assertSameDetections(List<Feature> got, List<Feature> expected) {
        assertThat(got.stream().map(DetectObjectsResumeTest::key).sorted().toList())
                .isEqualTo(expected.stream().map(DetectObjectsResumeTest::key).sorted().toList());
    }

    @Test
    void aCancelledNmsRunResumesToTheUninterruptedResult() throws IOException {
        DetectObjectsResult full = new DetectObjectsTool(engine).run(params("full-nms.gpkg", true), Progress.NONE, List.of());
        List<Feature> expected = read(full.output());
        assertThat(full.suppressed()).as("NMS across tiles has duplicates to remove").isGreaterThan(10);

        DetectObjectsParameters p = params("cancelled-nms.gpkg", true);
        DetectObjectsResult first = new DetectObjectsTool(engine).run(p, cancelAfter(20), List.of());
        assertThat(first.report().outcome()).isEqualTo(JobReport.Outcome.CANCELLED);
        List<Feature> partial = read(first.output());
        assertThat(partial.size()).isBetween(1, expected.size() - 1);
        // what a cancelled run wrote is final: every one of it is in the uninterrupted result
        assertThat(expected.stream().map(DetectObjectsResumeTest::key).toList())
                .containsAll(partial.stream().map(DetectObjectsResumeTest::key).toList());
        assertThat(first.warnings()).anyMatch(w -> w.contains("held back"));

        // without --resume the output is refused; with it only the rest is run
        assertThatThrownBy(() -> new DetectObjectsTool(engine).plan(p)).isInstanceOf(UserException.class)
                .hasMessageContaining("already exists");
        DetectObjectsResult second;
        try (DetectObjectsTool.Plan plan = new DetectObjectsTool(engine).plan(p.withResume(true))) {
            assertThat(plan.resumed()).isGreaterThanOrEqualTo(20);
            assertThat(plan.total()).isEqualTo(49 - plan.resumed());
            second = plan.run(Progress.NONE, List.of());
        }
        assertThat(second.report().outcome()).isEqualTo(JobReport.Outcome.COMPLETED);
        assertThat(second.report().progress().resumed()).isGreaterThanOrEqualTo(20);
        assertSameDetections(read(second.output()), expected);

        // resuming a finished run does nothing and adds nothing
        DetectObjectsResult third = new DetectObjectsTool(engine).run(p.withResume(true), Progress.NONE, List.of());
        assertThat(third.report().progress().total()).isZero();
        assertSameDetections(read(third.output()), expected);
    }

    @Test
    void aRunThatFailsMidwayResumesWithoutDuplicates() throws IOException {
        List<Feature> expected = read(new DetectObjectsTool(engine).run(params("full-nms2.gpkg", true)
                .withEnvironments(Environments.DEFAULT.withParallelProcessingFactor(1)), Progress.NONE, List.of()).output());
        // a sink that breaks after a few batches: the run stops with an error, like a crash after a commit
        int[] calls = {0};
        ResultSink<Feature> breaking = new ResultSink<>() {
            @Override
            public void accept(List<Feature> results) {
            }

            @Override
            public void progress(JobProgress progress) {
                if (++calls[0] == 7) {
                    throw new IllegalStateException("disk gone");
                }
            }
        };
        DetectObjectsParameters p = params("failed-nms.gpkg", true);
        assertThatThrownBy(() -> new DetectObjectsTool(engine).run(p, Progress.NONE, List.of(breaking)))
                .hasMessageContaining("disk gone");
        int partial = read(dir.resolve("failed-nms.gpkg")).size();
        assertThat(partial).isLessThan(expected.size());
        DetectObjectsResult r = new DetectObjectsTool(engine).run(p.withResume(true), Progress.NONE, List.of());
        assertThat(r.report().outcome()).isEqualTo(JobReport.Outcome.COMPLETED);
        assertThat(r.report().progress().resumed()).isGreaterThan(0);
        assertSameDetections(read(r.output()), expected);
    }

    @Test
    void aCancelledRunWithoutNmsResumesAndOtherSettingsAreRefused() throws IOException {
        List<Feature> expected = read(new DetectObjectsTool(engine).run(params("full-raw.gpkg", false), Progress.NONE,
                List.of()).output());
        DetectObjectsParameters p = params("cancelled-raw.gpkg", false);
        List<Feature> streamed = new ArrayList<>();
        DetectObjectsResult first = new DetectObjectsTool(engine).run(p, cancelAfter(10),
                List.of(CallbackSink.of((List<Feature> b) -> streamed.addAll(b))));
        assertThat(first.report().outcome()).isEqualTo(JobReport.Outcome.CANCELLED);
        assertThat(streamed).hasSameSizeAs(read(first.output()));

        assertThatThrownBy(() -> new DetectObjectsTool(engine).plan(p.withArguments(ModelArguments.parse(
                "exclude_pad_detections False;batch_size 2;padding 16")).withResume(true)))
                .isInstanceOf(UserException.class).hasMessageContaining("other settings").hasMessageContaining("padding 32 -> 16");
        assertThatThrownBy(() -> new DetectObjectsTool(engine).plan(p.withNms(true, 0.3).withResume(true)))
                .isInstanceOf(UserException.class).hasMessageContaining("run_nms false -> true");

        DetectObjectsResult r = new DetectObjectsTool(engine).run(p.withResume(true), Progress.NONE, List.of());
        assertThat(r.report().outcome()).isEqualTo(JobReport.Outcome.COMPLETED);
        assertSameDetections(read(r.output()), expected);

        // only GeoPackage outputs resume
        Path json = dir.resolve("raw.geojson");
        new DetectObjectsTool(engine).run(params("raw.geojson", false), cancelAfter(3), List.of());
        assertThatThrownBy(() -> new DetectObjectsTool(engine).plan(params("raw.geojson", false).withResume(true)))
                .isInstanceOf(UserException.class).hasMessageContaining("only GeoPackage");
        assertThat(json).exists();
    }

    private static boolean failChild(Path log) throws IOException {
        throw new AssertionError("the detect-objects child ended on its own before the kill; log: "
                + (Files.exists(log) ? Files.readString(log) : ""));
    }

    /** SIGKILL on the command line in a child JVM, then --resume: the uninterrupted result, no duplicates. */
    @Test
    void aKilledCommandLineRunResumes() throws Exception {
        SampleScene.Files3 big = Scenes.generate(dir.resolve("big"), 2048);
        DetectObjectsParameters p = DetectObjectsParameters.of(big.scene(), DETECTOR.toString(), dir.resolve("big-full.gpkg"))
                .withArguments(KEEP_PAD).withNms(true, 0.3);
        List<Feature> expected = read(new DetectObjectsTool(engine).run(p, Progress.NONE, List.of()).output());

        Path out = dir.resolve("killed.gpkg");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"),
                "org.deepraster.Main", "detect-objects", "--in_raster", big.scene().toString(),
                "--in_model_definition", DETECTOR.toString(), "--out_detected_objects", out.toString(),
                "--arguments", "exclude_pad_detections False;batch_size 1", "--run_nms", "NMS", "--max_overlap_ratio", "0.3",
                "--parallel_processing_factor", "1")
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && child.isAlive()) {
            if (Files.exists(out)) {
                int seen;
                try {
                    seen = VectorFiles.open(out).stream().mapToInt(FeatureCollection::size).sum();
                } catch (IOException | RuntimeException busy) {
                    seen = 0;
                }
                if (seen >= 15) {
                    break;
                }
            }
            Thread.sleep(20);
        }
        // a machine fast enough to finish 121 tiles before the output shows 15 detections skips the kill (the
        // cancel and failure tests above still cover resume); a child that died for another reason fails below
        org.junit.jupiter.api.Assumptions.assumeTrue(child.isAlive() || child.exitValue() == 0 && read(out).size() == expected.size()
                ? child.isAlive() : failChild(dir.resolve("child.log")), "the child finished before it could be killed");
        child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        int partial = read(out).size();
        assertThat(partial).isBetween(15, expected.size() - 1);

        String[] resume = {"detect-objects", "--in_raster", big.scene().toString(), "--in_model_definition", DETECTOR.toString(),
            "--out_detected_objects", out.toString(), "--arguments", "exclude_pad_detections False;batch_size 4",
            "--run_nms", "NMS", "--max_overlap_ratio", "0.3", "--resume"};
        assertThat(org.deepraster.Main.run(resume)).isZero();
        assertSameDetections(read(out), expected);
    }
}
