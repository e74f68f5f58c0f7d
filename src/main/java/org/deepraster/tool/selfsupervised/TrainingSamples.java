package org.deepraster.tool.selfsupervised;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Phase 2's training data, drawn from phase 1: the pixels of the sure tiles ({@link TileLabels#sure}), each
 * labelled with its tile's class; per class at most {@code cap} pixels, drawn without replacement from all of the
 * class's sure-tile pixels by a generator seeded with {@code seed} and the class (so the draw of one class does not
 * depend on the others). Their features are read strip by strip in row order, so memory is the samples plus one strip.
 *
 * @param x       features, sample after sample
 * @param y       class indexes
 * <p>A class the CNN found in the image but never with the threshold's confidence (a darker or hazier image than
 * it was trained on makes it unsure) would be missing from phase 2 altogether, so it trains on its
 * {@value #FALLBACK_TILES} most probable whole tiles instead, if their probability is at least
 * {@value #FALLBACK_CONFIDENCE} ({@code fallbackTiles}: how many, per class).
 *
 * @param perClass samples per class index
 */
record TrainingSamples(float[] x, int[] y, int features, int[] perClass, int[] fallbackTiles) {
    static final int STRIP = 256;
    /** A class without sure tiles trains on at most this many of its most probable whole tiles ... */
    static final int FALLBACK_TILES = 20;
    /** ... whose probability is at least this. */
    static final double FALLBACK_CONFIDENCE = 0.5;

    int size() {
        return y.length;
    }

    static TrainingSamples draw(TileLabels t, int classes, double threshold, int cap, long seed, PixelFeatures features)
            throws IOException {
        int ts = t.tileSize();
        int perTile = ts * ts;
        List<long[]> pixels = new ArrayList<>(); // {y * width + x, class}
        int[] perClass = new int[classes];
        int[] fallback = new int[classes];
        for (int c = 0; c < classes; c++) {
            List<Integer> tiles = tilesOf(t, c, threshold);
            if (tiles.isEmpty()) {
                tiles = fallbackTilesOf(t, c);
                fallback[c] = tiles.size();
            }
            long available = (long) tiles.size() * perTile;
            long[] picks = pick(available, cap, new SplittableRandom(seed * 1_000_003L + c));
            perClass[c] = picks.length;
            for (long k : picks) {
                int tile = tiles.get((int) (k / perTile));
                int off = (int) (k % perTile);
                int px = (tile % t.cols()) * ts + off % ts;
                int py = (tile / t.cols()) * ts + off / ts;
                pixels.add(new long[] {(long) py * t.imageWidth() + px, c});
            }
        }
        pixels.sort((a, b) -> Long.compare(a[0], b[0]));
        int nf = features.count();
        float[] x = new float[pixels.size() * nf];
        int[] y = new int[pixels.size()];
        int i = 0;
        int w = t.imageWidth();
        while (i < pixels.size()) {
            int y0 = (int) (pixels.get(i)[0] / w) / STRIP * STRIP;
            int rows = Math.min(STRIP, t.imageHeight() - y0);
            PixelFeatures.Strip s = features.strip(y0, rows);
            for (; i < pixels.size() && pixels.get(i)[0] / w < y0 + rows; i++) {
                int local = (int) (pixels.get(i)[0] - (long) y0 * w);
                System.arraycopy(s.values(), local * nf, x, i * nf, nf);
                y[i] = (int) pixels.get(i)[1];
            }
        }
        return new TrainingSamples(x, y, nf, perClass, fallback);
    }

    /** The sure tiles of class {@code c}, in raster order. */
    static List<Integer> tilesOf(TileLabels t, int c, double threshold) {
        List<Integer> tiles = new ArrayList<>();
        for (int r = 0; r < t.rows(); r++) {
            for (int col = 0; col < t.cols(); col++) {
                if (t.sure(col, r, threshold) && t.classIndex()[t.index(col, r)] == c) {
                    tiles.add(t.index(col, r));
                }
            }
        }
        return tiles;
    }

    /** The most probable whole tiles of class {@code c} (see the class comment), in raster order. */
    static List<Integer> fallbackTilesOf(TileLabels t, int c) {
        List<Integer> tiles = tilesOf(t, c, FALLBACK_CONFIDENCE);
        tiles.sort((a, b) -> a.equals(b) ? 0 : t.confidence()[b] != t.confidence()[a]
                ? Float.compare(t.confidence()[b], t.confidence()[a]) : Integer.compare(a, b));
        List<Integer> top = new ArrayList<>(tiles.subList(0, Math.min(FALLBACK_TILES, tiles.size())));
        top.sort(Integer::compare);
        return top;
    }

    /** {@code min(cap, n)} distinct numbers of [0, n), sorted: all of them, or Floyd's sampling. */
    static long[] pick(long n, int cap, SplittableRandom r) {
        if (n <= cap) {
            long[] all = new long[(int) n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            return all;
        }
        Set<Long> chosen = new HashSet<>();
        for (long j = n - cap; j < n; j++) {
            long v = r.nextLong(j + 1);
            chosen.add(chosen.contains(v) ? j : v);
        }
        long[] out = chosen.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(out);
        return out;
    }
}
