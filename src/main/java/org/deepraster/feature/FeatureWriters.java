package org.deepraster.feature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deepraster.util.UserException;

/** Builds the {@link FeatureWriter} for an output path, chosen by its extension. */
public final class FeatureWriters {
    private FeatureWriters() {
    }

    /**
     * A writer for {@code out}: {@code .gpkg} (a table named after the schema, in a new or existing
     * GeoPackage), {@code .geojson}/{@code .json} (RFC 7946: reprojected to WGS 84),
     * {@code .shp} (with .shx, .dbf, .prj, .cpg) or {@code .csv} (geometry as a WKT column).
     */
    public static FeatureWriter create(Path out, FeatureSchema schema, WriteMode mode) throws IOException {
        String ext = VectorFiles.extension(out);
        switch (ext) {
            case "gpkg":
                return GeoPackageWriter.open(out, schema, mode);
            case "geojson", "json":
                prepare(out, mode);
                return new GeoJsonWriter(out, schema);
            case "shp":
                prepare(out, mode);
                return new ShapefileWriter(out, schema);
            case "csv":
                prepare(out, mode);
                return new CsvWriter(out, schema);
            default:
                throw new UserException("Cannot write features to " + out + ": unknown extension '." + ext + "'.",
                        "Use .gpkg (recommended), .geojson, .shp or .csv.");
        }
    }

    /** Checks the mode for single-file outputs (which cannot be appended to). */
    static void prepare(Path out, WriteMode mode) throws IOException {
        if (Files.exists(out)) {
            switch (mode) {
                case CREATE -> throw new UserException("The output " + out + " already exists.",
                        "Choose another name, or allow overwriting.");
                case APPEND -> throw new UserException("Cannot append to " + out + ": only GeoPackage outputs can be appended to.",
                        "Write to a .gpkg file, or choose a new output.");
                default -> {
                }
            }
        }
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new UserException("The folder " + parent + " does not exist.", "Create the folder or choose another output.");
        }
    }
}
