package org.deepraster.tool.classifypixels;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.deepraster.tool.Outputs;
import org.deepraster.util.UserException;

/** Classify Pixels' checks of its outputs while planning (UserException for a bad one). */
final class PixelOutputChecks {
    private PixelOutputChecks() {
    }

    /** The polygon output: named, in a folder that exists, not there unless overwriting or resuming, not the classified raster. */
    static void vectorOutput(ClassifyPixelsParameters p) {
        ClassifyPixelsParameters.VectorOutput v = p.vectorOutput();
        Path out = v.outFeatureClass();
        if (out == null) {
            throw new UserException("No output for the polygons given.", "Name the polygon output, e.g. landcover.gpkg.");
        }
        if (v.minArea() < 0 || v.simplifyTolerance() < 0) {
            throw new UserException("The minimum area and the simplify tolerance cannot be negative.", "Give 0 or more.");
        }
        Path parent = out.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new UserException("The folder of the polygon output " + out + " does not exist.",
                    "Create the folder or choose another output.");
        }
        if (Files.exists(out) && !p.overwrite() && !p.resume()) {
            throw new UserException("The polygon output " + out + " already exists.",
                    "Choose another name, or allow overwriting (--overwrite).");
        }
        if (p.outClassifiedRaster() != null
                && Outputs.same(out, p.outClassifiedRaster())) {
            throw new UserException("The polygon output and the classified raster are the same file.",
                    "Give the polygons a .gpkg (or .shp, .geojson) name of their own.");
        }
    }

    /**
     * The classified raster and the confidence raster (or null): GeoTIFFs in folders that exist, new
     * unless overwriting or resuming, neither the input nor each other.
     */
    static void rasters(ClassifyPixelsParameters p, Path output, Path confidenceOutput) {
        String ext = Outputs.extension(output);
        if (!ext.equals("tif") && !ext.equals("tiff")) {
            throw new UserException("The output " + output + " is not a GeoTIFF (.tif).",
                    "Name the classified raster NAME.tif.");
        }
        for (Path o : confidenceOutput == null ? List.of(output) : List.of(output, confidenceOutput)) {
            Outputs.requireFolder(o);
            if (Files.exists(o) && !p.overwrite() && !p.resume()) {
                throw Outputs.alreadyExists(o);
            }
            if (Outputs.same(o, p.inRaster())) {
                throw new UserException("The output " + o + " is the input raster.", "Choose another output name.");
            }
        }
        if (confidenceOutput != null && Outputs.same(confidenceOutput, output)) {
            throw new UserException("The confidence raster and the classified raster are the same file.",
                    "Give the confidence raster another name.");
        }
    }
}
