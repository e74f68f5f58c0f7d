package org.deepraster.tool.classifypixels;

import java.awt.Rectangle;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Assembles tile predictions into the blocks of the output raster, out of order, holding only the
 * blocks that are still waiting for a tile. Coordinates are output-raster pixels.
 *
 * <p>Every tile announces, before the run, the area it will contribute ({@link #expect}); a block
 * is finished (handed to the {@link Finisher} and forgotten) as soon as every tile touching it has
 * been {@linkplain #done done} (with a result, skipped or failed). Two ways of merging:
 * <ul>
 * <li><b>discard</b>: each pixel comes from the one tile whose core holds it (class + confidence);</li>
 * <li><b>blend</b>: class probabilities are summed with each tile's weights (a smooth window that
 * fades out towards the tile's edges) and divided by the summed weights; the class is then decided
 * from the blended probabilities.</li>
 * </ul>
 * Pixels no tile gave a value to, or marked NoData by any tile, finish as class -1. Not thread-safe:
 * one thread (the job's writer) calls everything.
 */
final class PixelMosaic {

    /** Receives each finished block: {@code classes[y * block + x]} class index or -1, and confidence 0..1. */
    interface Finisher {
        void finish(int bx, int by, Rectangle window, int[] classes, float[] confidence) throws IOException;
    }

    /** Turns the (blended) probabilities of one pixel into a class index; writes the confidence to {@code conf[at]}. */
    interface Decision {
        int decide(float[] probs, int offset, int stride, int channels, float[] conf, int at);
    }

    private final int width;
    private final int height;
    private final int block;
    private final int channels;
    private final boolean blend;
    private final Decision decision;
    private final Finisher finisher;
    private final int across;
    private final int down;
    private final int[] pending;
    private final boolean[] finished;
    private final Map<Integer, Block> open = new HashMap<>();
    private int peakOpen;
    private Block scratch;

    private final class Block {
        final int[] cls;
        final float[] conf;
        final float[] sums;
        final float[] weights;
        final boolean[] nodata;

        Block() {
            int n = block * block;
            nodata = new boolean[n];
            if (blend) {
                sums = new float[channels * n];
                weights = new float[n];
                cls = null;
                conf = null;
            } else {
                cls = new int[n];
                Arrays.fill(cls, -1);
                conf = new float[n];
                sums = null;
                weights = null;
            }
        }
    }

    PixelMosaic(int width, int height, int block, int channels, boolean blend, Decision decision, Finisher finisher) {
        this.width = width;
        this.height = height;
        this.block = block;
        this.channels = channels;
        this.blend = blend;
        this.decision = decision;
        this.finisher = finisher;
        this.across = (width + block - 1) / block;
        this.down = (height + block - 1) / block;
        this.pending = new int[across * down];
        this.finished = new boolean[across * down];
    }

    int blocksAcross() {
        return across;
    }

    int blocksDown() {
        return down;
    }

    /** Most blocks held at once so far. */
    int peakOpenBlocks() {
        return peakOpen;
    }

    /** Bytes one open block takes. */
    static long bytesPerBlock(int block, int channels, boolean blend) {
        long n = (long) block * block;
        return blend ? n * (4L * channels + 4 + 1) : n * 9;
    }

    /** Before the run: a tile will contribute to {@code area}. */
    void expect(Rectangle area) {
        forBlocks(area, i -> pending[i]++);
    }

    /**
     * Resume: block ({@code bx}, {@code by}) is already in the output; it is never finished again and
     * contributions to it are ignored.
     */
    void markFinished(int bx, int by) {
        int i = by * across + bx;
        finished[i] = true;
        open.remove(i);
    }

    /** Finishes the blocks no tile touches (outside the mask), as NoData. */
    void finishUntouched() throws IOException {
        for (int i = 0; i < pending.length; i++) {
            if (pending[i] == 0 && !finished[i]) {
                finish(i);
            }
        }
    }

    /**
     * Class and confidence per pixel of the grid placed at ({@code gx}, {@code gy}) with width {@code gw},
     * for the pixels of {@code area} (discard mode).
     */
    void putClasses(Rectangle area, int gx, int gy, int gw, int[] cls, float[] conf) {
        Rectangle a = clip(area);
        for (int y = a.y; y < a.y + a.height; y++) {
            int by = y / block;
            for (int x = a.x; x < a.x + a.width; ) {
                int bx = x / block;
                int end = Math.min(a.x + a.width, (bx + 1) * block);
                Block b = blockAt(bx, by);
                int o = (y - by * block) * block + (x - bx * block);
                int s = (y - gy) * gw + (x - gx);
                int n = end - x;
                System.arraycopy(cls, s, b.cls, o, n);
                System.arraycopy(conf, s, b.conf, o, n);
                x = end;
            }
        }
    }

    /**
     * Weighted probabilities (blend mode): {@code probs[c * gh * gw + (y - gy) * gw + (x - gx)]}; the
     * weight of pixel (x, y) is {@code wx[x - area.x] * wy[y - area.y]}.
     */
    void putProbabilities(Rectangle area, int gx, int gy, int gw, int gh, float[] probs, float[] wx, float[] wy) {
        Rectangle a = clip(area);
        int plane = gw * gh;
        int bplane = block * block;
        for (int y = a.y; y < a.y + a.height; y++) {
            int by = y / block;
            float wyv = wy[y - area.y];
            for (int x = a.x; x < a.x + a.width; ) {
                int bx = x / block;
                int end = Math.min(a.x + a.width, (bx + 1) * block);
                Block b = blockAt(bx, by);
                int o = (y - by * block) * block + (x - bx * block);
                int s = (y - gy) * gw + (x - gx);
                for (int k = 0; k < end - x; k++) {
                    float w = wx[x + k - area.x] * wyv;
                    b.weights[o + k] += w;
                    for (int c = 0; c < channels; c++) {
                        b.sums[c * bplane + o + k] += w * probs[c * plane + s + k];
                    }
                }
                x = end;
            }
        }
    }

    /** Marks NoData pixels: {@code valid[(y - vy) * vw + (x - vx)]} false within {@code area}. */
    void putNoData(Rectangle area, int vx, int vy, int vw, boolean[] valid) {
        if (valid == null) {
            return;
        }
        Rectangle a = clip(area);
        for (int y = a.y; y < a.y + a.height; y++) {
            for (int x = a.x; x < a.x + a.width; x++) {
                if (!valid[(y - vy) * vw + (x - vx)]) {
                    int bx = x / block;
                    int by = y / block;
                    blockAt(bx, by).nodata[(y - by * block) * block + (x - bx * block)] = true;
                }
            }
        }
    }

    /** A tile that announced {@code area} is done (with its values put, skipped, or failed). */
    void done(Rectangle area) throws IOException {
        IOException[] err = {null};
        forBlocks(area, i -> {
            if (--pending[i] == 0 && err[0] == null) {
                try {
                    finish(i);
                } catch (IOException e) {
                    err[0] = e;
                }
            }
        });
        if (err[0] != null) {
            throw err[0];
        }
    }

    /** Finishes every block not finished yet (end of run, or cancel): what is missing stays NoData. */
    void finishAll() throws IOException {
        for (int i = 0; i < pending.length; i++) {
            if (!finished[i]) {
                finish(i);
            }
        }
    }

    private Block blockAt(int bx, int by) {
        int i = by * across + bx;
        if (finished[i]) {
            return scratch();
        }
        Block b = open.get(i);
        if (b == null) {
            b = new Block();
            open.put(i, b);
            peakOpen = Math.max(peakOpen, open.size());
        }
        return b;
    }

    /** Where contributions to an already finished block go (resume): a block that is never read. */
    private Block scratch() {
        if (scratch == null) {
            scratch = new Block();
        }
        return scratch;
    }

    private void finish(int i) throws IOException {
        if (finished[i]) {
            return;
        }
        finished[i] = true;
        int bx = i % across;
        int by = i / across;
        Rectangle window = new Rectangle(bx * block, by * block, Math.min(block, width - bx * block),
                Math.min(block, height - by * block));
        Block b = open.remove(i);
        int n = block * block;
        int[] cls;
        float[] conf;
        if (b == null) {
            cls = new int[n];
            Arrays.fill(cls, -1);
            conf = new float[n];
        } else if (blend) {
            cls = new int[n];
            conf = new float[n];
            float[] p = new float[channels];
            for (int k = 0; k < n; k++) {
                float w = b.weights[k];
                if (w <= 0 || b.nodata[k]) {
                    cls[k] = -1;
                    continue;
                }
                for (int c = 0; c < channels; c++) {
                    p[c] = b.sums[c * n + k] / w;
                }
                cls[k] = decision.decide(p, 0, 1, channels, conf, k);
            }
        } else {
            cls = b.cls;
            conf = b.conf;
            for (int k = 0; k < n; k++) {
                if (b.nodata[k]) {
                    cls[k] = -1;
                }
            }
        }
        finisher.finish(bx, by, window, cls, conf);
    }

    private Rectangle clip(Rectangle r) {
        return r.intersection(new Rectangle(0, 0, width, height));
    }

    private void forBlocks(Rectangle area, java.util.function.IntConsumer f) {
        Rectangle a = clip(area);
        if (a.isEmpty()) {
            return;
        }
        for (int by = a.y / block; by <= (a.y + a.height - 1) / block; by++) {
            for (int bx = a.x / block; bx <= (a.x + a.width - 1) / block; bx++) {
                f.accept(by * across + bx);
            }
        }
    }
}
