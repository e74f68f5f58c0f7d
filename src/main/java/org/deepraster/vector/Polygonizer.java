package org.deepraster.vector;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.deepraster.feature.FeatureSchema;
import org.deepraster.feature.FeatureWriter;
import org.deepraster.feature.Field;
import org.deepraster.feature.FieldType;
import org.deepraster.feature.GeometryKind;
import org.deepraster.raster.RasterFiles;
import org.deepraster.raster.RasterSource;
import org.deepraster.util.Progress;
import org.deepraster.util.UserException;
import org.opengis.referencing.crs.CoordinateReferenceSystem;

/**
 * Turns a classified raster into polygons, one per 4-connected region of equal class value (as
 * GDAL's default), with holes, in the raster's CRS. The outlines follow pixel edges ("staircase")
 * unless simplified or regularised.
 *
 * <p>Streaming: the raster is read in bands of rows and scanned once, row by row. Regions are
 * labelled with union-find over runs of the previous and the current row; their boundaries are
 * traced along the horizontal grid line between the two rows, where the pieces of boundary
 * ("chains", only their corner vertices kept) are extended and joined. A ring closes when a chain
 * meets its own start; a region is written as soon as a row no longer holds any of its pixels.
 * Memory is therefore bounded by the rows being read and the geometry of the regions still open
 * (those that reach the current row), not by the raster's size. A region that spans the whole
 * raster (a background class around many islands) is still open until its last row, and holds its
 * hole rings until then.
 *
 * <p>At a grid corner where two pixels of one region touch only diagonally, the boundary turns so
 * as to keep them apart (4-connectivity): rings never cross or touch themselves, so every polygon
 * is valid (a hole may touch the shell or another hole at one point).
 *
 * <p>Simplification works on the borders between junctions (vertices where three values meet, or
 * two diagonally), which all rings through a junction keep: each border is simplified once per
 * side, identically, so neighbouring polygons stay joined without gaps or overlaps. A polygon that
 * comes out invalid is simplified alone with JTS's topology-preserving simplifier instead.
 *
 * <p>Minimum area: regions smaller than the minimum are dropped (like ArcGIS and Deepness), and
 * holes smaller than it are filled, so a speck inside a polygon does not leave a hole behind.
 * Merging a small region into its largest neighbour (GDAL's sieve) is not done: the neighbour may
 * have been written already.
 *
 * <p>The pieces: {@link RegionScan} (the pass: labelling into {@link Region}s, tracing into
 * {@link Chain}s, closing rings, see {@link Rings}), {@link RegionWriter} (polygons and features),
 * {@link ArcSimplifier} (simplification with shared borders) and {@link CrossingRepair}.
 */
public final class Polygonizer {

    private Polygonizer() {
    }

    /** The schema of the polygons written for {@code options}: value, class name and area fields. */
    public static FeatureSchema schema(String layerName, CoordinateReferenceSystem crs, PolygonizeOptions options) {
        return new FeatureSchema(layerName, GeometryKind.POLYGON, List.of(
                new Field(options.valueField(), FieldType.INTEGER),
                new Field(options.classField(), FieldType.STRING),
                new Field(options.areaField(), FieldType.REAL)), crs);
    }

    /** Vectorises band 1 of a classified GeoTIFF into {@code out} (whose schema comes from {@link #schema}). */
    public static PolygonizeResult polygonize(Path classifiedTiff, PolygonizeOptions options, FeatureWriter out,
                                              Progress progress) throws IOException {
        try (RasterSource source = RasterFiles.open(classifiedTiff)) {
            return polygonize(source, 0, options, out, progress);
        }
    }

    /**
     * Vectorises band {@code band} (0-based) of {@code source} into {@code out}. Class values are
     * the samples rounded to integers; NoData pixels belong to no polygon.
     */
    public static PolygonizeResult polygonize(RasterSource source, int band, PolygonizeOptions options,
                                              FeatureWriter out, Progress progress) throws IOException {
        return polygonize(source, band, options, out, progress, 0);
    }

    /** As above, reading {@code bandRows} rows at a time (0 = about a million pixels a read). */
    static PolygonizeResult polygonize(RasterSource source, int band, PolygonizeOptions options,
                                       FeatureWriter out, Progress progress, int bandRows) throws IOException {
        if (band < 0 || band >= source.bandCount()) {
            throw new UserException("The raster " + source.name() + " has no band " + (band + 1) + ".",
                    "Choose a band between 1 and " + source.bandCount() + ".");
        }
        if (source.width() >= Rings.NODE) {
            throw new UserException("The raster " + source.name() + " is too wide to vectorise (" + source.width()
                    + " pixels).", "Split it into pieces narrower than " + Rings.NODE + " pixels.");
        }
        RegionScan scan = new RegionScan(source, band, options, out, progress == null ? Progress.NONE : progress);
        return scan.run(bandRows);
    }
}
