package org.deepraster.tiling;

import java.util.List;
import org.deepraster.inference.BatchBuffer;
import org.deepraster.inference.InferenceOutputs;
import org.deepraster.inference.ModelSession;
import org.deepraster.job.Prepared;
import org.deepraster.model.ModelFormat;

/**
 * The batched model step of a tiled run, on the engine's single inference thread: fills one reused
 * {@link BatchBuffer} (allocated on first use, at least the model's fixed batch) with a batch of
 * chips and runs the session. Not thread-safe (one per run).
 */
public final class BatchRunner {
    private final ModelFormat format;
    private final ModelSession session;
    private final int batchSize;
    private final int bands;
    private final int chipW;
    private final int chipH;
    private BatchBuffer buffer;

    public BatchRunner(ModelFormat format, ModelSession session, int batchSize, int bands, int chipW, int chipH) {
        this.format = format;
        this.session = session;
        this.batchSize = batchSize;
        this.bands = bands;
        this.chipW = chipW;
        this.chipH = chipH;
    }

    /** Runs the model on the chips of a batch (in order); the outputs are valid until the next call. */
    public InferenceOutputs run(List<Prepared.Ready<Tile, Chip>> batch) {
        if (buffer == null) {
            buffer = new BatchBuffer(format, Math.max(batchSize, Math.max(1, session.fixedBatch())), bands, chipH, chipW);
        }
        buffer.clear();
        for (int i = 0; i < batch.size(); i++) {
            buffer.put(i, batch.get(i).input().data());
        }
        return session.run(buffer);
    }
}
