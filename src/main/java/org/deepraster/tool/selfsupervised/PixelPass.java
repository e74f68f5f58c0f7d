package org.deepraster.tool.selfsupervised;

import java.awt.Rectangle;
import java.io.IOException;
import java.util.stream.IntStream;
import org.deepraster.raster.GeoTiffWriter;
import org.deepraster.raster.RasterSource;
import org.deepraster.raster.RasterWindow;
import org.deepraster.util.CancelledException;
import org.deepraster.util.Progress;

/**
 * Phase 2's prediction over one image, strip by strip ({@value TrainingSamples#STRIP} rows; memory: one strip): the
 * features, the classifier's probabilities (rows in parallel on the common pool; the result does not depend on the
 * order), the class values and (optionally) the winning probability written as rows of the output GeoTIFFs; where a
 * label raster is given, the same strip of it is read and the CNN's tile classes and the final classes are counted
 * against it ({@link Confusion}), and a reduced picture of all four rasters is kept for the figure.
 */
final class PixelPass {
    private final RasterSource image;
    private final PixelFeatures features;
    private final PixelClassifier classifier;
    private final TileLabels tiles;
    private final OutputClasses classes;

    PixelPass(RasterSource image, PixelFeatures features, PixelClassifier classifier, TileLabels tiles,
              OutputClasses classes) {
        this.image = image;
        this.features = features;
        this.classifier = classifier;
        this.tiles = tiles;
        this.classes = classes;
    }

    /** The counts against the labels (null without labels) and the figure's picture (null without labels). */
    record Outcome(Confusion cnn, Confusion finalStage, Figure figure, long[] pixelsPerClass) {
    }

    /**
     * Runs the pass. {@code labels} may be null; {@code classifier} null means phase 2 could not be trained and the
     * CNN's tile classes are written as the final classes.
     */
    Outcome run(GeoTiffWriter classified, GeoTiffWriter probability, RasterSource labels, Progress progress)
            throws IOException {
        int w = image.width();
        int h = image.height();
        int nc = classes.count();
        Confusion cnn = labels == null ? null : new Confusion(nc);
        Confusion fin = labels == null ? null : new Confusion(nc);
        Figure figure = labels == null ? null : new Figure(w, h, classes);
        long[] perClass = new long[nc];
        for (int y0 = 0; y0 < h; y0 += TrainingSamples.STRIP) {
            if (progress.isCancelled()) {
                throw new CancelledException();
            }
            int rows = Math.min(TrainingSamples.STRIP, h - y0);
            PixelFeatures.Strip s = features.strip(y0, rows);
            int[] predicted = new int[rows * w];
            byte[] prob = probability == null ? null : new byte[rows * w];
            final int top = y0;
            IntStream.range(0, rows).parallel().forEach(r -> predictRow(s, top, r, w, nc, predicted, prob));
            byte[] values = new byte[rows * w];
            for (int i = 0; i < predicted.length; i++) {
                int c = predicted[i];
                values[i] = (byte) (c < 0 ? OutputClasses.NO_DATA : classes.value(c));
                if (c >= 0) {
                    perClass[c]++;
                }
            }
            classified.writeRows(values, rows);
            if (probability != null) {
                probability.writeRows(prob, rows);
            }
            if (labels != null) {
                RasterWindow lw = labels.read(new Rectangle(0, y0, w, rows), new int[] {0});
                RasterWindow iw = image.read(new Rectangle(0, y0, w, rows), features.bands());
                for (int r = 0; r < rows; r++) {
                    for (int x = 0; x < w; x++) {
                        int i = r * w + x;
                        int label = lw.isValid(x, r) ? classes.indexOf((int) lw.samples()[i]) : -1;
                        int tile = tiles.classAtPixel(x, y0 + r);
                        if (label >= 0 && s.valid()[i]) {
                            // a pixel without a class (never for valid pixels, as tiles cover the image) counts as missed
                            cnn.add(label, tile < 0 ? (label + 1) % nc : tile);
                            fin.add(label, predicted[i] < 0 ? (label + 1) % nc : predicted[i]);
                        }
                        figure.put(x, y0 + r, iw, i, label, tile, predicted[i]);
                    }
                }
            }
            progress.worked(rows);
        }
        return new Outcome(cnn, fin, figure, perClass);
    }

    private void predictRow(PixelFeatures.Strip s, int y0, int r, int w, int nc, int[] predicted, byte[] prob) {
        float[] p = new float[nc];
        for (int x = 0; x < w; x++) {
            int i = r * w + x;
            if (!s.valid()[i]) {
                predicted[i] = -1;
                if (prob != null) {
                    prob[i] = (byte) OutputClasses.NO_DATA;
                }
                continue;
            }
            int best;
            float score;
            if (classifier == null) {
                best = tiles.classAtPixel(x, y0 + r);
                int t = tiles.index(x / tiles.tileSize(), (y0 + r) / tiles.tileSize());
                score = tiles.confidence()[t];
            } else {
                classifier.probabilities(s.values(), i, p);
                best = 0;
                for (int c = 1; c < nc; c++) {
                    if (p[c] > p[best]) {
                        best = c;
                    }
                }
                score = p[best];
            }
            predicted[i] = best;
            if (prob != null) {
                prob[i] = (byte) Math.round(Math.max(0, Math.min(1, score)) * 100);
            }
        }
    }
}
