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
}
