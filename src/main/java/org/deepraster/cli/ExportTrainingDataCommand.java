package org.deepraster.cli;

import org.deepraster.tool.TerminalProgress;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.deepraster.raster.RasterFiles;
import org.deepraster.tool.Environments;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataParameters;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataParameters.ClassData;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataParameters.MetadataFormat;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataResult;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataTool;
import org.deepraster.tool.FeatureInput;
import org.deepraster.util.UserException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code export-training-data}: Export Training Data For Deep Learning from the command line, with
 * ArcGIS's parameter names (and kebab-case aliases). Exit codes: 0 done, 1 some chips failed, 2 bad
 * input, 130 cancelled (the folder then holds a valid export of the chips finished so far).
 */
@Command(name = "export-training-data", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Export Training Data For Deep Learning: cut image chips from a raster and write them with their",
            "labels in the layouts arcgis.learn's prepare_data reads (images/, labels/, map.txt, esri_model_definition.emd,",
            "esri_accumulated_stats.json, stats.txt), or with YOLO text labels.",
            "Exit codes: 0 done, 1 some chips failed, 2 bad input, 130 cancelled."})
public final class ExportTrainingDataCommand implements Callable<Integer> {

    @Option(names = {"--in_raster", "--in-raster"}, required = true, paramLabel = "RASTER", description = "The imagery.")
    Path inRaster;

    @Option(names = {"--out_folder", "--out-folder"}, required = true, paramLabel = "FOLDER",
            description = "Output folder (created; must be new or empty unless --overwrite).")
    Path outFolder;

    @Option(names = {"--in_class_data", "--in-class-data"}, paramLabel = "FEATURES|RASTER",
            description = {"Labelled features (\"file.gpkg|layer\"; repeat to merge layers) or a classified raster.",
                "Not needed for Export_Tiles."})
    List<String> classData = new ArrayList<>();

    @Option(names = {"--image_chip_format", "--image-chip-format"}, defaultValue = "TIFF",
            description = "TIFF (default, georeferenced), PNG or JPEG.")
    String chipFormat;

    @Option(names = {"--tile_size_x", "--tile-size-x"}, defaultValue = "256", description = "Chip width (default ${DEFAULT-VALUE}).")
    int tileX;

    @Option(names = {"--tile_size_y", "--tile-size-y"}, defaultValue = "256", description = "Chip height (default ${DEFAULT-VALUE}).")
    int tileY;

    @Option(names = {"--stride_x", "--stride-x"}, defaultValue = "128", description = "Step between chips in x (default ${DEFAULT-VALUE}).")
    int strideX;

    @Option(names = {"--stride_y", "--stride-y"}, defaultValue = "128", description = "Step between chips in y (default ${DEFAULT-VALUE}).")
    int strideY;

    @Option(names = {"--output_nofeature_tiles", "--output-nofeature-tiles"}, defaultValue = "ONLY_TILES_WITH_FEATURES",
            description = "ONLY_TILES_WITH_FEATURES (default) or ALL_TILES.")
    String nofeature;

    @Option(names = {"--metadata_format", "--metadata-format"}, defaultValue = "PASCAL_VOC_rectangles",
            description = {"PASCAL_VOC_rectangles (default), KITTI_rectangles, Classified_Tiles, RCNN_Masks, Labeled_Tiles,",
                "MultiLabeled_Tiles, Imagenet, Export_Tiles, or YOLO."})
    String metadataFormat;

    @Option(names = {"--class_value_field", "--class-value-field"}, paramLabel = "FIELD",
            description = "Field holding the class (default: a field named value or classvalue, else one class).")
    String classField;

    @Option(names = {"--buffer_radius", "--buffer-radius"}, defaultValue = "0",
            description = "Buffer around points and lines, in map units (default 0).")
    double buffer;

    @Option(names = {"--in_mask_polygons", "--in-mask-polygons"}, paramLabel = "POLYGONS",
            description = "Only chips lying wholly inside these polygons (\"file.gpkg|layer\").")
    String maskPolygons;

    @Option(names = {"--rotation_angle", "--rotation-angle"}, defaultValue = "0",
            description = "Extra copies rotated by multiples of this angle in degrees (default 0: none).")
    double rotation;

    @Option(names = {"--reference_system", "--reference-system"}, defaultValue = "MAP_SPACE", description = "MAP_SPACE or PIXEL_SPACE.")
    String referenceSystem;

    @Option(names = {"--blacken_around_feature", "--blacken-around-feature"}, defaultValue = "NO_BLACKEN",
            description = "BLACKEN_AROUND_FEATURE or NO_BLACKEN (Labeled_Tiles, Imagenet).")
    String blacken;

    @Option(names = {"--crop_mode", "--crop-mode"}, defaultValue = "FIXED_SIZE",
            description = "FIXED_SIZE (default) or BOUNDING_BOX (Labeled_Tiles, Imagenet).")
    String cropMode;

