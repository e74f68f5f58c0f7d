package org.deepraster.tool.rastertopolygons;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.deepraster.feature.FeatureWriter;
import org.deepraster.feature.FeatureWriters;
import org.deepraster.feature.StagedOutput;
import org.deepraster.tool.OutputLock;
import org.deepraster.feature.WriteMode;
import org.deepraster.raster.RasterFiles;
import org.deepraster.raster.RasterSource;
import org.deepraster.tool.DeclaredTool;
import org.deepraster.tool.Parameter;
import org.deepraster.tool.Parameter.Type;
import org.deepraster.tool.ParameterValues;
import org.deepraster.tool.ToolConsole;
import org.deepraster.util.CancelledException;
import org.deepraster.util.UserException;
import org.deepraster.vector.PolygonizeOptions;
import org.deepraster.vector.PolygonizeResult;
import org.deepraster.vector.Polygonizer;

/**
 * Raster to Polygons, declared: vectorises a classified raster (the vector step of Classify Pixels on its own,
 * {@link Polygonizer}). Exit codes: 0 done, 2 bad input, 130 cancelled.
 */
public final class RasterToPolygonsSpec extends DeclaredTool<RasterToPolygonsParameters> {
    public static final String ID = "raster-to-polygons";
    public static final String IN_RASTER = "in_raster";
    public static final String OUTPUT = "out_polygon_features";
    public static final String BAND = "band";
    public static final String CLASSES = "classes";
    public static final String CLASS_NAMES = "class_names";
    public static final String MIN_AREA = "minimum_area";
    public static final String SIMPLIFY = "simplify_tolerance";
    public static final String REGULARIZE = "regularize_classes";
    public static final String REGULARIZE_TOLERANCE = "regularize_tolerance";
    public static final String OVERWRITE = "overwrite";

    private static final List<Parameter> PARAMETERS = List.of(
            Parameter.of(IN_RASTER, Type.RASTER, "Input raster", "Classified raster (GeoTIFF); NoData pixels make no polygon.")
                    .asRequired().inGroup("Input"),
            Parameter.of(OUTPUT, Type.OUTPUT_FILE, "Output polygon features",
                    "Output .gpkg (recommended), .shp, .geojson or .csv.").asRequired().inGroup("Output"),
            Parameter.of(BAND, Type.INTEGER, "Band", "Band holding the classes.").withDefault(1).inGroup("Input"),
            Parameter.of(CLASSES, Type.INTEGER, "Classes", "Class values to vectorise, e.g. 1,3 (default: all but NoData).")
                    .withValueLabel("VALUE").several(",").inGroup("Classes"),
            Parameter.of(CLASS_NAMES, Type.TEXT, "Class names",
                            "Names for the Class field, e.g. \"1:Building;2:Road\" (default: the value).")
                    .withValueLabel("VALUE:NAME;...").inGroup("Classes"),
            Parameter.of(MIN_AREA, Type.NUMBER, "Minimum area",
                    "Drop regions (and fill holes) smaller than this, in map units².").withDefault(0).inGroup("Polygons"),
            Parameter.of(SIMPLIFY, Type.NUMBER, "Simplify tolerance",
                            "Simplify outlines by this distance in map units, keeping them valid (0: pixel edges).")
                    .withDefault(0).inGroup("Polygons"),
            Parameter.of(REGULARIZE, Type.INTEGER, "Regularize classes",
                            "Class values whose polygons are squared as building footprints, e.g. 2.")
                    .withValueLabel("VALUE").several(",").inGroup("Polygons"),
            Parameter.of(REGULARIZE_TOLERANCE, Type.NUMBER, "Regularize tolerance",
                    "Tolerance of the squaring in map units (0: 1.5 pixels).").withDefault(0).inGroup("Polygons"),
            Parameter.flag(OVERWRITE, "Overwrite", "Replace an existing output.").inGroup("Output"));

    public RasterToPolygonsSpec() {
        super(ID, "Raster to Polygons",
                List.of("Turns a classified raster into polygons: one per 4-connected region of a class, with holes,",
                "fields ClassValue, Class, Area. Streams the raster, so any size works in a small heap.",
                "Exit codes: 0 done, 2 bad input."),
                PARAMETERS);
    }

