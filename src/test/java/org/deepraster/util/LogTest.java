package org.deepraster.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTest {
    private static final Logger LOG = Log.logger(LogTest.class);
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream realErr;

    @TempDir
    Path tmp;

    @BeforeEach
    void captureStderr() {
        realErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        Log.close();
        System.setErr(realErr);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static String read(Path file) throws IOException {
        for (java.util.logging.Handler h : Logger.getLogger("").getHandlers()) {
            h.flush();
        }
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    @Test
    void aFailureGoesToTheFileWithThreadAndStackTraceButNotToTheTerminal() throws Exception {
        Path folder = tmp.resolve("logs");
        Log.configure(folder, false);
        assertThat(Log.file()).contains(folder.resolve("deepraster-0.log"));
        assertThat(Log.where()).isEqualTo("Details are in the log: " + folder.resolve("deepraster-0.log"));

        Thread t = new Thread(() -> Log.failure(LOG, "the task failed",
                new IllegalStateException("broken", new java.io.IOException("disk gone"))), "worker-7");
        t.start();
        t.join();

        String log = read(Log.file().orElseThrow());
        assertThat(log).containsPattern("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} SEVERE \\[worker-7\\] "
                + "org\\.deepraster\\.util\\.LogTest: the task failed");
        assertThat(log).contains("java.lang.IllegalStateException: broken", "\tat org.deepraster.util.LogTest",
                "Caused by: java.io.IOException: disk gone");
        assertThat(stderr()).isEmpty();
    }

    @Test
    void aFailureReportedTwiceIsLoggedOnce() throws Exception {
        Log.configure(tmp, false);
        RuntimeException e = new RuntimeException("once");
        Log.failure(LOG, "first report", e);
        Log.failure(LOG, "second report", e);
        String log = read(Log.file().orElseThrow());
        assertThat(log).contains("first report").doesNotContain("second report");
    }

    @Test
    void userErrorsAreWarningsAndCancellationsFine() throws Exception {
        Log.configure(tmp, false);
        Log.failure(LOG, "bad input", new UserException("no such band", "pick another"));
        Log.failure(LOG, "stopped", new CancelledException());
        String log = read(Log.file().orElseThrow());
        assertThat(log).contains("WARNING [main] org.deepraster.util.LogTest: bad input",
                "org.deepraster.util.UserException: no such band");
        assertThat(log).doesNotContain("stopped"); // FINE: not logged unless verbose
    }

    @Test
    void verbosePrintsFineRecordsToStandardErrorAndTheFile() throws Exception {
        Log.configure(tmp, true);
        assertThat(Log.verbose()).isTrue();
        LOG.fine("a detail");
        assertThat(stderr()).contains("FINE [main] org.deepraster.util.LogTest: a detail");
        assertThat(read(Log.file().orElseThrow())).contains("a detail");
    }

    @Test
    void withoutVerboseFineRecordsGoNowhereAndOwnWarningsOnlyToTheFile() throws Exception {
        Log.configure(tmp, false);
        LOG.fine("a detail");
        LOG.warning("a warning");
        Logger.getLogger("com.example.library").severe("library trouble");
        assertThat(stderr()).doesNotContain("a detail", "a warning").contains("library trouble");
        assertThat(read(Log.file().orElseThrow())).doesNotContain("a detail").contains("a warning", "library trouble");
    }

    @Test
    void configuringAgainOnlyChangesVerbose() throws Exception {
        Log.configure(tmp, false);
        Log.configure(tmp, true);
        LOG.fine("now verbose");
        Log.ensureConfigured(); // keeps verbose
        assertThat(Log.verbose()).isTrue();
        assertThat(stderr()).contains("now verbose");
        assertThat(Logger.getLogger("").getHandlers()).hasSize(2);
        assertThat(read(Log.file().orElseThrow()).lines().filter(l -> l.contains("log started"))).hasSize(1);
    }

    @Test
    void anUnwritableFolderFallsBackToStandardErrorWithOneWarning() throws Exception {
        Path notAFolder = Files.writeString(tmp.resolve("file"), "x");
        Log.configure(notAFolder.resolve("logs"), false);
        assertThat(Log.file()).isEmpty();
        assertThat(Log.folder()).isEmpty();
        assertThat(Log.where()).contains("standard error");
        assertThat(stderr()).containsOnlyOnce("cannot write its log in " + notAFolder.resolve("logs"));
        LOG.log(Level.SEVERE, "lost otherwise", new IllegalStateException("trace"));
        LOG.info("chatter");
        assertThat(stderr()).contains("lost otherwise", "java.lang.IllegalStateException: trace", "\tat ")
                .doesNotContain("chatter");
    }

    @Test
    void closeGivesTheRootLoggerItsHandlersBack() {
        Log.close(); // another test class may have configured the log in this JVM
        java.util.logging.Handler[] before = Logger.getLogger("").getHandlers();
        Log.configure(tmp, false);
        Log.close();
        assertThat(Logger.getLogger("").getHandlers()).containsExactly(before);
        assertThat(Log.file()).isEmpty();
    }

    @Test
    void librariesAreQuietUnlessConfigured() {
        Log.close();
        Logger lib = Log.library("org.example.noisy", Level.WARNING);
        assertThat(lib.getLevel()).isEqualTo(Level.SEVERE);
        Log.configure(tmp, false);
        assertThat(lib.getLevel()).isEqualTo(Level.WARNING);
        Log.close();
        assertThat(lib.getLevel()).isEqualTo(Level.SEVERE);
    }

    @Test
    void derbysTextBecomesOneRecordPerLine() throws Exception {
        Log.configure(tmp, false);
        byte[] text = "Booting Derby version 10.15\r\n\nDatabase Class Loader started\n".getBytes(StandardCharsets.UTF_8);
        DerbyLog.LOG.write(text);
        assertThat(read(Log.file().orElseThrow()).lines()
                .filter(l -> l.contains(" INFO [main] org.apache.derby: "))
                .map(l -> l.substring(l.indexOf("org.apache.derby: ") + "org.apache.derby: ".length())))
                .containsExactly("Booting Derby version 10.15", "Database Class Loader started");
    }

    @Test
    void theDefaultFolderFollowsTheOperatingSystem() {
        Map<String, String> props = Map.of("user.home", "/home/ann");
        assertThat(Log.defaultFolder("Linux", props::get, Map.<String, String>of()::get))
                .isEqualTo(Path.of("/home/ann/.cache/deepraster/logs"));
        assertThat(Log.defaultFolder("Linux", props::get, Map.of("XDG_CACHE_HOME", "/var/cache/ann")::get))
                .isEqualTo(Path.of("/var/cache/ann/deepraster/logs"));
        assertThat(Log.defaultFolder("Mac OS X", props::get, Map.<String, String>of()::get))
                .isEqualTo(Path.of("/home/ann/Library/Caches/DeepRaster/logs"));
        assertThat(Log.defaultFolder("Windows 11", props::get, Map.of("LOCALAPPDATA", "C:/Users/ann/AppData/Local")::get))
                .isEqualTo(Path.of("C:/Users/ann/AppData/Local", "DeepRaster", "logs"));
        assertThat(Log.defaultFolder("Linux", Map.of("user.home", "/h", "deepraster.cache", "/c")::get,
                Map.<String, String>of()::get)).isEqualTo(Path.of("/c/logs"));
        assertThat(Log.defaultFolder("Linux", Map.of("user.home", "/h", "deepraster.cache", "/c",
                Log.DIR_PROPERTY, "/chosen")::get, Map.<String, String>of()::get)).isEqualTo(Path.of("/chosen"));
        assertThat(Log.defaultFolder("Linux", props::get, Map.of(Log.DIR_ENV, "/env")::get)).isEqualTo(Path.of("/env"));
    }
}
