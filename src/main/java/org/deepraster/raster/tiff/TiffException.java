package org.deepraster.raster.tiff;

/** A TIFF structure problem (corrupt, truncated, unsupported); the caller adds the file name. */
public class TiffException extends RuntimeException {
    public TiffException(String message) {
        super(message);
    }

    public TiffException(String message, Throwable cause) {
        super(message, cause);
    }
}
