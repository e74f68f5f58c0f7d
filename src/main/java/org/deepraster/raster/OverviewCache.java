package org.deepraster.raster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.deepraster.util.Progress;

/**
 * Overview pyramids built for rasters that have none, kept in
 * {@code ${deepraster.cache:-~/.cache/deepraster}/overviews/KEY/} where KEY hashes the absolute
 * path, size and modification time of the raster. Each level is a tiled DEFLATE TIFF
 * ({@code ovr-1.tif} is half the size of the source level, {@code ovr-2.tif} a quarter, ...);
 * a {@code complete} file is written last, so a half-built pyramid is never reused. The
 * pyramid itself is computed by {@link PyramidBuilder}.
 */
final class OverviewCache {
    private static final java.util.concurrent.ConcurrentHashMap<Path, Object> LOCKS =
            new java.util.concurrent.ConcurrentHashMap<>();

    private OverviewCache() {
    }

    /**
     * The cached pyramid for {@code raster}, built first when missing. One build per folder at a
     * time in this JVM: a second caller (the same file opened twice) waits and reuses it.
     */
    static List<Path> getOrBuild(Path raster, TiffLevel src, int bands, SampleType type, Double noData,
                                 boolean nearest, Progress progress) throws IOException {
        Path folder = folderFor(raster);
        synchronized (LOCKS.computeIfAbsent(folder, k -> new Object())) {
            List<Path> files = existing(folder);
            if (!files.isEmpty()) {
                return files;
            }
            files = PyramidBuilder.build(src, bands, type, noData, nearest, folder, progress);
            Files.writeString(folder.resolve("source.txt"), raster.toAbsolutePath().normalize().toString());
            removeStale(raster, folder);
            return files;
        }
    }

    /** Deletes pyramids of earlier versions of the same file (other size or modification time). */
    private static void removeStale(Path raster, Path keep) {
        String me = raster.toAbsolutePath().normalize().toString();
        Path root = keep.getParent();
        try (java.util.stream.Stream<Path> dirs = Files.list(root)) {
            for (Path d : dirs.toList()) {
                Path src = d.resolve("source.txt");
                if (!d.equals(keep) && Files.isRegularFile(src) && Files.readString(src).equals(me)) {
                    try (java.util.stream.Stream<Path> files = Files.list(d)) {
                        for (Path f : files.toList()) {
                            Files.deleteIfExists(f);
                        }
                    }
                    Files.deleteIfExists(d);
                }
            }
        } catch (IOException e) {
            // best effort: a stale pyramid only costs disk space
        }
    }

    static Path cacheRoot() {
        String p = System.getProperty("deepraster.cache");
        if (p == null || p.isBlank()) {
            p = System.getenv("DEEPRASTER_CACHE");
        }
        if (p == null || p.isBlank()) {
            return Path.of(System.getProperty("user.home"), ".cache", "deepraster");
        }
        return Path.of(p);
    }

    static Path folderFor(Path raster) throws IOException {
        Path abs = raster.toAbsolutePath().normalize();
        String id = abs + "|" + Files.size(abs) + "|" + Files.getLastModifiedTime(abs).toMillis();
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return cacheRoot().resolve("overviews").resolve(HexFormat.of().formatHex(h, 0, 12));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The files of a complete cached pyramid, finest first; empty when there is none. */
    static List<Path> existing(Path folder) {
        Path marker = folder.resolve("complete");
        if (!Files.isRegularFile(marker)) {
            return List.of();
        }
        try {
            int n = Integer.parseInt(Files.readString(marker).trim());
            List<Path> files = new ArrayList<>();
            for (int k = 1; k <= n; k++) {
                Path f = folder.resolve("ovr-" + k + ".tif");
                if (!Files.isRegularFile(f)) {
                    return List.of();
                }
                files.add(f);
            }
            return files;
        } catch (IOException | NumberFormatException e) {
            return List.of();
        }
    }
}
