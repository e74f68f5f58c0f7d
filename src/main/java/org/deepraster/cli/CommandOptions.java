package org.deepraster.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.deepraster.feature.FeatureCollection;
import org.deepraster.feature.VectorFiles;
import org.deepraster.geo.Crs;
import org.deepraster.tool.ProcessingExtent;
import org.deepraster.util.UserException;
import org.locationtech.jts.geom.Envelope;
import org.opengis.referencing.crs.CoordinateReferenceSystem;

/** Parsing shared by the tool commands: the parallel processing factor and the processing extent / mask. */
final class CommandOptions {
    private CommandOptions() {
    }

    static int parallel(String parallel) {
        String s = parallel.trim();
        try {
            if (s.endsWith("%")) {
                double pct = Double.parseDouble(s.substring(0, s.length() - 1));
                return Math.max(1, (int) Math.round(Runtime.getRuntime().availableProcessors() * pct / 100));
            }
            int n = Integer.parseInt(s);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UserException("--parallel_processing_factor '" + parallel + "' is not a number of threads or a percentage.",
                    "Use e.g. 4 or 50%.");
        }
    }

    static ProcessingExtent extent(String extent, Path mask) throws IOException {
        if (extent != null && mask != null) {
            throw new UserException("Give either --processing_extent or --mask, not both.", "");
        }
        if (extent != null) {
            String[] t = extent.trim().split("[\\s,]+");
            if (t.length != 4 && t.length != 5) {
                throw new UserException("--processing_extent '" + extent + "' is not \"xmin ymin xmax ymax [EPSG]\".",
                        "E.g. --processing_extent \"500000 5000000 500300 5000300 32633\".");
            }
            double[] v = new double[4];
            try {
                for (int i = 0; i < 4; i++) {
                    v[i] = Double.parseDouble(t[i]);
                }
            } catch (NumberFormatException e) {
                throw new UserException("--processing_extent '" + extent + "' holds a value that is not a number.",
                        "Write it as \"xmin ymin xmax ymax [EPSG]\".");
            }
            if (v[0] >= v[2] || v[1] >= v[3]) {
                throw new UserException("--processing_extent '" + extent + "' is empty (xmin >= xmax or ymin >= ymax).",
                        "Write it as \"xmin ymin xmax ymax [EPSG]\".");
            }
            CoordinateReferenceSystem crs = t.length == 5 ? Crs.forCode(t[4]) : null;
            return new ProcessingExtent.Box(new Envelope(v[0], v[2], v[1], v[3]), crs);
        }
        if (mask != null) {
            List<FeatureCollection> layers = VectorFiles.open(mask);
            if (layers.isEmpty()) {
                throw new UserException("The mask " + mask + " holds no layer.", "Give a file of polygons.");
            }
            return ProcessingExtent.maskOf(layers.get(0));
        }
        return ProcessingExtent.WHOLE;
    }
}
