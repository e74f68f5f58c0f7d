package org.deepraster.tool.exporttrainingdata;

import java.awt.geom.AffineTransform;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.deepraster.feature.Feature;
import org.deepraster.feature.FeatureCollection;
import org.deepraster.feature.Features;
import org.deepraster.feature.Field;
import org.deepraster.geo.Crs;
import org.deepraster.model.ClassInfo;
import org.deepraster.raster.RasterSource;
import org.deepraster.tool.FeatureInput;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataParameters.ClassData;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataTool.Label;
import org.deepraster.util.UserException;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Lineal;
import org.locationtech.jts.geom.Polygonal;
import org.locationtech.jts.geom.Puntal;
import org.locationtech.jts.geom.util.AffineTransformation;
import org.locationtech.jts.index.strtree.STRtree;
import org.opengis.referencing.crs.CoordinateReferenceSystem;

/**
 * Export Training Data's labels from features, while planning: the class of each feature (integers
 * are class values, text values get 1..n in sorted order; names from a ClassName field), the
 * geometry buffered (points and lines with {@code buffer_radius}) in raster pixels, and their index.
 */
final class TrainingLabels {
    private TrainingLabels() {
    }

    /** Loads the features of {@code fin} into {@code labels}, {@code index} (built) and {@code classes}; warns of what is left out. */
    static void load(ExportTrainingDataParameters p, RasterSource raster, ClassData.Features fin, List<Label> labels,
                     STRtree index, Map<Integer, ClassInfo> classes, List<String> warnings) throws IOException {
            List<FeatureCollection> inputs = new ArrayList<>();
            for (FeatureInput in : fin.inputs()) {
                FeatureCollection c = in.open();
                if (in instanceof FeatureInput.File) { // what the reader found (a map layer's were said when it was added)
                    warnings.addAll(c.warnings());
                }
                inputs.add(c);
            }
            CoordinateReferenceSystem rc = raster.grid().crs();
            String field = p.classValueField();
            if (field == null) {
                field = inputs.stream().flatMap(c -> c.schema().fields().stream()).map(Field::name)
                        .filter(n -> n.equalsIgnoreCase("classvalue") || n.equalsIgnoreCase("value")).findFirst().orElse(null);
            } else {
                String f = field;
                for (FeatureCollection c : inputs) {
                    if (c.schema().fields().stream().noneMatch(x -> x.name().equalsIgnoreCase(f))) {
                        throw new UserException("The features " + c.schema().name() + " have no field '" + f + "'.",
                                "Their fields: " + String.join(", ", c.schema().fields().stream().map(Field::name).toList()) + ".");
                    }
                }
            }
            // class of each feature: integers are class values; text values get 1..n in sorted order
            List<Object[]> raw = new ArrayList<>();
            TreeSet<String> texts = new TreeSet<>();
            Map<Integer, String> namesOfValues = new TreeMap<>();
            boolean allInts = true;
        boolean points = false;
            long noClass = 0;
            double toPixels = 1 / raster.grid().pixelSize();
            AffineTransform t = raster.grid().crsToGrid();
            AffineTransformation toPx = new AffineTransformation(t.getScaleX(), t.getShearX(), t.getTranslateX(),
                    t.getShearY(), t.getScaleY(), t.getTranslateY());
            for (FeatureCollection c : inputs) {
                if (c.schema().crs() == null && rc != null) {
                    throw new UserException("The features " + c.schema().name() + " have no coordinate reference system,"
                            + " so they cannot be placed on " + raster.name() + " (" + Crs.displayName(rc) + ").",
                            "Assign the features their CRS (a .prj file, or the GeoPackage's SRS) and run again.");
                }
                if (c.schema().crs() != null && rc == null) {
                    throw new UserException("The raster " + raster.name() + " has no coordinate reference system, so the features"
                            + " (" + Crs.displayName(c.schema().crs()) + ") cannot be placed on it.", "Use a georeferenced raster.");
                }
                FeatureCollection inRaster = Features.reproject(c, rc);
                String nameField = c.schema().fields().stream().map(Field::name)
                        .filter(n -> n.equalsIgnoreCase("classname") || n.equalsIgnoreCase("class_name")).findFirst().orElse(null);
                for (Feature f : inRaster.features()) {
                    if (f.geometry() == null || f.geometry().isEmpty()) {
                        continue;
                    }
                    Object v = field == null ? Integer.valueOf(1) : valueIgnoringCase(f, field);
                    if (v == null || v.toString().isBlank()) {
                        noClass++;
                        continue;
                    }
                    Integer iv = integer(v);
                    if (iv == null) {
                        allInts = false;
                        texts.add(v.toString().trim());
                    } else if (nameField != null && valueIgnoringCase(f, nameField) != null) {
                        namesOfValues.putIfAbsent(iv, valueIgnoringCase(f, nameField).toString());
                    } else if (field == null) {
                        namesOfValues.putIfAbsent(1, c.schema().name());
                    }
                    raw.add(new Object[] {f, v});
                }
            }
            if (noClass > 0) {
                warnings.add(noClass + " features have no value in " + field + " and are left out.");
            }
            Map<String, Integer> textValue = new HashMap<>();
            if (!allInts) {
                int k = 1;
                for (String s : texts) {
                    textValue.put(s, k++);
                }
            }
            GeometryFactory gf = new GeometryFactory();
            int unplaceable = 0;
            for (Object[] r : raw) {
                Feature f = (Feature) r[0];
                int value;
                String name;
                if (allInts) {
                    value = integer(r[1]);
                    name = namesOfValues.getOrDefault(value, String.valueOf(value));
                } else {
                    name = r[1].toString().trim();
                    value = textValue.get(name);
                }
                classes.computeIfAbsent(value, v -> color(v, name, classes.size()));
                Geometry g = f.geometry();
                if (!(g instanceof Polygonal) && p.bufferRadius() > 0) {
                    g = g.buffer(p.bufferRadius(), 8);
                } else if (g instanceof Puntal) {
                    points = true;
                }
                double area = g.getArea();
                Geometry px;
                try {
                    px = finite(g) ? toPx.transform(g) : null;
                } catch (IllegalArgumentException e) { // a ring that no longer closes once placed (overflowed coordinates)
                    px = null;
                }
                if (px == null || !finite(px) || !Double.isFinite(area)) {
                    unplaceable++;
                    continue;
                }
                if (g instanceof Lineal && p.metadataFormat().masks()) {
                    px = px.buffer(0.5, 2); // a line without buffer is one pixel wide in a mask
                }
                Label l = new Label(f.id(), value, px, area);
                labels.add(l);
                index.insert(px.getEnvelopeInternal(), l);
            }
            index.build();
            if (unplaceable > 0) {
                warnings.add(unplaceable + " features have coordinates that cannot be placed on the raster (NaN, infinite or"
                        + " out of range, e.g. after reprojection) and are left out.");
            }
            if (labels.isEmpty()) {
                throw new UserException("The labelled features hold no usable feature (with a geometry and a class value).",
                        "Check the layer and the class value field.");
            }
            if (points && (p.metadataFormat().masks() || p.metadataFormat().boxes() && !p.metadataFormat().perFeature())) {
                throw new UserException("Point features need a buffer_radius for " + p.metadataFormat() + ": a point has no extent.",
                        "Give buffer_radius in map units (e.g. half the size of the objects).");
            }
            if (toPixels > 0 && p.bufferRadius() > 0 && p.bufferRadius() * toPixels < 0.5) {
                warnings.add("buffer_radius " + p.bufferRadius() + " is less than half a pixel.");
            }
    }

