/**
 * Rasters read window by window: {@link org.deepraster.raster.RasterFiles#open} gives a
 * {@link org.deepraster.raster.RasterSource}; {@link org.deepraster.raster.GeoTiffWriter} writes
 * tiled GeoTIFFs tile by tile.
 *
 * <p>How GeoTIFFs are read, and why:
 * <ul>
 * <li>Georeferencing and CRS come from the sources GDAL reads, in GDAL's order ({@code GeorefReader}): the PAM
 *     sidecar {@code FILE.aux.xml}, the file's own tags (the plain common-EPSG-code case read from the tags
 *     without building the CRS, else Apache SIS's GeoTIFF store, else the tags directly when SIS cannot open the
 *     file), then a world file with its {@code .prj}; always a pixel-corner affine in (east, north) order. Each
 *     fallback and each loss is said ({@link org.deepraster.raster.RasterSource#georeferencingNotes()}).</li>
 * <li>Pixels come from our own tile reader ({@code raster.tiff}): TIFF and BigTIFF, tiled or
 *     striped, chunky or planar, 8/16/32-bit integers and 32/64-bit floats, none / LZW /
 *     PackBits / DEFLATE (predictors 2 and 3), and JPEG (each tile through the JDK's
 *     {@code javax.imageio} JPEG decoder, JPEGTables merged, YCbCr converted here). Measured on
 *     a 20000 x 20000 x 3 DEFLATE file without overviews, SIS 1.6 needed 0.5-0.7 s for a
 *     1280 x 800 read at 1:4 and 1-4.5 s at 1:16 (it decodes every full-resolution tile); SIS
 *     also has no JPEG decoder. Our reader takes 15-40 ms with overviews and decodes each tile
 *     once into a shared LRU tile cache ({@code -Ddeepraster.tileCacheMB}, default 96).</li>
 * <li>Resolution levels: the file's own reduced-resolution images (COG, GDAL overviews); when
 *     the coarsest is larger than 1024 pixels, {@code prepareOverviews} builds a 2 x 2 mean
 *     pyramid in one parallel pass into
 *     {@code ${deepraster.cache:-$DEEPRASTER_CACHE:-~/.cache/deepraster}/overviews/}, keyed by
 *     absolute path, size and modification time, reused by later opens.</li>
 * <li>Reads are thread-safe: positional reads on one {@code FileChannel} (reopened when an
 *     interrupted reader closes it), immutable level lists, a synchronized tile cache.</li>
 * </ul>
 */
package org.deepraster.raster;
