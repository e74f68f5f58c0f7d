package org.deepraster.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.deepraster.util.Log;

/**
 * Keeps the unpack cache of .dlpk packages ({@code <cache>/dlpk}) under its size limit: after an extraction, the
 * extractions least recently used (their {@code .complete} file is touched on each use) are deleted until the
 * total fits, never the one just made. Left-over temporary folders of killed extractions older than an hour go too.
 */
final class DlpkCache {
    private DlpkCache() {
    }

    record Entry(Path dir, long bytes, FileTime used) {
    }

    static void prune(Path cache, Path keep, long maxBytes) {
        List<Entry> entries = new ArrayList<>();
        long total = 0;
        try (Stream<Path> dirs = Files.list(cache)) {
            for (Path d : dirs.toList()) {
                if (!Files.isDirectory(d)) {
                    continue;
                }
                Path complete = d.resolve(".complete");
                FileTime used = Files.isRegularFile(complete) ? Files.getLastModifiedTime(complete)
                        : Files.getLastModifiedTime(d);
                if (!Files.isRegularFile(complete)
                        && System.currentTimeMillis() - used.toMillis() > 3_600_000L) {
                    DlpkExtractor.deleteTree(d); // a killed extraction's temporary folder
                    continue;
                }
                long bytes = size(d);
                total += bytes;
                entries.add(new Entry(d, bytes, used));
            }
        } catch (IOException e) {
            Log.logger(DlpkCache.class).fine(() -> "Cannot list " + cache + ": " + e);
            return;
        }
        entries.sort(Comparator.comparing(Entry::used));
        for (Entry e : entries) {
            if (total <= maxBytes) {
                break;
            }
            if (e.dir().equals(keep) || !Files.isRegularFile(e.dir().resolve(".complete"))) {
                continue; // the one just made, or another process's extraction under way
            }
            DlpkExtractor.deleteTree(e.dir());
            total -= e.bytes();
            Log.logger(DlpkCache.class).info(() -> "Removed the unpacked package " + e.dir() + " (" + (e.bytes() >> 20)
                    + " MB, least recently used) to keep the cache under " + (maxBytes >> 20) + " MB.");
        }
    }

    static long size(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            return 0;
        }
    }
}
