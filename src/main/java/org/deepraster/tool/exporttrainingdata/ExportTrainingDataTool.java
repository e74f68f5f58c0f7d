package org.deepraster.tool.exporttrainingdata;

import org.deepraster.tool.OutputLock;
import org.deepraster.tool.StagedFolder;
import org.deepraster.tool.ChipReader;
import org.deepraster.tiling.Tile;
import org.deepraster.tiling.TileGrid;
import org.deepraster.tool.Environments;
import org.deepraster.vector.PolygonRasterizer;

import java.awt.Rectangle;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.deepraster.feature.Features;
import org.deepraster.geo.Crs;
import org.deepraster.geo.GridGeometry;
import org.deepraster.job.Job;
import org.deepraster.job.JobConfig;
import org.deepraster.job.JobSteps;
import org.deepraster.job.Prepared;
import org.deepraster.job.ResultSink;
import org.deepraster.job.WorkItem;
import org.deepraster.model.ClassInfo;
import org.deepraster.raster.RasterFiles;
import org.deepraster.raster.RasterSource;
import org.deepraster.raster.SampleType;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataParameters.ClassData;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataParameters.MetadataFormat;
import org.deepraster.util.Progress;
import org.deepraster.util.UserException;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * Export Training Data For Deep Learning: cuts image chips from a raster and writes them with their
 * labels in the folder layouts that arcgis.learn's {@code prepare_data} reads (and YOLO text labels).
 *
 * <p>Work items are chips: tiles of {@code tile_size} every {@code stride} pixels over the region of
 * interest (raster ∩ processing extent; the last row and column are shifted back to end at the edge,
 * so every chip holds real pixels), or, for Labeled_Tiles and Imagenet, one chip per feature centred on
 * it. With {@code rotation_angle} each chip has extra copies rotated (clockwise on the image) about its
 * centre by multiples of the angle; a rotated copy shows the raster around the chip (not black corners),
 * and its labels are the rotated features. Every label is computed in the chip's own pixel grid: a
 * feature (reprojected to the raster's CRS, points and lines buffered by {@code buffer_radius}) is
 * mapped into the chip, cut at the chip border, and its box is the bounding box of what is left; a
 * mask is the cut polygon rasterised by pixel centres ({@link PolygonRasterizer}).
 *
 * <p>Threads: chips are read, rotated, labelled and encoded on the engine's reader threads into a
 * pending folder inside the output; the writer thread names them ({@code 000000000.tif}, …), moves them
 * into {@code images/} and {@code labels/}, and appends {@code map.txt}. The metadata files are
 * written at the end, also after a cancel, so a cancelled export is a valid, smaller export. Memory
 * holds only the features and a bounded number of chips in flight.
 */
public final class ExportTrainingDataTool {

    /** Why a chip is not written. */
    public static final String NO_FEATURES = "no labelled feature in the chip";
    public static final String NO_DATA = ChipReader.NO_DATA;
    /** Folder (inside the output) where chips wait for the writer thread. */
    static final String PENDING = ".deepraster-pending";
    static final int BATCH = 8;

    public ExportTrainingDataResult run(ExportTrainingDataParameters p, Progress progress,
                                        List<? extends ResultSink<ExportedChip>> sinks) throws IOException {
        try (Plan plan = plan(p)) {
            return plan.run(progress, sinks);
        }
    }

    /** One chip as written: its name (no extension), image file and label files, and labels in it. */
    public record ExportedChip(String name, Path image, List<Path> labels, int objects) {
    }

    /** A labelled feature in raster pixel space (buffered points and lines are polygons). */
    record Label(long id, int classValue, Geometry px, double mapArea) {
    }

    /** A chip to cut: {@code region} in raster pixels, mapped to the chip and rotated by {@code angle} degrees. */
    record ChipItem(int index, String key, Rectangle2D region, double angle, Label feature) implements WorkItem {
        @Override
        public String label() {
            return feature != null ? "feature " + feature.id() + (angle != 0 ? " rotated " + angle : "")
                    : "chip " + key;
        }
    }

    /** One object of a chip, in chip pixels. */
    record ChipObject(int classValue, double x0, double y0, double x1, double y1, boolean truncated, double mapArea) {
    }

    /** A prepared chip: files waiting in the pending folder, its labels and statistics. */
    record ChipResult(ChipItem item, Path image, Map<String, Path> labelRasters, List<ChipObject> objects,
                      Map<Integer, Long> classPixels, double[] bandSum, double[] bandSumSq, double[] bandMin,
                      double[] bandMax, long validPixels, AffineTransform chipToMap) {
    }

    /** Checks everything before any work and lays out the chips. Throws {@link UserException} for bad input. */
    public Plan plan(ExportTrainingDataParameters p) throws IOException {
        if (p.inRaster() == null) {
            throw new UserException("No input raster given.", "Give a raster file.");
        }
        if (p.outFolder() == null) {
            throw new UserException("No output folder given.", "Name a folder for the chips and labels.");
        }
        MetadataFormat fmt = p.metadataFormat();
        if (p.tileSizeX() < 1 || p.tileSizeY() < 1 || p.tileSizeX() > 8192 || p.tileSizeY() > 8192) {
            throw new UserException("Tile size " + p.tileSizeX() + " x " + p.tileSizeY() + " is not between 1 and 8192.",
                    "Use e.g. 256 x 256.");
        }
        if (p.strideX() < 1 || p.strideY() < 1) {
            throw new UserException("Stride " + p.strideX() + " x " + p.strideY() + " must be at least 1.",
                    "Use e.g. half the tile size for 50% overlap, or the tile size for none.");
        }
        if (!(p.rotationAngle() >= 0 && p.rotationAngle() < 360)) {
            throw new UserException("rotation_angle " + p.rotationAngle() + " is not between 0 and 360.",
                    "Use e.g. 90 for copies at 90, 180 and 270 degrees, or 0 for none.");
        }
        if (!(p.minPolygonOverlapRatio() >= 0 && p.minPolygonOverlapRatio() <= 1)) {
            throw new UserException("min_polygon_overlap_ratio " + p.minPolygonOverlapRatio() + " is not between 0 and 1.",
                    "It is the share of a feature that must lie in a chip for it to be labelled there, e.g. 0.5.");
        }
        if (!(p.bufferRadius() >= 0)) {
            throw new UserException("buffer_radius " + p.bufferRadius() + " is negative.", "Use 0 or a distance in map units.");
        }
        if (p.inClassData() == null && fmt != MetadataFormat.Export_Tiles) {
            throw new UserException("No labelled data (in_class_data) given for " + fmt + ".",
                    "Give features or a classified raster, or use metadata format Export_Tiles for chips without labels.");
        }
        if (p.inClassData() instanceof ClassData.Raster && fmt != MetadataFormat.Classified_Tiles
                && fmt != MetadataFormat.Export_Tiles) {
            throw new UserException("A classified raster as in_class_data gives Classified_Tiles, not " + fmt + ".",
                    "Use metadata format Classified_Tiles, or give labelled features for " + fmt + ".");
        }
        Path finalFolder = p.outFolder().toAbsolutePath().normalize();
        OutputLock lock = OutputLock.acquire(finalFolder); // one run owns the folder (released by the plan's close)
        StagedFolder staging = null;
        RasterSource raster = null;
        RasterSource classRaster = null;
        try {
            if (p.overwrite() && java.nio.file.Files.isDirectory(finalFolder) && !ExportFolder.isEmpty(finalFolder)) {
                staging = StagedFolder.forFolder(finalFolder); // the earlier export stays until this one is complete
                p = p.withOutFolder(staging.staging());
            }
            raster = RasterFiles.open(p.inRaster());
            List<String> warnings = new ArrayList<>(raster.warnings());
            if (lock.recoveredFrom() != null) {
                warnings.add("The lock of " + finalFolder.getFileName() + " was left by a run that ended without releasing it ("
                        + lock.recoveredFrom() + "); this run took it over.");
            }
            checkChipFormat(p, raster);
            if (p.inClassData() instanceof ClassData.Raster r) {
                classRaster = RasterFiles.open(r.path());
                if (!Crs.same(classRaster.grid().crs(), raster.grid().crs())) {
                    throw new UserException("The classified raster " + classRaster.name() + " (" + Crs.displayName(classRaster.grid().crs())
                            + ") is not in the CRS of " + raster.name() + " (" + Crs.displayName(raster.grid().crs()) + ").",
                            "Reproject the classified raster to the imagery's CRS.");
                }
                if (classRaster.bandCount() != 1) {
                    warnings.add("The classified raster has " + classRaster.bandCount() + " bands; its first band is used.");
                }
            }
            if (p.referenceSystem() == ExportTrainingDataParameters.ReferenceSystem.MAP_SPACE && !raster.grid().isNorthUp()) {
                warnings.add("The raster is not north-up: chips are cut in its pixel space (as PIXEL_SPACE would).");
            }
            if (p.blackenAroundFeature() && !fmt.perFeature()) {
                warnings.add("blacken_around_feature applies to Labeled_Tiles and Imagenet chips only; ignored for " + fmt + ".");
            }
            Plan plan = new Plan(p, raster, classRaster, warnings);
            plan.finalFolder = finalFolder;
            plan.staging = staging;
            plan.lock = lock;
            plan.loadLabels();
            plan.layOut();
            plan.prepareFolder();
            return plan;
        } catch (IOException | RuntimeException e) {
            if (raster != null) {
                raster.close();
            }
            if (classRaster != null) {
                classRaster.close();
            }
            if (staging != null) {
                staging.abandon();
            }
            lock.close();
            throw e;
        }
    }

    private static void checkChipFormat(ExportTrainingDataParameters p, RasterSource raster) {
        if (p.imageChipFormat() == ExportTrainingDataParameters.ChipFormat.TIFF) {
            return;
        }
        int maxBands = p.imageChipFormat() == ExportTrainingDataParameters.ChipFormat.PNG ? 4 : 3;
        if (raster.sampleType() != SampleType.UINT8) {
            throw new UserException(p.imageChipFormat() + " chips hold 8-bit pixels; " + raster.name() + " has "
                    + raster.sampleType() + " samples.", "Use image_chip_format TIFF, which keeps the samples as they are.");
        }
        if (raster.bandCount() > maxBands) {
            throw new UserException(p.imageChipFormat() + " chips hold at most " + maxBands + " bands; " + raster.name() + " has "
                    + raster.bandCount() + ".", "Use image_chip_format TIFF for multispectral imagery.");
        }
    }

    /** A checked export: the raster (open), the labels, the chips, the output folder. Run once, then close. */
    public static final class Plan implements AutoCloseable {
        private final ExportTrainingDataParameters p;
        private final RasterSource raster;
        private final RasterSource classRaster;
        private final List<String> warnings;
        private final int[] bands;
        private final List<ChipItem> items = new ArrayList<>();
        /** Chip positions left out while planning, by reason. */
        private final Map<String, Long> notCut = new java.util.LinkedHashMap<>();
        private final STRtree index = new STRtree();
        private final Map<Integer, ClassInfo> classes = new TreeMap<>();
        private final List<Label> labels = new ArrayList<>();
        private AffineTransform rasterToClass;
        private int rotations = 1;
        private Path pending;
        private Path finalFolder;
        private StagedFolder staging;
        private OutputLock lock;

        Plan(ExportTrainingDataParameters p, RasterSource raster, RasterSource classRaster, List<String> warnings) {
            this.p = p;
            this.raster = raster;
            this.classRaster = classRaster;
            this.warnings = warnings;
            this.bands = new int[raster.bandCount()];
            for (int b = 0; b < bands.length; b++) {
                bands[b] = b;
            }
            if (p.rotationAngle() > 0) {
                rotations = (int) Math.ceil(360 / p.rotationAngle() - 1e-9);
            }
        }

        public ExportTrainingDataParameters parameters() {
            return p;
        }

        /** Raster pixels to chip pixels and back (tile size, rotation). */
        ChipFrame frame() {
            return new ChipFrame(p.tileSizeX(), p.tileSizeY());
        }

        /** Chips to cut (rotated copies included); tiles without features may still be left out while running. */
        public long total() {
            return items.size();
        }

        public List<String> warnings() {
            return List.copyOf(warnings);
        }

        /** Chip positions left out while planning (outside the mask, no feature), by reason. */
        public Map<String, Long> notCut() {
            return java.util.Collections.unmodifiableMap(notCut);
        }

        /** The classes known before the run (from the features); a classified raster's classes are found while running. */
        public List<ClassInfo> classes() {
            return List.copyOf(classes.values());
        }

        /** The output folder (an overwrite writes beside it and moves the export in when complete). */
        public Path outFolder() {
            return finalFolder == null ? p.outFolder() : finalFolder;
        }

        /** Copies of each chip (1 without rotation). */
        public int rotations() {
            return rotations;
        }

        RasterSource raster() {
            return raster;
        }

        // ------------------------------------------------------------------ labels

        void loadLabels() throws IOException {
            if (classRaster != null) {
                GridGeometry cg = classRaster.grid();
                rasterToClass = new AffineTransform(cg.crsToGrid());
                rasterToClass.concatenate(raster.grid().gridToCrs());
                return; // its classes are the values found while running
            }
            if (!(p.inClassData() instanceof ClassData.Features fin)) {
                return;
            }
            TrainingLabels.load(p, raster, fin, labels, index, classes, warnings);
        }

        // ------------------------------------------------------------------ chips

        void layOut() throws IOException {
            ChipLayout.layOut(p, raster, classRaster != null, labels, index, rotations, items, notCut);
        }

        /** Tile origins along one axis ({@link TileGrid#starts}). */
        static int[] starts(int from, int length, int tile, int stride) {
            return TileGrid.starts(from, length, tile, stride);
        }

        static Rectangle pixelRect(Rectangle2D px) {
            Rectangle r = new Rectangle((int) Math.floor(px.getMinX()), (int) Math.floor(px.getMinY()), 0, 0);
            r.add((int) Math.ceil(px.getMaxX()), (int) Math.ceil(px.getMaxY()));
            return r;
        }

        void prepareFolder() throws IOException {
            pending = ExportFolder.prepare(p, warnings);
        }

        // ------------------------------------------------------------------ run

        /**
         * Runs the export: chips and labels go to the output folder; each written chip also goes to
         * {@code sinks} (on the calling thread, which is the engine's writer thread), with progress.
         */
        public ExportTrainingDataResult run(Progress progress, List<? extends ResultSink<ExportedChip>> sinks) throws IOException {
            TrainingDataWriter writer = new TrainingDataWriter(this, p, raster, classes, new ArrayList<>(sinks), warnings);
            Environments env = p.environments();
            JobConfig config = JobConfig.of(BATCH, env.readers(), env.retries());
            Job<ChipItem, ChipResult, ChipResult> job = new Job<>("Export training data", items, new Steps(), config, Set.of());
            var report = job.run(progress, List.of(writer));
            ExportTrainingDataResult r = writer.result(report);
            if (staging == null) {
                return r;
            }
            List<String> w = new ArrayList<>(r.warnings());
            if (report.outcome() != org.deepraster.job.JobReport.Outcome.COMPLETED) {
                staging.abandon();
                w.add("The export did not complete, so the earlier export in " + finalFolder + " was left as it was.");
            } else {
                int kept = ExportFolder.clearEarlierExport(finalFolder);
                staging.commit();
                if (kept > 0) {
                    w.add(kept + " files in " + finalFolder + " that an export does not write were left as they were.");
                }
            }
            return new ExportTrainingDataResult(r.report(), r.summary(), finalFolder, r.chips(), r.labelsByClass(),
                    r.chipsByClass(), r.notCut(), w.stream().map(staging::unstaged).toList());
        }

        /** Chips on the reader threads; the batch step only hands them on. */
        private final class Steps implements JobSteps<ChipItem, ChipResult, ChipResult> {
            private final ChipCutter cutter = new ChipCutter(Plan.this);

            @Override
            public Prepared<ChipItem, ChipResult> prepare(ChipItem item) throws IOException {
                return cutter.cut(item);
            }

            @Override
            public List<ChipResult> run(List<Prepared.Ready<ChipItem, ChipResult>> batch) {
                List<ChipResult> out = new ArrayList<>(batch.size());
                for (Prepared.Ready<ChipItem, ChipResult> r : batch) {
                    out.add(r.input());
                }
                return out;
            }
        }

        /** The colour map of the classified raster given as labels, or null. */
        int[] classPalette() {
            return classRaster == null ? null : classRaster.palette().orElse(null);
        }

        Path pendingFolder() {
            return pending;
        }

        RasterSource classRaster() {
            return classRaster;
        }

        /** The raster's bands, all of them, in order. */
        int[] bands() {
            return bands;
        }

        /** The labelled features in raster pixels, and their index (raster-pixel envelopes). */
        List<Label> labels() {
            return labels;
        }

        STRtree labelIndex() {
            return index;
        }

        /** Classes by value (features' classes; the writer adds a classified raster's). */
        Map<Integer, ClassInfo> classMap() {
            return classes;
        }

        /** Raster pixels to the classified raster's pixels (null without one). */
        AffineTransform rasterToClass() {
            return rasterToClass;
        }

        @Override
        public void close() throws IOException {
            try {
                raster.close();
                if (classRaster != null) {
                    classRaster.close();
                }
            } finally {
                if (staging != null) {
                    staging.abandon(); // nothing left once committed
                }
                if (lock != null) {
                    lock.close();
                }
            }
        }
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
