package org.deepraster.model;

import java.nio.file.Path;

/**
 * Reads what a model file declares ({@link ModelSignature}). The one implementation opens the file
 * with ONNX Runtime and lives in {@code org.deepraster.inference}; {@link ModelSignature#read} finds
 * it with {@link java.util.ServiceLoader} ({@code META-INF/services/org.deepraster.model.SignatureReader})
 * so that this package describes models without depending on the runtime that runs them.
 * Implementations are thread-safe and have a public no-argument constructor.
 */
public interface SignatureReader {
    /**
     * The signature of an existing model file; a {@link org.deepraster.util.UserException} when the
     * runtime cannot load it.
     */
    ModelSignature read(Path modelFile);
}
