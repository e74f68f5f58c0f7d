package org.deepraster.tool.classifyobjects;

import java.awt.geom.Point2D;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deepraster.feature.Feature;
import org.deepraster.feature.FeatureCollection;
import org.deepraster.feature.FeatureSchema;
import org.deepraster.feature.GeometryKind;
import org.deepraster.geo.Crs;
import org.deepraster.geo.Reprojector;
import org.deepraster.raster.RasterSource;
import org.deepraster.tool.ChipReader;
import org.deepraster.tool.FeatureInput;
import org.deepraster.tool.ProcessingExtent;
import org.deepraster.tool.ProcessingMode;
import org.deepraster.tool.classifyobjects.ClassifyObjectsTool.ObjectItem;
import org.deepraster.util.UserException;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.opengis.referencing.crs.CoordinateReferenceSystem;

/**
 * Classify Objects' work items, made while planning: one per feature (per raster it lies on, when
 * images are processed separately), or one per image when there are no features; those outside the
 * processing extent left out; then ordered for locality of the raster reads.
 */
final class ObjectItems {
    private final ClassifyObjectsParameters p;
    private final List<RasterSource> rasters;
    final List<ObjectItem> items = new ArrayList<>();
    FeatureSchema inputSchema;
    /** Features' CRS to the output's; images: each raster's CRS to the output's. */
    Reprojector toOutput = Reprojector.identity();
    List<Reprojector> rasterToOutput;
    boolean imagesAreObjects;
    boolean withImageField;
    /** Objects outside the processing extent (left out). */
    long outsideExtent;

    private ObjectItems(ClassifyObjectsParameters p, List<RasterSource> rasters) {
        this.p = p;
        this.rasters = rasters;
    }

    private CoordinateReferenceSystem rasterCrs() {
        return rasters.get(0).grid().crs();
    }

    /** The objects of a run in processing order; warns about those outside the processing extent. */
    static ObjectItems prepare(ClassifyObjectsParameters p, List<RasterSource> rasters, List<String> warnings)
            throws IOException {
        ObjectItems o = new ObjectItems(p, rasters);
        o.prepare(warnings);
        return o;
    }

    private void prepare(List<String> warnings) throws IOException {
        PreparedGeometry[] extentInRaster = new PreparedGeometry[rasters.size()];
        ProcessingExtent ext = p.environments().extent();
        for (int r = 0; r < rasters.size(); r++) {
            Geometry e = null;
            CoordinateReferenceSystem ec = null;
            if (ext instanceof ProcessingExtent.Box b) {
                // an envelope stays an envelope (its edges densified by the reprojector)
                Envelope inRaster = Reprojector.between(b.crs(), rasters.get(r).grid().crs()).transform(b.envelope());
                extentInRaster[r] = PreparedGeometryFactory.prepare(new GeometryFactory().toGeometry(inRaster));
                continue;
            } else if (ext instanceof ProcessingExtent.Mask m) {
                e = m.polygon();
                ec = m.crs();
            }
            if (e != null) {
                e = Reprojector.between(ec, rasters.get(r).grid().crs()).transform(e);
                extentInRaster[r] = PreparedGeometryFactory.prepare(e);
            }
        }
        if (p.inFeatures() == null) {
            imagesAreObjects = true;
            withImageField = true;
            itemsFromImages(extentInRaster);
        } else {
            withImageField = p.processingMode() == ProcessingMode.PROCESS_ITEMS_SEPARATELY && rasters.size() > 1;
            FeatureCollection fc = p.inFeatures().open();
            if (p.inFeatures() instanceof FeatureInput.File) { // a map layer's were said when it was added
                warnings.addAll(fc.warnings());
            }
            itemsFromFeatures(fc, extentInRaster);
        }
        if (outsideExtent > 0) {
            warnings.add(outsideExtent + " objects lie outside the processing extent and are not classified.");
        }
        if (!imagesAreObjects) {
            sortForLocality();
        }
    }

    /**
     * Orders the objects by raster, then in bands of {@value ClassifyObjectsTool#ORDER_BAND_PIXELS} pixel rows, then
     * by column, so that consecutive chips share the raster tiles that the tile cache holds
     * (decoding tiles costs more than cutting chips). The output order follows.
     */
    private void sortForLocality() {
        List<long[]> keys = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            ObjectItem it = items.get(i);
            long band = Long.MAX_VALUE;
            long col = 0;
            if (it.raster() >= 0) {
                Coordinate c = it.inRasterCrs().getEnvelopeInternal().centre();
                Point2D px = rasters.get(it.raster()).grid().mapToPixel(c.x, c.y);
                band = (long) Math.floor(px.getY() / ClassifyObjectsTool.ORDER_BAND_PIXELS);
                col = (long) Math.floor(px.getX());
            }
            keys.add(new long[] {it.raster(), band, col, i});
        }
        keys.sort((a, b) -> {
            for (int k = 0; k < 4; k++) {
                int c = Long.compare(a[k], b[k]);
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        });
        List<ObjectItem> sorted = new ArrayList<>(items.size());
        for (long[] k : keys) {
            sorted.add(items.get((int) k[3]));
        }
        items.clear();
        items.addAll(sorted);
    }

