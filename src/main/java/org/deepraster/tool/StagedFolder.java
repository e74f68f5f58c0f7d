package org.deepraster.tool;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.deepraster.util.Log;

/**
 * An overwrite that keeps the old output until the new one is complete (issue 21): the run writes into a hidden
 * staging folder, and {@link #commit()} moves what it holds into the target folder (a rename per file, replacing
 * the old files of those names; sub-folders merged), then removes the staging folder. Until then the old output
 * stays whole, whatever happens to the run (killed, failed, disk full); {@link #abandon()} drops the new one, and
 * the next run deletes what a killed one left. Used for the files of one output (Classify Pixels' GeoTIFFs, their
 * confidence raster and polygons: {@link #forFile}) and for output folders (Export Training Data, Accuracy
 * Assessment, Self-Supervised Classification: {@link #forFolder}).
 *
 * <p>A file moved in takes the place of the old file's sidecars too: {@code NAME.aux.xml}, {@code NAME.ovr} and
 * {@code NAME.msk} of the old file that the new output does not have are deleted (they described the old pixels).
 */
public final class StagedFolder {
    /** Sidecars GDAL and others keep beside a raster, which describe the old file once it is replaced. */
    static final List<String> SIDECARS = List.of(".aux.xml", ".ovr", ".msk");

    private final Path staging;
    private final Path target;

    private StagedFolder(Path staging, Path target) {
        this.staging = staging;
        this.target = target;
    }

    /**
     * Staging for the outputs written beside {@code output} (a file): {@code .NAME.partial/} in its folder; files
     * named like the outputs are written there and moved into the folder by {@link #commit()}.
     */
    public static StagedFolder forFile(Path output) throws IOException {
        Path abs = output.toAbsolutePath().normalize();
        return begin(abs.resolveSibling("." + abs.getFileName() + ".partial"), abs.getParent());
    }

    /** Staging for an output folder: {@code .NAME.partial/} beside it; its contents merge into the folder. */
    public static StagedFolder forFolder(Path folder) throws IOException {
        Path abs = folder.toAbsolutePath().normalize();
        return begin(abs.resolveSibling("." + abs.getFileName() + ".partial"), abs);
    }

    private static StagedFolder begin(Path staging, Path target) throws IOException {
        deleteTree(staging); // what a killed overwrite left
        Files.createDirectories(staging);
        return new StagedFolder(staging, target);
    }

    /** The hidden folder the run writes. */
    public Path staging() {
        return staging;
    }

    /** The folder that receives the output. */
    public Path target() {
        return target;
    }

    /** Where the run writes {@code p} (a path in the target folder, or its name). */
    public Path staged(Path p) {
        if (p == null) {
            return null;
        }
        Path abs = p.toAbsolutePath().normalize();
        return abs.startsWith(target) && !abs.startsWith(staging) ? staging.resolve(target.relativize(abs)) : abs;
    }

    /** The final place of {@code p}, a path the run wrote in the staging folder (other paths unchanged). */
    public Path unstaged(Path p) {
        if (p == null) {
            return null;
        }
        Path abs = p.toAbsolutePath().normalize();
        return abs.startsWith(staging) ? target.resolve(staging.relativize(abs)) : p;
    }

    /** {@code text} with the staging folder's path replaced by the target's (warnings that name a written file). */
    public String unstaged(String text) {
        return text == null ? null : text.replace(staging.toString(), target.toString());
    }

    /** Moves the new output into the target folder (replacing the old files it holds) and drops the staging folder. */
    public void commit() throws IOException {
        Files.createDirectories(target);
        merge(staging, target);
        deleteTree(staging);
    }

    /** Drops the new output; the old one stays as it was. */
    public void abandon() {
        try {
            deleteTree(staging);
        } catch (IOException e) {
            Log.logger(StagedFolder.class).warning(() -> "Could not delete the unfinished " + staging + ": " + e);
        }
    }

    private static void merge(Path from, Path to) throws IOException {
        List<Path> entries;
        try (Stream<Path> s = Files.list(from)) {
            entries = s.sorted().toList();
        }
        for (Path f : entries) {
            String name = f.getFileName().toString();
            if (name.startsWith(".") && name.endsWith(".lock")) {
                continue; // the staged file's own lock, not the output's (that one stays with its holder)
            }
            Path dest = to.resolve(f.getFileName().toString());
            if (Files.isDirectory(f)) {
                if (Files.isDirectory(dest)) {
                    merge(f, dest);
                    continue;
                }
                Files.deleteIfExists(dest);
                move(f, dest);
                continue;
            }
            if (Files.isDirectory(dest)) {
                deleteTree(dest);
            }
            move(f, dest);
            for (String side : SIDECARS) {
                if (!Files.exists(from.resolve(f.getFileName() + side))) {
                    Files.deleteIfExists(to.resolve(f.getFileName() + side));
                }
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException | DirectoryNotEmptyException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }
}
