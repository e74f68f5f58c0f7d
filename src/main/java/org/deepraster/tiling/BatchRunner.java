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
 *
 * <p>With {@link TestTimeAugmentation} every tile of the batch is run as all its views, {@code batchSize} chips per
 * model run (so a run holds {@code batchSize} chips however many views there are), and {@link #run} returns the
 * views' outputs merged per tile ({@link ViewMerger}); {@link #runViews} hands each model run's outputs on as they
 * are, for a tool that fuses the views itself (detections).
 */
public final class BatchRunner {
    private final ModelFormat format;
    private final ModelSession session;
    private final int batchSize;
    private final int bands;
    private final int chipW;
    private final int chipH;
    private final TestTimeAugmentation tta;
    private BatchBuffer buffer;
    private float[] viewChip;

    public BatchRunner(ModelFormat format, ModelSession session, int batchSize, int bands, int chipW, int chipH) {
        this(format, session, batchSize, bands, chipW, chipH, null);
    }

    /** @param tta the views to run for each tile, or null (none) */
    public BatchRunner(ModelFormat format, ModelSession session, int batchSize, int bands, int chipW, int chipH,
                       TestTimeAugmentation tta) {
        this.format = format;
        this.session = session;
        this.batchSize = batchSize;
        this.bands = bands;
        this.chipW = chipW;
        this.chipH = chipH;
        this.tta = tta;
        if (tta != null && chipW != chipH && tta.views().stream().anyMatch(TtaView::swapsAxes)) {
            throw new IllegalArgumentException("rotated views need a square chip");
        }
    }

    /** The augmentation, or null. */
    public TestTimeAugmentation augmentation() {
        return tta;
    }

    /** One model run's outputs during {@link #runViews}: item {@code j} is chip {@code first + j}. */
    @FunctionalInterface
    public interface ViewOutputs {
        void accept(InferenceOutputs outputs, int first);
    }

    /**
     * Runs the model on the chips of a batch (in order); the outputs are valid until the next call. With test-time
     * augmentation: the views of each tile, merged, one output per tile.
     */
    public InferenceOutputs run(List<Prepared.Ready<Tile, Chip>> batch) {
        if (tta == null) {
            BatchBuffer b = buffer();
            b.clear();
            for (int i = 0; i < batch.size(); i++) {
                b.put(i, batch.get(i).input().data());
            }
            return session.run(b);
        }
        ViewMerger merger = new ViewMerger(tta, batch.size());
        runViews(batch, merger::add);
        return merger.result(chipH, chipW);
    }

    /**
     * Runs every view of every tile of the batch, chip {@code k} being view {@code k % V} of tile {@code k / V}
     * ({@code V} views), at most {@code batchSize} chips a model run, each run's outputs to {@code sink} before the
     * next run. Without augmentation: the chips as they are, one run.
     */
    public void runViews(List<Prepared.Ready<Tile, Chip>> batch, ViewOutputs sink) {
        if (tta == null) {
            sink.accept(run(batch), 0);
            return;
        }
        int views = tta.viewCount();
        int total = batch.size() * views;
        BatchBuffer b = buffer();
        for (int start = 0; start < total; start += batchSize) {
            int n = Math.min(batchSize, total - start);
            b.clear();
            for (int j = 0; j < n; j++) {
                int k = start + j;
                float[] data = batch.get(k / views).input().data();
                TtaView v = tta.views().get(k % views);
                if (v == TtaView.IDENTITY) {
                    b.put(j, data);
                } else {
                    if (viewChip == null) {
                        viewChip = new float[data.length];
                    }
                    v.forward(data, viewChip, bands, chipW, chipH);
                    b.put(j, viewChip);
                }
            }
            sink.accept(session.run(b), start);
        }
    }

    private BatchBuffer buffer() {
        if (buffer == null) {
            buffer = new BatchBuffer(format, Math.max(batchSize, Math.max(1, session.fixedBatch())), bands, chipH, chipW);
        }
        return buffer;
    }
}
