package org.deepraster.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.deepraster.util.UserException;

/**
 * What an ONNX file declares: inputs, outputs and custom metadata ({@code metadata_props}). A plain
 * value: {@link SignatureReader} (in {@code inference}, over ONNX Runtime) reads it from a file.
 */
public record ModelSignature(List<TensorSpec> inputs, List<TensorSpec> outputs, Map<String, String> metadata,
                             String producer, String graphName) {
    public ModelSignature {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        metadata = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /** The first (image) input. */
    public TensorSpec input() {
        return inputs.get(0);
    }

    /**
     * Reads the signature of a model file with the installed {@link SignatureReader} (ONNX Runtime
     * opens it briefly on the CPU with default options).
     */
    public static ModelSignature read(Path onnx) {
        if (!Files.isRegularFile(onnx)) {
            throw new UserException("Model file not found: " + onnx, "Check the path (and ModelFile in the .emd).");
        }
        return Installed.READER.read(onnx);
    }

    /** The installed {@link SignatureReader}, looked up on first use. */
    private static final class Installed {
        static final SignatureReader READER = ServiceLoader.load(SignatureReader.class,
                        SignatureReader.class.getClassLoader()).findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + SignatureReader.class.getName()
                        + " on the class path (META-INF/services); org.deepraster.inference provides it"));

        private Installed() {
        }
    }
}
