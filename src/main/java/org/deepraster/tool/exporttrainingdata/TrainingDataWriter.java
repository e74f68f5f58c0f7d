package org.deepraster.tool.exporttrainingdata;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.deepraster.job.ItemProblem;
import org.deepraster.job.JobProgress;
import org.deepraster.job.JobReport;
import org.deepraster.job.JobSummary;
import org.deepraster.job.ResultSink;
import org.deepraster.model.ClassInfo;
import org.deepraster.raster.RasterSource;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataParameters.ChipFormat;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataParameters.MetadataFormat;
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
    private final LabelFiles labelText;
    private final ExportStatistics stats;
    private final Map<String, Long> skipReasons = new TreeMap<>();
    private final List<ItemProblem> failures = new ArrayList<>();
    private long skipped;
    private long failed;
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
        this.labelText = new LabelFiles(p.tileSizeX(), p.tileSizeY(), raster.bandCount(), fmt, classes);
        this.stats = new ExportStatistics(raster.bandCount());
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
            LabelFiles.worldFile(out.resolve("images").resolve(name + "." + (cf == ChipFormat.PNG ? "pgw" : "jgw")), r.chipToMap());
        }
        List<Path> labelFiles = new ArrayList<>();
        String lext = ChipEncoder.labelExtension(cf);
        String mapLabel = "labels/" + name + "." + lext;
        switch (fmt) {
            case PASCAL_VOC_rectangles, Labeled_Tiles, MultiLabeled_Tiles, Imagenet -> {
                Path f = out.resolve("labels").resolve(name + ".xml");
                Files.writeString(f, labelText.voc(name + "." + cf.extension(), r.objects()));
                labelFiles.add(f);
                mapLabel = "labels/" + name + ".xml";
            }
            case KITTI_rectangles -> {
                Path f = out.resolve("labels").resolve(name + ".txt");
                Files.writeString(f, LabelFiles.kitti(r.objects()));
                labelFiles.add(f);
                mapLabel = "labels/" + name + ".txt";
            }
            case YOLO -> {
                Path f = out.resolve("labels").resolve(name + ".txt");
                Files.writeString(f, labelText.yolo(r.objects()));
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
        stats.count(r, fmt, classes, plan.classPalette());
        return new ExportedChip(name, image, labelFiles, r.objects().size());
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

    private void writeMetadata() throws IOException {
        metadataWritten = true;
        // stats.txt counts the positions left out while planning with those skipped while running
        Map<String, Long> reasons = new TreeMap<>(skipReasons);
        plan.notCut().forEach((k, v) -> reasons.merge(k, v, Long::sum));
        ExportMetadata.write(out, p, raster, classes, stats, next,
                skipped + plan.notCut().values().stream().mapToLong(Long::longValue).sum(), reasons);
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

    ExportTrainingDataResult result(JobReport report) {
        Map<String, Long> labels = new TreeMap<>();
        Map<String, Long> chips = new TreeMap<>();
        for (Map.Entry<Integer, long[]> e : stats.perClass.entrySet()) {
            ClassInfo c = classes.get(e.getKey());
            String n = c == null ? String.valueOf(e.getKey()) : c.name();
            labels.put(n, e.getValue()[0]);
            chips.put(n, e.getValue()[1]);
        }
        JobProgress pr = report.progress();
        JobSummary summary = new JobSummary(report.outcome(), pr.total(), pr.resumed(), next, labels, skipped, skipReasons,
                failed, failures, Duration.ofNanos(pr.elapsedNanos()), report.error());
        return new ExportTrainingDataResult(report, summary, out, next, labels, chips, plan.notCut(), warnings);
    }
}
