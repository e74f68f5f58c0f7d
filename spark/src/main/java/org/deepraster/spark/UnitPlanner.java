package org.deepraster.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.deepraster.geo.GridGeometry;
import org.deepraster.tool.EnvironmentParameters;
import org.deepraster.tool.JobFile;
import org.deepraster.tool.ParameterValues;
import org.deepraster.tool.ToolSpec;
import org.deepraster.tool.classifypixels.ClassifyPixelsParameters;
import org.deepraster.tool.classifypixels.ClassifyPixelsTool;
import org.deepraster.tool.detectobjects.DetectObjectsParameters;
import org.deepraster.tool.detectobjects.DetectObjectsTool;
import org.deepraster.tool.registry.ToolRegistry;
import org.deepraster.util.UserException;
import org.locationtech.jts.geom.Envelope;

/**
 * The driver's work units: one per raster of the inputs (files, or the rasters in folders), or — with
 * {@code windowTiles} — the windows of one raster, each {@code windowTiles x windowTiles} tiles of the tool's tile
 * grid. The grid comes from planning the tool on the driver (the model is opened there once, nothing is run):
 * tiles start at the raster's corner every {@code tile size - 2 padding} pixels of the grid the tool works on, so a
 * window's edges fall on tile cores and its tiles are the whole run's.
 */
public final class UnitPlanner {
    /** What the driver learnt from the tool's plan for a split raster. */
    public record Split(List<WorkUnit> units, int step, GridGeometry grid, double containmentRatio) {
    }

    private UnitPlanner() {
    }

    /** The rasters of {@code inputs}: files as given, folders by the raster files directly inside them, sorted. */
    public static List<String> rasters(SparkPaths paths, List<String> inputs) throws IOException {
        List<String> out = new ArrayList<>();
        for (String in : inputs) {
            org.apache.hadoop.fs.Path p = SparkPaths.path(in);
            if (!paths.fs(p).exists(p)) {
                throw new UserException("The input " + in + " does not exist.", "Check the path (file:, hdfs:, s3a: …).");
            }
            if (paths.fs(p).getFileStatus(p).isDirectory()) {
                List<String> found = new ArrayList<>();
                for (FileStatus s : paths.fs(p).listStatus(p)) {
                    if (s.isFile() && SparkPaths.isRasterName(s.getPath().getName())) {
                        found.add(s.getPath().toString());
                    }
                }
                found.sort(null);
                out.addAll(found);
            } else {
                out.add(p.toString());
            }
        }
        if (out.isEmpty()) {
            throw new UserException("The inputs hold no raster.", "Give raster files (.tif) or folders of them.");
        }
        List<String> stems = out.stream().map(SparkPaths::stem).distinct().toList();
        if (stems.size() != out.size()) {
            throw new UserException("Two input rasters have the same file name.",
                    "Outputs are named after the rasters: give rasters with different names.");
        }
        return out;
    }

    /** One unit per raster. */
    public static List<WorkUnit> perRaster(List<String> rasters) {
        return rasters.stream().map(r -> WorkUnit.whole(SparkPaths.stem(r), r)).toList();
    }

