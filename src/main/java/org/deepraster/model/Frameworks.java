package org.deepraster.model;

import java.util.Locale;
import java.util.Map;

/** What to tell a user whose model is not ONNX: how to export it. Data, not logic per model. */
final class Frameworks {
    private Frameworks() {
    }

    private static final Map<String, String> EXPORT_HINTS = Map.of(
            "pytorch", "Export it with torch.onnx.export(model, dummy_input, \"model.onnx\", opset_version=17, "
                    + "dynamic_axes={\"input\": {0: \"batch\"}}) (arcgis.learn models: model.learn.model).",
            "tensorflow", "Export it with tf2onnx: python -m tf2onnx.convert --saved-model DIR (or --graphdef "
                    + "frozen_inference_graph.pb --inputs ... --outputs ...) --output model.onnx.",
            "keras", "Export it with tf2onnx: tf2onnx.convert.from_keras(model, output_path=\"model.onnx\") "
                    + "(keras2onnx for old Keras).",
            "cntk", "Export it with CNTK itself: model.save(\"model.onnx\", format=C.ModelFormat.ONNX).",
            "tflite", "Convert it with tf2onnx: python -m tf2onnx.convert --tflite model.tflite --output model.onnx.",
            "caffe", "Convert it to ONNX (e.g. caffe2onnx), or re-export it from the training framework.",
            "mxnet", "Export it with mxnet.onnx.export_model(...).",
            "paddle", "Export it with paddle2onnx.");

    static String exportHint(String framework) {
        String key = framework == null ? "" : framework.trim().toLowerCase(Locale.ROOT).replace(" ", "");
        String hint = EXPORT_HINTS.get(key);
        if (hint == null) {
            hint = "Export the model to ONNX with its framework's exporter.";
        }
        return hint + " Then set \"Framework\": \"ONNX\" and \"ModelFile\" to the .onnx file in the .emd.";
    }
}
