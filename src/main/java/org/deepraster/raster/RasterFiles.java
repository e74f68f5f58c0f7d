package org.deepraster.raster;

import java.io.IOException;
import java.nio.file.Path;

/** Opens raster files (GeoTIFF, BigTIFF, COG; JPEG-compressed too). */
public final class RasterFiles {
    private RasterFiles() {
    }

    /** True when the file looks like a raster this class opens (judged by content, not name). */
    public static boolean isRaster(Path file) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * Opens a raster. A file that is not a raster, is corrupt or truncated, or uses an
     * unsupported compression gives a {@link org.deepraster.util.UserException} naming the file
     * and the problem.
     */
    public static RasterSource open(Path file) throws IOException {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
