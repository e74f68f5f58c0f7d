package org.deepraster.tool;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.deepraster.feature.FeatureCollection;
import org.deepraster.feature.VectorFiles;
import org.deepraster.geo.Crs;
import org.deepraster.util.UserException;
import org.locationtech.jts.geom.Envelope;
import org.opengis.referencing.crs.CoordinateReferenceSystem;

/**
 * The geoprocessing environments every raster tool takes (as ArcGIS's tools honour them), declared once:
 * processing extent or mask, output coordinate system, processor type and GPU id, parallel processing factor and
 * retries. {@link #environments} turns their values into {@link Environments}.
 */
public final class EnvironmentParameters {
    public static final String EXTENT = "processing_extent";
    public static final String MASK = "mask";
    public static final String OUTPUT_CRS = "output_crs";
    public static final String PROCESSOR = "processor_type";
    public static final String GPU_ID = "gpu_id";
    public static final String PARALLEL = "parallel_processing_factor";
    public static final String RETRIES = "retries";

    private static final String GROUP = "Environments";

    /** The environment parameters, in the order of the help. */
    public static final List<Parameter> ALL = List.of(
            Parameter.of(EXTENT, Parameter.Type.TEXT, "Processing extent",
                            "Only this envelope (in the raster's CRS unless an EPSG code is given).")
                    .withAliases("extent").withValueLabel("\"xmin ymin xmax ymax [EPSG]\"").inGroup(GROUP),
            Parameter.of(MASK, Parameter.Type.FEATURES, "Mask polygons", "Only inside these polygons.")
                    .withValueLabel("POLYGONS").inGroup(GROUP),
            Parameter.of(OUTPUT_CRS, Parameter.Type.TEXT, "Output coordinate system",
                            "CRS of the output geometries (default: the input's CRS).")
                    .withAliases("out_coor_system").withValueLabel("EPSG").inGroup(GROUP),
            Parameter.choice(PROCESSOR, "Processor type", "CPU or GPU.", Environments.Processor.class,
                    Environments.Processor.CPU).inGroup(GROUP),
            Parameter.of(GPU_ID, Parameter.Type.INTEGER, "GPU id", "GPU to use.").withDefault(0).withRange(0, null)
                    .inGroup(GROUP),
            Parameter.of(PARALLEL, Parameter.Type.TEXT, "Parallel processing factor",
                            "Threads reading the raster (0: half the cores). Accepts N or N%.")
                    .withDefault(0).withValueLabel("N|N%").inGroup(GROUP),
            Parameter.of(RETRIES, Parameter.Type.INTEGER, "Retries", "More attempts for a failing batch.")
                    .withDefault(1).withRange(0, null).inGroup(GROUP));

    /**
     * The environments of a tool that always runs on whole rasters and writes on their grid (no extent, mask or
     * output CRS to offer): processor, GPU id, parallel processing factor, retries.
     */
    public static final List<Parameter> PROCESSING = ALL.subList(3, ALL.size());

    private EnvironmentParameters() {
    }

    /**
     * The environments these values give. A dialog may set the extent or the mask as an object ({@link
     * ProcessingExtent}: the map's extent with its CRS, a mask layer's polygons) with the text that stands for it.
     */
    public static Environments environments(ParameterValues v) throws IOException {
        Environments.Processor proc = v.choice(PROCESSOR, Environments.Processor.class);
        int gpu = v.integer(GPU_ID);
        int retries = v.integer(RETRIES);
        String crs = v.declares(OUTPUT_CRS) ? v.optional(OUTPUT_CRS) : null;
        return new Environments(v.declares(EXTENT) ? extent(v) : ProcessingExtent.WHOLE, crs == null ? null : Crs.forCode(crs), proc, gpu, parallel(v.text(PARALLEL)),
                retries);
    }

