package org.deepraster.inference;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deepraster.model.ModelSignature;
import org.deepraster.model.SignatureReader;
import org.deepraster.model.TensorSpec;
import org.deepraster.util.UserException;

/**
 * Reads a {@link ModelSignature} with ONNX Runtime: inputs, outputs and custom metadata ({@code
 * metadata_props}) of an open session, or of a file opened briefly. Registered as the {@link
 * SignatureReader} of {@code org.deepraster.model} ({@code META-INF/services}). Thread-safe.
 */
public final class OnnxSignatureReader implements SignatureReader {

    /** Opens the file briefly (CPU, default options, errors-only log) and reads its signature. */
    @Override
    public ModelSignature read(Path onnx) {
        var env = OnnxEnvironment.get(); // first: it says where the native libraries are
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setSessionLogLevel(OnnxSessionFactory.level(SessionSettings.LogLevel.standard()));
            try (OrtSession s = env.createSession(onnx.toString(), o)) {
                return of(s);
            }
        } catch (OrtException e) {
            throw new UserException(onnx + ": ONNX Runtime cannot load this file: " + e.getMessage(),
                    "Check that it is an ONNX model (opset 7 or newer) and not truncated.", e);
        }
    }

    /** The signature of an open session. */
    static ModelSignature of(OrtSession session) throws OrtException {
        var meta = session.getMetadata();
        return new ModelSignature(specs(session.getInputInfo()), specs(session.getOutputInfo()),
                new LinkedHashMap<>(meta.getCustomMetadata()), meta.getProducerName(), meta.getGraphName());
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
