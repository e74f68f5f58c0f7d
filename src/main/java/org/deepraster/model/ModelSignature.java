package org.deepraster.model;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deepraster.util.UserException;

/** What an ONNX file declares: inputs, outputs and custom metadata ({@code metadata_props}). */
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

    /** Reads the signature of an open session. */
    public static ModelSignature of(OrtSession session) throws OrtException {
        var meta = session.getMetadata();
        return new ModelSignature(specs(session.getInputInfo()), specs(session.getOutputInfo()),
                new LinkedHashMap<>(meta.getCustomMetadata()), meta.getProducerName(), meta.getGraphName());
    }

    /** Opens the file briefly (CPU, default options) and reads its signature. */
    public static ModelSignature read(Path onnx) {
        if (!Files.isRegularFile(onnx)) {
            throw new UserException("Model file not found: " + onnx, "Check the path (and ModelFile in the .emd).");
        }
        OrtEnvironment env = OnnxEnvironment.get();
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions();
             OrtSession s = env.createSession(onnx.toString(), o)) {
            return of(s);
        } catch (OrtException e) {
            throw new UserException(onnx + ": ONNX Runtime cannot load this file: " + e.getMessage(),
                    "Check that it is an ONNX model (opset 7 or newer) and not truncated.", e);
        }
    }

    private static List<TensorSpec> specs(Map<String, NodeInfo> infos) {
        List<TensorSpec> out = new ArrayList<>();
        for (NodeInfo n : infos.values()) {
            if (n.getInfo() instanceof TensorInfo ti) {
                List<Long> shape = new ArrayList<>();
                for (long d : ti.getShape()) {
                    shape.add(d);
                }
                String type = ti.onnxType != null ? ti.onnxType.name().replace("ONNX_TENSOR_ELEMENT_DATA_TYPE_", "")
                        : ti.type == OnnxJavaType.FLOAT ? "FLOAT" : ti.type.name();
                out.add(new TensorSpec(n.getName(), type, shape, Arrays.asList(ti.getDimensionNames())));
            } else {
                out.add(new TensorSpec(n.getName(), n.getInfo().toString(), List.of(), List.of()));
            }
        }
        return out;
    }
}
