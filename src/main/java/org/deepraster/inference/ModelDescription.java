package org.deepraster.inference;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deepraster.model.ArgumentSpec;
import org.deepraster.model.ArgumentSpecs;
import org.deepraster.model.ClassInfo;
import org.deepraster.model.ModelDefinition;
import org.deepraster.model.ModelSignature;
import org.deepraster.model.TensorSpec;
import org.deepraster.util.UserException;

/**
 * What a model is, for people: the {@code info} command prints {@link #text()}, the GUI's model panel
 * shows the same fields. Built by {@link #describe(ModelDefinition)}, which also opens the ONNX file
 * (when there is one) to list tensors and run {@link ModelCheck}.
 *
 * @param properties ordered label → value pairs (name, version, type, framework, chip size, …)
 * @param signature  null when the model file could not be opened (see warnings)
 * @param check      null when there is no signature
 */
public record ModelDescription(ModelDefinition definition, Map<String, String> properties, List<ClassInfo> classes,
                               ModelSignature signature, List<ArgumentSpec> arguments, List<String> warnings,
                               ModelCheck.Report check) {

    public static ModelDescription describe(ModelDefinition d) {
        ModelSignature sig = null;
        List<String> warnings = new ArrayList<>(d.warnings());
        if (d.isOnnx() && d.modelFile() != null && Files.isRegularFile(d.modelFile())) {
            try {
                sig = ModelSignature.read(d.modelFile());
            } catch (UserException e) {
                warnings.add(e.getMessage());
            }
        }
        return describe(d, sig, warnings);
    }

    public static ModelDescription describe(ModelDefinition d, ModelSignature sig, List<String> warnings) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("Name", d.displayName());
        put(p, "Version", d.version());
        p.put("Type", d.modelType() == null ? (d.modelTypeText() == null ? "(missing)" : d.modelTypeText() + " (unsupported)")
                : d.modelType().emdName() + " -> " + d.modelType().toolName());
        put(p, "Framework", d.framework());
        put(p, "Configuration", d.modelConfiguration() == null ? null : d.modelConfiguration().toString());
        p.put("Source", d.source().toString());
        put(p, "Model file", d.modelFile() == null ? null : d.modelFile() + (Files.isRegularFile(d.modelFile()) ? "" : " (missing)"));
        put(p, "Inference function", d.inferenceFunction() == null ? null : d.inferenceFunction() + " (never executed)");
        p.put("Chip size", d.imageWidth() == null ? "(not set)" : d.imageWidth() + " x " + d.imageHeight() + " px (width x height)"
                + (d.supportsVariableTileSize() ? ", variable tile size" : ""));
        p.put("Bands", d.extractBands().isEmpty() ? "(not set)" : d.extractBands().toString());
        p.put("Layout", d.modelFormat().toString());
        put(p, "Data range", d.dataRange() == null ? null : d.dataRange().toString());
        put(p, "Model padding", d.modelPadding() == null ? null : d.modelPadding() + " px");
        put(p, "Batch size", d.batchSize() == null ? null : d.batchSize().toString());
        put(p, "Model configuration parameters", d.modelParameters().isEmpty() ? null : d.modelParameters().toString());
        put(p, "Crop size fixed", d.cropSizeFixed() == null ? null : d.cropSizeFixed().toString());
        put(p, "Blacken around feature", d.blackenAroundFeature() == null ? null : d.blackenAroundFeature().toString());
        put(p, "Image space", d.imageSpaceUsed());
        put(p, "Multispectral", d.isMultispectral() == null ? null : d.isMultispectral().toString());
        put(p, "Normalization", d.normalizationStats().isEmpty() ? null : d.normalizationStats().keySet().toString());
        int channels = d.extractBands().isEmpty() ? 3 : d.extractBands().count();
        try {
            p.put("Input normalization", InputNormalization.forDefinition(d, channels).description());
        } catch (UserException e) {
            p.put("Input normalization", "(invalid) " + e.getMessage());
        }
        if (d.modelType() == org.deepraster.model.ModelType.IMAGE_CLASSIFICATION) {
            p.put("Pixel values", org.deepraster.model.PixelConvention.of(d).describe(d, sig));
        }
        put(p, "Cell size", d.minCellSize() == null ? null : d.minCellSize() + (d.maxCellSize() == null ? "" : " .. " + d.maxCellSize()));
        put(p, "Metadata mode", d.metaDataMode());
        if (d.deepness() != null) {
            var x = d.deepness();
            put(p, "Deepness", "model_type " + x.modelType() + (x.resolutionCm() == null ? "" : ", resolution " + x.resolutionCm() + " cm/px")
                    + (x.tilesOverlap() == null ? "" : ", overlap " + x.tilesOverlap() + " %")
                    + (x.mean() == null ? "" : ", mean " + x.mean() + " std " + x.std())
                    + (x.detType() == null ? "" : ", det_type " + x.detType()));
        }
        d.extras().forEach((k, v) -> p.put("(other) " + k, String.valueOf(v)));
        List<ArgumentSpec> args;
        List<String> w = new ArrayList<>(warnings);
        try {
            args = ArgumentSpecs.forDefinition(d);
        } catch (UserException e) {
            args = List.of();
            w.add(e.getMessage());
        }
        ModelCheck.Report check = sig == null ? null : ModelCheck.check(d, sig);
        return new ModelDescription(d, p, d.classes(), sig, args, w, check);
    }

    private static void put(Map<String, String> p, String k, String v) {
        if (v != null && !v.isBlank()) {
            p.put(k, v);
        }
    }

    /** Errors of the check (empty when not checked). */
    public boolean hasErrors() {
        return check != null && !check.ok();
    }

    /** Plain text for a terminal. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        properties.forEach((k, v) -> sb.append(String.format("%-20s %s%n", k + ":", v)));
        sb.append("Classes:").append(classes.isEmpty() ? " (none)" : "").append('\n');
        for (ClassInfo c : classes) {
            sb.append(String.format("  %4d  %-28s %s (%d, %d, %d)%n", c.value(), c.name(), c.hexColor(), c.red(), c.green(), c.blue()));
        }
        if (signature != null) {
            sb.append("Inputs:\n");
            for (TensorSpec t : signature.inputs()) {
                sb.append("  ").append(t).append('\n');
            }
            sb.append("Outputs:\n");
            for (TensorSpec t : signature.outputs()) {
                sb.append("  ").append(t).append('\n');
            }
        }
        sb.append("Arguments:").append(arguments.isEmpty() ? " (none)" : "").append('\n');
        for (ArgumentSpec a : arguments) {
            sb.append(String.format("  %-24s %-8s default %-8s %s%s%n", a.name(), a.typeName(),
                    a.defaultText() == null ? "-" : a.defaultText(), a.expected(),
                    a.info().hidden() ? " (hidden: set by the model)" : ""));
        }
        if (!warnings.isEmpty()) {
            sb.append("Warnings:\n");
            warnings.forEach(x -> sb.append("  - ").append(x).append('\n'));
        }
        if (check != null) {
            sb.append("Checks against the ONNX file:\n");
            check.problems().forEach(x -> sb.append("  ").append(x).append('\n'));
            sb.append(check.ok() ? "Result: ready to run\n" : "Result: NOT runnable (" + check.errors().size() + " error(s))\n");
        } else {
            sb.append("Result: NOT runnable (no ONNX model file to check)\n");
        }
        return sb.toString();
    }
}
