package org.deepraster.tool.exporttrainingdata;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.deepraster.raster.RasterFiles;
import org.deepraster.tool.EnvironmentParameters;
import org.deepraster.tool.FeatureInput;
import org.deepraster.tool.DeclaredTool;
import org.deepraster.tool.Parameter;
import org.deepraster.tool.Parameter.Type;
import org.deepraster.tool.ParameterValues;
import org.deepraster.tool.ToolConsole;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataParameters.ChipFormat;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataParameters.ClassData;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataParameters.CropMode;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataParameters.MetadataFormat;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataParameters.ReferenceSystem;
import org.deepraster.util.UserException;

/**
 * Export Training Data For Deep Learning, declared: ArcGIS's parameter names (and kebab-case aliases), the
 * environments and overwrite. Exit codes: 0 done, 1 some chips failed, 2 bad input, 130 cancelled (the folder then
 * holds a valid export of the chips finished so far).
 */
public final class ExportTrainingDataSpec extends DeclaredTool<ExportTrainingDataParameters> {
    public static final String ID = "export-training-data";
    public static final String IN_RASTER = "in_raster";
    public static final String OUT_FOLDER = "out_folder";
    public static final String CLASS_DATA = "in_class_data";
    public static final String CHIP_FORMAT = "image_chip_format";
    public static final String TILE_X = "tile_size_x";
    public static final String TILE_Y = "tile_size_y";
    public static final String STRIDE_X = "stride_x";
    public static final String STRIDE_Y = "stride_y";
    public static final String NOFEATURE_TILES = "output_nofeature_tiles";
    public static final String METADATA_FORMAT = "metadata_format";
    public static final String CLASS_FIELD = "class_value_field";
    public static final String BUFFER = "buffer_radius";
    public static final String MASK_POLYGONS = "in_mask_polygons";
    public static final String ROTATION = "rotation_angle";
    public static final String REFERENCE_SYSTEM = "reference_system";
    public static final String BLACKEN = "blacken_around_feature";
    public static final String CROP_MODE = "crop_mode";
    public static final String MIN_OVERLAP = "min_polygon_overlap_ratio";
    public static final String OVERWRITE = "overwrite";

    private static final String ALL_TILES = "ALL_TILES";
    private static final String BLACKEN_AROUND = "BLACKEN_AROUND_FEATURE";

    private static final List<Parameter> PARAMETERS;

    static {
        List<Parameter> p = new ArrayList<>();
        p.add(Parameter.of(IN_RASTER, Type.RASTER, "Input raster", "The imagery.").asRequired().inGroup("Input"));
        p.add(Parameter.of(OUT_FOLDER, Type.OUTPUT_FOLDER, "Output folder",
                "Output folder (created; must be new or empty unless --overwrite).").asRequired().inGroup("Output"));
        p.add(Parameter.of(CLASS_DATA, Type.FEATURES, "Input class data",
                        "Labelled features (\"file.gpkg|layer\"; several are merged) or a classified raster."
                                + " Not needed for Export_Tiles.")
                .withValueLabel("FEATURES|RASTER").several(";").inGroup("Input"));
        p.add(Parameter.choice(CHIP_FORMAT, "Image chip format", "The chips' format; TIFF chips are georeferenced.",
                ChipFormat.class, ChipFormat.TIFF).inGroup("Output"));
        p.add(Parameter.of(TILE_X, Type.INTEGER, "Tile size X", "Chip width.").withDefault(256).withRange(1, 8192).inGroup("Chips"));
        p.add(Parameter.of(TILE_Y, Type.INTEGER, "Tile size Y", "Chip height.").withDefault(256).withRange(1, 8192).inGroup("Chips"));
        p.add(Parameter.of(STRIDE_X, Type.INTEGER, "Stride X", "Step between chips in x.").withDefault(128).withRange(1, null).inGroup("Chips"));
        p.add(Parameter.of(STRIDE_Y, Type.INTEGER, "Stride Y", "Step between chips in y.").withDefault(128).withRange(1, null).inGroup("Chips"));
        p.add(Parameter.choice(NOFEATURE_TILES, "Output no-feature tiles",
                "Only the tiles with features, or all tiles.", List.of("ONLY_TILES_WITH_FEATURES", ALL_TILES))
                .inGroup("Chips"));
        p.add(Parameter.choice(METADATA_FORMAT, "Metadata format",
                "The layout of the labels (YOLO: Ultralytics-style text labels).", MetadataFormat.class,
                MetadataFormat.PASCAL_VOC_rectangles).inGroup("Labels"));
        p.add(Parameter.of(CLASS_FIELD, Type.TEXT, "Class value field",
                        "Field holding the class (default: a field named value or classvalue, else one class).")
                .withValueLabel("FIELD").inGroup("Labels"));
        p.add(Parameter.of(BUFFER, Type.NUMBER, "Buffer radius", "Buffer around points and lines, in map units.")
                .withDefault(0).withRange(0, null).inGroup("Labels"));
        p.add(Parameter.of(MASK_POLYGONS, Type.FEATURES, "Mask polygons",
                        "Only chips lying wholly inside these polygons (\"file.gpkg|layer\").")
                .withValueLabel("POLYGONS").inGroup("Chips"));
        p.add(Parameter.of(ROTATION, Type.NUMBER, "Rotation angle",
                "Extra copies rotated by multiples of this angle in degrees (0: none).").withDefault(0).withRange(0, 360)
                .inGroup("Chips"));
        p.add(Parameter.choice(REFERENCE_SYSTEM, "Reference system", "Labels in map or in pixel coordinates.",
                ReferenceSystem.class, ReferenceSystem.MAP_SPACE).inGroup("Labels"));
        p.add(Parameter.choice(BLACKEN, "Blacken around feature", "Per-feature chips (Labeled_Tiles, Imagenet).",
                List.of("NO_BLACKEN", BLACKEN_AROUND)).inGroup("Chips"));
        p.add(Parameter.choice(CROP_MODE, "Crop mode", "Per-feature chips (Labeled_Tiles, Imagenet).", CropMode.class,
                CropMode.FIXED_SIZE).inGroup("Chips"));
        p.add(Parameter.of(MIN_OVERLAP, Type.NUMBER, "Minimum polygon overlap ratio",
                "Share of a feature that must lie in a chip to be labelled there.").withDefault(0).withRange(0, 1)
                .inGroup("Labels"));
        p.addAll(EnvironmentParameters.ALL);
        p.add(Parameter.flag(OVERWRITE, "Overwrite", "Write into a folder that is not empty: deletes the chips, labels and"
                + " metadata files an earlier export wrote there; other files are left alone.").inGroup("Output"));
        PARAMETERS = List.copyOf(p);
    }

