package org.deepraster.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.deepraster.util.UserException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One run owns one output: a second run is refused with the owner named; a dead owner's lock is taken over. */
class OutputLockTest {
    @TempDir
    Path dir;

    @Test
    void aSecondRunIsRefusedWithTheOwnersProcessAndStartTime() throws Exception {
        Path out = dir.resolve("out.gpkg");
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> {
            try (OutputLock l = OutputLock.acquire(out)) {
                held.countDown();
                done.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(OutputLock.lockFile(out)).exists();
        assertThatThrownBy(() -> OutputLock.acquire(out)).isInstanceOf(UserException.class)
                .hasMessageContaining("is being written by another run")
                .hasMessageContaining("process " + ProcessHandle.current().pid())
                .hasMessageMatching("(?s).*started \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d.*");
        done.countDown();
        first.get(10, TimeUnit.SECONDS);
        assertThat(OutputLock.lockFile(out)).doesNotExist();
        try (OutputLock again = OutputLock.acquire(out)) {
            assertThat(again.recoveredFrom()).isNull();
        }
    }

    @Test
    void theLockOfAProcessThatDiedIsTakenOver() throws Exception {
        Path out = dir.resolve("classes.tif");
        long dead = 2_000_000_000L; // above any pid_max: no such process
        assertThat(ProcessHandle.of(dead)).isEmpty();
        Files.writeString(OutputLock.lockFile(out), "pid=" + dead + "\nhost=elsewhere\nstarted=1700000000000\n");
        try (OutputLock l = OutputLock.acquire(out)) {
            assertThat(l.recoveredFrom()).contains("process " + dead).contains("elsewhere");
            assertThat(Files.readString(OutputLock.lockFile(out))).contains("pid=" + ProcessHandle.current().pid());
        }
        assertThat(OutputLock.lockFile(out)).doesNotExist();
    }

    @Test
    void aFolderThatCannotBeWrittenIsSaidSo() throws Exception {
        Path ro = Files.createDirectory(dir.resolve("ro"));
        assertThat(ro.toFile().setWritable(false)).isTrue();
        try {
            org.junit.jupiter.api.Assumptions.assumeFalse(Files.isWritable(ro), "running as root: every folder is writable");
            assertThatThrownBy(() -> OutputLock.acquire(ro.resolve("x.gpkg"))).isInstanceOf(UserException.class)
                    .hasMessageContaining(ro + " is not writable");
        } finally {
            ro.toFile().setWritable(true);
        }
    }
}
