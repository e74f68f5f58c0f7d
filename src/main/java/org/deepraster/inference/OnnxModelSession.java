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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deepraster.model.ModelFormat;
import org.deepraster.model.ModelSignature;
import org.deepraster.util.UserException;

/**
 * A {@link ModelSession} over one open ONNX Runtime session, made by {@link OnnxSessionFactory}.
 * Thread-safe: ONNX Runtime sessions may run on several threads at once.
 */
public final class OnnxModelSession implements ModelSession {
    private final OrtEnvironment env;
    private final OrtSession session;
    private final Path modelFile;
    private final ModelSignature signature;
    private final String executionProvider;
    private final List<String> warnings;
    private final String inputName;

    OnnxModelSession(OrtEnvironment env, OrtSession session, Path modelFile, String executionProvider,
                     List<String> warnings) throws OrtException {
        this.env = env;
        this.session = session;
        this.modelFile = modelFile;
        this.signature = OnnxSignatureReader.of(session);
        this.executionProvider = executionProvider;
        this.warnings = List.copyOf(warnings);
        this.inputName = signature.input().name();
    }

    /**
     * The ONNX session behind {@code s}, for the benchmarks' bare {@code OrtSession.run} on the very
     * session the tools use; an {@link IllegalArgumentException} when another runtime runs it.
     */
    public static OnnxModelSession of(ModelSession s) {
        if (s instanceof OnnxModelSession o) {
            return o;
        }
        throw new IllegalArgumentException(s.modelFile().getFileName() + " is not run by ONNX Runtime");
    }

    @Override
    public Path modelFile() {
        return modelFile;
    }

    @Override
    public ModelSignature signature() {
        return signature;
    }

    @Override
    public String executionProvider() {
        return executionProvider;
    }

    @Override
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

    @Override
    public InferenceOutputs run(FloatBuffer data, long[] shape, ModelFormat layout) {
        if (shape.length != 4) {
            throw new IllegalArgumentException("expected a 4-axis shape, got " + Arrays.toString(shape));
        }
        boolean nhwc = layout == ModelFormat.NHWC;
        int count = (int) shape[0];
        int h = (int) shape[nhwc ? 1 : 2];
        int w = (int) shape[nhwc ? 2 : 3];
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
                    + Arrays.toString(shape) + ": " + e.getMessage(),
                    "Check the chip size, bands and batch size against 'info' for this model.", e);
        }
    }

    private static OutputTensor copy(String name, OnnxTensor t) {
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

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("closing the ONNX session of " + modelFile + ": " + e.getMessage(), e);
        }
    }
}
