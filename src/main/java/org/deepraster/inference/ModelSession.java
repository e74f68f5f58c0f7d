package org.deepraster.inference;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deepraster.model.ModelSignature;
import org.deepraster.model.TensorSpec;
import org.deepraster.util.UserException;

/**
 * One open ONNX Runtime session, owned and closed by its {@link InferenceEngine}. Thread-safe: several
 * threads may call {@link #run} at once (ONNX Runtime sessions are).
 */
public final class ModelSession {
    private final OrtEnvironment env;
    private final OrtSession session;
    private final Path modelFile;
    private final ModelSignature signature;
    private final String executionProvider;
    private final List<String> warnings;
    private final String inputName;

    ModelSession(OrtEnvironment env, OrtSession session, Path modelFile, String executionProvider, List<String> warnings)
            throws OrtException {
        this.env = env;
        this.session = session;
        this.modelFile = modelFile;
        this.signature = ModelSignature.of(session);
        this.executionProvider = executionProvider;
        this.warnings = List.copyOf(warnings);
        this.inputName = signature.input().name();
    }

    public Path modelFile() {
        return modelFile;
    }

    public ModelSignature signature() {
        return signature;
    }

    /** "CPU" or "CUDA:0". */
    public String executionProvider() {
        return executionProvider;
    }

    /** E.g. that CUDA was asked for but the CPU is used. */
    public List<String> warnings() {
        return warnings;
    }

    /** The underlying session, for measurements against bare ONNX Runtime. Do not close it. */
    public OrtSession ortSession() {
        return session;
    }

    public OrtEnvironment environment() {
        return env;
    }

    /** The batch size the model's input fixes, or -1 when the batch axis is dynamic. */
    public int fixedBatch() {
        TensorSpec in = signature.input();
        return in.rank() > 0 && !in.isDynamic(0) ? (int) in.dim(0) : -1;
    }

    /**
     * Runs the chips in the buffer. A model with a fixed batch axis runs with exactly that many chips
     * (the unused ones zeroed); {@link InferenceOutputs#count()} says how many are real.
     */
    public InferenceOutputs run(BatchBuffer batch) {
        int n = batch.count();
        if (n == 0) {
            throw new IllegalArgumentException("empty batch");
        }
        int fixed = fixedBatch();
        int runN = n;
        if (fixed > 0) {
            if (n > fixed) {
                throw new UserException("The model " + modelFile.getFileName() + " takes batches of exactly " + fixed
                        + " chips, but " + n + " were given", "Set batch_size " + fixed + " (or less).");
            }
            if (fixed > batch.capacity()) {
                throw new IllegalArgumentException("buffer capacity " + batch.capacity() + " < fixed batch " + fixed);
            }
            runN = fixed;
        }
        return run(batch.view(runN), batch.shape(runN), n, batch.height(), batch.width());
    }

    /**
     * Runs a tensor given as a float buffer (direct buffers are not copied) and its full shape in the
     * given layout; all {@code shape[0]} items count.
     */
    public InferenceOutputs run(FloatBuffer data, long[] shape, org.deepraster.model.ModelFormat layout) {
        if (shape.length != 4) {
            throw new IllegalArgumentException("expected a 4-axis shape, got " + java.util.Arrays.toString(shape));
        }
        boolean nhwc = layout == org.deepraster.model.ModelFormat.NHWC;
        return run(data, shape, (int) shape[0], (int) shape[nhwc ? 1 : 2], (int) shape[nhwc ? 2 : 3]);
    }

    private InferenceOutputs run(FloatBuffer data, long[] shape, int count, int h, int w) {
        try (OnnxTensor input = OnnxTensor.createTensor(env, data, shape);
             OrtSession.Result result = session.run(Map.of(inputName, input))) {
            Map<String, OutputTensor> outs = new LinkedHashMap<>();
            for (Map.Entry<String, OnnxValue> e : result) {
                if (e.getValue() instanceof OnnxTensor t) {
                    outs.put(e.getKey(), copy(e.getKey(), t));
                }
            }
            return new InferenceOutputs(outs, count, h, w);
        } catch (OrtException e) {
            throw new UserException("The model " + modelFile.getFileName() + " failed on a batch of shape "
                    + java.util.Arrays.toString(shape) + ": " + e.getMessage(),
                    "Check the chip size, bands and batch size against 'info' for this model.", e);
        }
    }

    static OutputTensor copy(String name, OnnxTensor t) {
        TensorInfo info = t.getInfo();
        long[] shape = info.getShape();
        OnnxJavaType type = info.type;
        switch (type) {
            case FLOAT -> {
                FloatBuffer b = t.getFloatBuffer(); // already a copy: take its array when it is exactly ours
                if (b.hasArray() && b.arrayOffset() == 0 && b.position() == 0 && b.array().length == b.remaining()) {
                    return new OutputTensor(name, shape, b.array(), null);
                }
                float[] a = new float[b.remaining()];
                b.get(a);
                return new OutputTensor(name, shape, a, null);
            }
            case DOUBLE -> {
                var b = t.getDoubleBuffer();
                float[] a = new float[b.remaining()];
                for (int i = 0; i < a.length; i++) {
                    a[i] = (float) b.get(i);
                }
                return new OutputTensor(name, shape, a, null);
            }
            case INT64 -> {
                LongBuffer b = t.getLongBuffer();
                long[] a = new long[b.remaining()];
                b.get(a);
                return new OutputTensor(name, shape, null, a);
            }
            case INT32 -> {
                IntBuffer b = t.getIntBuffer();
                long[] a = new long[b.remaining()];
                for (int i = 0; i < a.length; i++) {
                    a[i] = b.get(i);
                }
                return new OutputTensor(name, shape, null, a);
            }
            case UINT8, INT8, BOOL -> {
                ByteBuffer b = t.getByteBuffer();
                long[] a = new long[b.remaining()];
                for (int i = 0; i < a.length; i++) {
                    a[i] = type == OnnxJavaType.INT8 ? b.get(i) : b.get(i) & 0xFF;
                }
                return new OutputTensor(name, shape, null, a);
            }
            default -> throw new UserException("Output \"" + name + "\" has element type " + type
                    + ", which DeepRaster cannot read", "Export the model with float32 or int64 outputs.");
        }
    }

    void close() throws OrtException {
        session.close();
    }
}
