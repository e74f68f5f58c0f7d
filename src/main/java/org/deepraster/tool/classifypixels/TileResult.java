package org.deepraster.tool.classifypixels;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deepraster.inference.InferenceOutputs;
import org.deepraster.inference.OutputTensor;
import org.deepraster.job.Prepared;
import org.deepraster.tiling.Chip;
import org.deepraster.tiling.Tile;
import org.deepraster.util.UserException;

/**
 * The model's raw output for one tile, copied out of the batch on the inference thread: class
 * scores / probabilities ({@code [channel][y][x]}) or labels; decoded on the writer thread by the
 * {@link PixelAssembler}, so that the inference thread only runs the model.
 */
record TileResult(Tile tile, float[] scores, long[] labels, boolean[] valid) {

    /** Copies each tile's raw output (tensor {@code output}) out of the batch (inference thread); decoding is the assembler's. */
    static List<TileResult> copy(List<Prepared.Ready<Tile, Chip>> batch, InferenceOutputs outs, String output,
                                 PixelTiling tiling) {
        OutputTensor t = outs.get(output);
        if (t.dim(-1) != tiling.outW || t.dim(-2) != tiling.outH) {
            throw new UserException("The model's output for a tile is " + t.dim(-1) + " x " + t.dim(-2)
                    + ", expected " + tiling.outW + " x " + tiling.outH + ".", "Check the model's chip size against 'info'.");
        }
        int n = Math.max(1, tiling.channels) * tiling.outW * tiling.outH;
        List<TileResult> out = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            float[] scores = t.floats() == null ? null : Arrays.copyOfRange(t.floats(), i * n, (i + 1) * n);
            long[] labels = t.longs() == null ? null : Arrays.copyOfRange(t.longs(), i * n, (i + 1) * n);
            out.add(new TileResult(batch.get(i).item(), scores, labels, batch.get(i).input().valid()));
        }
        return out;
    }
}
