package org.deepraster.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.deepraster.util.UserException;

/**
 * Unpacks a .dlpk (a renamed zip) into {@code <cache>/dlpk/<sha256 of the file>}, once. Safe against
 * hostile archives: entries with absolute paths, drive letters or {@code ..} are refused (zip slip),
 * the entry count and the uncompressed bytes actually written are capped (zip bomb; header sizes are
 * not trusted). Python files are unpacked as plain data and never executed.
 */
public final class DlpkExtractor {
    /** Caps; the defaults fit real packages (models of a few GB at most). */
    public record Limits(int maxEntries, long maxTotalBytes, double maxRatio, long ratioFloorBytes, long maxCacheBytes) {
        /**
         * 10,000 entries, 8 GiB unpacked, and above 256 MiB at most 50 times the package's size (ONNX weights
         * compress to 70–95 %: a real package is far below); the unpack cache kept under 20 GiB.
         */
        public static final Limits DEFAULT = new Limits(10_000, 8L << 30, 50, 256L << 20, 20L << 30);

        public Limits(int maxEntries, long maxTotalBytes) {
            this(maxEntries, maxTotalBytes, DEFAULT_RATIO, 256L << 20, 20L << 30);
        }

        /** The most bytes a package of {@code packageBytes} may unpack to. */
        long capFor(long packageBytes) {
            return Math.min(maxTotalBytes, Math.max(ratioFloorBytes, (long) Math.min(Long.MAX_VALUE / 2.0,
                    packageBytes * maxRatio)));
        }
    }

    private static final double DEFAULT_RATIO = 50;

    /** Result: the folder holding the unpacked files and the .emd found in it. */
    public record Unpacked(Path dir, Path emd, List<String> warnings) {
    }

    private DlpkExtractor() {
    }

    /** The default cache folder: system property {@code deepraster.cache}, else ~/.cache/deepraster. */
    public static Path defaultCacheRoot() {
        String p = System.getProperty("deepraster.cache");
        if (p != null && !p.isBlank()) {
            return Path.of(p);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "deepraster");
    }

    public static Unpacked unpack(Path dlpk, Path cacheRoot, Limits limits) {
        String hash = sha256(dlpk);
        Path target = cacheRoot.resolve("dlpk").resolve(hash);
        List<String> warnings = new ArrayList<>();
        if (!intact(target)) {
            if (Files.exists(target)) {
                deleteTree(target); // a damaged or partly deleted extraction: unpack again
            }
            extract(dlpk, target, limits, warnings);
            DlpkCache.prune(cacheRoot.resolve("dlpk"), target, limits.maxCacheBytes());
        } else {
            touch(target.resolve(".complete"));
            listPython(target, warnings);
        }
        Path emd = findEmd(target, dlpk, warnings);
        return new Unpacked(target, emd, warnings);
    }

    /** Whether {@code file} (resolved, links followed where it exists) lies inside {@code dir}. */
    static boolean inside(Path dir, Path file) {
        try {
            Path root = dir.toRealPath();
            Path f = file.toAbsolutePath().normalize();
            Path real = Files.exists(f) ? f.toRealPath() : f;
            return real.startsWith(root) || f.startsWith(dir.toAbsolutePath().normalize()) && !Files.exists(f);
        } catch (IOException e) {
            return false;
        }
    }

