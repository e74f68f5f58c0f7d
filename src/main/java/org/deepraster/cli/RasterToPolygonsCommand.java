package org.deepraster.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.deepraster.feature.FeatureWriter;
import org.deepraster.feature.FeatureWriters;
import org.deepraster.feature.WriteMode;
import org.deepraster.raster.RasterFiles;
import org.deepraster.raster.RasterSource;
import org.deepraster.vector.PolygonizeOptions;
import org.deepraster.vector.PolygonizeResult;
import org.deepraster.vector.Polygonizer;
import org.deepraster.util.Progress;
import org.deepraster.util.UserException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code raster-to-polygons}: vectorises a classified raster (the vector step of Classify Pixels on
 * its own). Exit codes: 0 done, 2 bad input.
 */
@Command(name = "raster-to-polygons", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Turns a classified raster into polygons: one per 4-connected region of a class, with holes,",
            "fields ClassValue, Class, Area. Streams the raster, so any size works in a small heap.",
            "Exit codes: 0 done, 2 bad input."})
public final class RasterToPolygonsCommand implements Callable<Integer> {

    @Option(names = {"--in_raster", "--in-raster"}, required = true, paramLabel = "RASTER",
            description = "Classified raster (GeoTIFF); NoData pixels make no polygon.")
    Path in;

    @Option(names = {"--out_polygon_features", "--out-polygon-features"}, required = true, paramLabel = "OUTPUT",
            description = "Output .gpkg (recommended), .shp, .geojson or .csv.")
    Path out;

    @Option(names = {"--band"}, defaultValue = "1", description = "Band holding the classes (default ${DEFAULT-VALUE}).")
    int band;

    @Option(names = {"--classes"}, split = ",", paramLabel = "VALUE",
            description = "Class values to vectorise, e.g. 1,3 (default: all but NoData).")
    Set<Integer> classes;

    @Option(names = {"--class_names", "--class-names"}, paramLabel = "VALUE:NAME;...",
            description = "Names for the Class field, e.g. \"1:Building;2:Road\" (default: the value).")
    String classNames;

    @Option(names = {"--minimum_area", "--minimum-area"}, defaultValue = "0",
            description = "Drop regions (and fill holes) smaller than this, in map units² (default ${DEFAULT-VALUE}).")
    double minArea;

    @Option(names = {"--simplify_tolerance", "--simplify-tolerance"}, defaultValue = "0",
            description = "Simplify outlines by this distance in map units, keeping them valid (default ${DEFAULT-VALUE}: pixel edges).")
    double simplify;

    @Option(names = {"--regularize_classes", "--regularize-classes"}, split = ",", paramLabel = "VALUE",
            description = "Class values whose polygons are squared as building footprints, e.g. 2.")
    Set<Integer> regularize;

    @Option(names = {"--regularize_tolerance", "--regularize-tolerance"}, defaultValue = "0",
            description = "Tolerance of the squaring in map units (default ${DEFAULT-VALUE}: 1.5 pixels).")
    double regularizeTolerance;

    @Option(names = {"--overwrite"}, description = "Replace an existing output.")
    boolean overwrite;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (minArea < 0 || simplify < 0 || regularizeTolerance < 0) {
            throw new UserException("The minimum area and the tolerances cannot be negative.", "Give 0 or more.");
        }
        PolygonizeOptions options = PolygonizeOptions.defaults()
                .withClasses(classes == null || classes.isEmpty() ? null : new LinkedHashSet<>(classes))
                .withClassNames(parseNames(classNames))
                .withMinArea(minArea).withSimplifyTolerance(simplify)
                .withRegularization(regularize == null ? Set.of() : regularize, regularizeTolerance);
        PrintWriter err = spec.commandLine().getErr();
        PolygonizeResult r;
        try (RasterSource src = RasterFiles.open(in)) {
            if (band < 1 || band > src.bandCount()) {
                throw new UserException("The raster " + in + " has no band " + band + ".",
                        "Choose a band between 1 and " + src.bandCount() + ".");
            }
            String layer = out.getFileName().toString().replaceFirst("\\.[^.]*$", "");
            try (FeatureWriter w = FeatureWriters.create(out, Polygonizer.schema(layer, src.grid().crs(), options),
                    overwrite ? WriteMode.OVERWRITE : WriteMode.CREATE)) {
                r = Polygonizer.polygonize(src, band - 1, options, w, new PercentProgress(err));
            }
        }
        PrintWriter o = spec.commandLine().getOut();
        o.printf("%d polygons %s in %.1f s; %d small regions dropped, %d small holes filled%s%n",
                r.polygons(), r.polygonsPerClass(), r.elapsed().toMillis() / 1000.0, r.droppedSmall(), r.filledHoles(),
                r.regularized() > 0 ? "; " + r.regularized() + " footprints squared (" + r.regularizeFallbacks()
                        + " as rotated rectangles)" : "");
        o.println("Output: " + out);
        o.flush();
        return 0;
    }

    static Map<Integer, String> parseNames(String s) {
        Map<Integer, String> m = new HashMap<>();
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

    /** Prints whole percentages to stderr. */
    private static final class PercentProgress implements Progress {
        private final PrintWriter err;
        private final AtomicLong done = new AtomicLong();
        private volatile long total;
        private volatile long lastPercent = -1;

        PercentProgress(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void begin(String task, long total) {
            this.total = total;
            err.println(task + "...");
            err.flush();
        }

        @Override
        public void worked(long steps) {
            long d = done.addAndGet(steps);
            long p = total > 0 ? d * 100 / total : 0;
            if (p / 10 != lastPercent / 10) {
                lastPercent = p;
                err.print("\r" + p + "%");
                if (p >= 100) {
                    err.println();
                }
                err.flush();
            }
        }

        @Override
        public boolean isCancelled() {
            return false;
        }
    }
}