    public ExportTrainingDataSpec() {
        super(ID, "Export Training Data",
                List.of("Export Training Data For Deep Learning: cut image chips from a raster and write them with their",
                "labels in the layouts arcgis.learn's prepare_data reads (images/, labels/, map.txt, esri_model_definition.emd,",
                "esri_accumulated_stats.json, stats.txt), or with YOLO text labels.",
                "Exit codes: 0 done, 1 some chips failed, 2 bad input, 130 cancelled."),
                PARAMETERS);
    }

    @Override
    public ExportTrainingDataParameters parameters(ParameterValues v) throws IOException {
        String chips = v.required(CHIP_FORMAT);
        ChipFormat cf = switch (upper(chips)) {
            case "TIFF", "TIF" -> ChipFormat.TIFF;
            case "PNG" -> ChipFormat.PNG;
            case "JPEG", "JPG" -> ChipFormat.JPEG;
            default -> throw new UserException("Unknown --image_chip_format '" + chips + "'.", "Use TIFF, PNG or JPEG.");
        };
        String nofeature = v.required(NOFEATURE_TILES);
        boolean all = switch (upper(nofeature)) {
            case ALL_TILES, "TRUE", "YES" -> true;
            case "ONLY_TILES_WITH_FEATURES", "FALSE", "NO" -> false;
            default -> throw new UserException("Unknown --output_nofeature_tiles '" + nofeature + "'.",
                    "Use ONLY_TILES_WITH_FEATURES or ALL_TILES.");
        };
        String blacken = v.required(BLACKEN);
        boolean black = switch (upper(blacken)) {
            case BLACKEN_AROUND, "TRUE", "YES" -> true;
            case "NO_BLACKEN", "FALSE", "NO" -> false;
            default -> throw new UserException("Unknown --blacken_around_feature '" + blacken + "'.",
                    "Use BLACKEN_AROUND_FEATURE or NO_BLACKEN.");
        };
        ReferenceSystem rs = choice(v, REFERENCE_SYSTEM, ReferenceSystem.class, "Use MAP_SPACE or PIXEL_SPACE.");
        CropMode crop = choice(v, CROP_MODE, CropMode.class, "Use FIXED_SIZE or BOUNDING_BOX.");
        MetadataFormat fmt = MetadataFormat.parse(v.required(METADATA_FORMAT));
        return new ExportTrainingDataParameters(v.path(IN_RASTER), v.path(OUT_FOLDER), classData(v), cf, v.integer(TILE_X),
                v.integer(TILE_Y), v.integer(STRIDE_X), v.integer(STRIDE_Y), all, fmt, v.optional(CLASS_FIELD),
                v.number(BUFFER), mask(v), v.number(ROTATION), rs, black, crop, v.number(MIN_OVERLAP),
                EnvironmentParameters.environments(v), v.isOn(OVERWRITE));
    }

