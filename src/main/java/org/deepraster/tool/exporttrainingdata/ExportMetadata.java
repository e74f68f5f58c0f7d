package org.deepraster.tool.exporttrainingdata;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deepraster.geo.Crs;
import org.deepraster.model.ClassInfo;
import org.deepraster.raster.RasterSource;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataParameters.MetadataFormat;

/**
 * Export Training Data's metadata files, written at the end of a run (also on cancel or failure):
 * {@code esri_model_definition.emd} and {@code esri_accumulated_stats.json} as arcgis.learn reads
 * them (YOLO: {@code classes.txt}, {@code data.yaml}), and {@code stats.txt}. Writer thread.
 */
final class ExportMetadata {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ExportMetadata() {
    }

    private static String modelType(MetadataFormat fmt) {
        return switch (fmt) {
            case Classified_Tiles -> "ImageClassification";
            case RCNN_Masks -> "InstanceDetection";
            case Labeled_Tiles, MultiLabeled_Tiles, Imagenet -> "ObjectClassification";
            default -> "ObjectDetection";
        };
    }

    private static List<Map<String, Object>> classList(Map<Integer, ClassInfo> classes) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (ClassInfo c : classes.values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Value", c.value());
            m.put("Name", c.name());
            m.put("Color", List.of(c.red(), c.green(), c.blue()));
            list.add(m);
        }
        return list;
    }

    /** Writes the metadata files: the model definition and accumulated statistics (or YOLO's classes.txt and data.yaml), and stats.txt. */
    static void write(Path out, ExportTrainingDataParameters p, RasterSource raster, Map<Integer, ClassInfo> classes,
                      ExportStatistics stats, long chips, long skipped, Map<String, Long> skipReasons) throws IOException {
        MetadataFormat fmt = p.metadataFormat();
        int nb = raster.bandCount();
        List<Integer> bandList = new ArrayList<>();
        for (int b = 0; b < nb; b++) {
            bandList.add(b);
        }
        String space = p.referenceSystem().name();
        double cell = raster.grid().pixelSize();
        Map<String, Object> cellSize = new LinkedHashMap<>();
        cellSize.put("x", cell);
        cellSize.put("y", cell);
        Crs.epsgCode(raster.grid().crs()).ifPresent(code -> cellSize.put("spatialReference", Map.of("wkid", code)));
        if (fmt == MetadataFormat.YOLO) {
            StringBuilder names = new StringBuilder();
            StringBuilder yaml = new StringBuilder("# DeepRaster Export Training Data, YOLO labels: class cx cy w h (normalised)\n")
                    .append("path: ").append(out).append("\ntrain: images\nval: images\nnc: ").append(classes.size()).append("\nnames:\n");
            int i = 0;
            for (ClassInfo c : classes.values()) {
                names.append(c.name()).append('\n');
                yaml.append("  ").append(i++).append(": '").append(c.name().replace("'", "''")).append("'\n");
            }
            Files.writeString(out.resolve("classes.txt"), names.toString());
            Files.writeString(out.resolve("data.yaml"), yaml.toString());
        } else {
            Map<String, Object> emd = new LinkedHashMap<>();
            emd.put("Framework", "");
            emd.put("ModelType", modelType(fmt));
            emd.put("MetaDataMode", fmt.name());
            emd.put("ImageHeight", p.tileSizeY());
            emd.put("ImageWidth", p.tileSizeX());
            emd.put("ExtractBands", bandList);
            emd.put("ImageSpaceUsed", space);
            emd.put("CropSizeFixed", p.cropMode() == ExportTrainingDataParameters.CropMode.FIXED_SIZE ? 1 : 0);
            emd.put("BlackenAroundFeature", p.blackenAroundFeature() ? 1 : 0);
            emd.put("MinCellSize", cellSize);
            emd.put("MaxCellSize", cellSize);
            emd.put("InputRastersProps", Map.of("RasterCount", 1, "PixelType", raster.sampleType().name(),
                    "BandNames", raster.bandNames()));
            emd.put("Classes", classList(classes));
            JSON.writeValue(out.resolve("esri_model_definition.emd").toFile(), emd);
            JSON.writeValue(out.resolve("esri_accumulated_stats.json").toFile(), accumulatedStats(p, raster, classes, stats, chips, cellSize, space));
        }
        Files.writeString(out.resolve("stats.txt"), statsText(p, raster, classes, stats, chips, skipped, skipReasons));
    }

    private static Map<String, Object> accumulatedStats(ExportTrainingDataParameters p, RasterSource raster,
                                                        Map<Integer, ClassInfo> classes, ExportStatistics stats, long next,
                                                        Map<String, Object> cellSize, String space) {
        MetadataFormat fmt = p.metadataFormat();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("MetaDataMode", fmt.name());
        s.put("NumTiles", next);
        s.put("NumBands", raster.bandCount());
        s.put("TileSizeX", p.tileSizeX());
        s.put("TileSizeY", p.tileSizeY());
        s.put("StrideX", p.strideX());
        s.put("StrideY", p.strideY());
        s.put("RotationAngle", p.rotationAngle());
        s.put("ImageSpaceUsed", space);
        s.put("MinCellSize", cellSize);
        s.put("MaxCellSize", cellSize);
        List<Map<String, Object>> bands = new ArrayList<>();
        for (int b = 0; b < stats.bandSum.length; b++) {
            Map<String, Object> m = new LinkedHashMap<>();
            double mean = stats.bandN == 0 ? 0 : stats.bandSum[b] / stats.bandN;
            m.put("Num", stats.bandN);
            m.put("Min", stats.bandN == 0 ? 0 : stats.bandMin[b]);
            m.put("Max", stats.bandN == 0 ? 0 : stats.bandMax[b]);
            m.put("M1", mean);
            m.put("M2", stats.bandN == 0 ? 0 : Math.max(0, stats.bandSq[b] / stats.bandN - mean * mean));
            bands.add(m);
        }
        s.put("BandStatsState", bands);
        List<Long> imagesPerClass = new ArrayList<>();
        List<Long> countPerClass = new ArrayList<>();
        List<Long> pixelsPerClass = new ArrayList<>();
        List<Map<String, Object>> areaPerClass = new ArrayList<>();
        for (Integer v : classes.keySet()) {
            long[] c = stats.perClass.getOrDefault(v, new long[3]);
            imagesPerClass.add(c[1]);
            countPerClass.add(c[0]);
            pixelsPerClass.add(c[2]);
            double[] a = stats.areas.get(v);
            Map<String, Object> am = new LinkedHashMap<>();
            am.put("Min", a == null ? 0 : a[0]);
            am.put("Max", a == null ? 0 : a[1]);
            am.put("Mean", a == null || c[0] == 0 ? 0 : a[2] / c[0]);
            areaPerClass.add(am);
        }
        if (fmt == MetadataFormat.Classified_Tiles) {
            Map<String, Object> cps = new LinkedHashMap<>();
            cps.put("NumImagesPerClass", imagesPerClass);
            cps.put("NumPixelsPerClass", pixelsPerClass);
            s.put("ClassPixelStats", cps);
        } else if (fmt != MetadataFormat.Export_Tiles) {
            Map<String, Object> fs = new LinkedHashMap<>();
            fs.put("NumImagesTotal", next);
            fs.put("NumFeaturesTotal", stats.featuresSum);
            fs.put("NumImagesPerClass", imagesPerClass);
            fs.put("NumFeaturesPerClass", countPerClass);
            fs.put("NumFeaturesPerImage", Map.of("Min", next == 0 ? 0 : stats.featuresMin, "Max", stats.featuresMax,
                    "Mean", next == 0 ? 0 : (double) stats.featuresSum / next));
            fs.put("FeatureAreaPerClass", areaPerClass);
            if (fmt == MetadataFormat.RCNN_Masks) {
                fs.put("NumPixelsPerClass", pixelsPerClass);
            }
            s.put("FeatureStats", fs);
        }
        s.put("Classes", classList(classes));
        return s;
    }

    private static String statsText(ExportTrainingDataParameters p, RasterSource raster, Map<Integer, ClassInfo> classes,
                                    ExportStatistics stats, long next, long skipped, Map<String, Long> skipReasons) {
        MetadataFormat fmt = p.metadataFormat();
        StringBuilder b = new StringBuilder();
        b.append("DeepRaster Export Training Data For Deep Learning\n");
        b.append("Input raster: ").append(raster.path()).append('\n');
        String georef = org.deepraster.tool.RasterInputs.georeferencingMetadata(java.util.List.of(raster));
        if (georef != null) {
            b.append("Georeferencing: ").append(georef).append('\n');
        }
        b.append("Metadata format: ").append(fmt).append('\n');
        b.append("Image chip format: ").append(p.imageChipFormat()).append('\n');
        b.append("Tile size: ").append(p.tileSizeX()).append(" x ").append(p.tileSizeY()).append(", stride ")
                .append(p.strideX()).append(" x ").append(p.strideY()).append('\n');
        if (p.rotationAngle() > 0) {
            b.append("Rotation angle: ").append(p.rotationAngle()).append('\n');
        }
        b.append("Number of image chips: ").append(next).append('\n');
        b.append("Number of features: ").append(stats.featuresSum).append('\n');
        for (ClassInfo c : classes.values()) {
            long[] n = stats.perClass.getOrDefault(c.value(), new long[3]);
            b.append("Class ").append(c.value()).append(" (").append(c.name()).append("): ").append(n[0]).append(" labels in ")
                    .append(n[1]).append(" chips");
            if (n[2] > 0) {
                b.append(", ").append(n[2]).append(" pixels");
            }
            b.append('\n');
        }
        if (skipped > 0) {
            skipReasons.forEach((k, v) -> b.append("Not written (").append(k).append("): ").append(v).append('\n'));
        }
        return b.toString();
    }
}
