package org.deepraster.tool.selfsupervised;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What a run did: per image its outputs, timings and (with labels) the CNN's and the final pixel-weighted F1; the
 * compiled reports (null without any labelled image) and the F1 over all labelled pixels of all images.
 */
public record SelfSupervisedResult(List<Image> images, Path compiledCsv, Path compiledHtml, double overallCnnF1,
                                   double overallPixelF1, List<String> warnings, boolean cancelled) {

    /**
     * One image: {@code classified} (and {@code probability}, {@code tiles}) written; {@code cnnF1}/{@code pixelF1}
     * NaN without labels; {@code reports} the CSVs and the figure (empty without labels).
     */
    public record Image(String name, Path classified, Path probability, Path tiles, List<Path> reports, int sureTiles,
                        int totalTiles, int samples, String classifier, double phase1Seconds, double trainSeconds,
                        double predictSeconds, double cnnF1, double pixelF1) {

        public boolean labelled() {
            return !Double.isNaN(cnnF1);
        }

        public String describe() {
            String s = String.format(Locale.ROOT, "%s: %d of %d tiles sure, %d training pixels, %s; phase 1 %.1f s,"
                    + " training %.1f s, prediction %.1f s. Output: %s", name, sureTiles, totalTiles, samples, classifier,
                    phase1Seconds, trainSeconds, predictSeconds, classified);
            return labelled() ? s + String.format(Locale.ROOT, "; pixel-weighted F1 CNN %.4f -> %.4f", cnnF1, pixelF1) : s;
        }
    }

    public SelfSupervisedResult {
        images = List.copyOf(images);
        warnings = List.copyOf(warnings);
    }
}
