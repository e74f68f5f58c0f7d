package org.deepraster.tool.detectobjects;

import java.awt.geom.Point2D;
import java.util.LinkedHashMap;
import java.util.Map;
import org.deepraster.feature.Feature;
import org.deepraster.geo.GridGeometry;
import org.deepraster.geo.Reprojector;
import org.deepraster.model.ClassInfo;
import org.deepraster.model.ModelDefinition;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

/**
 * Detections (work-grid pixels) to output features, on the writer thread.
 *
 * @param work     the grid the tiles lie on (the raster's, or the resampled one)
 * @param toOutput from the raster's CRS to the output's
 * @param instance what becomes of instance polygons (outlines without an angle), in the raster's map units
 */
record DetectionFeatures(GridGeometry work, Reprojector toOutput, DetectObjectsParameters.OutputGeometry outputGeometry,
                         ModelDefinition definition, String classField, String confidenceField, boolean angleField,
                         InstanceOptions instance) {
    /** The field of an oriented box's angle: degrees, clockwise from the raster's x axis (as the model gives it). */
    static final String ANGLE_FIELD = "Angle";

    /**
     * The output feature of a detection: box (or its outline: oriented box, instance polygon) or centre point on the
     * map, in the output CRS, with class and confidence; null for an instance the options drop (minimum area).
     */
    Feature feature(long id, Det d) {
        GridGeometry grid = work;
        Geometry g;
        GeometryFactory gf = new GeometryFactory();
        boolean isInstance = d.shape() != null && Double.isNaN(d.angle());
        if (isInstance && instance != null && !instance.isNone()) {
            g = instance.apply(onMap(d.shape()), cell());
            if (g == null) {
                return null;
            }
            if (outputGeometry == DetectObjectsParameters.OutputGeometry.CENTER_POINTS) {
                Point2D m = grid.pixelToMap((d.x0() + d.x1()) / 2, (d.y0() + d.y1()) / 2);
                g = gf.createPoint(new Coordinate(m.getX(), m.getY()));
            }
        } else if (outputGeometry == DetectObjectsParameters.OutputGeometry.CENTER_POINTS) {
            Point2D m = grid.pixelToMap((d.x0() + d.x1()) / 2, (d.y0() + d.y1()) / 2);
            g = gf.createPoint(new Coordinate(m.getX(), m.getY()));
        } else if (d.shape() != null) {
            g = onMap(d.shape());
        } else {
            Point2D a = grid.pixelToMap(d.x0(), d.y0());
            Point2D b = grid.pixelToMap(d.x1(), d.y0());
            Point2D c = grid.pixelToMap(d.x1(), d.y1());
            Point2D e = grid.pixelToMap(d.x0(), d.y1());
            g = gf.createPolygon(new Coordinate[] {new Coordinate(a.getX(), a.getY()), new Coordinate(e.getX(), e.getY()),
                new Coordinate(c.getX(), c.getY()), new Coordinate(b.getX(), b.getY()), new Coordinate(a.getX(), a.getY())});
        }
        g = toOutput.transform(g);
        ClassInfo ci = definition.classAt(d.classIndex());
        Map<String, Object> a = new LinkedHashMap<>();
        a.put(classField, ci == null ? String.valueOf(d.classIndex()) : ci.name());
        a.put(DetectObjectsTool.CLASS_VALUE_FIELD, ci == null ? d.classIndex() : ci.value());
        a.put(confidenceField, Math.round(d.score() * 10000.0) / 100.0);
        if (angleField) {
            a.put(ANGLE_FIELD, Double.isNaN(d.angle()) ? null : Math.toDegrees(d.angle()));
        }
        return new Feature(id, g, a);
    }

    /** A raster-pixel outline on the map (the work grid's CRS). */
    private Geometry onMap(Geometry shape) {
        Geometry g = shape.copy();
        g.apply((org.locationtech.jts.geom.CoordinateFilter) c -> {
            Point2D m = work.pixelToMap(c.x, c.y);
            c.x = m.getX();
            c.y = m.getY();
        });
        g.geometryChanged();
        if (!g.isValid()) {
            g = g.buffer(0); // a flip of the pixel axes reverses ring orientation only; buffer(0) repairs the rest
        }
        return g;
    }

    /** The side of one work-grid cell in map units (square root of its area). */
    private double cell() {
        Point2D o = work.pixelToMap(0, 0);
        Point2D a = work.pixelToMap(1, 0);
        Point2D b = work.pixelToMap(0, 1);
        double area = Math.abs((a.getX() - o.getX()) * (b.getY() - o.getY()) - (a.getY() - o.getY()) * (b.getX() - o.getX()));
        return Math.sqrt(area);
    }
}
