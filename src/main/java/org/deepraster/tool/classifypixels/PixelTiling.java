package org.deepraster.tool.classifypixels;

import java.awt.Rectangle;
import java.util.List;
import org.deepraster.inference.BatchBuffer;
import org.deepraster.inference.InferenceOutputs;
import org.deepraster.inference.ModelSession;
import org.deepraster.inference.OutputTensor;
import org.deepraster.inference.PixelDecoder;
import org.deepraster.model.ModelFormat;
import org.deepraster.model.TensorSpec;
import org.deepraster.tiling.RasterRegion;
import org.deepraster.tiling.Tile;
import org.deepraster.tiling.TileGrid;
import org.deepraster.util.UserException;

/**
 * Classify Pixels' tiling: the model's output shape (a smaller output is centre-aligned, offsets
 * {@code offX}, {@code offY}), the padding (at least the model's border), whether blending stays on,
 * then the {@link TileGrid} over the region — each tile's area reaches {@code padding − border}
 * beyond its core when blending — in vertical swaths narrow enough that the unfinished output blocks
 * fit {@link ClassifyPixelsTool#BLOCK_BUDGET_BYTES}. Built while planning (the caller's thread).
 */
final class PixelTiling {
    private static final int BLOCK = ClassifyPixelsTool.BLOCK;
    final int chipW;
    final int chipH;
    final int outW;
    final int outH;
    /** Output channels decoded: class scores, 1 for a sigmoid output, 0 for labels. */
    final int channels;
    final int offX;
    final int offY;
    final int padX;
    final int padY;
    final boolean blend;
    RasterRegion region;
    TileGrid grid;
    List<Tile> tiles;
    int swathCols;
    long estimatedBytes;

    private PixelTiling(int chipW, int chipH, int outW, int outH, int channels, int padX, int padY, boolean blend) {
        this.chipW = chipW;
        this.chipH = chipH;
        this.outW = outW;
        this.outH = outH;
        this.channels = channels;
        this.offX = (chipW - outW) / 2;
        this.offY = (chipH - outH) / 2;
        this.padX = padX;
        this.padY = padY;
        this.blend = blend;
    }

    /** The output shape (from the signature, or one run on an empty chip), padding and blending; warnings for what was changed. */
    static PixelTiling probe(ModelSession session, PixelDecoder decoder, ModelFormat format, int bands, int chipW, int chipH,
                             int requestedPadding, boolean blend, List<String> warnings) {
        int[] shape = outputShape(session, decoder, format, bands, chipW, chipH);
        int outW = shape[0];
        int outH = shape[1];
        if (outW > chipW || outH > chipH) {
            throw new UserException("The model's output (" + outW + " x " + outH + ") is larger than its input ("
                    + chipW + " x " + chipH + ").", "Classify Pixels needs an output of at most the input size.");
        }
        int offX = (chipW - outW) / 2;
        int offY = (chipH - outH) / 2;
        int padX = Math.max(requestedPadding, offX);
        int padY = Math.max(requestedPadding, offY);
        if (requestedPadding < Math.max(offX, offY)) {
            warnings.add("padding " + requestedPadding + " is less than the model's own border (" + Math.max(offX, offY)
                    + " px: " + chipW + " in, " + outW + " out); the border is used.");
        }
        if (2 * padX >= chipW || 2 * padY >= chipH) {
            throw new UserException("padding " + requestedPadding + " leaves nothing of a " + chipW + " x " + chipH + " tile.",
                    "Use a padding below half the tile size (" + Math.min(chipW, chipH) / 2 + ").");
        }
        if (blend && decoder.kind() == PixelDecoder.Kind.LABELS) {
            warnings.add("blend_tiles needs class probabilities, but the model outputs class labels: the padding is discarded instead.");
            blend = false;
        }
        if (blend && padX == offX && padY == offY) {
            warnings.add("blend_tiles: no overlap to blend (the padding is the model's own border); raise padding.");
            blend = false;
        }
        int channels = decoder.kind() == PixelDecoder.Kind.LABELS ? 0
                : decoder.kind() == PixelDecoder.Kind.SIGMOID ? 1 : shape[2];
        return new PixelTiling(chipW, chipH, outW, outH, channels, padX, padY, blend);
    }

