package org.deepraster.spark;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.deepraster.feature.Feature;
import org.deepraster.feature.FeatureCollection;
import org.deepraster.feature.FeatureWriter;
import org.deepraster.feature.FeatureWriters;
import org.deepraster.feature.VectorFiles;
import org.deepraster.feature.WriteMode;
import org.deepraster.tool.Parameter;
import org.deepraster.tool.ParameterValues;
import org.deepraster.tool.ToolConsole;
import org.deepraster.tool.ToolSpec;
import org.deepraster.tool.registry.ToolRegistry;
import org.deepraster.util.Progress;
import org.deepraster.util.UserException;

/**
 * The driver's last step, over committed units only: each feature output of the job becomes one file in the output
 * folder holding the features of every unit (for a split raster with {@code run_nms}, the Non Maximum Suppression
 * tool then runs over all windows' detections with the job's settings, as one run's NMS across tiles does); each
 * raster output of a whole raster is moved up to {@code OUT/<raster>_<name>.tif}; the window rasters of a split
 * raster stay in their units' folders and a GDAL VRT mosaic {@code OUT/<raster>_<name>.vrt} joins them.
 */
public final class OutputMerger {
    private final SparkPaths paths;
    private final UnitTask units;
    private final org.apache.hadoop.fs.Path out;

    public OutputMerger(SparkPaths paths, UnitTask units, String out) {
        this.paths = paths;
        this.units = units;
        this.out = SparkPaths.path(out);
    }

    /** Writes the outputs; returns their paths. */
    public List<String> merge(ParameterValues job, ToolSpec<?> spec, List<WorkUnit> all, boolean split,
                              double containmentRatio) throws IOException {
        List<String> written = new ArrayList<>();
        for (Parameter p : job.parameters()) {
            if (p.type() != Parameter.Type.OUTPUT_FILE || job.optional(p.name()) == null) {
                continue;
            }
            String name = SparkPaths.path(job.text(p.name())).getName();
            if (SparkPaths.isVectorName(name)) {
                String merged = mergeFeatures(job, all, name, split, containmentRatio);
                if (merged != null) {
                    written.add(merged);
                }
            } else if (SparkPaths.isRasterName(name)) {
                written.addAll(rasters(all, name, split));
            }
        }
        return written;
    }

    private String mergeFeatures(ParameterValues job, List<WorkUnit> all, String name, boolean split,
                                 double containmentRatio) throws IOException {
        Path tmp = Files.createTempDirectory("deepraster-merge");
        Path merged = tmp.resolve("all_" + name);
        FeatureWriter w = null;
        try {
            for (WorkUnit u : all) {
                org.apache.hadoop.fs.Path f = new org.apache.hadoop.fs.Path(units.committed(u), name);
                if (!paths.fs(f).exists(f)) {
                    continue; // the tool wrote nothing for this unit (e.g. no valid pixel)
                }
                Path local = tmp.resolve(u.id() + "_" + name);
                paths.download(f, local);
                for (FeatureCollection c : VectorFiles.open(local)) {
                    if (w == null) {
                        w = FeatureWriters.create(merged, c.schema(), WriteMode.CREATE);
                    }
                    w.write(renumbered(c.features(), w.count()));
                }
            }
        } finally {
            if (w != null) {
                w.close();
            }
        }
        if (w == null) {
            return null;
        }
        Path result = merged;
        if (split && runsNms(job)) {
            result = tmp.resolve(name);
            nms(job, merged, result, containmentRatio);
        }
        org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(out, name);
        paths.upload(result, target);
        return target.toString();
    }

    /** Whether the job asks for NMS across tiles (run_nms NMS, as Detect Objects reads it). */
    static boolean runsNms(ParameterValues job) {
        String t = job.declares("run_nms") ? job.text("run_nms") : null;
        return t != null && List.of("NMS", "TRUE", "YES").contains(t.trim().toUpperCase(java.util.Locale.ROOT));
    }

    private static List<Feature> renumbered(List<Feature> features, long before) {
        List<Feature> out = new ArrayList<>(features.size());
        long id = before;
        for (Feature f : features) {
            out.add(new Feature(++id, f.geometry(), f.attributes()));
        }
        return out;
    }

    /** Non Maximum Suppression over all windows with the job's settings, through the NMS tool. */
    private static void nms(ParameterValues job, Path in, Path result, double containmentRatio) throws IOException {
        ToolSpec<?> nms = ToolRegistry.find("nms");
        ParameterValues v = nms.newValues();
        v.set("in_featureclass", in.toString());
        v.set("out_featureclass", result.toString());
        v.set("confidence_score_field", job.text("confidence_score_field"));
        v.set("class_value_field", job.text("class_value_field"));
        v.set("max_overlap_ratio", job.text("max_overlap_ratio"));
        v.set("max_containment_ratio", ParameterValues.format(containmentRatio));
        run(nms, v);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void run(ToolSpec spec, ParameterValues v) throws IOException {
        StringWriter text = new StringWriter();
        PrintWriter w = new PrintWriter(text);
        int exit = spec.run(spec.parameters(v), new ToolConsole(w, w, false, Progress.NONE));
        if (exit != 0) {
            throw new UserException("NMS across windows failed: " + text, "See the message above.");
        }
    }

    private List<String> rasters(List<WorkUnit> all, String name, boolean split) throws IOException {
        List<String> written = new ArrayList<>();
        Map<String, List<WorkUnit>> byRaster = new LinkedHashMap<>();
        for (WorkUnit u : all) {
            byRaster.computeIfAbsent(u.rasterStem(), k -> new ArrayList<>()).add(u);
        }
        String ext = name.substring(name.lastIndexOf('.'));
        String base = name.substring(0, name.lastIndexOf('.'));
        for (Map.Entry<String, List<WorkUnit>> e : byRaster.entrySet()) {
            if (!split) {
                WorkUnit u = e.getValue().get(0);
                org.apache.hadoop.fs.Path f = new org.apache.hadoop.fs.Path(units.committed(u), name);
                org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(out, e.getKey() + "_" + base + ext);
                FileSystem fs = paths.fs(f);
                if (fs.exists(f)) { // (moved on an earlier submission otherwise)
                    fs.delete(target, false);
                    fs.rename(f, target);
                }
                if (fs.exists(target)) {
                    written.add(target.toString());
                }
            } else {
                org.apache.hadoop.fs.Path vrt = new org.apache.hadoop.fs.Path(out, e.getKey() + "_" + base + ".vrt");
                paths.writeText(vrt, VrtMosaic.write(paths, units, e.getValue(), name));
                written.add(vrt.toString());
            }
        }
        return written;
    }
}
