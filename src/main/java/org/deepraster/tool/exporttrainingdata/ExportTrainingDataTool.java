package org.deepraster.tool.exporttrainingdata;

import org.deepraster.tool.ChipReader;
import org.deepraster.tiling.RasterRegion;
import org.deepraster.tiling.Tile;
import org.deepraster.tiling.TileGrid;
import org.deepraster.tool.Environments;
import org.deepraster.tool.FeatureInput;
import org.deepraster.vector.PolygonRasterizer;

import java.awt.Rectangle;
import java.awt.geom.AffineTransform;
import java.awt.geom.NoninvertibleTransformException;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.deepraster.feature.Feature;
import org.deepraster.feature.FeatureCollection;
import org.deepraster.feature.FeatureSchema;
import org.deepraster.feature.Field;
import org.deepraster.feature.Features;
import org.deepraster.geo.Crs;
import org.deepraster.geo.GridGeometry;
import org.deepraster.geo.Reprojector;
import org.deepraster.job.Job;
import org.deepraster.job.JobConfig;
import org.deepraster.job.JobSteps;
import org.deepraster.job.Prepared;
import org.deepraster.job.ResultSink;
import org.deepraster.job.WorkItem;
import org.deepraster.model.ClassInfo;
import org.deepraster.raster.RasterFiles;
import org.deepraster.raster.RasterSource;
import org.deepraster.raster.RasterWindow;
import org.deepraster.raster.SampleType;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataParameters.ClassData;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataParameters.MetadataFormat;
import org.deepraster.util.Progress;
import org.deepraster.util.UserException;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Lineal;
import org.locationtech.jts.geom.Polygonal;
import org.locationtech.jts.geom.Puntal;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.geom.util.AffineTransformation;
import org.locationtech.jts.index.strtree.STRtree;
import org.opengis.referencing.crs.CoordinateReferenceSystem;

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
        RasterSource raster = RasterFiles.open(p.inRaster());
        RasterSource classRaster = null;
        try {
            List<String> warnings = new ArrayList<>(raster.warnings());
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
            plan.loadLabels();
            plan.layOut();
            plan.prepareFolder();
            return plan;
        } catch (IOException | RuntimeException e) {
            raster.close();
            if (classRaster != null) {
                classRaster.close();
            }
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
        private final STRtree index = new STRtree();
        private final Map<Integer, ClassInfo> classes = new TreeMap<>();
        private final List<Label> labels = new ArrayList<>();
        private AffineTransform rasterToClass;
        private Rectangle roi;
        private int rotations = 1;
        private Path pending;
        private boolean pointsWithoutBuffer;

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

        /** Chips to cut (rotated copies included); tiles without features may still be left out while running. */
        public long total() {
            return items.size();
        }

        public List<String> warnings() {
            return List.copyOf(warnings);
        }

        /** The classes known before the run (from the features); a classified raster's classes are found while running. */
        public List<ClassInfo> classes() {
            return List.copyOf(classes.values());
        }

        public Path outFolder() {
            return p.outFolder();
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
            List<FeatureCollection> inputs = new ArrayList<>();
            for (FeatureInput in : fin.inputs()) {
                inputs.add(in.open());
            }
            CoordinateReferenceSystem rc = raster.grid().crs();
            String field = p.classValueField();
            if (field == null) {
                field = inputs.stream().flatMap(c -> c.schema().fields().stream()).map(Field::name)
                        .filter(n -> n.equalsIgnoreCase("classvalue") || n.equalsIgnoreCase("value")).findFirst().orElse(null);
            } else {
                String f = field;
                for (FeatureCollection c : inputs) {
                    if (c.schema().fields().stream().noneMatch(x -> x.name().equalsIgnoreCase(f))) {
                        throw new UserException("The features " + c.schema().name() + " have no field '" + f + "'.",
                                "Their fields: " + String.join(", ", c.schema().fields().stream().map(Field::name).toList()) + ".");
                    }
                }
            }
            // class of each feature: integers are class values; text values get 1..n in sorted order
            List<Object[]> raw = new ArrayList<>();
            TreeSet<String> texts = new TreeSet<>();
            Map<Integer, String> namesOfValues = new TreeMap<>();
            boolean allInts = true;
            long noClass = 0;
            double toPixels = 1 / raster.grid().pixelSize();
            AffineTransform t = raster.grid().crsToGrid();
            AffineTransformation toPx = new AffineTransformation(t.getScaleX(), t.getShearX(), t.getTranslateX(),
                    t.getShearY(), t.getScaleY(), t.getTranslateY());
            for (FeatureCollection c : inputs) {
                if (c.schema().crs() == null && rc != null) {
                    throw new UserException("The features " + c.schema().name() + " have no coordinate reference system,"
                            + " so they cannot be placed on " + raster.name() + " (" + Crs.displayName(rc) + ").",
                            "Assign the features their CRS (a .prj file, or the GeoPackage's SRS) and run again.");
                }
                if (c.schema().crs() != null && rc == null) {
                    throw new UserException("The raster " + raster.name() + " has no coordinate reference system, so the features"
                            + " (" + Crs.displayName(c.schema().crs()) + ") cannot be placed on it.", "Use a georeferenced raster.");
                }
                FeatureCollection inRaster = Features.reproject(c, rc);
                String nameField = c.schema().fields().stream().map(Field::name)
                        .filter(n -> n.equalsIgnoreCase("classname") || n.equalsIgnoreCase("class_name")).findFirst().orElse(null);
                for (Feature f : inRaster.features()) {
                    if (f.geometry() == null || f.geometry().isEmpty()) {
                        continue;
                    }
                    Object v = field == null ? Integer.valueOf(1) : valueIgnoringCase(f, field);
                    if (v == null || v.toString().isBlank()) {
                        noClass++;
                        continue;
                    }
                    Integer iv = integer(v);
                    if (iv == null) {
                        allInts = false;
                        texts.add(v.toString().trim());
                    } else if (nameField != null && valueIgnoringCase(f, nameField) != null) {
                        namesOfValues.putIfAbsent(iv, valueIgnoringCase(f, nameField).toString());
                    } else if (field == null) {
                        namesOfValues.putIfAbsent(1, c.schema().name());
                    }
                    raw.add(new Object[] {f, v});
                }
            }
            if (noClass > 0) {
                warnings.add(noClass + " features have no value in " + field + " and are left out.");
            }
            Map<String, Integer> textValue = new HashMap<>();
            if (!allInts) {
                int k = 1;
                for (String s : texts) {
                    textValue.put(s, k++);
                }
            }
            GeometryFactory gf = new GeometryFactory();
            for (Object[] r : raw) {
                Feature f = (Feature) r[0];
                int value;
                String name;
                if (allInts) {
                    value = integer(r[1]);
                    name = namesOfValues.getOrDefault(value, String.valueOf(value));
                } else {
                    name = r[1].toString().trim();
                    value = textValue.get(name);
                }
                classes.computeIfAbsent(value, v -> color(v, name, classes.size()));
                Geometry g = f.geometry();
                if (!(g instanceof Polygonal) && p.bufferRadius() > 0) {
                    g = g.buffer(p.bufferRadius(), 8);
                } else if (g instanceof Puntal) {
                    pointsWithoutBuffer = true;
                }
                double area = g.getArea();
                Geometry px = toPx.transform(g);
                if (g instanceof Lineal && p.metadataFormat().masks()) {
                    px = px.buffer(0.5, 2); // a line without buffer is one pixel wide in a mask
                }
                Label l = new Label(f.id(), value, px, area);
                labels.add(l);
                index.insert(px.getEnvelopeInternal(), l);
            }
            index.build();
            if (labels.isEmpty()) {
                throw new UserException("The labelled features hold no usable feature (with a geometry and a class value).",
                        "Check the layer and the class value field.");
            }
            if (pointsWithoutBuffer && (p.metadataFormat().masks() || p.metadataFormat().boxes() && !p.metadataFormat().perFeature())) {
                throw new UserException("Point features need a buffer_radius for " + p.metadataFormat() + ": a point has no extent.",
                        "Give buffer_radius in map units (e.g. half the size of the objects).");
            }
            if (toPixels > 0 && p.bufferRadius() > 0 && p.bufferRadius() * toPixels < 0.5) {
                warnings.add("buffer_radius " + p.bufferRadius() + " is less than half a pixel.");
            }
        }

        private static Object valueIgnoringCase(Feature f, String field) {
            Object v = f.get(field);
            if (v != null) {
                return v;
            }
            for (Map.Entry<String, Object> e : f.attributes().entrySet()) {
                if (e.getKey().equalsIgnoreCase(field)) {
                    return e.getValue();
                }
            }
            return null;
        }

        private static Integer integer(Object v) {
            if (v instanceof Number n) {
                double d = n.doubleValue();
                return d == Math.rint(d) && Math.abs(d) < Integer.MAX_VALUE ? (int) d : null;
            }
            try {
                return Integer.parseInt(v.toString().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }

        private static final int[] COLORS = {0xE6194B, 0x3CB44B, 0xFFE119, 0x4363D8, 0xF58231, 0x911EB4, 0x46F0F0,
            0xF032E6, 0xBCF60C, 0xFABEBE, 0x008080, 0xE6BEFF, 0x9A6324, 0x800000, 0xAAFFC3, 0x808000};

        static ClassInfo color(int value, String name, int i) {
            int c = COLORS[Math.floorMod(i, COLORS.length)];
            return new ClassInfo(value, name, c >> 16 & 255, c >> 8 & 255, c & 255);
        }

        // ------------------------------------------------------------------ chips

        /** Pixel-space polygon of the given geometry (map units, CRS {@code crs}; null = the raster's). */
        private Geometry toPixels(Geometry g, CoordinateReferenceSystem crs) {
            GridGeometry grid = raster.grid();
            Geometry m = Reprojector.between(crs, grid.crs()).transform(g);
            AffineTransform t = grid.crsToGrid();
            return new AffineTransformation(t.getScaleX(), t.getShearX(), t.getTranslateX(), t.getShearY(), t.getScaleY(),
                    t.getTranslateY()).transform(m);
        }

        void layOut() throws IOException {
            RasterRegion rasterRegion = RasterRegion.of(raster, p.environments().extent());
            roi = rasterRegion.roi();
            PreparedGeometry envMask = rasterRegion.preparedMask();
            PreparedGeometry inMask = null;
            if (p.inMaskPolygons() != null) {
                FeatureCollection mc = p.inMaskPolygons().open();
                List<Geometry> polys = new ArrayList<>();
                for (Feature f : mc.features()) {
                    if (f.geometry() != null && f.geometry() instanceof Polygonal) {
                        polys.add(f.geometry());
                    }
                }
                if (polys.isEmpty()) {
                    throw new UserException("The mask " + mc.schema().name() + " holds no polygons.", "Give a layer of polygons.");
                }
                inMask = PreparedGeometryFactory.prepare(toPixels(new GeometryFactory().buildGeometry(polys).union(), mc.schema().crs()));
            }
            GeometryFactory gf = new GeometryFactory();
            boolean onlyWithFeatures = !p.outputNofeatureTiles() && p.metadataFormat() != MetadataFormat.Export_Tiles
                    && classRaster == null;
            long outsideMask = 0;
            long withoutFeatures = 0;
            if (p.metadataFormat().perFeature()) {
                for (Label l : labels) {
                    Envelope e = l.px().getEnvelopeInternal();
                    Rectangle2D region;
                    if (p.cropMode() == ExportTrainingDataParameters.CropMode.FIXED_SIZE) {
                        double cx = Math.round(e.centre().x - p.tileSizeX() / 2.0);
                        double cy = Math.round(e.centre().y - p.tileSizeY() / 2.0);
                        region = new Rectangle2D.Double(cx, cy, p.tileSizeX(), p.tileSizeY());
                    } else {
                        double x0 = Math.floor(e.getMinX());
                        double y0 = Math.floor(e.getMinY());
                        region = new Rectangle2D.Double(x0, y0, Math.max(1, Math.ceil(e.getMaxX()) - x0),
                                Math.max(1, Math.ceil(e.getMaxY()) - y0));
                    }
                    if (!region.intersects(roi)) {
                        outsideMask++;
                        continue;
                    }
                    Geometry rg = gf.toGeometry(new Envelope(region.getMinX(), region.getMaxX(), region.getMinY(), region.getMaxY()));
                    if (envMask != null && !envMask.intersects(l.px()) || inMask != null && !inMask.covers(rg)) {
                        outsideMask++;
                        continue;
                    }
                    for (int k = 0; k < rotations; k++) {
                        items.add(new ChipItem(items.size(), "f" + l.id() + "r" + k, region, k * p.rotationAngle(), l));
                    }
                }
            } else {
                TileGrid.Layout layout = TileGrid.strided(rasterRegion, p.tileSizeX(), p.tileSizeY(), p.strideX(),
                        p.strideY()).layOut();
                outsideMask += layout.outsideMask();
                for (Tile t : layout.tiles()) {
                    Rectangle tile = t.window();
                    if (inMask != null && !inMask.covers(gf.toGeometry(new Envelope(tile.x, tile.getMaxX(), tile.y,
                            tile.getMaxY())))) {
                        outsideMask++;
                        continue;
                    }
                    for (int k = 0; k < rotations; k++) {
                        ChipItem it = new ChipItem(items.size(), t.col() + "_" + t.row() + "_" + k, tile,
                                k * p.rotationAngle(), null);
                        if (onlyWithFeatures && index.query(footprint(it)).isEmpty()) {
                            withoutFeatures++;
                            continue;
                        }
                        items.add(it);
                    }
                }
            }
            if (outsideMask > 0) {
                warnings.add(outsideMask + " chips lie outside the mask or extent and are not written.");
            }
            if (withoutFeatures > 0) {
                warnings.add(withoutFeatures + " chips hold no feature and are not written (output_nofeature_tiles"
                        + " ONLY_TILES_WITH_FEATURES).");
            }
        }

        /** Tile origins along one axis ({@link TileGrid#starts}). */
        static int[] starts(int from, int length, int tile, int stride) {
            return TileGrid.starts(from, length, tile, stride);
        }

        private static Rectangle pixelRect(Rectangle2D px) {
            Rectangle r = new Rectangle((int) Math.floor(px.getMinX()), (int) Math.floor(px.getMinY()), 0, 0);
            r.add((int) Math.ceil(px.getMaxX()), (int) Math.ceil(px.getMaxY()));
            return r;
        }

        /** Raster pixels -> chip pixels: the region scaled to the chip, then rotated about the chip's centre. */
        AffineTransform rasterToChip(ChipItem it) {
            int w = p.tileSizeX();
            int h = p.tileSizeY();
            Rectangle2D r = it.region();
            AffineTransform t = new AffineTransform();
            t.translate(w / 2.0, h / 2.0);
            if (it.angle() != 0) {
                t.rotate(Math.toRadians(it.angle()));
            }
            t.scale(w / r.getWidth(), h / r.getHeight());
            t.translate(-r.getCenterX(), -r.getCenterY());
            return t;
        }

        /** The raster-pixel envelope of what a chip shows. */
        Envelope footprint(ChipItem it) {
            try {
                Rectangle2D b = rasterToChip(it).createInverse()
                        .createTransformedShape(new Rectangle(0, 0, p.tileSizeX(), p.tileSizeY())).getBounds2D();
                return new Envelope(b.getMinX(), b.getMaxX(), b.getMinY(), b.getMaxY());
            } catch (NoninvertibleTransformException e) {
                throw new IllegalStateException(e);
            }
        }

        // ------------------------------------------------------------------ output folder

        static final List<String> METADATA_FILES = List.of("map.txt", "esri_model_definition.emd",
                "esri_accumulated_stats.json", "stats.txt", "data.yaml", "classes.txt");

        void prepareFolder() throws IOException {
            Path out = p.outFolder().toAbsolutePath();
            if (Files.exists(out) && !Files.isDirectory(out)) {
                throw new UserException("The output " + out + " is a file, not a folder.", "Choose a folder.");
            }
            Path parent = out.getParent();
            if (parent == null || !Files.isDirectory(parent)) {
                throw new UserException("The folder " + parent + " that should hold the output does not exist.",
                        "Create it, or choose another output folder.");
            }
            if (Files.isDirectory(out) && !isEmpty(out)) {
                if (!p.overwrite()) {
                    throw new UserException("The output folder " + out + " is not empty.",
                            "Choose a new or empty folder, or allow overwriting (--overwrite): it deletes the chips, labels"
                                    + " and metadata files of an earlier export there and leaves other files alone.");
                }
                int kept = clearEarlierExport(out);
                if (kept > 0) {
                    warnings.add(kept + " files in " + out + " that an export does not write were left as they were.");
                }
            }
            try {
                Files.createDirectories(out.resolve("images"));
                if (p.metadataFormat() != MetadataFormat.Export_Tiles) {
                    Files.createDirectories(out.resolve("labels"));
                }
                pending = Files.createDirectories(out.resolve(PENDING));
            } catch (IOException e) {
                throw new UserException("Cannot create the output folder " + out + ": " + e.getMessage(),
                        "Choose a folder you can write to.", e);
            }
        }

        private static boolean isEmpty(Path dir) throws IOException {
            try (Stream<Path> s = Files.list(dir)) {
                return s.findAny().isEmpty();
            }
        }

        /**
         * Deletes what an export writes (chips and labels named by nine digits in images/ and labels/,
         * the per-class label folders, the metadata files and the pending folder); returns how many other
         * files were left.
         */
        static int clearEarlierExport(Path out) throws IOException {
            int[] kept = {0};
            for (String sub : List.of("images", "labels", PENDING)) {
                Path d = out.resolve(sub);
                if (!Files.isDirectory(d)) {
                    continue;
                }
                try (Stream<Path> s = Files.walk(d)) {
                    for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
                        String n = f.getFileName().toString();
                        if (Files.isDirectory(f)) {
                            if (isEmpty(f)) {
                                Files.delete(f);
                            }
                        } else if (sub.equals(PENDING) || n.matches("\\d{9}\\.[A-Za-z.]+")) {
                            Files.delete(f);
                        } else {
                            kept[0]++;
                        }
                    }
                }
            }
            for (String m : METADATA_FILES) {
                Files.deleteIfExists(out.resolve(m));
            }
            try (Stream<Path> s = Files.list(out)) {
                kept[0] += (int) s.filter(f -> !Files.isDirectory(f)).count();
            }
            return kept[0];
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
            return writer.result(report);
        }

        /** Chips on the reader threads; the batch step only hands them on. */
        private final class Steps implements JobSteps<ChipItem, ChipResult, ChipResult> {
            @Override
            public Prepared<ChipItem, ChipResult> prepare(ChipItem item) throws IOException {
                return cut(item);
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

        /** Reads, rotates, labels and encodes one chip into the pending folder. */
        Prepared<ChipItem, ChipResult> cut(ChipItem item) throws IOException {
            int w = p.tileSizeX();
            int h = p.tileSizeY();
            int plane = w * h;
            int nb = bands.length;
            AffineTransform toChip = rasterToChip(item);
            AffineTransform toRaster;
            try {
                toRaster = toChip.createInverse();
            } catch (NoninvertibleTransformException e) {
                throw new IllegalStateException(e);
            }
            // ---- labels first: a tile without features costs no pixel reads
            List<ChipObject> objects = new ArrayList<>();
            List<Geometry> masks = new ArrayList<>();
            List<Integer> maskClasses = new ArrayList<>();
            Geometry blackenOutside = null;
            MetadataFormat fmt = p.metadataFormat();
            GeometryFactory gf = new GeometryFactory();
            Geometry chipBox = gf.toGeometry(new Envelope(0, w, 0, h));
            AffineTransformation jt = new AffineTransformation(toChip.getScaleX(), toChip.getShearX(), toChip.getTranslateX(),
                    toChip.getShearY(), toChip.getScaleY(), toChip.getTranslateY());
            if (!labels.isEmpty() && fmt != MetadataFormat.Export_Tiles) {
                List<Label> candidates;
                if (fmt.perFeature()) {
                    candidates = List.of(item.feature());
                } else {
                    @SuppressWarnings("unchecked")
                    List<Label> q = index.query(footprint(item));
                    candidates = new ArrayList<>(q);
                    candidates.sort(Comparator.comparingDouble((Label l) -> -l.px().getArea()).thenComparingLong(Label::id));
                }
                for (Label l : candidates) {
                    Geometry g = jt.transform(l.px());
                    Geometry cut = clip(g, chipBox);
                    if (cut == null || cut.isEmpty() || g instanceof Polygonal && !(cut.getArea() > 0)) {
                        continue; // outside, or only touching the border
                    }
                    double ratio = g instanceof Polygonal ? cut.getArea() / Math.max(g.getArea(), 1e-12)
                            : g instanceof Lineal ? cut.getLength() / Math.max(g.getLength(), 1e-12) : 1;
                    if (!fmt.perFeature() && ratio < p.minPolygonOverlapRatio()) {
                        continue;
                    }
                    Envelope e = cut.getEnvelopeInternal();
                    objects.add(new ChipObject(l.classValue(), e.getMinX(), e.getMinY(), e.getMaxX(), e.getMaxY(),
                            ratio < 1 - 1e-9, l.mapArea()));
                    if (fmt.masks()) {
                        masks.add(cut);
                        maskClasses.add(l.classValue());
                    }
                    if (fmt.perFeature() && p.blackenAroundFeature()) {
                        blackenOutside = g;
                    }
                }
                if (objects.isEmpty() && !p.outputNofeatureTiles()) {
                    return Prepared.skip(item, NO_FEATURES);
                }
            }
            // ---- pixels
            float[] chip = new float[plane * nb];
            boolean[] valid = new boolean[plane];
            sample(raster, bands, item, toChip, toRaster, chip, valid, null);
            long nValid = 0;
            for (boolean v : valid) {
                if (v) {
                    nValid++;
                }
            }
            if (nValid == 0) {
                return Prepared.skip(item, NO_DATA);
            }
            if (blackenOutside != null) {
                boolean[] inside = new boolean[plane];
                Geometry area = blackenOutside instanceof Polygonal ? blackenOutside : blackenOutside.buffer(0.5);
                PolygonRasterizer.rasterize(area, w, h, (y, x0, x1) -> java.util.Arrays.fill(inside, y * w + x0, y * w + x1, true));
                for (int i = 0; i < plane; i++) {
                    if (!inside[i]) {
                        valid[i] = false;
                        for (int b = 0; b < nb; b++) {
                            chip[b * plane + i] = 0;
                        }
                    }
                }
            }
            double[] sum = new double[nb];
            double[] sq = new double[nb];
            double[] min = new double[nb];
            double[] max = new double[nb];
            java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
            java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
            long counted = 0;
            for (int i = 0; i < plane; i++) {
                if (!valid[i]) {
                    continue;
                }
                counted++;
                for (int b = 0; b < nb; b++) {
                    double v = chip[b * plane + i];
                    sum[b] += v;
                    sq[b] += v * v;
                    min[b] = Math.min(min[b], v);
                    max[b] = Math.max(max[b], v);
                }
            }
            // ---- label rasters
            Map<String, Path> labelRasters = new LinkedHashMap<>();
            Map<Integer, Long> classPixels = new TreeMap<>();
            AffineTransform chipToMap = new AffineTransform(raster.grid().gridToCrs());
            chipToMap.concatenate(toRaster);
            String stem = item.key();
            ChipEncoder enc = new ChipEncoder(p.imageChipFormat(), raster.grid().crs(), chipToMap);
            if (classRaster != null && fmt == MetadataFormat.Classified_Tiles) {
                float[] cls = new float[plane];
                boolean[] cv = new boolean[plane];
                AffineTransform toClass = new AffineTransform(rasterToClass);
                toClass.concatenate(toRaster);
                AffineTransform classToChip;
                try {
                    classToChip = toClass.createInverse();
                } catch (NoninvertibleTransformException e) {
                    throw new IllegalStateException(e);
                }
                sample(classRaster, new int[] {0}, item, classToChip, toClass, cls, cv, null);
                int[] values = new int[plane];
                for (int i = 0; i < plane; i++) {
                    values[i] = cv[i] ? Math.max(0, Math.round(cls[i])) : 0;
                    if (values[i] != 0) {
                        classPixels.merge(values[i], 1L, Long::sum);
                    }
                }
                if (classPixels.isEmpty() && !p.outputNofeatureTiles()) {
                    return Prepared.skip(item, NO_FEATURES);
                }
                labelRasters.put("", enc.writeLabel(pending.resolve(stem + ".label"), values, w, h, classRaster.palette().orElse(null)));
            } else if (fmt == MetadataFormat.Classified_Tiles) {
                int[] values = new int[plane];
                for (int i = 0; i < masks.size(); i++) {
                    PolygonRasterizer.fill(masks.get(i), w, h, values, maskClasses.get(i));
                }
                for (int v : values) {
                    if (v != 0) {
                        classPixels.merge(v, 1L, Long::sum);
                    }
                }
                labelRasters.put("", enc.writeLabel(pending.resolve(stem + ".label"), values, w, h, palette()));
            } else if (fmt == MetadataFormat.RCNN_Masks) {
                Map<Integer, int[]> perClass = new TreeMap<>();
                Map<Integer, Integer> next = new HashMap<>();
                for (int i = 0; i < masks.size(); i++) {
                    int c = maskClasses.get(i);
                    int[] values = perClass.computeIfAbsent(c, k -> new int[plane]);
                    int id = next.merge(c, 1, Integer::sum);
                    PolygonRasterizer.fill(masks.get(i), w, h, values, id);
                }
                for (Map.Entry<Integer, int[]> e : perClass.entrySet()) {
                    long n = 0;
                    for (int v : e.getValue()) {
                        if (v != 0) {
                            n++;
                        }
                    }
                    classPixels.merge(e.getKey(), n, Long::sum);
                    labelRasters.put(TrainingDataWriter.classFolder(classes.get(e.getKey())),
                            enc.writeLabel(pending.resolve(stem + "." + e.getKey() + ".label"), e.getValue(), w, h, null));
                }
            }
            Path image = enc.writeImage(pending.resolve(stem + ".image"), chip, w, h, nb, raster.sampleType());
            return Prepared.ready(item, new ChipResult(item, image, labelRasters, objects, classPixels, sum, sq, min, max,
                    counted, chipToMap));
        }

        private int[] palette() {
            int maxValue = classes.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
            if (maxValue > 255 || classes.keySet().stream().anyMatch(v -> v < 0)) {
                return null;
            }
            int[] pal = new int[maxValue + 1];
            for (ClassInfo c : classes.values()) {
                pal[c.value()] = c.rgb();
            }
            return pal;
        }

        /** The part of a chip-space geometry inside the chip; null when it cannot be computed. */
        private static Geometry clip(Geometry g, Geometry chipBox) {
            if (chipBox.getEnvelopeInternal().contains(g.getEnvelopeInternal())) {
                return g;
            }
            try {
                return g.intersection(chipBox);
            } catch (RuntimeException e) {
                try {
                    return g.buffer(0).intersection(chipBox);
                } catch (RuntimeException e2) {
                    return null;
                }
            }
        }

        /**
         * Fills {@code out} (band-major, tile size) with nearest-neighbour samples of {@code src} at the
         * centres of the chip's pixels; {@code valid} false where outside the source or NoData.
         */
        private void sample(RasterSource src, int[] srcBands, ChipItem item, AffineTransform srcToChip,
                            AffineTransform chipToSrc, float[] out, boolean[] valid, Object unused) throws IOException {
            int w = p.tileSizeX();
            int h = p.tileSizeY();
            int plane = w * h;
            boolean plain = srcToChip.getType() == AffineTransform.TYPE_TRANSLATION
                    || srcToChip.getType() == AffineTransform.TYPE_IDENTITY;
            if (plain && srcToChip.getTranslateX() == Math.rint(srcToChip.getTranslateX())
                    && srcToChip.getTranslateY() == Math.rint(srcToChip.getTranslateY())) {
                Rectangle region = new Rectangle((int) -srcToChip.getTranslateX(), (int) -srcToChip.getTranslateY(), w, h);
                RasterWindow win = src.read(region, srcBands);
                System.arraycopy(win.samples(), 0, out, 0, out.length);
                if (win.valid() == null) {
                    java.util.Arrays.fill(valid, true);
                } else {
                    System.arraycopy(win.valid(), 0, valid, 0, plane);
                }
                return;
            }
            Rectangle2D b = chipToSrc.createTransformedShape(new Rectangle(0, 0, w, h)).getBounds2D();
            Rectangle region = pixelRect(b);
            region.grow(1, 1);
            Rectangle inSrc = region.intersection(new Rectangle(0, 0, src.width(), src.height()));
            if (inSrc.isEmpty()) {
                return;
            }
            RasterWindow win = src.read(inSrc, srcBands);
            int ww = inSrc.width;
            int wplane = ww * inSrc.height;
            double[] pt = new double[2];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    pt[0] = x + 0.5;
                    pt[1] = y + 0.5;
                    chipToSrc.transform(pt, 0, pt, 0, 1);
                    int sx = (int) Math.floor(pt[0]) - inSrc.x;
                    int sy = (int) Math.floor(pt[1]) - inSrc.y;
                    if (sx < 0 || sy < 0 || sx >= ww || sy >= inSrc.height) {
                        continue;
                    }
                    int si = sy * ww + sx;
                    if (win.valid() != null && !win.valid()[si]) {
                        continue;
                    }
                    int o = y * w + x;
                    valid[o] = true;
                    for (int bi = 0; bi < srcBands.length; bi++) {
                        out[bi * plane + o] = win.samples()[bi * wplane + si];
                    }
                }
            }
        }

        /** The colour map of the classified raster given as labels, or null. */
        int[] classPalette() {
            return classRaster == null ? null : classRaster.palette().orElse(null);
        }

        Path pendingFolder() {
            return pending;
        }

        @Override
        public void close() throws IOException {
            raster.close();
            if (classRaster != null) {
                classRaster.close();
            }
        }
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