    /** {width, height, channels} of the decoder's output, from the signature or from one run on an empty chip when dynamic. */
    private static int[] outputShape(ModelSession session, PixelDecoder decoder, ModelFormat format, int bands,
                                     int chipW, int chipH) {
        TensorSpec o = null;
        for (TensorSpec t : session.signature().outputs()) {
            if (t.name().equals(decoder.output())) {
                o = t;
            }
        }
        boolean known = o != null && !o.isDynamic(o.rank() - 1) && !o.isDynamic(o.rank() - 2)
                && (o.rank() != 4 || !o.isDynamic(1));
        if (known) {
            return new int[] {(int) o.dim(o.rank() - 1), (int) o.dim(o.rank() - 2), o.rank() == 4 ? (int) o.dim(1) : 1};
        }
        BatchBuffer b = new BatchBuffer(format, Math.max(1, session.fixedBatch()), bands, chipH, chipW);
        b.put(0, new float[bands * chipW * chipH]);
        InferenceOutputs outs = session.run(b);
        OutputTensor t = outs.get(decoder.output());
        return new int[] {t.dim(-1), t.dim(-2), t.rank() == 4 ? t.dim(1) : 1};
    }

    /** Blending margin beyond the core (0 without blending). */
    int marginX() {
        return blend ? padX - offX : 0;
    }

    int marginY() {
        return blend ? padY - offY : 0;
    }

    /** The tiles over the region, in swaths that fit the block budget; warnings for memory and the mask. */
    void layOut(RasterRegion region, List<String> warnings) {
        this.region = region;
        grid = TileGrid.cores(region, chipW, chipH, padX, padY, marginX(), marginY());
        Rectangle roi = region.roi();
        int sx = grid.stepX();
        int sy = grid.stepY();
        int rowsOpen = (sy + 2 * marginY() + BLOCK - 1) / BLOCK + 2;
        long[] order = order(roi, sx, rowsOpen, PixelMosaic.bytesPerBlock(BLOCK, Math.max(1, channels), blend), blend);
        swathCols = (int) order[0];
        estimatedBytes = order[1];
        if (estimatedBytes > ClassifyPixelsTool.BLOCK_BUDGET_BYTES) {
            long plain = order(roi, sx, (sy + BLOCK - 1) / BLOCK + 2, PixelMosaic.bytesPerBlock(BLOCK, 1, false), false)[1];
            warnings.add(String.format("Unfinished output blocks will take about %d MB of memory (%d classes%s over"
                    + " %d x %d px); give Java enough heap (-Xmx), or leave blend_tiles off (about %d MB).",
                    estimatedBytes >> 20, Math.max(1, channels), blend ? ", blended" : "", roi.width, roi.height,
                    plain >> 20));
        }
        TileGrid.Layout layout = grid.layOut(swathCols);
        tiles = layout.tiles();
        if (layout.warning() != null) {
            warnings.add(layout.warning());
        }
    }

    /**
     * Processing order: {tiles across a swath, bytes of unfinished blocks at the peak}. Row by row
     * over the full width holds ~ (blocks across) x rowsOpen blocks; vertical swaths hold
     * ~ (swath blocks + 2) x rowsOpen, plus the two block columns a swath shares with its
     * neighbours, over the whole height. Swaths are taken when rows do not fit the budget.
     */
    private long[] order(Rectangle roi, int sx, int rowsOpen, long perBlock, boolean blending) {
        int cols = grid.cols();
        long budget = Math.max(1, ClassifyPixelsTool.BLOCK_BUDGET_BYTES / perBlock);
        long blocksAcross = (roi.width + BLOCK - 1) / BLOCK;
        long blocksDown = (roi.height + BLOCK - 1) / BLOCK;
        if (blocksAcross * rowsOpen <= budget) {
            return new long[] {cols, blocksAcross * rowsOpen * perBlock};
        }
        // without blending a swath whose edge falls on a block edge shares no block with the next one
        long k0 = BLOCK / gcd(sx, BLOCK);
        long aligned = Math.max(2, budget / rowsOpen - 2) * BLOCK / sx / k0 * k0;
        if (!blending && aligned >= k0) {
            long swath = Math.min(cols, aligned);
            return new long[] {swath, Math.min(blocksAcross, swath * sx / BLOCK + 1) * rowsOpen * perBlock};
        }
        long swathBlocks = Math.max(2, (budget - 2 * blocksDown) / rowsOpen - 2);
        long swath = Math.max(1, Math.min(cols, swathBlocks * BLOCK / sx));
        long open = Math.min(blocksAcross * rowsOpen, (swath * sx / BLOCK + 3) * rowsOpen + 2 * blocksDown);
        return new long[] {swath, open * perBlock};
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    /** A tile's area in output pixels (the output raster is the region). */
    Rectangle local(Tile t) {
        Rectangle a = new Rectangle(t.area());
        a.translate(-region.roi().x, -region.roi().y);
        return a;
    }
}
