package org.deepraster.inference;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import org.deepraster.model.ModelFormat;
import org.deepraster.model.ModelSignature;
import org.deepraster.model.TensorSpec;
import org.deepraster.util.UserException;

/**
 * One open model, ready to run batches: what the tools, the benchmarks' tool runs and the model
 * checks see of a runtime. Opened, cached and closed by an {@link InferenceEngine} through its
 * {@link SessionFactory}; {@link OnnxModelSession} (ONNX Runtime) is the one implementation.
 * Implementations are thread-safe: several threads may call {@link #run} at once.
 */
public interface ModelSession {
    /** The model file, absolute and normalised. */
    Path modelFile();

    /** The inputs and outputs the model declares, and its metadata. */
    ModelSignature signature();

    /** Where it runs: "CPU" or "CUDA:0". */
    String executionProvider();

    /** What the user should know about the session, e.g. that CUDA was asked for but the CPU is used. */
    List<String> warnings();

    /**
     * Runs a tensor given as a float buffer (direct buffers are not copied) and its full shape in the
     * given layout; all {@code shape[0]} items count. A {@link UserException} when the model fails.
     */
    InferenceOutputs run(FloatBuffer data, long[] shape, ModelFormat layout);

    /**
     * Frees the runtime's resources. Only the {@link InferenceEngine} that opened the session calls
     * it (when the engine closes); a closed session cannot run.
     */
    void close();

    /** The batch size the model's input fixes, or -1 when the batch axis is dynamic. */
    default int fixedBatch() {
        TensorSpec in = signature().input();
        return in.rank() > 0 && !in.isDynamic(0) ? (int) in.dim(0) : -1;
    }

    /**
     * Runs the chips in the buffer. A model with a fixed batch axis runs with exactly that many chips
     * (the unused ones zeroed); {@link InferenceOutputs#count()} says how many are real.
     */
    default InferenceOutputs run(BatchBuffer batch) {
        int n = batch.count();
        if (n == 0) {
            throw new IllegalArgumentException("empty batch");
        }
        int fixed = fixedBatch();
        int runN = n;
        if (fixed > 0) {
            if (n > fixed) {
                throw new UserException("The model " + modelFile().getFileName() + " takes batches of exactly " + fixed
                        + " chips, but " + n + " were given", "Set batch_size " + fixed + " (or less).");
            }
            if (fixed > batch.capacity()) {
                throw new IllegalArgumentException("buffer capacity " + batch.capacity() + " < fixed batch " + fixed);
            }
            runN = fixed;
        }
        InferenceOutputs out = run(batch.view(runN), batch.shape(runN), batch.layout());
        return runN == n ? out : new InferenceOutputs(out.tensors(), n, out.chipHeight(), out.chipWidth());
    }
}
