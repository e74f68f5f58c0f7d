package org.deepraster.tool.exporttrainingdata;

import java.awt.Rectangle;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.deepraster.feature.Feature;
import org.deepraster.feature.FeatureCollection;
import org.deepraster.geo.GridGeometry;
import org.deepraster.geo.Reprojector;
import org.deepraster.raster.RasterSource;
import org.deepraster.tiling.RasterRegion;
import org.deepraster.tiling.Tile;
import org.deepraster.tiling.TileGrid;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataParameters.MetadataFormat;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataTool.ChipItem;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataTool.Label;
import org.deepraster.util.UserException;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygonal;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.geom.util.AffineTransformation;
import org.locationtech.jts.index.strtree.STRtree;
import org.opengis.referencing.crs.CoordinateReferenceSystem;

/** Export Training Data's chips, laid out while planning (the calling thread). */
final class ChipLayout {
    /** Why a chip position is left out while planning (the summary's "Not written" lines). */
    static final String OUTSIDE_MASK = "outside the mask or extent";
    static final String NO_FEATURE = "no feature in it (output_nofeature_tiles ONLY_TILES_WITH_FEATURES)";

    private ChipLayout() {
    }

    /** Pixel-space polygon of the given geometry (map units, CRS {@code crs}; null = the raster's). */
    private static Geometry toPixels(RasterSource raster, Geometry g, CoordinateReferenceSystem crs) {
        GridGeometry grid = raster.grid();
        Geometry m = Reprojector.between(crs, grid.crs()).transform(g);
        AffineTransform t = grid.crsToGrid();
        return new AffineTransformation(t.getScaleX(), t.getShearX(), t.getTranslateX(), t.getShearY(), t.getScaleY(),
                t.getTranslateY()).transform(m);
    }

    /**
     * Lays out the chips into {@code items}: one per feature (and rotation) for Labeled_Tiles and
     * Imagenet, else the {@link TileGrid} of {@code tile_size} every {@code stride} over the region;
     * chips outside the mask or extent, or (ONLY_TILES_WITH_FEATURES) without a feature, left out and
     * counted by reason in {@code notCut}.
     */
    static void layOut(ExportTrainingDataParameters p, RasterSource raster, boolean classRaster, List<Label> labels,
                       STRtree index, int rotations, List<ChipItem> items, java.util.Map<String, Long> notCut) throws IOException {
        RasterRegion rasterRegion = RasterRegion.of(raster, p.environments().extent());
        Rectangle roi = rasterRegion.roi();
        ChipFrame frame = new ChipFrame(p.tileSizeX(), p.tileSizeY());
        PreparedGeometry envMask = rasterRegion.preparedMask();
        PreparedGeometry inMask = null;
        if (p.inMaskPolygons() != null) {
            FeatureCollection mc = p.inMaskPolygons().open();
            List<Geometry> polys = new ArrayList<>();
            for (Feature f : mc.features()) {
                if (f.geometry() != null && f.geometry() instanceof Polygonal) {
                    polys.add(f.geometry());
                }
            }
            if (polys.isEmpty()) {
                throw new UserException("The mask " + mc.schema().name() + " holds no polygons.", "Give a layer of polygons.");
            }
            inMask = PreparedGeometryFactory.prepare(toPixels(raster, new GeometryFactory().buildGeometry(polys).union(), mc.schema().crs()));
        }
        GeometryFactory gf = new GeometryFactory();
        boolean onlyWithFeatures = !p.outputNofeatureTiles() && p.metadataFormat() != MetadataFormat.Export_Tiles
                && !classRaster;
        long outsideMask = 0;
        long withoutFeatures = 0;
        if (p.metadataFormat().perFeature()) {
            for (Label l : labels) {
                Envelope e = l.px().getEnvelopeInternal();
                Rectangle2D region;
                if (p.cropMode() == ExportTrainingDataParameters.CropMode.FIXED_SIZE) {
                    double cx = Math.round(e.centre().x - p.tileSizeX() / 2.0);
                    double cy = Math.round(e.centre().y - p.tileSizeY() / 2.0);
                    region = new Rectangle2D.Double(cx, cy, p.tileSizeX(), p.tileSizeY());
                } else {
                    double x0 = Math.floor(e.getMinX());
                    double y0 = Math.floor(e.getMinY());
                    region = new Rectangle2D.Double(x0, y0, Math.max(1, Math.ceil(e.getMaxX()) - x0),
                            Math.max(1, Math.ceil(e.getMaxY()) - y0));
                }
                if (!region.intersects(roi)) {
                    outsideMask++;
                    continue;
                }
                Geometry rg = gf.toGeometry(new Envelope(region.getMinX(), region.getMaxX(), region.getMinY(), region.getMaxY()));
                if (envMask != null && !envMask.intersects(l.px()) || inMask != null && !inMask.covers(rg)) {
                    outsideMask++;
                    continue;
                }
                for (int k = 0; k < rotations; k++) {
                    items.add(new ChipItem(items.size(), "f" + l.id() + "r" + k, region, k * p.rotationAngle(), l));
                }
            }
        } else {
            TileGrid.Layout layout = TileGrid.strided(rasterRegion, p.tileSizeX(), p.tileSizeY(), p.strideX(),
                    p.strideY()).layOut();
            outsideMask += layout.outsideMask();
            for (Tile t : layout.tiles()) {
                Rectangle tile = t.window();
                if (inMask != null && !inMask.covers(gf.toGeometry(new Envelope(tile.x, tile.getMaxX(), tile.y,
                        tile.getMaxY())))) {
                    outsideMask++;
                    continue;
                }
                for (int k = 0; k < rotations; k++) {
                    ChipItem it = new ChipItem(items.size(), t.col() + "_" + t.row() + "_" + k, tile,
                            k * p.rotationAngle(), null);
                    if (onlyWithFeatures && index.query(frame.footprint(it)).isEmpty()) {
                        withoutFeatures++;
                        continue;
                    }
                    items.add(it);
                }
            }
        }
        if (outsideMask > 0) {
            notCut.merge(OUTSIDE_MASK, outsideMask, Long::sum);
        }
        if (withoutFeatures > 0) {
            notCut.merge(NO_FEATURE, withoutFeatures, Long::sum);
        }
    }
}
