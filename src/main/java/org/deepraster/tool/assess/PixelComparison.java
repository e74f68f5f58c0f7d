package org.deepraster.tool.assess;

import java.awt.Rectangle;
import java.awt.geom.AffineTransform;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deepraster.geo.Crs;
import org.deepraster.geo.GridGeometry;
import org.deepraster.geo.Reprojector;
import org.deepraster.raster.RasterSource;
import org.deepraster.raster.RasterWindow;
import org.deepraster.util.Progress;
import org.deepraster.util.UserException;

/**
 * Pixel-by-pixel comparison of a classified raster with a ground-truth raster, streamed in bands of
 * rows so that memory stays flat whatever the raster size (a band holds about
 * {@code bandPixels} pixels of each raster).
 *
 * <p>Every pixel of the result's grid is compared with the ground-truth pixel under its centre
 * (nearest neighbour). When both grids are the same (size, transform, CRS) the bands are read side by
 * side; otherwise each pixel centre is mapped into the ground truth's grid (reprojected when the CRSs
 * differ) and the ground truth is read over the window the band covers. Pixels that are NoData in
 * either raster, or whose centre falls outside the ground truth, are left out and counted. Values
 * must be whole numbers from 0 to 65535 (class values).
 */
final class PixelComparison {
    static final int MAX_CLASSES = 256;
    private static final int NONE = -1;

    private PixelComparison() {
    }

    /**
     * @param matrix     over the class values (as text, numeric order); rows ground truth
     * @param compared   pixels counted in the matrix
     * @param excluded   result pixels left out: NoData in either raster or outside the ground truth
     * @param sameGrid   whether the grids were the same (no resampling)
     */
    record Outcome(ConfusionMatrix matrix, long compared, long excluded, boolean sameGrid, boolean reprojected) {
    }

