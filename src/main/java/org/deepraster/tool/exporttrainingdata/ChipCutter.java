package org.deepraster.tool.exporttrainingdata;

import java.awt.Rectangle;
import java.awt.geom.AffineTransform;
import java.awt.geom.NoninvertibleTransformException;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.deepraster.job.Prepared;
import org.deepraster.model.ClassInfo;
import org.deepraster.raster.RasterSource;
import org.deepraster.raster.RasterWindow;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataParameters.MetadataFormat;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataTool.ChipItem;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataTool.ChipObject;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataTool.ChipResult;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataTool.Label;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataTool.Plan;
import org.deepraster.vector.PolygonRasterizer;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Lineal;
import org.locationtech.jts.geom.Polygonal;
import org.locationtech.jts.geom.util.AffineTransformation;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * Cuts one chip of Export Training Data, on the engine's reader threads (thread-safe: it only reads
 * the plan): the labels first (a tile without features costs no pixel reads), then the pixels
 * (nearest neighbour at the chip's pixel centres, rotated), band statistics, the label rasters, and
 * the encoded files in the pending folder.
 */
final class ChipCutter {
    private final Plan plan;
    private final ExportTrainingDataParameters p;
    private final RasterSource raster;
    private final RasterSource classRaster;
    private final int[] bands;
    private final List<Label> labels;
    private final STRtree index;
    private final Map<Integer, ClassInfo> classes;
    private final AffineTransform rasterToClass;
    private final Path pending;

    ChipCutter(Plan plan) {
        this.plan = plan;
        this.p = plan.parameters();
        this.raster = plan.raster();
        this.classRaster = plan.classRaster();
        this.bands = plan.bands();
        this.labels = plan.labels();
        this.index = plan.labelIndex();
        this.classes = plan.classMap();
        this.rasterToClass = plan.rasterToClass();
        this.pending = plan.pendingFolder();
    }

    /** Reads, rotates, labels and encodes one chip into the pending folder. */
    Prepared<ChipItem, ChipResult> cut(ChipItem item) throws IOException {
        int w = p.tileSizeX();
        int h = p.tileSizeY();
        int plane = w * h;
        int nb = bands.length;
        AffineTransform toChip = plan.frame().rasterToChip(item);
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
                List<Label> q = index.query(plan.frame().footprint(item));
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
                return Prepared.skip(item, ExportTrainingDataTool.NO_FEATURES);
            }
        }
        // ---- pixels
        float[] chip = new float[plane * nb];
        boolean[] valid = new boolean[plane];
        sample(raster, bands, item, toChip, toRaster, chip, valid);
        long nValid = 0;
        for (boolean v : valid) {
            if (v) {
                nValid++;
            }
        }
        if (nValid == 0) {
            return Prepared.skip(item, ExportTrainingDataTool.NO_DATA);
        }
        if (blackenOutside != null) {
            boolean[] inside = new boolean[plane];
            Geometry area = blackenOutside instanceof Polygonal ? blackenOutside : blackenOutside.buffer(0.5);
            PolygonRasterizer.rasterize(area, w, h, (y, x0, x1) -> Arrays.fill(inside, y * w + x0, y * w + x1, true));
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
        Arrays.fill(min, Double.POSITIVE_INFINITY);
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
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
            sample(classRaster, new int[] {0}, item, classToChip, toClass, cls, cv);
            int[] values = new int[plane];
            for (int i = 0; i < plane; i++) {
                values[i] = cv[i] ? Math.max(0, Math.round(cls[i])) : 0;
                if (values[i] != 0) {
                    classPixels.merge(values[i], 1L, Long::sum);
                }
            }
            if (classPixels.isEmpty() && !p.outputNofeatureTiles()) {
                return Prepared.skip(item, ExportTrainingDataTool.NO_FEATURES);
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
                        AffineTransform chipToSrc, float[] out, boolean[] valid) throws IOException {
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
                Arrays.fill(valid, true);
            } else {
                System.arraycopy(win.valid(), 0, valid, 0, plane);
            }
            return;
        }
        Rectangle2D b = chipToSrc.createTransformedShape(new Rectangle(0, 0, w, h)).getBounds2D();
        Rectangle region = Plan.pixelRect(b);
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
}