    /** The processing extent: the dialog's object, else the extent box or the mask file, else the whole raster. */
    public static ProcessingExtent extent(ParameterValues v) throws IOException {
        boolean hasExtent = v.optional(EXTENT) != null || v.object(EXTENT) != null;
        boolean hasMask = v.optional(MASK) != null || v.object(MASK) != null;
        if (hasExtent && hasMask) {
            throw new UserException("Give either --processing_extent or --mask, not both.", "");
        }
        if (v.object(EXTENT) instanceof ProcessingExtent e) {
            return e;
        }
        if (v.object(MASK) instanceof ProcessingExtent e) {
            return e;
        }
        if (hasExtent) {
            return box(v.text(EXTENT));
        }
        if (hasMask) {
            Path mask = v.path(MASK);
            List<FeatureCollection> layers = VectorFiles.open(mask);
            if (layers.isEmpty()) {
                throw new UserException("The mask " + mask + " holds no layer.", "Give a file of polygons.");
            }
            return ProcessingExtent.maskOf(layers.get(0));
        }
        return ProcessingExtent.WHOLE;
    }

    /** The text of an extent box: "xmin ymin xmax ymax [EPSG]" (the EPSG code when the CRS has one). */
    public static String text(ProcessingExtent.Box b) {
        String epsg = b.crs() == null ? "" : Crs.epsgCode(b.crs()).map(c -> " " + c).orElse("");
        Envelope e = b.envelope();
        return ParameterValues.format(e.getMinX()) + " " + ParameterValues.format(e.getMinY()) + " "
                + ParameterValues.format(e.getMaxX()) + " " + ParameterValues.format(e.getMaxY()) + epsg;
    }

    static ProcessingExtent box(String extent) {
        String[] t = extent.trim().split("[\\s,]+");
        if (t.length != 4 && t.length != 5) {
            throw new UserException("--processing_extent '" + extent + "' is not \"xmin ymin xmax ymax [EPSG]\".",
                    "E.g. --processing_extent \"500000 5000000 500300 5000300 32633\".");
        }
        double[] c = new double[4];
        try {
            for (int i = 0; i < 4; i++) {
                c[i] = Double.parseDouble(t[i]);
            }
        } catch (NumberFormatException e) {
            throw new UserException("--processing_extent '" + extent + "' holds a value that is not a number.",
                    "Write it as \"xmin ymin xmax ymax [EPSG]\".");
        }
        if (c[0] >= c[2] || c[1] >= c[3]) {
            throw new UserException("--processing_extent '" + extent + "' is empty (xmin >= xmax or ymin >= ymax).",
                    "Write it as \"xmin ymin xmax ymax [EPSG]\".");
        }
        CoordinateReferenceSystem crs = t.length == 5 ? Crs.forCode(t[4]) : null;
        return new ProcessingExtent.Box(new Envelope(c[0], c[2], c[1], c[3]), crs);
    }

    /** Threads from "N" or "N%" of the cores. */
    static int parallel(String parallel) {
        String s = parallel == null ? "0" : parallel.trim();
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

    /** Sets the values of {@code env} that differ from the defaults; a mask is set as an object without text (no file). */
    public static void put(ParameterValues v, Environments env) {
        if (env.processor() != Environments.Processor.CPU) {
            v.set(PROCESSOR, env.processor());
            v.set(GPU_ID, env.gpuId());
        }
        v.set(PARALLEL, env.parallelProcessingFactor() == 0 ? null : env.parallelProcessingFactor());
        v.set(RETRIES, env.retries() == Environments.DEFAULT.retries() ? null : env.retries());
        if (!v.declares(OUTPUT_CRS)) {
            return; // a tool with PROCESSING only
        }
        v.set(OUTPUT_CRS, env.outputCrs() == null ? null : Crs.epsgCode(env.outputCrs()).orElse(null));
        if (env.extent() instanceof ProcessingExtent.Box b) {
            v.setObject(EXTENT, b, text(b));
        } else if (env.extent() instanceof ProcessingExtent.Mask m) {
            v.setObject(MASK, m, null);
        }
    }
}