    /** The dialog's class data (it may hold map layers), else the files named: one classified raster, or features. */
    private static ClassData classData(ParameterValues v) {
        if (v.object(CLASS_DATA) instanceof ClassData c) {
            return c;
        }
        List<String> given = v.list(CLASS_DATA);
        if (given.isEmpty()) {
            return null;
        }
        if (given.size() == 1) {
            String s = given.get(0);
            Path path = Path.of(s.contains("|") ? s.substring(0, s.lastIndexOf('|')) : s);
            if (!s.contains("|") && RasterFiles.isRaster(path) && Files.isRegularFile(path)) {
                return new ClassData.Raster(path);
            }
        }
        List<FeatureInput> in = new ArrayList<>();
        for (String s : given) {
            in.add(featureInput(s));
        }
        return new ClassData.Features(in);
    }

    private static FeatureInput mask(ParameterValues v) {
        if (v.object(MASK_POLYGONS) instanceof FeatureInput f) {
            return f;
        }
        String s = v.optional(MASK_POLYGONS);
        return s == null ? null : featureInput(s);
    }

    /** {@code file.gpkg|layer}, or a file. */
    static FeatureInput featureInput(String s) {
        int bar = s.lastIndexOf('|');
        return bar > 0 ? new FeatureInput.File(Path.of(s.substring(0, bar)), s.substring(bar + 1))
                : new FeatureInput.File(Path.of(s), null);
    }

    private static <E extends Enum<E>> E choice(ParameterValues v, String name, Class<E> type, String hint) {
        String text = v.required(name);
        try {
            return Enum.valueOf(type, upper(text));
        } catch (IllegalArgumentException e) {
            throw new UserException("Unknown --" + name + " '" + text + "'.", hint);
        }
    }

    private static String upper(String s) {
        return s.trim().toUpperCase(Locale.ROOT);
    }

    @Override
    public ParameterValues values(ExportTrainingDataParameters p) {
        ParameterValues v = newValues()
                .set(IN_RASTER, p.inRaster())
                .set(OUT_FOLDER, p.outFolder())
                .set(CHIP_FORMAT, p.imageChipFormat() == ChipFormat.TIFF ? null : p.imageChipFormat())
                .set(TILE_X, p.tileSizeX() == 256 ? null : p.tileSizeX())
                .set(TILE_Y, p.tileSizeY() == 256 ? null : p.tileSizeY())
                .set(STRIDE_X, p.strideX() == 128 ? null : p.strideX())
                .set(STRIDE_Y, p.strideY() == 128 ? null : p.strideY())
                .set(NOFEATURE_TILES, p.outputNofeatureTiles() ? ALL_TILES : null)
                .set(METADATA_FORMAT, p.metadataFormat() == MetadataFormat.PASCAL_VOC_rectangles ? null : p.metadataFormat())
                .set(CLASS_FIELD, p.classValueField())
                .set(BUFFER, p.bufferRadius() == 0 ? null : p.bufferRadius())
                .set(ROTATION, p.rotationAngle() == 0 ? null : p.rotationAngle())
                .set(REFERENCE_SYSTEM, p.referenceSystem() == ReferenceSystem.MAP_SPACE ? null : p.referenceSystem())
                .set(BLACKEN, p.blackenAroundFeature() ? BLACKEN_AROUND : null)
                .set(CROP_MODE, p.cropMode() == CropMode.FIXED_SIZE ? null : p.cropMode())
                .set(MIN_OVERLAP, p.minPolygonOverlapRatio() == 0 ? null : p.minPolygonOverlapRatio())
                .flag(OVERWRITE, p.overwrite());
        if (p.inClassData() instanceof ClassData.Raster r) {
            v.set(CLASS_DATA, r.path());
        } else if (p.inClassData() instanceof ClassData.Features fs) {
            String text = String.join(";", fs.inputs().stream().map(FeatureInput::text).toList());
            boolean layers = fs.inputs().stream().anyMatch(in -> in instanceof FeatureInput.Layer);
            v.setObject(CLASS_DATA, layers ? fs : null, text);
        }
        FeatureInput mask = p.inMaskPolygons();
        if (mask != null) {
            v.setObject(MASK_POLYGONS, mask instanceof FeatureInput.Layer ? mask : null, mask.text());
        }
        EnvironmentParameters.put(v, p.environments());
        return v;
    }

    @Override
    public int run(ExportTrainingDataParameters p, ToolConsole console) throws IOException {
        PrintWriter err = console.err();
        ExportTrainingDataResult r;
        try (ExportTrainingDataTool.Plan plan = new ExportTrainingDataTool().plan(p)) {
            console.warnings(plan.warnings());
            err.println(p.metadataFormat() + ", " + p.imageChipFormat() + " chips of " + p.tileSizeX() + " x " + p.tileSizeY()
                    + " px every " + p.strideX() + " x " + p.strideY() + " px"
                    + (plan.rotations() > 1 ? ", " + plan.rotations() + " rotations" : "") + "; output " + plan.outFolder());
            err.flush();
            r = plan.run(console.cancel(), List.of(console.progress("Exporting", "chips cut")));
        }
        console.out().print(r.describe());
        console.out().flush();
        return console.exitCode(r.report(), "Cancelled: the folder holds a valid export of the chips written so far.");
    }
}
