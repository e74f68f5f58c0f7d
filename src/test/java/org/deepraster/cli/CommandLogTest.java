package org.deepraster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.logging.Logger;
import org.deepraster.Main;
import org.deepraster.util.Log;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command line's log: {@code --verbose} anywhere, failures with stack traces in the log file, one line on the terminal. */
class CommandLogTest {
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private PrintStream realErr;
    private String oldDir;

    @TempDir
    Path tmp;

    @BeforeEach
    void setUp() {
        oldDir = System.setProperty(Log.DIR_PROPERTY, tmp.resolve("logs").toString());
        realErr = System.err;
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void tearDown() {
        Log.close();
        System.setErr(realErr);
        if (oldDir == null) {
            System.clearProperty(Log.DIR_PROPERTY);
        } else {
            System.setProperty(Log.DIR_PROPERTY, oldDir);
        }
    }

    @Command(name = "boom")
    static final class Boom implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new IllegalStateException("a bug in a command");
        }
    }

    private static CommandRun run(CommandLine cl, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new CommandRun(code, out.toString(), err.toString());
    }

    private String terminal() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    private static String logText() throws IOException {
        for (java.util.logging.Handler h : Logger.getLogger("").getHandlers()) {
            h.flush();
        }
        return Files.readString(Log.file().orElseThrow(), StandardCharsets.UTF_8);
    }

    @Test
    void verboseBeforeTheCommandPrintsFineRecords() {
        CommandRun r = run(Main.commandLine(), "--verbose", "info", tmp.resolve("missing.onnx").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(Log.verbose()).isTrue();
        assertThat(terminal()).contains("FINE [main] org.deepraster.Main: DeepRaster ", "deepraster --verbose info ");
    }

    @Test
    void verboseAfterTheCommandPrintsFineRecords() {
        CommandRun r = run(Main.commandLine(), "info", tmp.resolve("missing.onnx").toString(), "--verbose");
        assertThat(r.code()).isEqualTo(1);
        assertThat(terminal()).contains("FINE [main] org.deepraster.Main: DeepRaster ");
    }

    @Test
    void withoutVerboseTheTerminalShowsOnlyTheMessageAndTheLogHasTheStackTrace() throws IOException {
        Path missing = tmp.resolve("missing.onnx");
        CommandRun r = run(Main.commandLine(), "info", missing.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("Error: Model definition not found");
        assertThat(terminal()).isEmpty();
        assertThat(Log.file()).contains(tmp.resolve("logs").resolve("deepraster-0.log"));
        assertThat(logText()).doesNotContain("FINE").contains("WARNING [main] org.deepraster.cli.InfoCommand: info " + missing,
                "org.deepraster.util.UserException: Model definition not found", "\tat org.deepraster.");
    }

    @Test
    void anUnexpectedFailureIsOneLineThatSaysWhereTheLogIs() throws IOException {
        CommandLine cl = Main.commandLine();
        cl.addSubcommand("boom", new Boom());
        CommandRun r = run(cl, "boom");
        assertThat(r.code()).isEqualTo(1);
        Path file = Log.file().orElseThrow();
        assertThat(r.err().strip()).isEqualTo("Error: unexpected failure (java.lang.IllegalStateException: a bug in a command)."
                + " Details are in the log: " + file);
        assertThat(terminal()).isEmpty();
        assertThat(logText()).contains("SEVERE [main] org.deepraster.Main: deepraster boom failed unexpectedly",
                "java.lang.IllegalStateException: a bug in a command", "\tat org.deepraster.cli.CommandLogTest$Boom.call");
    }

    @Test
    void withVerboseTheStackTraceAlsoReachesTheTerminal() {
        CommandLine cl = Main.commandLine();
        cl.addSubcommand("boom", new Boom());
        CommandRun r = run(cl, "--verbose", "boom");
        assertThat(r.code()).isEqualTo(1);
        assertThat(terminal()).contains("java.lang.IllegalStateException: a bug in a command", "\tat ");
    }
}