    /** The windows of one raster for the job's tool (Detect Objects or Classify Pixels). */
    public static Split windows(SparkPaths paths, JobFile job, String raster, int windowTiles) throws IOException {
        if (windowTiles < 1) {
            throw new UserException("--window-tiles " + windowTiles + " is not a positive number.", "Give e.g. 8.");
        }
        ToolSpec<?> spec = ToolRegistry.find(job.tool());
        ParameterValues v = job.values().copy();
        if (v.optional(EnvironmentParameters.EXTENT) != null || v.optional(EnvironmentParameters.MASK) != null) {
            throw new UserException("A split raster cannot have a processing extent or mask yet.",
                    "Leave processing_extent and mask out of the job, or run without --window-tiles.");
        }
        v.set("in_raster", ExecutorCache.local(paths, raster, false).toString());
        String model = v.optional("in_model_definition");
        if (model != null && !SparkPaths.isLocal(SparkPaths.path(model)) && !model.trim().startsWith("{")) {
            v.set("in_model_definition", ExecutorCache.local(paths, model, true).toString());
        }
        Path tmp = Files.createTempDirectory("deepraster-plan");
        int step;
        GridGeometry grid;
        double containment = 1;
        Object p;
        if (spec.id().equals("detect-objects")) {
            v.set("out_detected_objects", tmp.resolve("plan.gpkg").toString());
            p = spec.parameters(v);
            try (DetectObjectsTool.Plan plan = new DetectObjectsTool(ExecutorCache.engine()).plan((DetectObjectsParameters) p)) {
                if (plan.definition().modelType() == org.deepraster.model.ModelType.INSTANCE_DETECTION) {
                    throw new UserException("Instances are not joined across window edges yet, so a split raster would"
                            + " not equal a single run of an instance model.", "Run it one raster per task (no --window-tiles).");
                }
                step = plan.tileSize() - 2 * plan.padding();
                grid = plan.workGrid();
                containment = plan.containmentRatio();
            }
        } else if (spec.id().equals("classify-pixels")) {
            if (v.optional("out_feature_class") != null) {
                throw new UserException("Polygons of a split raster would be cut at window edges.",
                        "Leave out_feature_class out (run Raster to Polygons on the mosaic), or run the raster whole.");
            }
            v.set("out_classified_raster", tmp.resolve("plan.tif").toString());
            p = spec.parameters(v);
            try (ClassifyPixelsTool.Plan plan = new ClassifyPixelsTool(ExecutorCache.engine()).plan((ClassifyPixelsParameters) p)) {
                if (plan.blending()) {
                    throw new UserException("blend_tiles mixes tiles across window edges, so a split raster would not"
                            + " equal a single run.", "Leave blend_tiles off, or run the raster whole (no --window-tiles).");
                }
                if (plan.definition().deepness() != null) {
                    throw new UserException("A Deepness segmentation model's median smoothing runs over the whole raster,"
                            + " so a split raster would not equal a single run.", "Run the raster whole (no --window-tiles).");
                }
                if (plan.outputGrid() != plan.resultGrid()) {
                    throw new UserException("A split raster cannot be classified at the model's cell size yet.",
                            "Leave resample_to_model_cell_size off, or run the raster whole.");
                }
                step = plan.tileSize() - 2 * plan.padding();
                grid = plan.outputGrid();
            }
        } else {
            throw new UserException("--window-tiles splits a raster for Detect Objects and Classify Pixels; "
                    + spec.id() + " runs one raster per task.", "Run it without --window-tiles.");
        }
        Files.deleteIfExists(tmp.resolve("plan.gpkg"));
        Files.deleteIfExists(tmp.resolve("plan.tif"));
        Files.deleteIfExists(tmp);
        int size = step * windowTiles;
        String stem = SparkPaths.stem(raster);
        List<WorkUnit> units = new ArrayList<>();
        for (int y = 0, row = 0; y < grid.height(); y += size, row++) {
            for (int x = 0, col = 0; x < grid.width(); x += size, col++) {
                int w = Math.min(size, grid.width() - x);
                int h = Math.min(size, grid.height() - y);
                units.add(new WorkUnit(String.format("%s_w%03d_%03d", stem, col, row), raster, x, y, w, h,
                        extent(grid, x, y, w, h)));
            }
        }
        return new Split(units, step, grid, containment);
    }

    /** The window's envelope, a quarter pixel inside it so that the tool rounds it to exactly these pixels. */
    static Envelope extent(GridGeometry grid, int x, int y, int w, int h) {
        java.awt.geom.Point2D a = grid.pixelToMap(x + 0.25, y + 0.25);
        java.awt.geom.Point2D b = grid.pixelToMap(x + w - 0.25, y + h - 0.25);
        return new Envelope(a.getX(), b.getX(), a.getY(), b.getY());
    }
}