    @Override
    public RasterToPolygonsParameters parameters(ParameterValues v) {
        double minArea = v.number(MIN_AREA);
        double simplify = v.number(SIMPLIFY);
        double tolerance = v.number(REGULARIZE_TOLERANCE);
        if (minArea < 0 || simplify < 0 || tolerance < 0) {
            throw new UserException("The minimum area and the tolerances cannot be negative.", "Give 0 or more.");
        }
        return new RasterToPolygonsParameters(v.path(IN_RASTER), v.path(OUTPUT), v.integer(BAND),
                new LinkedHashSet<>(v.integers(CLASSES)), parseNames(v.optional(CLASS_NAMES)), minArea, simplify,
                new LinkedHashSet<>(v.integers(REGULARIZE)), tolerance, v.isOn(OVERWRITE));
    }

    /** {@code "1:Building;2:Road"} as value → name. */
    static Map<Integer, String> parseNames(String s) {
        Map<Integer, String> m = new LinkedHashMap<>();
        if (s == null || s.isBlank()) {
            return m;
        }
        for (String part : s.split(";")) {
            int colon = part.indexOf(':');
            try {
                if (colon <= 0) {
                    throw new NumberFormatException();
                }
                m.put(Integer.parseInt(part.substring(0, colon).trim()), part.substring(colon + 1).trim());
            } catch (NumberFormatException e) {
                throw new UserException("Cannot read the class name '" + part.trim() + "'.",
                        "Write VALUE:NAME pairs separated by semicolons, e.g. \"1:Building;2:Road\".");
            }
        }
        return m;
    }

    @Override
    public ParameterValues values(RasterToPolygonsParameters p) {
        return newValues()
                .set(IN_RASTER, p.inRaster())
                .set(OUTPUT, p.outPolygonFeatures())
                .set(BAND, p.band() == 1 ? null : p.band())
                .set(CLASSES, join(p.classes()))
                .set(CLASS_NAMES, p.classNames().entrySet().stream().map(e -> e.getKey() + ":" + e.getValue())
                        .collect(Collectors.joining(";")))
                .set(MIN_AREA, p.minimumArea() == 0 ? null : p.minimumArea())
                .set(SIMPLIFY, p.simplifyTolerance() == 0 ? null : p.simplifyTolerance())
                .set(REGULARIZE, join(p.regularizeClasses()))
                .set(REGULARIZE_TOLERANCE, p.regularizeTolerance() == 0 ? null : p.regularizeTolerance())
                .flag(OVERWRITE, p.overwrite());
    }

    private static String join(Set<Integer> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    @Override
    public int run(RasterToPolygonsParameters p, ToolConsole console) throws IOException {
        PolygonizeOptions options = p.options();
        PrintWriter err = console.err();
        PolygonizeResult r;
        try (RasterSource src = RasterFiles.open(p.inRaster())) {
            if (p.band() < 1 || p.band() > src.bandCount()) {
                throw new UserException("The raster " + p.inRaster() + " has no band " + p.band() + ".",
                        "Choose a band between 1 and " + src.bandCount() + ".");
            }
            String layer = p.outPolygonFeatures().getFileName().toString().replaceFirst("\\.[^.]*$", "");
            WriteMode mode = p.overwrite() ? WriteMode.OVERWRITE : WriteMode.CREATE;
            try (OutputLock lock = OutputLock.acquire(p.outPolygonFeatures())) {
                StagedOutput staged = StagedOutput.begin(p.outPolygonFeatures(), mode);
                try {
                    try (FeatureWriter w = FeatureWriters.create(staged.path(), Polygonizer.schema(layer,
                            src.grid().crs(), options), mode)) {
                        r = Polygonizer.polygonize(src, p.band() - 1, options, w, new PercentProgress(err, console.cancel()));
                    }
                    staged.commit();
                } catch (IOException | RuntimeException e) {
                    staged.abandon(); // cancelled or failed: the old output stays
                    throw e;
                }
            }
        } catch (CancelledException e) {
            err.println();
            err.println("Cancelled: the output is incomplete; run again with --overwrite.");
            err.flush();
            return 130;
        }
        PrintWriter o = console.out();
        o.printf("%d polygons %s in %.1f s; %d small regions dropped, %d small holes filled%s%n",
                r.polygons(), r.polygonsPerClass(), r.elapsed().toMillis() / 1000.0, r.droppedSmall(), r.filledHoles(),
                r.regularized() > 0 ? "; " + r.regularized() + " footprints squared (" + r.regularizeFallbacks()
                        + " as rotated rectangles)" : "");
        o.println("Output: " + p.outPolygonFeatures());
        o.flush();
        return 0;
    }
}