    static Outcome compare(RasterSource result, RasterSource truth, Progress progress, int bandPixels) throws IOException {
        GridGeometry rg = result.grid();
        GridGeometry tg = truth.grid();
        boolean sameCrs = rg.crs() == null || tg.crs() == null || Crs.same(rg.crs(), tg.crs());
        boolean sameGrid = sameCrs && sameGrid(rg, tg);
        Counter counter = new Counter(result, truth);
        int width = rg.width();
        int rows = Math.max(1, Math.min(rg.height(), bandPixels / width));
        progress.begin("Comparing pixels", rg.height());
        long excluded = 0;
        int[] band0 = {0};
        Reprojector toTruth = sameCrs ? Reprojector.identity() : Reprojector.between(rg.crs(), tg.crs());
        AffineTransform resultToMap = rg.gridToCrs();
        AffineTransform mapToTruth = tg.crsToGrid();
        for (int y0 = 0; y0 < rg.height(); y0 += rows) {
            progress.checkCancelled();
            int h = Math.min(rows, rg.height() - y0);
            Rectangle region = new Rectangle(0, y0, width, h);
            RasterWindow r = result.read(region, band0);
            if (sameGrid) {
                RasterWindow t = truth.read(region, band0);
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < width; x++) {
                        if (!r.isValid(x, y) || !t.isValid(x, y)) {
                            excluded++;
                        } else {
                            counter.add(t.sample(0, x, y), r.sample(0, x, y), x, y0 + y);
                        }
                    }
                }
            } else {
                excluded += resampled(r, y0, h, width, resultToMap, toTruth, mapToTruth, truth, counter, bandPixels);
            }
            progress.worked(h);
        }
        return new Outcome(counter.matrix(), counter.total, excluded, sameGrid, !sameCrs);
    }

    /** Compares one band of rows through the pixel centres mapped into the truth's grid; returns the excluded count. */
    private static long resampled(RasterWindow r, int y0, int h, int width, AffineTransform resultToMap,
                                  Reprojector toTruth, AffineTransform mapToTruth, RasterSource truth, Counter counter,
                                  int bandPixels) throws IOException {
        int n = width * h;
        double[] pts = new double[2 * n];
        int k = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < width; x++) {
                pts[k++] = x + 0.5;
                pts[k++] = y0 + y + 0.5;
            }
        }
        resultToMap.transform(pts, 0, pts, 0, n);
        toTruth.transform(pts, n);
        mapToTruth.transform(pts, 0, pts, 0, n);
        int tw = truth.width(), th = truth.height();
        int minX = Integer.MAX_VALUE, minY = Integer.MAX_VALUE, maxX = -1, maxY = -1;
        int[] gx = new int[n];
        int[] gy = new int[n];
        for (int i = 0; i < n; i++) {
            double px = pts[2 * i], py = pts[2 * i + 1];
            if (!(px >= 0 && py >= 0 && px < tw && py < th)) { // NaN too
                gx[i] = NONE;
                continue;
            }
            gx[i] = (int) px;
            gy[i] = (int) py;
            minX = Math.min(minX, gx[i]);
            maxX = Math.max(maxX, gx[i]);
            minY = Math.min(minY, gy[i]);
            maxY = Math.max(maxY, gy[i]);
        }
        long excluded = 0;
        RasterWindow t = null;
        int step = 1;
        if (maxX >= 0) {
            Rectangle region = new Rectangle(minX, minY, maxX - minX + 1, maxY - minY + 1);
            double area = (double) region.width * region.height;
            // a much finer ground truth is read decimated (nearest), so a band never costs more than ~4 bands of pixels
            step = (int) Math.max(1, Math.ceil(Math.sqrt(area / (4.0 * bandPixels))));
            region.width = (region.width + step - 1) / step * step;
            region.height = (region.height + step - 1) / step * step;
            t = truth.read(region, region.width / step, region.height / step, new int[] {0});
        }
        for (int i = 0; i < n; i++) {
            int x = i % width, y = i / width;
            if (gx[i] == NONE || !r.isValid(x, y)) {
                excluded++;
                continue;
            }
            int tx = (gx[i] - minX) / step, ty = (gy[i] - minY) / step;
            if (!t.isValid(tx, ty)) {
                excluded++;
                continue;
            }
            counter.add(t.sample(0, tx, ty), r.sample(0, x, y), x, y0 + y);
        }
        return excluded;
    }

    /** Same size, and transforms equal to a thousandth of a pixel. */
    static boolean sameGrid(GridGeometry a, GridGeometry b) {
        if (a.width() != b.width() || a.height() != b.height()) {
            return false;
        }
        double tol = a.pixelSize() * 1e-3;
        AffineTransform x = a.gridToCrs(), y = b.gridToCrs();
        return Math.abs(x.getScaleX() - y.getScaleX()) * Math.max(a.width(), a.height()) < tol
                && Math.abs(x.getScaleY() - y.getScaleY()) * Math.max(a.width(), a.height()) < tol
                && Math.abs(x.getShearX() - y.getShearX()) * Math.max(a.width(), a.height()) < tol
                && Math.abs(x.getShearY() - y.getShearY()) * Math.max(a.width(), a.height()) < tol
                && Math.abs(x.getTranslateX() - y.getTranslateX()) < tol
                && Math.abs(x.getTranslateY() - y.getTranslateY()) < tol;
    }

    /** Counts (truth value, result value) pairs; class values get indexes as they are first seen. */
    private static final class Counter {
        private final int[] indexOf = new int[65536];
        private final List<Integer> values = new ArrayList<>();
        private final long[][] counts = new long[MAX_CLASSES][MAX_CLASSES];
        private final RasterSource result;
        private final RasterSource truth;
        long total;

        Counter(RasterSource result, RasterSource truth) {
            this.result = result;
            this.truth = truth;
            Arrays.fill(indexOf, NONE);
        }

        void add(float truthValue, float resultValue, int x, int y) {
            int t = index(truthValue, truth, x, y);
            int r = index(resultValue, result, x, y);
            counts[t][r]++;
            total++;
        }

        private int index(float v, RasterSource from, int x, int y) {
            int i = (int) v;
            if (i != v || i < 0 || i > 65535) {
                throw new UserException(from.name() + " holds the value " + v + " near pixel (" + x + ", " + y
                        + ") of the result's grid: not a class value.",
                        "Compare classified rasters whose pixels are whole class values from 0 to 65535 (e.g. the output"
                                + " of Classify Pixels), with NoData declared for unclassified pixels.");
            }
            int k = indexOf[i];
            if (k == NONE) {
                if (values.size() == MAX_CLASSES) {
                    throw new UserException(from.name() + " holds more than " + MAX_CLASSES + " different values.",
                            "Is it a classified raster? Compare rasters of class values.");
                }
                k = values.size();
                indexOf[i] = k;
                values.add(i);
            }
            return k;
        }

        ConfusionMatrix matrix() {
            List<Integer> sorted = new ArrayList<>(values);
            sorted.sort(null);
            List<String> names = sorted.stream().map(String::valueOf).toList();
            ConfusionMatrix m = new ConfusionMatrix(names);
            for (int a = 0; a < values.size(); a++) {
                for (int b = 0; b < values.size(); b++) {
                    if (counts[a][b] != 0) {
                        m.add(sorted.indexOf(values.get(a)), sorted.indexOf(values.get(b)), counts[a][b]);
                    }
                }
            }
            return m;
        }
    }
}
