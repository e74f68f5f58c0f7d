package org.deepraster.tool.exporttrainingdata;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.awt.geom.AffineTransform;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.deepraster.geo.Crs;
import org.deepraster.job.ItemProblem;
import org.deepraster.job.JobProgress;
import org.deepraster.job.JobReport;
import org.deepraster.job.JobSummary;
import org.deepraster.job.ResultSink;
import org.deepraster.model.ClassInfo;
import org.deepraster.raster.RasterSource;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataParameters.ChipFormat;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataParameters.MetadataFormat;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataTool.ChipObject;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataTool.ChipResult;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataTool.ExportedChip;

/**
 * The writer-thread side of an export: names the chips in the order they finish
 * ({@code 000000000}, {@code 000000001}, … as ArcGIS does), moves them from the pending folder into
 * {@code images/} and {@code labels/}, writes their label files and {@code map.txt}, and at the end the
 * metadata files.
 *
 * <p>The layout follows what arcgis.learn's {@code prepare_data} (arcgis/learn/_data.py of
 * Esri/arcgis-python-api) reads: it requires {@code esri_model_definition.emd}, {@code map.txt} and
 * {@code esri_accumulated_stats.json} in the folder ({@code _check_esri_files}); takes the dataset type
 * from {@code MetaDataMode} in the stats; the label extension from the second column of the first line
 * of {@code map.txt} ({@code images/X.tif labels/X.xml}); the classes from the .emd's
 * {@code Classes [{Value, Name, Color}]}; PASCAL VOC labels as {@code labels/X.xml} with
 * {@code object/name} (the class value, looked up in the classes) and {@code object/bndbox}
 * {xmin, ymin, xmax, ymax}; KITTI labels as {@code labels/X.txt} (class, then the box in columns 4-7);
 * Classified_Tiles labels as {@code labels/X.<ext>} of class values; RCNN_Masks labels as
 * {@code labels/<class name>/X.<ext>} with one value per instance; and for class balancing the stats'
 * {@code ClassPixelStats.NumPixelsPerClass} / {@code FeatureStats.NumFeaturesPerClass}. {@code map.txt}
 * uses forward slashes (ArcGIS writes backslashes; prepare_data replaces them, and Python's paths take
 * forward slashes on Windows too). {@code BandStatsState} holds per band {@code Num}, {@code Min},
 * {@code Max}, {@code M1} (mean) and {@code M2} (variance), over the valid pixels of the chips
 * written. YOLO (not an ArcGIS format) gets {@code labels/X.txt} lines {@code class cx cy w h}
 * normalised to the chip, class = index in {@code classes.txt}, and a {@code data.yaml}.
 */
