package org.deepraster.tool.classifypixels;

import java.awt.Rectangle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deepraster.inference.PixelDecoder;
import org.deepraster.job.ItemProblem;
import org.deepraster.job.JobProgress;
import org.deepraster.job.JobReport;
import org.deepraster.job.ResultSink;
import org.deepraster.tiling.Tile;

/**
 * Classify Pixels' result assembler, the writer-thread side of the run: decodes each tile's raw
 * output with the {@link PixelDecoder} (classes, or probabilities blended with a sin² window),
 * puts it into the {@link PixelMosaic}, and hands the finished blocks to the {@link BlockWriter}
 * (opened when the run starts) and to the caller's sinks. Blocks touched by a failed tile are not
 * written, so that a resumed run does them again.
 */
final class PixelAssembler implements ResultSink<TileResult> {
    private static final int BLOCK = ClassifyPixelsTool.BLOCK;
    private final PixelTiling tiling;
    private final PixelDecoder decoder;
    private final PixelDecoder.Decision decision;
    private final Opener opener;
    private final List<ResultSink<ClassifiedBlock>> sinks;
    private final Map<String, Tile> byKey = new HashMap<>();
    final PixelMosaic mosaic;
    final Map<String, Long> skipReasons = new LinkedHashMap<>();
    private final List<ClassifiedBlock> finished = new ArrayList<>();
    private final boolean[] failedBlocks;
    private final float[][] ramps = new float[2][];
    private BlockWriter writer;
    private int[] gridClasses;
    private float[] gridConfidence;

    /** Opens the outputs (directory first, tiles updated in place). */
    @FunctionalInterface
    interface Opener {
        BlockWriter open() throws IOException;
    }

    /**
     * @param opener        opens the outputs when the run starts (on the writer thread)
     * @param finishedBlocks blocks an earlier run wrote (null: none); {@code doneKeys} its tiles
     */
    PixelAssembler(PixelTiling tiling, PixelDecoder decoder, PixelDecoder.Decision decision, Opener opener,
                   boolean[] finishedBlocks, Set<String> doneKeys, List<ResultSink<ClassifiedBlock>> sinks) {
        this.tiling = tiling;
        this.decoder = decoder;
        this.decision = decision;
        this.opener = opener;
        this.sinks = sinks;
        Rectangle roi = tiling.region.roi();
        mosaic = new PixelMosaic(roi.width, roi.height, BLOCK, Math.max(1, tiling.channels), tiling.blend,
                (probs, offset, stride, c, conf, at) -> decoder.decide(probs, offset, stride, c, decision, conf, at),
                this::finish);
        failedBlocks = new boolean[mosaic.blocksAcross() * mosaic.blocksDown()];
        if (finishedBlocks != null) {
            for (int i = 0; i < finishedBlocks.length; i++) {
                if (finishedBlocks[i]) {
                    mosaic.markFinished(i % mosaic.blocksAcross(), i / mosaic.blocksAcross());
                }
            }
        }
        for (Tile t : tiling.tiles) {
            byKey.put(t.key(), t);
            if (!doneKeys.contains(t.key())) {
                mosaic.expect(tiling.local(t));
            }
        }
    }

    /** The block writer (null before the run started): pixel counts by class, NoData pixels. */
    BlockWriter writer() {
        return writer;
    }

    @Override
    public void started(long total, long resumed) throws IOException {
        writer = opener.open();
        for (ResultSink<ClassifiedBlock> s : sinks) {
            s.started(total, resumed);
        }
        mosaic.finishUntouched();
        flush();
    }

    @Override
    public void accept(List<TileResult> results) throws IOException {
        Rectangle roi = tiling.region.roi();
        int outW = tiling.outW;
        for (TileResult tr : results) {
            Tile t = tr.tile();
            int gx = t.window().x + tiling.offX - roi.x;
            int gy = t.window().y + tiling.offY - roi.y;
            Rectangle a = tiling.local(t);
            if (tiling.blend) {
                float[] probs = probabilities(tr.scores(), a, gx, gy);
                float[] wx = ramp(a.x + roi.x, a.width, t.core().x, t.core().width, tiling.padX - tiling.offX, 0);
                float[] wy = ramp(a.y + roi.y, a.height, t.core().y, t.core().height, tiling.padY - tiling.offY, 1);
                mosaic.putProbabilities(a, gx, gy, outW, tiling.outH, probs, wx, wy);
            } else {
                classify(tr, a, gx, gy);
                mosaic.putClasses(a, gx, gy, outW, gridClasses, gridConfidence);
            }
            mosaic.putNoData(a, t.window().x - roi.x, t.window().y - roi.y, tiling.chipW, tr.valid());
            mosaic.done(a);
        }
        flush();
    }

