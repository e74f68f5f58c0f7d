package org.deepraster.tool.exporttrainingdata;

import static org.deepraster.tool.exporttrainingdata.ExportTrainingDataTool.PENDING;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataParameters.MetadataFormat;
import org.deepraster.util.UserException;

/**
 * Export Training Data's output folder, while planning: checked, an earlier export's files cleared
 * (with overwrite; other files are left), {@code images/}, {@code labels/} and the pending folder
 * (chips wait there until the writer renames them) created.
 */
final class ExportFolder {
    /** Metadata files an export writes at the top of the folder. */
    static final List<String> METADATA_FILES = List.of("map.txt", "esri_model_definition.emd",
            "esri_accumulated_stats.json", "stats.txt", "data.yaml", "classes.txt");

    /** Checks the output folder, clears an earlier export there (with overwrite), creates its folders; returns the pending folder. */
    static Path prepare(ExportTrainingDataParameters p, List<String> warnings) throws IOException {
        Path out = p.outFolder().toAbsolutePath();
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new UserException("The output " + out + " is a file, not a folder.", "Choose a folder.");
        }
        Path parent = out.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new UserException("The folder " + parent + " that should hold the output does not exist.",
                    "Create it, or choose another output folder.");
        }
        if (Files.isDirectory(out) && !isEmpty(out)) {
            if (!p.overwrite()) {
                throw new UserException("The output folder " + out + " is not empty.",
                        "Choose a new or empty folder, or allow overwriting (--overwrite): it deletes the chips, labels"
                                + " and metadata files of an earlier export there and leaves other files alone.");
            }
            int kept = clearEarlierExport(out);
            if (kept > 0) {
                warnings.add(kept + " files in " + out + " that an export does not write were left as they were.");
            }
        }
        try {
            Files.createDirectories(out.resolve("images"));
            if (p.metadataFormat() != MetadataFormat.Export_Tiles) {
                Files.createDirectories(out.resolve("labels"));
            }
            return Files.createDirectories(out.resolve(PENDING));
        } catch (IOException e) {
            throw new UserException("Cannot create the output folder " + out + ": " + e.getMessage(),
                    "Choose a folder you can write to.", e);
        }
    }

    static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    /**
     * Deletes what an export writes (chips and labels named by nine digits in images/ and labels/,
     * the per-class label folders, the metadata files and the pending folder); returns how many other
     * files were left.
     */
    static int clearEarlierExport(Path out) throws IOException {
        int[] kept = {0};
        for (String sub : List.of("images", "labels", PENDING)) {
            Path d = out.resolve(sub);
            if (!Files.isDirectory(d)) {
                continue;
            }
            try (Stream<Path> s = Files.walk(d)) {
                for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
                    String n = f.getFileName().toString();
                    if (Files.isDirectory(f)) {
                        if (isEmpty(f)) {
                            Files.delete(f);
                        }
                    } else if (sub.equals(PENDING) || n.matches("\\d{9}\\.[A-Za-z.]+")) {
                        Files.delete(f);
                    } else {
                        kept[0]++;
                    }
                }
            }
        }
        for (String m : METADATA_FILES) {
            Files.deleteIfExists(out.resolve(m));
        }
        try (Stream<Path> s = Files.list(out)) {
            kept[0] += (int) s.filter(f -> !Files.isDirectory(f)).count();
        }
        return kept[0];
    }

    private ExportFolder() {
    }
}
