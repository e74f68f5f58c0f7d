package org.deepraster.raster;

import java.awt.Rectangle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import org.deepraster.geo.GridGeometry;

/**
 * A georeferenced raster that is read window by window, never whole. Implementations are
 * thread-safe: the renderer and a job may read at the same time.
 */
public interface RasterSource extends AutoCloseable {

    /** The file (or folder) it was opened from. */
    Path path();

    /** A name for the layer list. */
    String name();

    GridGeometry grid();

    default int width() {
        return grid().width();
    }

    default int height() {
        return grid().height();
    }

    int bandCount();

    /** Band names ("Band 1", or names from the file). */
    List<String> bandNames();

    SampleType sampleType();

    /** The NoData value, if the file declares one. */
    OptionalDouble noData();

    /**
     * Reads {@code region} (full-resolution pixel coordinates; may extend past the raster,
     * outside pixels are invalid) resampled to {@code outWidth x outHeight} by nearest
     * neighbour, for the given 0-based bands in that order. When the output is smaller than the
     * region, coarser overviews are used if available, so the cost follows the output size.
     */
    RasterWindow read(Rectangle region, int outWidth, int outHeight, int[] bands) throws IOException;

    /** Full-resolution read of a region. */
    default RasterWindow read(Rectangle region, int[] bands) throws IOException {
        return read(region, region.width, region.height, bands);
    }

    /** Band indexes shown as red, green, blue by default (a single band gives grey). */
    default int[] defaultRgbBands() {
        int n = bandCount();
        return n >= 3 ? new int[] {0, 1, 2} : new int[] {0, 0, 0};
    }

    /**
     * Approximate per-band statistics for display stretching (e.g. 2%–98% percentiles), computed
     * from a coarse level. Cheap after the first call.
     */
    BandStatistics statistics(int band) throws IOException;

    /**
     * Makes coarse reads fast: when the file has no overviews of its own, builds (or loads from
     * the cache of an earlier open) an overview pyramid in the background. Returns at once and
     * may be called many times; the future completes when coarse reads are fast. Reads work
     * meanwhile (they may be slower). {@code progress} reports the building.
     */
    default java.util.concurrent.CompletableFuture<Void> prepareOverviews(org.deepraster.util.Progress progress) {
        return java.util.concurrent.CompletableFuture.completedFuture(null);
    }

    /**
     * The colour map of a single-band palette raster (e.g. a classified raster): 0xAARRGGBB
     * colours indexed by sample value, alpha 255. Empty when the file has none.
     */
    default java.util.Optional<int[]> palette() {
        return java.util.Optional.empty();
    }

    /** Warnings found while opening (no CRS, unusual layout), for the user. */
    default List<String> warnings() {
        return List.of();
    }

    /**
     * Sentences on where the georeferencing came from when it is not the file's own readable tags (GDAL's
     * {@code .aux.xml}, a world file, the tags read without Apache SIS) and on what could not be read ("No
     * georeferencing could be read from X (why): outputs will be in pixel coordinates."; no CRS). Empty for a
     * raster georeferenced as usual. The tools print them, show them in the dialog and write them in their outputs'
     * metadata. This default says only a grid without transform and CRS.
     */
    default List<String> georeferencingNotes() {
        if (!grid().hasCrs() && grid().gridToCrs().isIdentity()) {
            return List.of("No georeferencing could be read from " + name() + ": outputs will be in pixel coordinates.");
        }
        return List.of();
    }

    @Override
    void close() throws IOException;

    /** Display range of one band. */
    record BandStatistics(double min, double max, double low, double high) {
    }
}