    private static Object valueIgnoringCase(Feature f, String field) {
        Object v = f.get(field);
        if (v != null) {
            return v;
        }
        for (Map.Entry<String, Object> e : f.attributes().entrySet()) {
            if (e.getKey().equalsIgnoreCase(field)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static Integer integer(Object v) {
        if (v instanceof Number n) {
            double d = n.doubleValue();
            return d == Math.rint(d) && Math.abs(d) < Integer.MAX_VALUE ? (int) d : null;
        }
        try {
            return Integer.parseInt(v.toString().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static final int[] COLORS = {0xE6194B, 0x3CB44B, 0xFFE119, 0x4363D8, 0xF58231, 0x911EB4, 0x46F0F0,
        0xF032E6, 0xBCF60C, 0xFABEBE, 0x008080, 0xE6BEFF, 0x9A6324, 0x800000, 0xAAFFC3, 0x808000};

    static ClassInfo color(int value, String name, int i) {
        int c = COLORS[Math.floorMod(i, COLORS.length)];
        return new ClassInfo(value, name, c >> 16 & 255, c >> 8 & 255, c & 255);
    }

    /** Whether every coordinate of {@code g} is a finite number. */
    static boolean finite(Geometry g) {
        for (org.locationtech.jts.geom.Coordinate c : g.getCoordinates()) {
            if (!Double.isFinite(c.x) || !Double.isFinite(c.y)) {
                return false;
            }
        }
        return true;
    }
}
