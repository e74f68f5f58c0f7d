package org.deepraster.util;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.ReadOnlyFileSystemException;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the two write failures a user can fix, a full disk and a folder that cannot be written, into
 * a {@link UserException} saying so ("the disk is full (N MB free at DIR)", "DIR is not writable")
 * instead of the library's message (a stack trace, or SQLite's misleading "cannot commit - no
 * transaction is active" after it rolled back a full-disk transaction itself). The cause is found
 * by its type or message anywhere in the chain of causes and suppressed exceptions.
 */
public final class WriteFailures {
    /** What went wrong. */
    public enum Kind { DISK_FULL, NOT_WRITABLE }

    private static final String[] FULL = {"no space left on device", "sqlite_full", "database or disk is full",
        "disk quota exceeded", "not enough space on the disk"};
    private static final String[] READ_ONLY = {"permission denied", "read-only file system", "sqlite_readonly",
        "readonly database", "access is denied", "operation not permitted"};

    private WriteFailures() {
    }

    /** The kind of write failure {@code e} is, if it is one of the two. */
    public static Optional<Kind> classify(Throwable e) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        return classify(e, seen);
    }

    private static Optional<Kind> classify(Throwable e, Map<Throwable, Boolean> seen) {
        if (e == null || seen.put(e, Boolean.TRUE) != null) {
            return Optional.empty();
        }
        if (e instanceof AccessDeniedException || e instanceof ReadOnlyFileSystemException) {
            return Optional.of(Kind.NOT_WRITABLE);
        }
        String m = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        if (e instanceof FileSystemException f && f.getReason() != null) {
            m = m + " " + f.getReason().toLowerCase(Locale.ROOT);
        }
        for (String s : FULL) {
            if (m.contains(s)) {
                return Optional.of(Kind.DISK_FULL);
            }
        }
        for (String s : READ_ONLY) {
            if (m.contains(s)) {
                return Optional.of(Kind.NOT_WRITABLE);
            }
        }
        Optional<Kind> k = classify(e.getCause(), seen);
        for (Throwable s : e.getSuppressed()) {
            if (k.isPresent()) {
                break;
            }
            k = classify(s, seen);
        }
        return k;
    }

    /**
     * The user's message for a failure while writing {@code target} (a file or a folder; null when
     * unknown: the file a {@link FileSystemException} in the chain names is used), if it is a full
     * disk or an unwritable folder.
     */
    public static Optional<UserException> explain(Throwable e, Path target) {
        if (e instanceof UserException u && classify(u.getCause()).isEmpty()) {
            return Optional.empty();
        }
        Optional<Kind> kind = classify(e);
        if (kind.isEmpty()) {
            return Optional.empty();
        }
        Path dir = folderOf(target != null ? target : fileIn(e));
        return Optional.of(kind.get() == Kind.DISK_FULL ? diskFull(dir, e) : notWritable(dir, e));
    }

    /** {@code e} as the user's message when it is a full disk or an unwritable folder, else {@code e}. */
    public static IOException orExplained(IOException e, Path target) {
        Optional<UserException> u = explain(e, target);
        if (u.isPresent()) {
            throw u.get();
        }
        return e;
    }

    static UserException diskFull(Path dir, Throwable cause) {
        String where = dir == null ? "" : " (" + freeMb(dir) + " MB free at " + dir + ")";
        return new UserException("The disk is full" + where + ": the output could not be written.",
                "Free some space, or choose an output folder on another disk, and run again.", cause);
    }

    static UserException notWritable(Path dir, Throwable cause) {
        String what = dir == null ? "The output folder" : dir.toString();
        return new UserException(what + " is not writable: the output could not be written there.",
                "Choose a folder you can write to (or change its permissions), and run again.", cause);
    }

    /** Usable megabytes of the file system holding {@code dir}; -1 when it cannot be told. */
    public static long freeMb(Path dir) {
        try {
            return Files.getFileStore(dir).getUsableSpace() / (1024 * 1024);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The nearest existing folder at or above {@code p} (p itself when it is a folder). */
    static Path folderOf(Path p) {
        if (p == null) {
            return null;
        }
        Path a = p.toAbsolutePath();
        if (!Files.isDirectory(a)) {
            a = a.getParent();
        }
        while (a != null && !Files.isDirectory(a)) {
            a = a.getParent();
        }
        return a;
    }

    private static Path fileIn(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof FileSystemException f && f.getFile() != null) {
                return Path.of(f.getFile());
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
