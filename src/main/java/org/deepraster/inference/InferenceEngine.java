package org.deepraster.inference;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.deepraster.util.UserException;

/**
 * Owns the model sessions: one per (model file, settings), opened on first use by its {@link
 * SessionFactory} (ONNX Runtime unless told otherwise) and closed together by {@link #close()}.
 * Thread-safe.
 */
public final class InferenceEngine implements AutoCloseable {
    private record Key(Path file, SessionSettings settings) {
    }

    private final SessionFactory factory;
    private final Map<Key, ModelSession> sessions = new LinkedHashMap<>();
    private boolean closed;

    /** An engine over ONNX Runtime (starts its environment if it has not started yet). */
    public InferenceEngine() {
        this(new OnnxSessionFactory());
    }

    /** An engine whose sessions this factory opens. */
    public InferenceEngine(SessionFactory factory) {
        this.factory = factory;
    }

    /** The cached session for this model file and settings, opened if needed. */
    public synchronized ModelSession session(Path modelFile, SessionSettings settings) {
        if (closed) {
            throw new IllegalStateException("engine closed");
        }
        Path file = modelFile.toAbsolutePath().normalize();
        Key key = new Key(file, settings);
        ModelSession s = sessions.get(key);
        if (s == null) {
            if (!Files.isRegularFile(file)) {
                throw new UserException("Model file not found: " + file, "Check ModelFile in the model definition.");
            }
            s = factory.open(file, settings);
            sessions.put(key, s);
        }
        return s;
    }

    public ModelSession session(Path modelFile) {
        return session(modelFile, SessionSettings.cpu(0));
    }

    /** Number of open sessions (for tests and diagnostics). */
    public synchronized int openSessions() {
        return sessions.size();
    }

    /** Closes every session (all are tried; the first failure is thrown after). */
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
            } catch (RuntimeException e) {
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
