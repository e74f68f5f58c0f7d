package org.deepraster.tool.rastertopolygons;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.deepraster.vector.PolygonizeOptions;

/**
 * Raster to Polygons: vectorise band {@code band} (1-based) of the classified raster {@code inRaster} into
 * {@code outPolygonFeatures}. The sets and the map keep the order they were given in (for the command line).
 *
 * @param classes             class values to vectorise; empty: every value but NoData
 * @param classNames          value → name for the Class field; a value without a name is written as its number
 * @param minimumArea         regions (and holes) smaller than this, in map units², are dropped (filled); 0: keep all
 * @param simplifyTolerance   outlines simplified by this distance in map units; 0: pixel edges
 * @param regularizeClasses   class values whose polygons are squared as building footprints
 * @param regularizeTolerance tolerance of the squaring in map units; 0: one and a half pixels
 * @param overwrite           replace an existing output
 */
public record RasterToPolygonsParameters(Path inRaster, Path outPolygonFeatures, int band, Set<Integer> classes,
                                         Map<Integer, String> classNames, double minimumArea, double simplifyTolerance,
                                         Set<Integer> regularizeClasses, double regularizeTolerance, boolean overwrite) {

    public RasterToPolygonsParameters {
        classes = classes == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(classes));
        classNames = classNames == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(classNames));
        regularizeClasses = regularizeClasses == null ? Set.of()
                : Collections.unmodifiableSet(new LinkedHashSet<>(regularizeClasses));
    }

    /** Every class of band 1, named by its value, outlines on pixel edges. */
    public static RasterToPolygonsParameters of(Path inRaster, Path outPolygonFeatures) {
        return new RasterToPolygonsParameters(inRaster, outPolygonFeatures, 1, Set.of(), Map.of(), 0, 0, Set.of(), 0,
                false);
    }

    /** What {@link org.deepraster.vector.Polygonizer} is asked to do. */
    public PolygonizeOptions options() {
        return PolygonizeOptions.defaults()
                .withClasses(classes.isEmpty() ? null : classes)
                .withClassNames(classNames)
                .withMinArea(minimumArea).withSimplifyTolerance(simplifyTolerance)
                .withRegularization(regularizeClasses, regularizeTolerance);
    }
}
