package org.deepraster.tool;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.deepraster.feature.FeatureCollection;
import org.deepraster.feature.VectorFiles;
import org.deepraster.util.UserException;

/** The objects of a tool: a layer of a vector file, or features already in memory (a map layer). */
public sealed interface FeatureInput {

    /**
     * A vector file; {@code layer} names the GeoPackage table (null: the file's only or first
     * feature layer).
     */
    record File(Path path, String layer) implements FeatureInput {
    }

    /** Features from the map (their schema carries the CRS). */
    record Layer(FeatureCollection features) implements FeatureInput {
    }

    static FeatureInput file(Path path) {
        return new File(path, null);
    }

    /**
     * How a command line names this input: {@code file.gpkg|table}, the file alone without a table; a map layer by
     * the file it came from and its name ({@code <name>} when it has no file).
     */
    default String text() {
        if (this instanceof File f) {
            return f.layer() == null ? f.path().toString() : f.path() + "|" + f.layer();
        }
        FeatureCollection c = ((Layer) this).features();
        return c.source() == null ? "<" + c.schema().name() + ">" : c.source() + "|" + c.schema().name();
    }

    /**
     * The features: the map layer's, or the file's named layer (case-insensitive; none named: its first).
     * Throws {@link UserException} when the file holds no such layer.
     */
    default FeatureCollection open() throws IOException {
        if (this instanceof Layer l) {
            return l.features();
        }
        File f = (File) this;
        List<FeatureCollection> layers = VectorFiles.open(f.path());
        if (f.layer() == null || f.layer().isBlank()) {
            if (layers.isEmpty()) {
                throw new UserException(f.path() + " holds no feature layer.", "Choose a file with features.");
            }
            return layers.get(0);
        }
        return layers.stream().filter(c -> c.schema().name().equalsIgnoreCase(f.layer())).findFirst()
                .orElseThrow(() -> new UserException("No layer '" + f.layer() + "' in " + f.path() + ".",
                        "It has: " + String.join(", ", layers.stream().map(c -> c.schema().name()).toList())));
    }
}