    private void itemsFromImages(PreparedGeometry[] extent) {
        GeometryFactory gf = new GeometryFactory();
        boolean anyGeo = rasters.stream().anyMatch(r -> r.grid().hasCrs());
        CoordinateReferenceSystem outCrs = p.environments().outputCrs();
        if (outCrs == null && anyGeo) {
            outCrs = rasters.stream().filter(r -> r.grid().hasCrs()).findFirst().orElseThrow().grid().crs();
        }
        rasterToOutput = new ArrayList<>();
        for (int r = 0; r < rasters.size(); r++) {
            RasterSource src = rasters.get(r);
            Geometry g = src.grid().hasCrs() ? gf.toGeometry(src.grid().envelope()) : null;
            rasterToOutput.add(g == null ? Reprojector.identity() : Reprojector.between(src.grid().crs(), outCrs));
            if (g != null && extent[r] != null && !extent[r].intersects(g)) {
                outsideExtent++;
                continue;
            }
            String path = src.path().toString();
            items.add(new ObjectItem(path, src.path().getFileName().toString(),
                    new Feature(r + 1, g, Map.of()), g, r));
        }
        inputSchema = new FeatureSchema("images", anyGeo ? GeometryKind.POLYGON : GeometryKind.NONE, List.of(), outCrs);
    }

    /**
     * Why a geometry cannot be an object (a NaN or infinite coordinate; a polygon of one point or
     * without area), or null when it can.
     */
    static String unusable(Geometry g) {
        for (org.locationtech.jts.geom.Coordinate c : g.getCoordinates()) {
            if (!Double.isFinite(c.x) || !Double.isFinite(c.y)) {
                return ClassifyObjectsTool.NOT_FINITE;
            }
        }
        if (g instanceof org.locationtech.jts.geom.Polygonal && !(g.getArea() > 0)) {
            return ClassifyObjectsTool.DEGENERATE;
        }
        return null;
    }

    private void itemsFromFeatures(FeatureCollection fc, PreparedGeometry[] extent) {
        inputSchema = fc.schema();
        CoordinateReferenceSystem fcrs = fc.schema().crs();
        boolean mosaic = p.processingMode() == ProcessingMode.PROCESS_AS_MOSAICKED_IMAGE;
        for (RasterSource r : rasters) {
            CoordinateReferenceSystem rc = r.grid().crs();
            if (fcrs == null && rc != null) {
                throw new UserException("The features " + fc.schema().name() + " have no coordinate reference system,"
                        + " so they cannot be placed on " + r.name() + " (" + Crs.displayName(rc) + ").",
                        "Assign the features their CRS (e.g. a .prj file, or the GeoPackage's SRS) and run again.");
            }
            if (fcrs != null && rc == null) {
                throw new UserException("The raster " + r.name() + " has no coordinate reference system, so the features"
                        + " (" + Crs.displayName(fcrs) + ") cannot be placed on it.",
                        "Use a georeferenced raster, or run without features to classify each image.");
            }
            if (mosaic && !Crs.same(rc, rasterCrs())) {
                throw new UserException("The rasters of the mosaic are in different coordinate reference systems ("
                        + Crs.displayName(rasterCrs()) + ", " + Crs.displayName(rc) + ").",
                        "Use processing mode PROCESS_ITEMS_SEPARATELY, or reproject the rasters to one CRS.");
            }
        }
        CoordinateReferenceSystem outCrs = p.environments().outputCrs() != null ? p.environments().outputCrs() : fcrs;
        toOutput = Reprojector.between(fcrs, outCrs);
        Map<Integer, Reprojector> toRaster = new HashMap<>();
        boolean anyOutside = false;
        long skippedOutside = 0;
        for (Feature f : fc.features()) {
            if (f.geometry() == null || f.geometry().isEmpty()) {
                items.add(new ObjectItem(String.valueOf(f.id()), "feature " + f.id(), f, null, -1, ClassifyObjectsTool.NO_GEOMETRY));
                continue;
            }
            String unusable = unusable(f.geometry());
            if (unusable != null) { // skipped and counted: a chip of a NaN or one-point polygon is no object
                items.add(new ObjectItem(String.valueOf(f.id()), "feature " + f.id(), f, null, -1, unusable));
                continue;
            }
            boolean placed = false;
            boolean inExtent = false;
            for (int r = 0; r < rasters.size(); r++) {
                int rr = r;
                Reprojector rp = toRaster.computeIfAbsent(r, k -> Reprojector.between(fcrs, rasters.get(rr).grid().crs()));
                Geometry g = rp.transform(f.geometry());
                if (extent[r] != null && !extent[r].intersects(g)) {
                    continue;
                }
                inExtent = true;
                Envelope re = rasters.get(r).grid().envelope();
                Envelope ge = g.getEnvelopeInternal();
                boolean covers = mosaic ? re.contains(ge.centre()) || (rasters.size() == 1 && re.intersects(ge))
                        : re.intersects(ge);
                if (!covers) {
                    continue;
                }
                String key = withImageField ? f.id() + "|" + rasters.get(r).path() : String.valueOf(f.id());
                items.add(new ObjectItem(key, "feature " + f.id(), f, g, r));
                placed = true;
                if (mosaic) {
                    break;
                }
            }
            if (!inExtent) {
                outsideExtent++;
            } else if (!placed) {
                // not on any raster: an item that the engine reports as skipped
                items.add(new ObjectItem(String.valueOf(f.id()), "feature " + f.id(), f, null, -1, ChipReader.OUTSIDE));
            }
        }
    }
}
