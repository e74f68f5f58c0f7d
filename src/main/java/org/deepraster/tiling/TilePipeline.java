package org.deepraster.tiling;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.deepraster.inference.InferenceOutputs;
import org.deepraster.job.Job;
import org.deepraster.job.JobConfig;
import org.deepraster.job.JobReport;
import org.deepraster.job.JobSteps;
import org.deepraster.job.Prepared;
import org.deepraster.job.ResultSink;
import org.deepraster.util.Progress;

/**
 * A tiled model run on the {@link Job} engine, the same for every raster tool: the grid's tiles
 * ({@link TileGrid#layOut}) are read by the {@link TileReader} on the reader threads, batched
 * through the {@link BatchRunner} on the inference thread, turned into the tool's results by its
 * {@link Outputs} (still on the inference thread: copy, or decode cheaply) and handed to the tool's
 * assembler on the writer thread. Resume: the tiles whose keys are in {@code doneKeys} are not run
 * again; progress (tiles done, rate, time left) goes to the progress and to the assembler.
 *
 * @param name the job's name in messages ("Detect objects")
 */
public record TilePipeline(String name, List<Tile> tiles, TileReader reader, BatchRunner runner, JobConfig config) {

    /** What one batch of model outputs gives, per tile (inference thread). */
    @FunctionalInterface
    public interface Outputs<R> {
        List<R> of(List<Prepared.Ready<Tile, Chip>> batch, InferenceOutputs outputs);
    }

    /**
     * What one batch gives, per tile, running the model itself through the runner (inference thread): for a tool that
     * needs every test-time augmentation view's output ({@link BatchRunner#runViews}).
     */
    @FunctionalInterface
    public interface RunnerOutputs<R> {
        List<R> of(List<Prepared.Ready<Tile, Chip>> batch, BatchRunner runner);
    }

    /** Runs the tiles not in {@code doneKeys} to the end (completed, cancelled or stopped) on the calling thread. */
    public <R> JobReport run(Outputs<R> outputs, Set<String> doneKeys, Progress progress, ResultSink<R> assembler)
            throws IOException {
        return runWithRunner((batch, r) -> outputs.of(batch, r.run(batch)), doneKeys, progress, assembler);
    }

    /** As {@link #run}, the tool's function running each batch through the runner. */
    public <R> JobReport runWithRunner(RunnerOutputs<R> outputs, Set<String> doneKeys, Progress progress,
                                       ResultSink<R> assembler) throws IOException {
        JobSteps<Tile, Chip, R> steps = new JobSteps<>() {
            @Override
            public Prepared<Tile, Chip> prepare(Tile t) throws IOException {
                return reader.read(t);
            }

            @Override
            public List<R> run(List<Prepared.Ready<Tile, Chip>> batch) {
                return outputs.of(batch, runner);
            }
        };
        return new Job<>(name, tiles, steps, config, doneKeys).run(progress, List.of(assembler));
    }
}
