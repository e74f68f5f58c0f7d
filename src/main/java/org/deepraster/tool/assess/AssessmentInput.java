package org.deepraster.tool.assess;

import java.nio.file.Path;
import java.util.Map;
import org.deepraster.feature.FeatureCollection;
import org.deepraster.raster.RasterFiles;
import org.deepraster.raster.RasterSource;
import org.deepraster.tool.FeatureInput;

/** One side of an assessment: features (a file's layer or a map layer), a raster file, or an open raster. */
public sealed interface AssessmentInput {

    /** A name for the report. */
    String displayName();

    /**
     * Features: a vector file's layer, or a map layer's features. {@code classColours} are the
     * colours (0xRRGGBB by class name) the map draws the layer's classes in, for the report's
     * charts; empty when unknown (a file named on the command line).
     */
    record Features(FeatureInput input, Map<String, Integer> classColours) implements AssessmentInput {
        public Features {
            classColours = classColours == null ? Map.of() : Map.copyOf(classColours);
        }

        /** Features whose class colours are unknown. */
        public Features(FeatureInput input) {
            this(input, Map.of());
        }

        @Override
        public String displayName() {
            if (input instanceof FeatureInput.File f) {
                return f.path().getFileName() + (f.layer() == null ? "" : " | " + f.layer());
            }
            return ((FeatureInput.Layer) input).features().schema().name();
        }
    }

    /** A raster file (opened and closed by the tool). */
    record RasterFile(Path path) implements AssessmentInput {
        @Override
        public String displayName() {
            return path.getFileName().toString();
        }
    }

    /** A raster that is already open (a map layer's); the tool reads it and does not close it. */
    record RasterLayer(String name, RasterSource source) implements AssessmentInput {
        @Override
        public String displayName() {
            return name;
        }
    }

    public static AssessmentInput features(Path file, String layer) {
        return new Features(new FeatureInput.File(file, layer));
    }

    public static AssessmentInput layer(FeatureCollection features) {
        return new Features(new FeatureInput.Layer(features));
    }

    /**
     * From a command-line text: {@code file|layer} is a GeoPackage table; a file that is a GeoTIFF
     * (by content) is a raster; anything else a vector file (checked when read).
     */
    public static AssessmentInput parse(String text) {
        String path = text.trim();
        String layer = null;
        int bar = path.lastIndexOf('|');
        if (bar > 0) {
            layer = path.substring(bar + 1).trim();
            path = path.substring(0, bar).trim();
        }
        Path p = Path.of(path);
        if (layer == null && RasterFiles.isRaster(p)) {
            return new RasterFile(p);
        }
        return features(p, layer == null || layer.isEmpty() ? null : layer);
    }
}
