package org.deepraster.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.deepraster.util.Log;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ONNX Runtime's native log: errors only by default, warnings with {@code --verbose}. The native
 * runtime writes to the process's file descriptor 2, which Java cannot capture in-process, so the
 * command runs in a child JVM on a fixture that makes the graph optimiser warn (unused initializers).
 */
class OnnxNativeLogTest {
    private static final Path MODEL = Path.of("src/test/resources/onnx/warns_unused_initializers.onnx");

    @TempDir
    Path tmp;

    @AfterEach
    void closeLog() {
        Log.close();
    }

    @Test
    void theStandardLevelFollowsVerbose() {
        Log.configure(tmp, false);
        assertThat(SessionSettings.LogLevel.standard()).isEqualTo(SessionSettings.LogLevel.ERROR);
        assertThat(SessionSettings.cpu(0).logLevel()).isEqualTo(SessionSettings.LogLevel.ERROR);
        Log.configure(tmp, true);
        assertThat(SessionSettings.LogLevel.standard()).isEqualTo(SessionSettings.LogLevel.WARNING);
        assertThat(SessionSettings.cuda(0).logLevel()).isEqualTo(SessionSettings.LogLevel.WARNING);
    }

    @Test
    void nativeWarningsReachTheTerminalOnlyWithVerbose() throws Exception {
        String quiet = deepraster("info", MODEL.toString());
        assertThat(quiet).doesNotContain("Removing initializer");
        String verbose = deepraster("--verbose", "info", MODEL.toString());
        assertThat(verbose).contains("Removing initializer 'unused_0'");

        String log = Files.readString(tmp.resolve("logs").resolve("deepraster-0.log"), StandardCharsets.UTF_8);
        assertThat(log).contains("ONNX Runtime", "native log level is ORT_LOGGING_LEVEL_ERROR",
                "native log level is ORT_LOGGING_LEVEL_WARNING", "cannot route those messages into this log");
    }

    /** Runs {@code deepraster ARGS} in a child JVM; its standard error. */
    private String deepraster(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.awt.headless=true", "-D" + Log.DIR_PROPERTY + "=" + tmp.resolve("logs"),
                "-cp", System.getProperty("java.class.path"), "org.deepraster.Main"));
        cmd.addAll(List.of(args));
        Path err = tmp.resolve("stderr.txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(err.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the command ends").isTrue();
        String text = Files.readString(err, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(text).isZero();
        return text;
    }
}
