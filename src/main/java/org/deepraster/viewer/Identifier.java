package org.deepraster.viewer;

import java.awt.Rectangle;
import java.awt.geom.Point2D;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deepraster.feature.Feature;
import org.deepraster.geo.Reprojector;
import org.deepraster.raster.RasterSource;
import org.deepraster.raster.RasterWindow;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Coordinate;
import org.opengis.referencing.crs.CoordinateReferenceSystem;

/** Finds what lies under a map point: a feature of the topmost vector layer, or raster pixel values. No Swing. */
public final class Identifier {
    private static final GeometryFactory GF = new GeometryFactory();

    private Identifier() {
    }

    /**
     * What was found: the layer, a title, the values to show (field or band name to value), and
     * the feature id (null for a pixel).
     */
    public record Result(MapLayer layer, String title, Map<String, Object> values, Long featureId) {
    }

    /**
     * The nearest feature within {@code tolerance} (map units) of the point in the topmost
     * visible vector layer that has one.
     */
    public static Optional<Result> feature(List<MapLayer> layersTopFirst, CoordinateReferenceSystem mapCrs,
                                           double x, double y, double tolerance) {
        Point p = GF.createPoint(new Coordinate(x, y));
        Envelope env = new Envelope(x - tolerance, x + tolerance, y - tolerance, y + tolerance);
        for (MapLayer l : layersTopFirst) {
            if (!(l instanceof VectorLayer v) || !v.isVisible()) {
                continue;
            }
            VectorLayer.Projection proj = v.projection(mapCrs);
            int best = -1;
            double bestDist = Double.POSITIVE_INFINITY;
            for (int i : proj.query(env)) {
                Geometry g = proj.geometry(i);
                if (g == null || !v.shows(proj.feature(i))) {
                    continue;
                }
                double d = g.distance(p);
                if (d <= tolerance && d <= bestDist) { // later (drawn on top) wins ties
                    best = i;
                    bestDist = d;
                }
            }
            if (best >= 0) {
                Feature f = proj.feature(best);
                Map<String, Object> values = new LinkedHashMap<>();
                values.put("(feature id)", f.id());
                values.putAll(f.attributes());
                if (f.geometry() != null) {
                    values.put("(geometry)", f.geometry().getGeometryType());
                }
                return Optional.of(new Result(l, v.name() + " – feature " + f.id(), values, f.id()));
            }
        }
        return Optional.empty();
    }

    /**
     * The pixel values of every band of the topmost visible raster under the point, read from
     * the raster (call off the EDT).
     */
    public static Optional<Result> pixel(List<MapLayer> layersTopFirst, CoordinateReferenceSystem mapCrs,
                                         double x, double y) throws IOException {
        for (MapLayer l : layersTopFirst) {
            if (!(l instanceof RasterLayer r) || !r.isVisible()) {
                continue;
            }
            RasterSource src = r.source();
            double[] xy = {x, y};
            try {
                Reprojector.between(mapCrs, src.grid().crs()).transform(xy, 1);
            } catch (RuntimeException e) {
                continue;
            }
            Point2D px = src.grid().mapToPixel(xy[0], xy[1]);
            int col = (int) Math.floor(px.getX());
            int row = (int) Math.floor(px.getY());
            if (col < 0 || row < 0 || col >= src.width() || row >= src.height()) {
                continue;
            }
            int[] bands = new int[src.bandCount()];
            for (int b = 0; b < bands.length; b++) {
                bands[b] = b;
            }
            RasterWindow w = src.read(new Rectangle(col, row, 1, 1), 1, 1, bands);
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("(column, row)", col + ", " + row);
            List<String> names = src.bandNames();
            if (r.classes().isPresent() && w.isValid(0, 0)) {
                // a classified raster: the class, not "Band 1: 2"
                int v = (int) w.sample(0, 0, 0);
                values.put("Class", r.classes().get().entry(v).map(RasterClasses.Entry::name).orElse("(no class)"));
                values.put("Value", v);
                return Optional.of(new Result(l, r.name() + " – pixel " + col + ", " + row, values, null));
            }
            for (int b = 0; b < bands.length; b++) {
                String name = b < names.size() ? names.get(b) : "Band " + (b + 1);
                values.put(name, w.isValid(0, 0) ? formatSample(w.sample(b, 0, 0)) : "NoData");
            }
            return Optional.of(new Result(l, r.name() + " – pixel " + col + ", " + row, values, null));
        }
        return Optional.empty();
    }

    private static Object formatSample(float v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? (Object) (long) v : (Object) v;
    }
}