    /** An extraction is reused only when every file its manifest ({@code .complete}) lists is there with its size. */
    static boolean intact(Path target) {
        Path manifest = target.resolve(".complete");
        if (!Files.isRegularFile(manifest)) {
            return false;
        }
        try {
            List<String> lines = Files.readAllLines(manifest);
            boolean listed = false;
            for (String line : lines) {
                int tab = line.indexOf('\t');
                if (tab < 0) {
                    continue; // the first line: the package it came from
                }
                listed = true;
                Path f = target.resolve(line.substring(tab + 1));
                if (!Files.isRegularFile(f) || Files.size(f) != Long.parseLong(line.substring(0, tab))) {
                    return false;
                }
            }
            return listed;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static void touch(Path f) {
        try {
            Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException ignored) {
            // only orders the cache's pruning
        }
    }

    static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            byte[] buf = new byte[1 << 16];
            while (in.read(buf) >= 0) {
                // digesting
            }
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UserException("Cannot read the model package " + file + ": " + e.getMessage(),
                    "Check that the file exists and is readable.", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Checks an entry name and returns its safe relative path, or throws. */
    static String safeName(Path dlpk, String name) {
        String n = name.replace('\\', '/');
        boolean bad = n.startsWith("/") || n.matches("^[A-Za-z]:.*") || n.contains("\0");
        for (String part : n.split("/")) {
            if (part.equals("..")) {
                bad = true;
            }
        }
        if (bad) {
            throw new UserException(dlpk + ": the package contains an entry with an unsafe path \"" + name
                    + "\" (absolute or with '..'); it was not unpacked",
                    "Only use model packages from sources you trust; re-create the .dlpk with relative paths.");
        }
        return n;
    }

    private static void extract(Path dlpk, Path target, Limits limits, List<String> warnings) {
        Path tmp = null;
        try {
            Files.createDirectories(target.getParent());
            tmp = Files.createTempDirectory(target.getParent(), target.getFileName() + ".tmp-");
            Path root = tmp.toRealPath();
            long total = 0;
            int count = 0;
            long cap = limits.capFor(Files.size(dlpk));
            StringBuilder manifest = new StringBuilder(dlpk.toAbsolutePath().toString()).append('\n');
            try (ZipFile zip = new ZipFile(dlpk.toFile())) {
                long declared = 0;
                for (Enumeration<? extends ZipEntry> all = zip.entries(); all.hasMoreElements(); ) {
                    long size = all.nextElement().getSize();
                    declared += Math.max(0, size);
                }
                if (declared > cap) {
                    throw new UserException(dlpk + ": its entries declare " + mb(declared) + " MB unpacked from "
                            + mb(Files.size(dlpk)) + " MB, more than the " + mb(cap) + " MB allowed; refused (possible zip bomb)",
                            "Check the package; a genuine model package unpacks to about its own size.");
                }
                long free = Files.getFileStore(root).getUsableSpace();
                if (declared + (16L << 20) > free) {
                    throw new UserException("The disk is full (" + mb(free) + " MB free at " + target.getParent()
                            + "): " + dlpk.getFileName() + " needs " + mb(declared) + " MB unpacked.",
                            "Free some space, or move the cache elsewhere (system property deepraster.cache).");
                }
                Enumeration<? extends ZipEntry> entries = zip.entries();
                while (entries.hasMoreElements()) {
                    ZipEntry e = entries.nextElement();
                    if (++count > limits.maxEntries()) {
                        throw new UserException(dlpk + ": the package has more than " + limits.maxEntries()
                                + " entries; refused (possible zip bomb)",
                                "A model package holds an .emd, the model file(s) and a few extras.");
                    }
                    String name = safeName(dlpk, e.getName());
                    Path out = root.resolve(name).normalize();
                    if (!out.startsWith(root)) {
                        throw new UserException(dlpk + ": entry \"" + e.getName() + "\" would be written outside "
                                + "the unpack folder; refused", "Re-create the .dlpk with relative paths.");
                    }
                    if (e.isDirectory()) {
                        Files.createDirectories(out);
                        continue;
                    }
                    if (name.toLowerCase(Locale.ROOT).endsWith(".py")) {
                        warnings.add(dlpk.getFileName() + ": contains Python code " + name
                                + "; DeepRaster never executes it");
                    }
                    Files.createDirectories(out.getParent());
                    try (InputStream in = zip.getInputStream(e); OutputStream os = Files.newOutputStream(out)) {
                        byte[] buf = new byte[1 << 16];
                        int r;
                        while ((r = in.read(buf)) > 0) {
                            total += r;
                            if (total > cap) {
                                throw new UserException(dlpk + ": unpacking would exceed " + cap + " bytes ("
                                        + mb(Files.size(dlpk)) + " MB packed); refused (possible zip bomb)",
                                        "Check the package; if it is genuine, raise the limit.");
                            }
                            os.write(buf, 0, r);
                        }
                    }
                    manifest.append(Files.size(out)).append('\t').append(name).append('\n');
                }
            } catch (ZipException ze) {
                throw new UserException(dlpk + ": not a valid .dlpk (zip) file: " + ze.getMessage(),
                        "A .dlpk is a zip holding the .emd and the model file; re-download or re-create it.", ze);
            }
            Files.writeString(root.resolve(".complete"), manifest);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException | AtomicMoveNotSupportedException race) {
                // another process unpacked the same package meanwhile: keep theirs
                deleteTree(tmp);
            }
            tmp = null;
        } catch (IOException e) {
            long free = freeBytes(target.getParent());
            if (free >= 0 && free < (64L << 20)) {
                throw new UserException("The disk is full (" + mb(free) + " MB free at " + target.getParent()
                        + "): " + dlpk.getFileName() + " could not be unpacked.",
                        "Free some space, or move the cache elsewhere (system property deepraster.cache).", e);
            }
            throw new UserException("Cannot unpack " + dlpk + " into " + target + ": " + e.getMessage(),
                    "Check free disk space and the permissions of the cache folder (system property deepraster.cache).", e);
        } finally {
            if (tmp != null) {
                deleteTree(tmp);
            }
        }
    }

    private static long mb(long bytes) {
        return bytes >> 20;
    }

    private static long freeBytes(Path dir) {
        try {
            return Files.getFileStore(dir).getUsableSpace();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static void listPython(Path dir, List<String> warnings) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(p -> p.toString().toLowerCase(Locale.ROOT).endsWith(".py"))
                    .forEach(p -> warnings.add("package contains Python code " + dir.relativize(p)
                            + "; DeepRaster never executes it"));
        } catch (IOException ignored) {
            // only informative
        }
    }

    private static Path findEmd(Path dir, Path dlpk, List<String> warnings) {
        List<Path> emds;
        try (Stream<Path> s = Files.walk(dir)) {
            emds = s.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".emd"))
                    .sorted(Comparator.comparingInt((Path p) -> p.getNameCount()).thenComparing(Path::toString))
                    .toList();
        } catch (IOException e) {
            throw new UserException("Cannot list " + dir + ": " + e.getMessage(), "", e);
        }
        if (emds.isEmpty()) {
            throw new UserException(dlpk + ": the package holds no model definition (.emd)",
                    "A .dlpk must contain an .emd file next to the model file; add one, or pass the .emd or .onnx directly.");
        }
        if (emds.size() > 1) {
            warnings.add(dlpk.getFileName() + ": several .emd files; using " + dir.relativize(emds.get(0)));
        }
        return emds.get(0);
    }

    static void deleteTree(Path p) {
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
