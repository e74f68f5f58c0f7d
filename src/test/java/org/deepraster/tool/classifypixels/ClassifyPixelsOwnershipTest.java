package org.deepraster.tool.classifypixels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import org.deepraster.inference.InferenceEngine;
import org.deepraster.tool.OutputLock;
import org.deepraster.util.Progress;
import org.deepraster.util.UserException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A classified raster is owned by one run (issue 21, point 1): while one plan holds it, another run with
 * --overwrite or --resume is refused and names the first; closing the plan frees it.
 */
class ClassifyPixelsOwnershipTest {
    @TempDir
    static Path dir;
    static InferenceEngine engine;
    static Path input;

    @BeforeAll
    static void setUp() throws IOException {
        engine = new InferenceEngine();
        input = ClassifyPixelsToolTest.raster(dir.resolve("in.tif"), null);
    }

    @AfterAll
    static void tearDown() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void aSecondOverwriteOrResumeIsRefusedWhileTheFirstRunOwnsTheOutput() throws IOException {
        Path out = dir.resolve("classes.tif");
        String model = ClassifyPixelsToolTest.model("seg_conv", 32, 32, "");
        ClassifyPixelsParameters p = ClassifyPixelsParameters.of(input, model, out);
        try (ClassifyPixelsTool.Plan first = new ClassifyPixelsTool(engine).plan(p)) {
            assertThat(OutputLock.lockFile(out)).exists();
            for (ClassifyPixelsParameters second : new ClassifyPixelsParameters[] {p.withOutput(out, true), p.withResume(true)}) {
                assertThatThrownBy(() -> new ClassifyPixelsTool(engine).plan(second).close())
                        .isInstanceOf(UserException.class)
                        .hasMessageContaining("is being written by another run")
                        .hasMessageContaining("process " + ProcessHandle.current().pid());
            }
            first.run(Progress.NONE, java.util.List.of());
        }
        assertThat(OutputLock.lockFile(out)).doesNotExist();
        // a refused plan (the output exists) does not keep the lock either
        assertThatThrownBy(() -> new ClassifyPixelsTool(engine).plan(p)).isInstanceOf(UserException.class)
                .hasMessageContaining("already exists");
        assertThat(OutputLock.lockFile(out)).doesNotExist();
        try (ClassifyPixelsTool.Plan again = new ClassifyPixelsTool(engine).plan(p.withOutput(out, true))) {
            assertThat(again.output()).isEqualTo(out);
        }
    }

    /**
     * --overwrite of an existing GeoTIFF builds the new one beside it (issue 21, point 1): while the run goes, and
     * when it fails or ends without finishing (a killed run never reaches the move), the old output and its
     * sidecars are as they were; a run that completes replaces it and drops the old sidecars it has no copy of.
     */
    @Test
    void anOverwriteKeepsTheOldGeoTiffUntilTheNewOneIsComplete() throws IOException {
        Path out = dir.resolve("staged.tif");
        String model = ClassifyPixelsToolTest.model("seg_conv", 32, 32, "");
        ClassifyPixelsParameters p = ClassifyPixelsParameters.of(input, model, out);
        new ClassifyPixelsTool(engine).run(p, Progress.NONE, java.util.List.of());
        Path aux = out.resolveSibling("staged.tif.aux.xml");
        Path ovr = out.resolveSibling("staged.tif.ovr");
        java.nio.file.Files.writeString(ovr, "overviews of the old pixels");
        byte[] old = java.nio.file.Files.readAllBytes(out);
        byte[] oldAux = java.nio.file.Files.readAllBytes(aux);
        ClassifyPixelsParameters again = p.withOutput(out, true);
        // a run that fails while writing
        java.util.List<Boolean> oldSeenWhileRunning = new java.util.ArrayList<>();
        org.deepraster.job.ResultSink<ClassifiedBlock> failing = blocks -> {
            oldSeenWhileRunning.add(java.util.Arrays.equals(old, java.nio.file.Files.readAllBytes(out)));
            throw new IOException("disk trouble");
        };
        try (ClassifyPixelsTool.Plan plan = new ClassifyPixelsTool(engine).plan(again)) {
            assertThat(plan.output()).isEqualTo(out);
            try {
                ClassifyPixelsResult r = plan.run(Progress.NONE, java.util.List.of(failing));
                assertThat(r.report().outcome()).isEqualTo(org.deepraster.job.JobReport.Outcome.FAILED);
                assertThat(r.output()).isEqualTo(out);
            } catch (IOException expected) {
                // a failure that ends the run is as good
            }
        }
        assertThat(oldSeenWhileRunning).isNotEmpty().containsOnly(true);
        assertThat(out).hasBinaryContent(old);
        assertThat(aux).hasBinaryContent(oldAux);
        assertThat(ovr).exists();
        // planned, never finished (what a killed run leaves): nothing changes, and the next run clears its leftovers
        new ClassifyPixelsTool(engine).plan(again).close();
        assertThat(out).hasBinaryContent(old);
        assertThat(out.resolveSibling(".staged.tif.partial")).doesNotExist();
        java.nio.file.Files.createDirectories(out.resolveSibling(".staged.tif.partial"));
        java.nio.file.Files.writeString(out.resolveSibling(".staged.tif.partial").resolve("staged.tif"), "killed");
        Object before = java.nio.file.Files.readAttributes(out, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        ClassifyPixelsResult done = new ClassifyPixelsTool(engine).run(again, Progress.NONE, java.util.List.of());
        assertThat(done.output()).isEqualTo(out);
        assertThat(java.nio.file.Files.readAttributes(out, java.nio.file.attribute.BasicFileAttributes.class).fileKey())
                .as("a new file moved in").isNotEqualTo(before);
        assertThat(out).hasBinaryContent(old); // same input and model: the same classes
        assertThat(aux).exists();
        assertThat(ovr).as("the old overviews described the old pixels").doesNotExist();
        assertThat(out.resolveSibling(".staged.tif.partial")).doesNotExist();
        assertThat(OutputLock.lockFile(out)).doesNotExist();
    }
}