final class TrainingDataWriter implements ResultSink<ChipResult> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final ExportTrainingDataTool.Plan plan;
    private final ExportTrainingDataParameters p;
    private final RasterSource raster;
    private final Map<Integer, ClassInfo> classes;
    private final List<ResultSink<ExportedChip>> sinks;
    private final List<String> warnings;
    private final Path out;
    private final MetadataFormat fmt;
    private BufferedWriter map;
    private long next;
    // statistics
    private final Map<Integer, long[]> perClass = new TreeMap<>(); // labels, chips, pixels
    private final Map<Integer, double[]> areas = new TreeMap<>(); // min, max, sum
    private final Map<String, Long> skipReasons = new TreeMap<>();
    private final List<ItemProblem> failures = new ArrayList<>();
    private long skipped;
    private long failed;
    private long featuresMin = Long.MAX_VALUE;
    private long featuresMax;
    private long featuresSum;
    private double[] bandSum;
    private double[] bandSq;
    private double[] bandMin;
    private double[] bandMax;
    private long bandN;
    private boolean metadataWritten;

    TrainingDataWriter(ExportTrainingDataTool.Plan plan, ExportTrainingDataParameters p, RasterSource raster,
                       Map<Integer, ClassInfo> classes, List<ResultSink<ExportedChip>> sinks, List<String> warnings) {
        this.plan = plan;
        this.p = p;
        this.raster = raster;
        this.classes = classes;
        this.sinks = sinks;
        this.warnings = warnings;
        this.out = p.outFolder().toAbsolutePath();
        this.fmt = p.metadataFormat();
        int nb = raster.bandCount();
        bandSum = new double[nb];
        bandSq = new double[nb];
        bandMin = new double[nb];
        bandMax = new double[nb];
        java.util.Arrays.fill(bandMin, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(bandMax, Double.NEGATIVE_INFINITY);
    }

    /** Folder name of a class's RCNN_Masks labels: its name, made safe for a file system. */
    static String classFolder(ClassInfo c) {
        String n = c == null ? "class" : c.name().replaceAll("[^A-Za-z0-9._ -]", "_").trim();
        return n.isEmpty() || n.startsWith(".") ? "class_" + (c == null ? 0 : c.value()) : n;
    }

    @Override
    public void started(long total, long resumed) throws IOException {
        if (fmt != MetadataFormat.YOLO) {
            map = Files.newBufferedWriter(out.resolve("map.txt"), StandardCharsets.UTF_8);
        }
        for (ResultSink<ExportedChip> s : sinks) {
            s.started(total, resumed);
        }
    }

    @Override
    public void accept(List<ChipResult> results) throws IOException {
        List<ExportedChip> written = new ArrayList<>(results.size());
        for (ChipResult r : results) {
            written.add(write(r));
        }
        if (map != null) {
            map.flush();
        }
        for (ResultSink<ExportedChip> s : sinks) {
            s.accept(written);
        }
    }

    private ExportedChip write(ChipResult r) throws IOException {
        String name = String.format(Locale.ROOT, "%09d", next++);
        ChipFormat cf = p.imageChipFormat();
        Path image = out.resolve("images").resolve(name + "." + cf.extension());
        Files.move(r.image(), image, StandardCopyOption.REPLACE_EXISTING);
        if (cf != ChipFormat.TIFF && raster.grid().crs() != null) {
            worldFile(out.resolve("images").resolve(name + "." + (cf == ChipFormat.PNG ? "pgw" : "jgw")), r.chipToMap());
        }
        List<Path> labelFiles = new ArrayList<>();
        String lext = ChipEncoder.labelExtension(cf);
        String mapLabel = "labels/" + name + "." + lext;
        switch (fmt) {
            case PASCAL_VOC_rectangles, Labeled_Tiles, MultiLabeled_Tiles, Imagenet -> {
                Path f = out.resolve("labels").resolve(name + ".xml");
                Files.writeString(f, voc(name + "." + cf.extension(), r.objects()));
                labelFiles.add(f);
                mapLabel = "labels/" + name + ".xml";
            }
            case KITTI_rectangles -> {
                Path f = out.resolve("labels").resolve(name + ".txt");
                Files.writeString(f, kitti(r.objects()));
                labelFiles.add(f);
                mapLabel = "labels/" + name + ".txt";
            }
            case YOLO -> {
                Path f = out.resolve("labels").resolve(name + ".txt");
                Files.writeString(f, yolo(r.objects()));
                labelFiles.add(f);
            }
            case Classified_Tiles, RCNN_Masks -> {
                for (Map.Entry<String, Path> e : r.labelRasters().entrySet()) {
                    Path dir = e.getKey().isEmpty() ? out.resolve("labels") : Files.createDirectories(out.resolve("labels").resolve(e.getKey()));
                    Path f = dir.resolve(name + "." + lext);
                    Files.move(e.getValue(), f, StandardCopyOption.REPLACE_EXISTING);
                    labelFiles.add(f);
                }
            }
            case Export_Tiles -> mapLabel = "images/" + name + "." + cf.extension();
        }
        if (map != null) {
            map.write("images/" + name + "." + cf.extension() + " " + mapLabel + "\n");
        }
        count(r);
        return new ExportedChip(name, image, labelFiles, r.objects().size());
    }

    private void count(ChipResult r) {
        Map<Integer, Integer> inChip = new TreeMap<>();
        if (fmt == MetadataFormat.Classified_Tiles || fmt == MetadataFormat.RCNN_Masks) {
            for (Map.Entry<Integer, Long> e : r.classPixels().entrySet()) {
                long[] c = perClass.computeIfAbsent(e.getKey(), k -> new long[3]);
                c[2] += e.getValue();
                inChip.putIfAbsent(e.getKey(), 0);
                if (!classes.containsKey(e.getKey())) { // a classified raster's classes are found here
                    int[] pal = plan.classPalette();
                    int v = e.getKey();
                    ClassInfo ci = TrainingLabels.color(v, String.valueOf(v), classes.size());
                    if (pal != null && v >= 0 && v < pal.length) {
                        ci = new ClassInfo(v, ci.name(), pal[v] >> 16 & 255, pal[v] >> 8 & 255, pal[v] & 255);
                    }
                    classes.put(v, ci);
                }
            }
        }
        if (fmt != MetadataFormat.Classified_Tiles || r.classPixels().isEmpty()) {
            for (ChipObject o : r.objects()) {
                inChip.merge(o.classValue(), 1, Integer::sum);
                double[] a = areas.computeIfAbsent(o.classValue(), k -> new double[] {Double.POSITIVE_INFINITY, 0, 0});
                a[0] = Math.min(a[0], o.mapArea());
                a[1] = Math.max(a[1], o.mapArea());
                a[2] += o.mapArea();
            }
        }
        for (Map.Entry<Integer, Integer> e : inChip.entrySet()) {
            long[] c = perClass.computeIfAbsent(e.getKey(), k -> new long[3]);
            c[0] += fmt == MetadataFormat.Classified_Tiles && !r.classPixels().isEmpty() ? 1 : e.getValue();
            c[1]++;
        }
        long n = r.objects().size();
        featuresMin = Math.min(featuresMin, n);
        featuresMax = Math.max(featuresMax, n);
        featuresSum += n;
        for (int b = 0; b < bandSum.length; b++) {
            bandSum[b] += r.bandSum()[b];
            bandSq[b] += r.bandSumSq()[b];
            bandMin[b] = Math.min(bandMin[b], r.bandMin()[b]);
            bandMax[b] = Math.max(bandMax[b], r.bandMax()[b]);
        }
        bandN += r.validPixels();
    }

    private static String num(double v) {
        String s = String.format(Locale.ROOT, "%.4f", v);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    private String voc(String file, List<ChipObject> objects) {
        StringBuilder b = new StringBuilder();
        b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<annotation>\n  <folder>images</folder>\n  <filename>")
                .append(file).append("</filename>\n  <source>\n    <database>Unknown</database>\n  </source>\n  <size>\n")
                .append("    <width>").append(p.tileSizeX()).append("</width>\n    <height>").append(p.tileSizeY())
                .append("</height>\n    <depth>").append(raster.bandCount()).append("</depth>\n  </size>\n  <segmented>0</segmented>\n");
        java.util.Set<Integer> named = new java.util.HashSet<>();
        for (ChipObject o : objects) {
            if (fmt == MetadataFormat.MultiLabeled_Tiles && !named.add(o.classValue())) {
                continue; // one object per class present
            }
            b.append("  <object>\n    <name>").append(o.classValue()).append("</name>\n    <pose>Unspecified</pose>\n")
                    .append("    <truncated>").append(o.truncated() ? 1 : 0).append("</truncated>\n    <difficult>0</difficult>\n")
                    .append("    <bndbox>\n      <xmin>").append(num(o.x0())).append("</xmin>\n      <ymin>").append(num(o.y0()))
                    .append("</ymin>\n      <xmax>").append(num(o.x1())).append("</xmax>\n      <ymax>").append(num(o.y1()))
                    .append("</ymax>\n    </bndbox>\n  </object>\n");
        }
        return b.append("</annotation>\n").toString();
    }

    private static String kitti(List<ChipObject> objects) {
        StringBuilder b = new StringBuilder();
        for (ChipObject o : objects) {
            // type truncated occluded alpha | bbox left top right bottom | dimensions h w l | location x y z | rotation_y
            b.append(o.classValue()).append(' ').append(o.truncated() ? "1.00" : "0.00").append(" 0 0.00 ")
                    .append(num(o.x0())).append(' ').append(num(o.y0())).append(' ').append(num(o.x1())).append(' ')
                    .append(num(o.y1())).append(" 0.00 0.00 0.00 0.00 0.00 0.00 0.00\n");
        }
        return b.toString();
    }

    private String yolo(List<ChipObject> objects) {
        List<Integer> order = new ArrayList<>(classes.keySet());
        StringBuilder b = new StringBuilder();
        double w = p.tileSizeX();
        double h = p.tileSizeY();
        for (ChipObject o : objects) {
            b.append(order.indexOf(o.classValue())).append(' ')
                    .append(String.format(Locale.ROOT, "%.6f %.6f %.6f %.6f", (o.x0() + o.x1()) / 2 / w, (o.y0() + o.y1()) / 2 / h,
                            (o.x1() - o.x0()) / w, (o.y1() - o.y0()) / h)).append('\n');
        }
        return b.toString();
    }

    private static void worldFile(Path f, AffineTransform t) throws IOException {
        // the world file gives the centre of the upper-left pixel
        double cx = t.getTranslateX() + 0.5 * t.getScaleX() + 0.5 * t.getShearX();
        double cy = t.getTranslateY() + 0.5 * t.getShearY() + 0.5 * t.getScaleY();
        Files.writeString(f, String.format(Locale.ROOT, "%.10f%n%.10f%n%.10f%n%.10f%n%.10f%n%.10f%n", t.getScaleX(),
                t.getShearY(), t.getShearX(), t.getScaleY(), cx, cy));
    }

    @Override
    public void problem(ItemProblem problem) {
        if (problem.kind() == ItemProblem.Kind.SKIPPED) {
            skipped++;
            skipReasons.merge(problem.reason(), 1L, Long::sum);
        } else {
            failed++;
            if (failures.size() < 1000) {
                failures.add(problem);
            }
        }
        for (ResultSink<ExportedChip> s : sinks) {
            s.problem(problem);
        }
    }

    @Override
    public void progress(JobProgress progress) {
        for (ResultSink<ExportedChip> s : sinks) {
            s.progress(progress);
        }
    }

    @Override
    public void finished(JobReport report) throws IOException {
        writeMetadata();
        for (ResultSink<ExportedChip> s : sinks) {
            s.finished(report);
        }
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        try {
            if (map != null) {
                map.close();
            }
            if (!metadataWritten) {
                writeMetadata(); // a failed run still leaves a readable folder for what it wrote
            }
            deletePending();
        } catch (IOException e) {
            first = e;
        }
        for (ResultSink<ExportedChip> s : sinks) {
            try {
                s.close();
            } catch (Exception e) {
                first = first == null ? (e instanceof IOException io ? io : new IOException(e)) : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private void deletePending() throws IOException {
        Path pending = plan.pendingFolder();
        if (pending == null || !Files.isDirectory(pending)) {
            return;
        }
        try (Stream<Path> s = Files.walk(pending)) {
            for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }

    // ------------------------------------------------------------------ metadata

    private String modelType() {
        return switch (fmt) {
            case Classified_Tiles -> "ImageClassification";
            case RCNN_Masks -> "InstanceDetection";
            case Labeled_Tiles, MultiLabeled_Tiles, Imagenet -> "ObjectClassification";
            default -> "ObjectDetection";
        };
    }

    private List<Map<String, Object>> classList() {
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

    private void writeMetadata() throws IOException {
        metadataWritten = true;
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
            emd.put("ModelType", modelType());
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
            emd.put("Classes", classList());
            JSON.writeValue(out.resolve("esri_model_definition.emd").toFile(), emd);
            JSON.writeValue(out.resolve("esri_accumulated_stats.json").toFile(), accumulatedStats(cellSize, space));
        }
        Files.writeString(out.resolve("stats.txt"), statsText());
    }

    private Map<String, Object> accumulatedStats(Map<String, Object> cellSize, String space) {
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
        for (int b = 0; b < bandSum.length; b++) {
            Map<String, Object> m = new LinkedHashMap<>();
            double mean = bandN == 0 ? 0 : bandSum[b] / bandN;
            m.put("Num", bandN);
            m.put("Min", bandN == 0 ? 0 : bandMin[b]);
            m.put("Max", bandN == 0 ? 0 : bandMax[b]);
            m.put("M1", mean);
            m.put("M2", bandN == 0 ? 0 : Math.max(0, bandSq[b] / bandN - mean * mean));
            bands.add(m);
        }
        s.put("BandStatsState", bands);
        List<Long> imagesPerClass = new ArrayList<>();
        List<Long> countPerClass = new ArrayList<>();
        List<Long> pixelsPerClass = new ArrayList<>();
        List<Map<String, Object>> areaPerClass = new ArrayList<>();
        for (Integer v : classes.keySet()) {
            long[] c = perClass.getOrDefault(v, new long[3]);
            imagesPerClass.add(c[1]);
            countPerClass.add(c[0]);
            pixelsPerClass.add(c[2]);
            double[] a = areas.get(v);
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
            fs.put("NumFeaturesTotal", featuresSum);
            fs.put("NumImagesPerClass", imagesPerClass);
            fs.put("NumFeaturesPerClass", countPerClass);
            fs.put("NumFeaturesPerImage", Map.of("Min", next == 0 ? 0 : featuresMin, "Max", featuresMax,
                    "Mean", next == 0 ? 0 : (double) featuresSum / next));
            fs.put("FeatureAreaPerClass", areaPerClass);
            if (fmt == MetadataFormat.RCNN_Masks) {
                fs.put("NumPixelsPerClass", pixelsPerClass);
            }
            s.put("FeatureStats", fs);
        }
        s.put("Classes", classList());
        return s;
    }

    private String statsText() {
        StringBuilder b = new StringBuilder();
        b.append("DeepRaster Export Training Data For Deep Learning\n");
        b.append("Input raster: ").append(raster.path()).append('\n');
        b.append("Metadata format: ").append(fmt).append('\n');
        b.append("Image chip format: ").append(p.imageChipFormat()).append('\n');
        b.append("Tile size: ").append(p.tileSizeX()).append(" x ").append(p.tileSizeY()).append(", stride ")
                .append(p.strideX()).append(" x ").append(p.strideY()).append('\n');
        if (p.rotationAngle() > 0) {
            b.append("Rotation angle: ").append(p.rotationAngle()).append('\n');
        }
        b.append("Number of image chips: ").append(next).append('\n');
        b.append("Number of features: ").append(featuresSum).append('\n');
        for (ClassInfo c : classes.values()) {
            long[] n = perClass.getOrDefault(c.value(), new long[3]);
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

    ExportTrainingDataResult result(JobReport report) {
        Map<String, Long> labels = new TreeMap<>();
        Map<String, Long> chips = new TreeMap<>();
        for (Map.Entry<Integer, long[]> e : perClass.entrySet()) {
            ClassInfo c = classes.get(e.getKey());
            String n = c == null ? String.valueOf(e.getKey()) : c.name();
            labels.put(n, e.getValue()[0]);
            chips.put(n, e.getValue()[1]);
        }
        JobProgress pr = report.progress();
        JobSummary summary = new JobSummary(report.outcome(), pr.total(), pr.resumed(), next, labels, skipped, skipReasons,
                failed, failures, Duration.ofNanos(pr.elapsedNanos()), report.error());
        return new ExportTrainingDataResult(report, summary, out, next, labels, chips, warnings);
    }
}
