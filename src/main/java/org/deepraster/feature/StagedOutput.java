package org.deepraster.feature;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.deepraster.util.Log;

/**
 * An output that is overwritten by building the new one beside the old ({@code .NAME.partial.EXT} in the same
 * folder) and replacing the old only when the new one is done ({@link #commit()}: an atomic move, file by file
 * for a shapefile's parts). Until then the old output stays whole, for viewers and for a run that is killed.
 * A GeoPackage is copied first, so its other tables are kept; the writer then replaces its table in the copy.
 * When the output does not exist yet, or it is not overwritten, the writer writes the output itself and
 * commit and abandon do nothing.
 */
public final class StagedOutput {
    private static final List<String> SHAPEFILE_PARTS = List.of("shp", "shx", "dbf", "prj", "cpg");

    private final Path target;
    private final Path staging;

    private StagedOutput(Path target, Path staging) {
        this.target = target;
        this.staging = staging;
    }

    /** Where a writer in {@code mode} writes {@code target}: beside it when it exists and is overwritten. */
    public static StagedOutput begin(Path target, WriteMode mode) throws IOException {
        Path abs = target.toAbsolutePath().normalize();
        if (mode != WriteMode.OVERWRITE || !Files.exists(abs)) {
            return new StagedOutput(abs, null);
        }
        Path staging = stagingOf(abs);
        StagedOutput s = new StagedOutput(abs, staging);
        s.deleteStaging(); // what a killed overwrite left
        if (VectorFiles.extension(abs).equals("gpkg") && VectorFiles.detect(abs) == VectorFiles.Format.GEOPACKAGE) {
            Files.copy(abs, staging, StandardCopyOption.REPLACE_EXISTING);
        }
        return s;
    }

    /** {@code .NAME.partial.EXT} beside {@code target}. */
    public static Path stagingOf(Path target) {
        String name = target.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        return target.resolveSibling("." + base + ".partial" + ext);
    }

    /** The file the writer writes. */
    public Path path() {
        return staging == null ? target : staging;
    }

    /** Whether the old output is kept until {@link #commit()}. */
    public boolean staged() {
        return staging != null;
    }

    /** Replaces the old output with the finished new one. */
    public void commit() throws IOException {
        if (staging == null) {
            return;
        }
        if (isShapefile()) {
            for (String ext : SHAPEFILE_PARTS) {
                Path from = part(staging, ext);
                Path to = part(target, ext);
                if (Files.exists(from)) {
                    move(from, to);
                } else {
                    Files.deleteIfExists(to); // a part the old output had and the new one has not
                }
            }
        } else {
            move(staging, target);
        }
    }

    /** Drops the new output (the run failed): the old one stays as it was. */
    public void abandon() {
        if (staging == null) {
            return;
        }
        try {
            deleteStaging();
        } catch (IOException e) {
            Log.logger(StagedOutput.class).warning(() -> "Could not delete the unfinished " + staging + ": " + e);
        }
    }

    private void deleteStaging() throws IOException {
        List<Path> files = new ArrayList<>();
        if (isShapefile()) {
            SHAPEFILE_PARTS.forEach(ext -> files.add(part(staging, ext)));
        } else {
            files.add(staging);
            files.add(staging.resolveSibling(staging.getFileName() + "-journal"));
            files.add(staging.resolveSibling(staging.getFileName() + "-wal"));
            files.add(staging.resolveSibling(staging.getFileName() + "-shm"));
        }
        for (Path f : files) {
            Files.deleteIfExists(f);
        }
    }

    private boolean isShapefile() {
        return VectorFiles.extension(target).equals("shp");
    }

    private static Path part(Path shp, String ext) {
        String name = shp.getFileName().toString();
        return shp.resolveSibling(name.substring(0, name.length() - 3) + ext.toLowerCase(Locale.ROOT));
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
