package org.deepraster.tool;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Properties;
import java.io.StringReader;
import java.io.StringWriter;
import org.deepraster.util.Log;
import org.deepraster.util.UserException;

/**
 * One run's ownership of one output: an OS file lock on a small file beside it ({@code .NAME.lock}) that names the
 * owner (process id, host, start time). A second run (another process, or another thread of this one) that asks for
 * the same output is refused with a message naming the owner; a lock file left by a process that died holds no OS
 * lock any more (the OS releases it with the process), so it is taken over, and {@link #recoveredFrom()} says whose
 * it was. Closing releases the lock and deletes the file.
 */
public final class OutputLock implements AutoCloseable {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    private final Path output;
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final String recoveredFrom;
    private boolean closed;

    private OutputLock(Path output, Path file, FileChannel channel, FileLock lock, String recoveredFrom) {
        this.output = output;
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.recoveredFrom = recoveredFrom;
    }

    /** The lock file of {@code output}: {@code .NAME.lock} in the same folder. */
    public static Path lockFile(Path output) {
        Path abs = output.toAbsolutePath().normalize();
        return abs.resolveSibling("." + abs.getFileName() + ".lock");
    }

    /**
     * Takes {@code output} for this run, or throws a {@link UserException} naming the run that holds it.
     *
     * @throws UserException another live run owns the output, or the folder is not writable
     */
    public static OutputLock acquire(Path output) {
        Path abs = output.toAbsolutePath().normalize();
        for (int attempt = 0; ; attempt++) {
            OutputLock l = tryAcquire(abs);
            if (l != null) {
                return l;
            }
            if (attempt == 20) {
                throw new UserException("Cannot lock the output " + abs + ": other runs keep taking and releasing it.",
                        "Run one at a time, or write to another output.");
            }
        }
    }

    /** One try; null when the file locked was deleted by its last owner meanwhile (then try again). */
    private static OutputLock tryAcquire(Path abs) {
        Path file = lockFile(abs);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // another thread of this process owns it
            }
            if (lock == null) {
                String owner = describe(read(file));
                channel.close();
                throw new UserException("The output " + abs + " is being written by another run (" + owner + ").",
                        "Wait for that run to finish or stop it, or write to another output.");
            }
            Properties before = read(file);
            String recovered = before.isEmpty() || isUs(before) ? null : describe(before);
            Properties me = new Properties();
            ProcessHandle self = ProcessHandle.current();
            me.setProperty("pid", Long.toString(self.pid()));
            me.setProperty("host", host());
            me.setProperty("started", Long.toString(System.currentTimeMillis()));
            me.setProperty("output", abs.toString());
            me.setProperty("token", java.util.UUID.randomUUID().toString());
            StringWriter text = new StringWriter();
            me.store(text, "DeepRaster output lock: the run that writes " + abs.getFileName());
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(true);
            Properties now = read(file);
            if (!me.getProperty("token").equals(now.getProperty("token"))) {
                lock.release(); // the path is no longer the file we locked (its owner deleted it on release)
                channel.close();
                return null;
            }
            if (recovered != null) {
                Log.logger(OutputLock.class).info(() -> "Took over the stale lock of " + abs + " (" + recovered
                        + "): that process no longer holds it.");
            }
            return new OutputLock(abs, file, channel, lock, recovered);
        } catch (IOException e) {
            closeQuietly(channel);
            Path folder = abs.getParent();
            if (folder != null && !Files.isWritable(folder)) {
                throw new UserException(folder + " is not writable, so " + abs.getFileName() + " cannot be written there.",
                        "Choose an output in a folder you can write to.", e);
            }
            throw new UserException("Cannot lock the output " + abs + ": " + e.getMessage() + ".",
                    "Check that its folder can be written to, or choose another output.", e);
        }
    }

    /** The output this lock owns. */
    public Path output() {
        return output;
    }

    /** Who held the lock file before this run took it over (a process that died), or null. */
    public String recoveredFrom() {
        return recoveredFrom;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Files.deleteIfExists(file); // while still holding the lock: no one else can be inside
        } catch (IOException e) {
            Log.logger(OutputLock.class).fine(() -> "Could not delete " + file + ": " + e);
        }
        try {
            lock.release();
        } catch (IOException e) {
            Log.logger(OutputLock.class).fine(() -> "Could not release " + file + ": " + e);
        }
        closeQuietly(channel);
    }

    /** "process 1234 on HOST, started 2026-12-03 16:20:01", from a lock file's properties. */
    static String describe(Properties p) {
        if (p.isEmpty()) {
            return "a process that did not say who it is";
        }
        String started;
        try {
            started = TIME.format(Instant.ofEpochMilli(Long.parseLong(p.getProperty("started", ""))));
        } catch (NumberFormatException e) {
            started = "at an unknown time";
        }
        return "process " + p.getProperty("pid", "?") + " on " + p.getProperty("host", "?") + ", started " + started;
    }

    private static boolean isUs(Properties p) {
        return Long.toString(ProcessHandle.current().pid()).equals(p.getProperty("pid")) && host().equals(p.getProperty("host"));
    }

    private static Properties read(Path file) {
        Properties p = new Properties();
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            p.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            p.clear();
        }
        return p;
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            String h = System.getenv("HOSTNAME");
            return h == null ? "this computer" : h;
        }
    }

    private static void closeQuietly(FileChannel c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // nothing more to release
            }
        }
    }
}
