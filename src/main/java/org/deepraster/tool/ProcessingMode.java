package org.deepraster.tool;

/** How several input rasters are treated (ArcGIS's {@code processing_mode}). */
public enum ProcessingMode {
    /** The rasters form one mosaic: each object is classified once, from the first raster covering its centre. */
    PROCESS_AS_MOSAICKED_IMAGE,
    /** Each raster on its own: an object is classified once per raster it lies on (output has an Image field). */
    PROCESS_ITEMS_SEPARATELY
}
