package org.deepraster.raster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deepraster.raster.tiff.TiffFile;
import org.deepraster.util.UserException;

/** Opens raster files (GeoTIFF, BigTIFF, COG; JPEG-compressed too). */
public final class RasterFiles {
    private RasterFiles() {
    }

    /** True when the file looks like a raster this class opens (judged by content, not name). */
    public static boolean isRaster(Path file) {
        return TiffFile.looksLikeTiff(file);
    }

    /**
     * Opens a raster. A file that is not a raster, is corrupt or truncated, or uses an
     * unsupported compression gives a {@link org.deepraster.util.UserException} naming the file
     * and the problem.
     */
    public static RasterSource open(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new UserException("The raster " + file + " does not exist.", "Check the path.");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new UserException("Cannot read " + file + ": it is not a readable file.",
                    "Check the path and the file's permissions.");
        }
        if (!TiffFile.looksLikeTiff(file)) {
            throw new UserException("Cannot open " + file + ": it is not a GeoTIFF (whatever its name says).",
                    "DeepRaster opens GeoTIFF, BigTIFF and Cloud-Optimized GeoTIFF rasters. "
                            + "Convert other formats with gdal_translate.");
        }
        return GeoTiffSource.open(file);
    }
}
