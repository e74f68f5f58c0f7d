package org.deepraster.viewer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.deepraster.util.Log;
import org.deepraster.util.UserException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failing background task of the viewer is logged with its stack trace and its notification says where the log is. */
class BackgroundFailureLogTest {
    @TempDir
    Path tmp;
    private NotificationCenter notifier;
    private TaskManager tasks;

    @BeforeEach
    void setUp() {
        Log.configure(tmp, false);
        notifier = new NotificationCenter();
        notifier.setDialogs(false);
        tasks = new TaskManager(notifier);
    }

    @AfterEach
    void tearDown() {
        tasks.close();
        Log.close();
    }

    private static String logText() throws IOException {
        for (java.util.logging.Handler h : Logger.getLogger("").getHandlers()) {
            h.flush();
        }
        return Files.readString(Log.file().orElseThrow(), StandardCharsets.UTF_8);
    }

    /** The newest notification: the task manager notifies after the task's result is complete, so wait for it. */
    private NotificationCenter.Message lastMessage() throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (notifier.history().isEmpty() && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        assertThat(notifier.history()).as("a notification").isNotEmpty();
        return notifier.history().get(notifier.history().size() - 1);
    }

    private static void failDeep(int depth) {
        if (depth == 0) {
            throw new IllegalArgumentException("index 7 out of range");
        }
        failDeep(depth - 1);
    }

    @Test
    void anUnexpectedTaskFailureIsLoggedWithItsStackTraceAndTheMessageNamesTheLog() throws Exception {
        var handle = tasks.submit("Reading tiles", progress -> {
            failDeep(3);
            return null;
        });
        assertThatThrownBy(() -> handle.result().get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        NotificationCenter.Message last = lastMessage(); // logged before it is notified

        String log = logText();
        assertThat(log).containsPattern("SEVERE \\[task-\\d+\\] org\\.deepraster\\.viewer\\.TaskManager: Task 'Reading tiles' failed")
                .contains("java.lang.IllegalArgumentException: index 7 out of range",
                        "\tat org.deepraster.viewer.BackgroundFailureLogTest.failDeep");
        assertThat(log.split("index 7 out of range", -1)).hasSize(2); // logged once, though the notifier saw it too

        assertThat(last.level()).isEqualTo(NotificationCenter.Level.ERROR);
        assertThat(last.text()).contains("Reading tiles failed", "index 7 out of range",
                "Details are in the log: " + Log.file().orElseThrow());
    }

    @Test
    void aUserErrorIsLoggedButItsMessageStaysTheUsers() throws Exception {
        var handle = tasks.submit("Opening x.tif", progress -> {
            throw new UserException("x.tif has no georeferencing", "Add a .tfw file.");
        });
        assertThatThrownBy(() -> handle.result().get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        String text = lastMessage().text();

        assertThat(logText()).contains("WARNING", "org.deepraster.util.UserException: x.tif has no georeferencing", "\tat ");
        assertThat(text).contains("x.tif has no georeferencing", "Add a .tfw file.").doesNotContain("log");
    }

    @Test
    void anUncaughtExceptionOnAnyThreadIsLogged() throws Exception {
        Thread t = new Thread(() -> {
            throw new IllegalStateException("nobody caught me");
        }, "stray-worker");
        t.setUncaughtExceptionHandler((thread, e) -> installedHandler().uncaughtException(thread, e));
        t.start();
        t.join();
        assertThat(logText()).contains("SEVERE [stray-worker] org.deepraster.viewer.UncaughtErrors: Unexpected error on thread stray-worker",
                "java.lang.IllegalStateException: nobody caught me");
        assertThat(notifier.history().get(notifier.history().size() - 1).text()).contains("Details are in the log: ");
    }

    private Thread.UncaughtExceptionHandler installedHandler() {
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        UncaughtErrors.install(notifier);
        Thread.UncaughtExceptionHandler h = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler(before);
        return h;
    }
}
