package org.deepraster.vector;

import java.util.Map;
import java.util.Set;

/**
 * What {@link Polygonizer} makes of a classified raster.
 *
 * @param classes             class values to vectorise; {@code null} = every value but NoData
 * @param classNames          value → name for the {@code classField} text field (a value without a
 *                            name is written as its number); never null (use an empty map)
 * @param valueField          name of the integer field holding the class value ({@code ClassValue})
 * @param classField          name of the text field holding the class name ({@code Class})
 * @param areaField           name of the real field holding the polygon's area in map units²
 *                            ({@code Area}), measured on the written geometry
 * @param minArea             segments (4-connected regions) whose pixel area is below this, in map
 *                            units², are dropped; holes below it are filled. 0 = keep all
 * @param simplifyTolerance   Douglas-Peucker tolerance in map units, applied to the borders
 *                            between junctions so that neighbours stay joined and polygons valid
 *                            (see {@link Polygonizer}); 0 = keep the pixel-edge outline
 * @param regularizeClasses   class values whose polygons are regularised as building footprints
 *                            ({@link FootprintRegularizer}) instead of simplified; never null
 * @param regularizeTolerance tolerance of the regularisation in map units (see
 *                            {@link FootprintRegularizer#regularize}); 0 = one and a half pixels
 */
public record PolygonizeOptions(Set<Integer> classes, Map<Integer, String> classNames,
                                String valueField, String classField, String areaField,
                                double minArea, double simplifyTolerance,
                                Set<Integer> regularizeClasses, double regularizeTolerance) {

    public static final String VALUE_FIELD = "ClassValue";
    public static final String CLASS_FIELD = "Class";
    public static final String AREA_FIELD = "Area";

    public PolygonizeOptions {
        classes = classes == null ? null : Set.copyOf(classes);
        classNames = classNames == null ? Map.of() : Map.copyOf(classNames);
        regularizeClasses = regularizeClasses == null ? Set.of() : Set.copyOf(regularizeClasses);
        valueField = valueField == null || valueField.isBlank() ? VALUE_FIELD : valueField;
        classField = classField == null || classField.isBlank() ? CLASS_FIELD : classField;
        areaField = areaField == null || areaField.isBlank() ? AREA_FIELD : areaField;
        if (!(minArea >= 0) || !(simplifyTolerance >= 0) || !(regularizeTolerance >= 0)
                || Double.isInfinite(minArea) || Double.isInfinite(simplifyTolerance)
                || Double.isInfinite(regularizeTolerance)) {
            throw new IllegalArgumentException("minimum area and tolerances must be finite and >= 0: "
                    + minArea + ", " + simplifyTolerance + ", " + regularizeTolerance);
        }
    }

    /** Every class but NoData, no names, default field names, no filtering, simplification or regularisation. */
    public static PolygonizeOptions defaults() {
        return new PolygonizeOptions(null, Map.of(), VALUE_FIELD, CLASS_FIELD, AREA_FIELD, 0, 0, Set.of(), 0);
    }

    public PolygonizeOptions withClasses(Set<Integer> values) {
        return new PolygonizeOptions(values, classNames, valueField, classField, areaField, minArea,
                simplifyTolerance, regularizeClasses, regularizeTolerance);
    }

    public PolygonizeOptions withClassNames(Map<Integer, String> names) {
        return new PolygonizeOptions(classes, names, valueField, classField, areaField, minArea,
                simplifyTolerance, regularizeClasses, regularizeTolerance);
    }

    public PolygonizeOptions withFieldNames(String value, String clazz, String area) {
        return new PolygonizeOptions(classes, classNames, value, clazz, area, minArea,
                simplifyTolerance, regularizeClasses, regularizeTolerance);
    }

    public PolygonizeOptions withMinArea(double area) {
        return new PolygonizeOptions(classes, classNames, valueField, classField, areaField, area,
                simplifyTolerance, regularizeClasses, regularizeTolerance);
    }

    public PolygonizeOptions withSimplifyTolerance(double tolerance) {
        return new PolygonizeOptions(classes, classNames, valueField, classField, areaField, minArea,
                tolerance, regularizeClasses, regularizeTolerance);
    }

    public PolygonizeOptions withRegularization(Set<Integer> values, double tolerance) {
        return new PolygonizeOptions(classes, classNames, valueField, classField, areaField, minArea,
                simplifyTolerance, values, tolerance);
    }

    /** True when polygons of {@code value} are written. */
    public boolean includes(int value) {
        return classes == null || classes.contains(value);
    }

    /** The name written in the class field for {@code value}. */
    public String className(int value) {
        String n = classNames.get(value);
        return n != null ? n : Integer.toString(value);
    }
}
