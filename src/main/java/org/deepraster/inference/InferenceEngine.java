package org.deepraster.inference;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deepraster.util.UserException;

/**
 * Owns the ONNX Runtime sessions: one per (model file, settings), opened on first use and closed
 * together by {@link #close()}. CPU by default; CUDA when asked, falling back to the CPU with a
 * warning on the session when the CUDA provider is not available (the default build ships the CPU
 * runtime; build with {@code -Pgpu} for {@code onnxruntime_gpu}). Thread-safe.
 */
public final class InferenceEngine implements AutoCloseable {
    private record Key(Path file, SessionSettings settings) {
    }

    private final OrtEnvironment env = org.deepraster.model.OnnxEnvironment.get();
    private final Map<Key, ModelSession> sessions = new LinkedHashMap<>();
    private boolean closed;

    /** The cached session for this model file and settings, opened if needed. */
    public synchronized ModelSession session(Path modelFile, SessionSettings settings) {
        if (closed) {
            throw new IllegalStateException("engine closed");
        }
        Path file = modelFile.toAbsolutePath().normalize();
        Key key = new Key(file, settings);
        ModelSession s = sessions.get(key);
        if (s == null) {
            s = open(file, settings);
            sessions.put(key, s);
        }
        return s;
    }

    public ModelSession session(Path modelFile) {
        return session(modelFile, SessionSettings.CPU);
    }

    /** Number of open sessions (for tests and diagnostics). */
    public synchronized int openSessions() {
        return sessions.size();
    }

    private ModelSession open(Path file, SessionSettings settings) {
        if (!Files.isRegularFile(file)) {
            throw new UserException("Model file not found: " + file, "Check ModelFile in the model definition.");
        }
        List<String> warnings = new ArrayList<>();
        String provider = "CPU";
        OrtSession.SessionOptions options = options(settings);
        try {
            if (settings.device() == SessionSettings.Device.CUDA) {
                try {
                    options.addCUDA(settings.gpuId());
                    provider = "CUDA:" + settings.gpuId();
                } catch (OrtException | RuntimeException | UnsatisfiedLinkError e) {
                    warnings.add("CUDA was requested (GPU " + settings.gpuId() + ") but is not available: "
                            + e.getMessage() + ". Running on the CPU. The GPU needs the 'gpu' build "
                            + "(mvn -Pgpu package, onnxruntime_gpu) and CUDA/cuDNN libraries matching ONNX Runtime.");
                    options.close();
                    options = options(settings);
                }
            }
            OrtSession s;
            try {
                s = env.createSession(file.toString(), options);
            } catch (OrtException e) {
                if (!provider.equals("CPU")) {
                    warnings.add("CUDA session failed (" + e.getMessage() + "); running on the CPU.");
                    options.close();
                    options = options(settings);
                    provider = "CPU";
                    s = env.createSession(file.toString(), options);
                } else {
                    throw e;
                }
            }
            return new ModelSession(env, s, file, provider, warnings);
        } catch (OrtException e) {
            throw new UserException(file + ": ONNX Runtime cannot load this model: " + e.getMessage(),
                    "Check that the file is a complete ONNX model (opset 7 or newer).", e);
        } finally {
            options.close();
        }
    }

    private static OrtSession.SessionOptions options(SessionSettings settings) {
        OrtSession.SessionOptions o = new OrtSession.SessionOptions();
        try {
            o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (settings.intraOpThreads() > 0) {
                o.setIntraOpNumThreads(settings.intraOpThreads());
            }
        } catch (OrtException e) {
            o.close();
            throw new IllegalStateException(e);
        }
        return o;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException first = null;
        for (ModelSession s : sessions.values()) {
            try {
                s.close();
            } catch (OrtException | RuntimeException e) {
                if (first == null) {
                    first = new IllegalStateException("closing " + s.modelFile() + ": " + e.getMessage(), e);
                }
            }
        }
        sessions.clear();
        if (first != null) {
            throw first;
        }
    }
}
