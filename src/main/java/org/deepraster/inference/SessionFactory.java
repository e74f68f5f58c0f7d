package org.deepraster.inference;

import java.nio.file.Path;

/**
 * Opens {@link ModelSession}s for an {@link InferenceEngine}: the seam where a runtime plugs in.
 * {@link OnnxSessionFactory} (ONNX Runtime) is the one in use; another runtime, or another policy
 * for choosing the GPU or the CPU, is another factory, and the tools do not change. Called by the
 * engine under its lock, one session at a time.
 */
public interface SessionFactory {
    /**
     * Opens an existing model file (absolute, normalised) with these settings. A {@link
     * org.deepraster.util.UserException} when the runtime cannot load it; a device that is not
     * available falls back with a warning on the session rather than failing.
     */
    ModelSession open(Path modelFile, SessionSettings settings);
}