    @Option(names = {"--min_polygon_overlap_ratio", "--min-polygon-overlap-ratio"}, defaultValue = "0",
            description = "Share of a feature that must lie in a chip to be labelled there (0-1, default 0).")
    double minOverlap;

    @Mixin
    EnvironmentOptions environments;

    @Option(names = {"--overwrite"}, description = {"Write into a folder that is not empty: deletes the chips, labels and",
        "metadata files an earlier export wrote there; other files are left alone."})
    boolean overwrite;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter outw = spec.commandLine().getOut();
        ExportTrainingDataParameters p = parameters();
        return CancelOnInterrupt.run(cancel -> {
            ExportTrainingDataResult r;
            try (ExportTrainingDataTool.Plan plan = new ExportTrainingDataTool().plan(p)) {
                for (String w : plan.warnings()) {
                    err.println("Warning: " + w);
                }
                err.println(p.metadataFormat() + ", " + p.imageChipFormat() + " chips of " + p.tileSizeX() + " x " + p.tileSizeY()
                        + " px every " + p.strideX() + " x " + p.strideY() + " px"
                        + (plan.rotations() > 1 ? ", " + plan.rotations() + " rotations" : "") + "; output " + plan.outFolder());
                err.flush();
                r = plan.run(cancel, List.of(new TerminalProgress<>(err, System.console() != null, "Exporting", "tiles looked at")));
            }
            outw.print(r.describe());
            outw.flush();
            return CancelOnInterrupt.exitCode(r.report(), err,
                    "Cancelled: the folder holds a valid export of the chips written so far.");
        });
    }

    ExportTrainingDataParameters parameters() throws IOException {
        ExportTrainingDataParameters.ChipFormat cf = switch (upper(chipFormat)) {
            case "TIFF", "TIF" -> ExportTrainingDataParameters.ChipFormat.TIFF;
            case "PNG" -> ExportTrainingDataParameters.ChipFormat.PNG;
            case "JPEG", "JPG" -> ExportTrainingDataParameters.ChipFormat.JPEG;
            default -> throw new UserException("Unknown --image_chip_format '" + chipFormat + "'.", "Use TIFF, PNG or JPEG.");
        };
        boolean all = switch (upper(nofeature)) {
            case "ALL_TILES", "TRUE", "YES" -> true;
            case "ONLY_TILES_WITH_FEATURES", "FALSE", "NO" -> false;
            default -> throw new UserException("Unknown --output_nofeature_tiles '" + nofeature + "'.",
                    "Use ONLY_TILES_WITH_FEATURES or ALL_TILES.");
        };
        boolean black = switch (upper(blacken)) {
            case "BLACKEN_AROUND_FEATURE", "TRUE", "YES" -> true;
            case "NO_BLACKEN", "FALSE", "NO" -> false;
            default -> throw new UserException("Unknown --blacken_around_feature '" + blacken + "'.",
                    "Use BLACKEN_AROUND_FEATURE or NO_BLACKEN.");
        };
        ExportTrainingDataParameters.ReferenceSystem rs;
        ExportTrainingDataParameters.CropMode crop;
        try {
            rs = ExportTrainingDataParameters.ReferenceSystem.valueOf(upper(referenceSystem));
        } catch (IllegalArgumentException e) {
            throw new UserException("Unknown --reference_system '" + referenceSystem + "'.", "Use MAP_SPACE or PIXEL_SPACE.");
        }
        try {
            crop = ExportTrainingDataParameters.CropMode.valueOf(upper(cropMode));
        } catch (IllegalArgumentException e) {
            throw new UserException("Unknown --crop_mode '" + cropMode + "'.", "Use FIXED_SIZE or BOUNDING_BOX.");
        }
        MetadataFormat fmt = MetadataFormat.parse(metadataFormat);
        Environments env = environments.environments();
        return new ExportTrainingDataParameters(inRaster, outFolder, classData(), cf, tileX, tileY, strideX, strideY, all, fmt,
                classField, buffer, maskPolygons == null ? null : featureInput(maskPolygons), rotation, rs, black, crop,
                minOverlap, env, overwrite);
    }

    private ClassData classData() {
        if (classData.isEmpty()) {
            return null;
        }
        if (classData.size() == 1) {
            String s = classData.get(0);
            Path path = Path.of(s.contains("|") ? s.substring(0, s.lastIndexOf('|')) : s);
            if (!s.contains("|") && RasterFiles.isRaster(path) && Files.isRegularFile(path)) {
                return new ClassData.Raster(path);
            }
        }
        List<FeatureInput> in = new ArrayList<>();
        for (String s : classData) {
            in.add(featureInput(s));
        }
        return new ClassData.Features(in);
    }

    static FeatureInput featureInput(String s) {
        int bar = s.lastIndexOf('|');
        return bar > 0 ? new FeatureInput.File(Path.of(s.substring(0, bar)), s.substring(bar + 1))
                : new FeatureInput.File(Path.of(s), null);
    }

    private static String upper(String s) {
        return s.trim().toUpperCase(Locale.ROOT);
    }
}
