package org.deepraster.tool.exporttrainingdata;

import org.deepraster.tool.Environments;
import org.deepraster.tool.FeatureInput;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.deepraster.util.UserException;

/**
 * Export Training Data For Deep Learning (ArcGIS names): {@code in_raster} (one raster),
 * {@code out_folder}, {@code in_class_data} (labelled features from one or more layers, or a
 * classified raster), {@code image_chip_format}, {@code tile_size_x/y}, {@code stride_x/y},
 * {@code output_nofeature_tiles}, {@code metadata_format}, {@code class_value_field} (null: a field
 * named {@code value} or {@code classvalue} if there is one, else every feature is class 1),
 * {@code buffer_radius} (map units, for points and lines), {@code in_mask_polygons} (only chips lying
 * wholly inside them), {@code rotation_angle} (extra copies rotated by multiples of it; 0 = none),
 * {@code reference_system}, {@code blacken_around_feature} and {@code crop_mode} (per-feature
 * formats), {@code min_polygon_overlap_ratio}, the environments (processing extent / mask, parallel
 * processing factor, retries) and overwrite.
 */
public record ExportTrainingDataParameters(Path inRaster, Path outFolder, ClassData inClassData, ChipFormat imageChipFormat,
                                           int tileSizeX, int tileSizeY, int strideX, int strideY,
                                           boolean outputNofeatureTiles, MetadataFormat metadataFormat,
                                           String classValueField, double bufferRadius, FeatureInput inMaskPolygons,
                                           double rotationAngle, ReferenceSystem referenceSystem,
                                           boolean blackenAroundFeature, CropMode cropMode, double minPolygonOverlapRatio,
                                           Environments environments, boolean overwrite) {

    /** The labels: features (one or more inputs, merged) or a classified raster (pixel values are classes). */
    public sealed interface ClassData {
        record Features(List<FeatureInput> inputs) implements ClassData {
            public Features {
                inputs = List.copyOf(inputs);
            }
        }

        record Raster(Path path) implements ClassData {
        }

        static ClassData features(FeatureInput... in) {
            return new Features(List.of(in));
        }
    }

    public enum ChipFormat {
        TIFF("tif"), PNG("png"), JPEG("jpg");

        private final String extension;

        ChipFormat(String extension) {
            this.extension = extension;
        }

        public String extension() {
            return extension;
        }
    }

    /**
     * The layouts of ArcGIS's tool, read by arcgis.learn's {@code prepare_data}, plus {@code YOLO}
     * (Ultralytics-style text labels), which is ours.
     */
    public enum MetadataFormat {
        PASCAL_VOC_rectangles, KITTI_rectangles, Classified_Tiles, RCNN_Masks, Labeled_Tiles, MultiLabeled_Tiles,
        Imagenet, Export_Tiles, YOLO;

        /** One chip per feature, centred on it (object classification), rather than a grid of tiles. */
        public boolean perFeature() {
            return this == Labeled_Tiles || this == Imagenet;
        }

        /** Labels are boxes. */
        public boolean boxes() {
            return this == PASCAL_VOC_rectangles || this == KITTI_rectangles || this == YOLO || perFeature();
        }

        /** Labels are rasters. */
        public boolean masks() {
            return this == Classified_Tiles || this == RCNN_Masks;
        }

        public static MetadataFormat parse(String s) {
            String t = s.trim();
            for (MetadataFormat f : values()) {
                if (f.name().equalsIgnoreCase(t) || f.name().replace("_", "").equalsIgnoreCase(t.replace("_", "").replace("-", ""))) {
                    return f;
                }
            }
            throw new UserException("Unknown metadata format '" + s + "'.", "Use one of " + List.of(values()) + ".");
        }
    }

    public enum ReferenceSystem { MAP_SPACE, PIXEL_SPACE }

    public enum CropMode { FIXED_SIZE, BOUNDING_BOX }

    public ExportTrainingDataParameters {
        imageChipFormat = imageChipFormat == null ? ChipFormat.TIFF : imageChipFormat;
        metadataFormat = metadataFormat == null ? MetadataFormat.PASCAL_VOC_rectangles : metadataFormat;
        referenceSystem = referenceSystem == null ? ReferenceSystem.MAP_SPACE : referenceSystem;
        cropMode = cropMode == null ? CropMode.FIXED_SIZE : cropMode;
        environments = environments == null ? Environments.DEFAULT : environments;
        classValueField = classValueField == null || classValueField.isBlank() ? null : classValueField;
    }

    /** ArcGIS's defaults: TIFF, 256 px tiles, stride 128, tiles with features only, PASCAL VOC. */
    public static ExportTrainingDataParameters of(Path raster, Path outFolder, ClassData classData) {
        return new ExportTrainingDataParameters(raster, outFolder, classData, ChipFormat.TIFF, 256, 256, 128, 128, false,
                MetadataFormat.PASCAL_VOC_rectangles, null, 0, null, 0, ReferenceSystem.MAP_SPACE, false,
                CropMode.FIXED_SIZE, 0, Environments.DEFAULT, false);
    }

    /** The same export into {@code folder}. */
    public ExportTrainingDataParameters withOutFolder(Path folder) {
        return new ExportTrainingDataParameters(inRaster, folder, inClassData, imageChipFormat, tileSizeX, tileSizeY, strideX,
                strideY, outputNofeatureTiles, metadataFormat, classValueField, bufferRadius, inMaskPolygons, rotationAngle,
                referenceSystem, blackenAroundFeature, cropMode, minPolygonOverlapRatio, environments, overwrite);
    }

    public ExportTrainingDataParameters withFormat(MetadataFormat m, ChipFormat c) {
        return new ExportTrainingDataParameters(inRaster, outFolder, inClassData, c, tileSizeX, tileSizeY, strideX, strideY,
                outputNofeatureTiles, m, classValueField, bufferRadius, inMaskPolygons, rotationAngle, referenceSystem,
                blackenAroundFeature, cropMode, minPolygonOverlapRatio, environments, overwrite);
    }

    public ExportTrainingDataParameters withTiles(int sizeX, int sizeY, int strideX, int strideY) {
        return new ExportTrainingDataParameters(inRaster, outFolder, inClassData, imageChipFormat, sizeX, sizeY, strideX,
                strideY, outputNofeatureTiles, metadataFormat, classValueField, bufferRadius, inMaskPolygons, rotationAngle,
                referenceSystem, blackenAroundFeature, cropMode, minPolygonOverlapRatio, environments, overwrite);
    }

    public ExportTrainingDataParameters withClassValueField(String field) {
        return new ExportTrainingDataParameters(inRaster, outFolder, inClassData, imageChipFormat, tileSizeX, tileSizeY,
                strideX, strideY, outputNofeatureTiles, metadataFormat, field, bufferRadius, inMaskPolygons, rotationAngle,
                referenceSystem, blackenAroundFeature, cropMode, minPolygonOverlapRatio, environments, overwrite);
    }

    public ExportTrainingDataParameters withOptions(boolean allTiles, double buffer, double rotation, double minOverlap) {
        return new ExportTrainingDataParameters(inRaster, outFolder, inClassData, imageChipFormat, tileSizeX, tileSizeY,
                strideX, strideY, allTiles, metadataFormat, classValueField, buffer, inMaskPolygons, rotation,
                referenceSystem, blackenAroundFeature, cropMode, minOverlap, environments, overwrite);
    }

    public ExportTrainingDataParameters withFeatureChips(CropMode crop, boolean blacken) {
        return new ExportTrainingDataParameters(inRaster, outFolder, inClassData, imageChipFormat, tileSizeX, tileSizeY,
                strideX, strideY, outputNofeatureTiles, metadataFormat, classValueField, bufferRadius, inMaskPolygons,
                rotationAngle, referenceSystem, blacken, crop, minPolygonOverlapRatio, environments, overwrite);
    }

    public ExportTrainingDataParameters withMask(FeatureInput mask) {
        return new ExportTrainingDataParameters(inRaster, outFolder, inClassData, imageChipFormat, tileSizeX, tileSizeY,
                strideX, strideY, outputNofeatureTiles, metadataFormat, classValueField, bufferRadius, mask, rotationAngle,
                referenceSystem, blackenAroundFeature, cropMode, minPolygonOverlapRatio, environments, overwrite);
    }

    public ExportTrainingDataParameters withEnvironments(Environments e) {
        return new ExportTrainingDataParameters(inRaster, outFolder, inClassData, imageChipFormat, tileSizeX, tileSizeY,
                strideX, strideY, outputNofeatureTiles, metadataFormat, classValueField, bufferRadius, inMaskPolygons,
                rotationAngle, referenceSystem, blackenAroundFeature, cropMode, minPolygonOverlapRatio, e, overwrite);
    }

    public ExportTrainingDataParameters withOverwrite(boolean o) {
        return new ExportTrainingDataParameters(inRaster, outFolder, inClassData, imageChipFormat, tileSizeX, tileSizeY,
                strideX, strideY, outputNofeatureTiles, metadataFormat, classValueField, bufferRadius, inMaskPolygons,
                rotationAngle, referenceSystem, blackenAroundFeature, cropMode, minPolygonOverlapRatio, environments, o);
    }

    static String upper(String s) {
        return s.trim().toUpperCase(Locale.ROOT);
    }
}