    /** Class and confidence of the area's pixels (grid coordinates) into the reused grid arrays. */
    private void classify(TileResult tr, Rectangle a, int gx, int gy) {
        int outW = tiling.outW;
        int plane = outW * tiling.outH;
        if (gridClasses == null) {
            gridClasses = new int[plane];
            gridConfidence = new float[plane];
        }
        float[] s = tr.scores();
        int c = Math.max(1, tiling.channels);
        boolean isProb = s != null && PixelDecoder.holdsProbabilities(s, plane, c);
        for (int y = a.y - gy; y < a.y - gy + a.height; y++) {
            for (int x = a.x - gx, i = y * outW + x; x < a.x - gx + a.width; x++, i++) {
                decoder.classify(s, tr.labels(), isProb, plane, c, i, decision, gridClasses, gridConfidence);
            }
        }
    }

    /** Probabilities of the area's pixels (softmax / sigmoid applied unless the output holds them), in place. */
    private float[] probabilities(float[] s, Rectangle a, int gx, int gy) {
        int outW = tiling.outW;
        int plane = outW * tiling.outH;
        int c = Math.max(1, tiling.channels);
        if (PixelDecoder.holdsProbabilities(s, plane, c)) {
            return s;
        }
        for (int y = a.y - gy; y < a.y - gy + a.height; y++) {
            for (int x = a.x - gx, i = y * outW + x; x < a.x - gx + a.width; x++, i++) {
                PixelDecoder.toProbabilities(s, plane, c, i);
            }
        }
        return s;
    }

    /**
     * Weights along one axis for positions {@code from .. from+n-1} (raster pixels): 1 inside the
     * core shrunk by {@code m}, falling as sin² to 0 at {@code m} beyond the core's edges. Two
     * neighbours' weights sum to 1 across their shared 2m-pixel band.
     */
    private float[] ramp(int from, int n, int c0, int cw, int m, int axis) {
        float[] w = ramps[axis] != null && ramps[axis].length == n ? ramps[axis] : new float[n];
        ramps[axis] = w;
        for (int i = 0; i < n; i++) {
            int x = from + i;
            double v = 1;
            if (m > 0) {
                if (x < c0 + m) {
                    v = Math.min(v, sin2((x - (c0 - m) + 0.5) / (2.0 * m)));
                }
                if (x >= c0 + cw - m) {
                    v = Math.min(v, sin2((c0 + cw + m - 1 - x + 0.5) / (2.0 * m)));
                }
            }
            w[i] = (float) v;
        }
        return w;
    }

    private static double sin2(double f) {
        double s = Math.sin(Math.PI / 2 * Math.max(0, Math.min(1, f)));
        return s * s;
    }

    @Override
    public void problem(ItemProblem problem) {
        Tile t = byKey.get(problem.key());
        if (problem.kind() == ItemProblem.Kind.SKIPPED) {
            skipReasons.merge(problem.reason(), 1L, Long::sum);
        }
        try {
            if (t != null) {
                Rectangle a = tiling.local(t);
                if (problem.kind() == ItemProblem.Kind.FAILED) {
                    markFailed(a);
                }
                mosaic.done(a);
            }
            flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (ResultSink<ClassifiedBlock> s : sinks) {
            s.problem(problem);
        }
    }

    @Override
    public void progress(JobProgress progress) {
        for (ResultSink<ClassifiedBlock> s : sinks) {
            s.progress(progress);
        }
    }

    private void markFailed(Rectangle area) {
        Rectangle roi = tiling.region.roi();
        Rectangle a = area.intersection(new Rectangle(0, 0, roi.width, roi.height));
        if (a.isEmpty()) {
            return;
        }
        int across = mosaic.blocksAcross();
        for (int by = a.y / BLOCK; by <= (a.y + a.height - 1) / BLOCK; by++) {
            for (int bx = a.x / BLOCK; bx <= (a.x + a.width - 1) / BLOCK; bx++) {
                failedBlocks[by * across + bx] = true;
            }
        }
    }

    @Override
    public void finished(JobReport report) throws IOException {
        if (report.outcome() == JobReport.Outcome.COMPLETED) {
            mosaic.finishAll();
        }
        // cancelled or stopped: unfinished blocks are not written (NoData in the file), --resume does them
        flush();
        for (ResultSink<ClassifiedBlock> s : sinks) {
            s.finished(report);
        }
    }

    private void finish(int bx, int by, Rectangle window, int[] cls, float[] conf) throws IOException {
        if (failedBlocks[by * mosaic.blocksAcross() + bx]) {
            return; // left empty (NoData): a resumed run does the failed tile again
        }
        finished.add(writer.write(bx, by, window, cls, conf));
    }

    private void flush() throws IOException {
        if (finished.isEmpty()) {
            return;
        }
        List<ClassifiedBlock> batch = List.copyOf(finished);
        finished.clear();
        for (ResultSink<ClassifiedBlock> s : sinks) {
            s.accept(batch);
        }
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException e) {
                first = e;
            }
        }
        for (ResultSink<ClassifiedBlock> s : sinks) {
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
}
