package org.deepraster.tool.classifypixels;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deepraster.tool.Outputs;
import org.deepraster.tool.StagedFolder;

/**
 * When and how a Classify Pixels run writes beside its existing outputs ({@link StagedFolder}, issue 21): an
 * {@code --overwrite} (not a resume) of an output that exists writes the GeoTIFFs, the confidence raster and the
 * polygons of the output's folder into its staging folder (an existing polygon GeoPackage is copied in first, so
 * its other tables stay); outputs in other folders are written where they are.
 */
final class PixelStaging {
    private PixelStaging() {
    }

    /** Whether {@code p} overwrites an output that exists (then the run is staged). */
    static boolean applies(ClassifyPixelsParameters p) {
        if (p.outClassifiedRaster() == null || !p.overwrite() || p.resume()) {
            return false;
        }
        return Files.exists(ClassifyPixelsTool.withTif(p.outClassifiedRaster()))
                || p.outConfidenceRaster() != null && Files.exists(ClassifyPixelsTool.withTif(p.outConfidenceRaster()))
                || p.vectorOutput() != null && Files.exists(p.vectorOutput().outFeatureClass());
    }

    /** {@code p} writing into {@code staging}. */
    static ClassifyPixelsParameters staged(ClassifyPixelsParameters p, StagedFolder staging) throws IOException {
        Path out = ClassifyPixelsTool.withTif(p.outClassifiedRaster()).toAbsolutePath().normalize();
        ClassifyPixelsParameters staged = p.withOutput(staging.staged(out), true)
                .withConfidenceRaster(staging.staged(p.outConfidenceRaster()));
        if (p.vectorOutput() == null) {
            return staged;
        }
        Path poly = p.vectorOutput().outFeatureClass().toAbsolutePath().normalize();
        Path stagedPoly = staging.staged(poly);
        if (!stagedPoly.equals(poly) && Outputs.extension(poly).equals("gpkg") && Files.isRegularFile(poly)) {
            Files.copy(poly, stagedPoly); // its other tables are kept
        }
        return staged.withVectorOutput(new ClassifyPixelsParameters.VectorOutput(stagedPoly, p.vectorOutput().minArea(),
                p.vectorOutput().simplifyTolerance(), p.vectorOutput().regularizeClasses()));
    }
}
