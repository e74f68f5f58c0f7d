package org.deepraster.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A model's description, whatever it came from (.emd, JSON string, .dlpk, ONNX metadata):
 * every key of Esri's model definition, the Deepness metadata when present, the keys we do not
 * know (kept in file order in {@link #extras()}), and the warnings raised while reading it.
 * Immutable; build one with {@link ModelDefinitions} or {@link Builder}.
 *
 * <p>Nullable components are null when the key was absent. {@code InferenceFunction} is kept for
 * display only: DeepRaster never executes Python code from a model package.
 */
public record ModelDefinition(
        ModelSource source,
        String framework,
        ModelConfiguration modelConfiguration,
        String modelFileText,
        Path modelFile,
        ModelType modelType,
        String modelTypeText,
        String inferenceFunction,
        Integer imageHeight,
        Integer imageWidth,
        BandSelection extractBands,
        DataRange dataRange,
        List<ClassInfo> classes,
        Integer batchSize,
        Integer modelPadding,
        String modelName,
        String version,
        Map<String, Object> modelParameters,
        Boolean cropSizeFixed,
        Boolean blackenAroundFeature,
        String imageSpaceUsed,
        Boolean isMultispectral,
        Map<String, Object> normalizationStats,
        ModelFormat modelFormat,
        CellSize minCellSize,
        CellSize maxCellSize,
        boolean supportsVariableTileSize,
        String metaDataMode,
        List<ModelArgumentDecl> modelArguments,
        DeepnessInfo deepness,
        Map<String, String> onnxMetadata,
        Map<String, Object> extras,
        List<String> warnings) {

    public ModelDefinition {
        extractBands = extractBands == null ? BandSelection.NONE : extractBands;
        classes = List.copyOf(classes == null ? List.of() : classes);
        modelParameters = frozen(modelParameters);
        normalizationStats = frozen(normalizationStats);
        modelFormat = modelFormat == null ? ModelFormat.NCHW : modelFormat;
        modelArguments = List.copyOf(modelArguments == null ? List.of() : modelArguments);
        onnxMetadata = frozen(onnxMetadata);
        extras = frozen(extras);
        warnings = List.copyOf(warnings == null ? List.of() : warnings);
    }

    private static <V> Map<String, V> frozen(Map<String, V> m) {
        return m == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }

    /** True when the framework is ONNX (any case), the only one DeepRaster runs. */
    public boolean isOnnx() {
        return framework != null && framework.trim().toLowerCase(Locale.ROOT).equals("onnx");
    }

    /** ModelName, else the model file's name, else the source's name. */
    public String displayName() {
        if (modelName != null && !modelName.isBlank()) {
            return modelName;
        }
        if (modelFile != null) {
            return modelFile.getFileName().toString();
        }
        return source == null ? "model" : source.label();
    }

    /** The class at output index {@code i}, or null when the definition has fewer classes. */
    public ClassInfo classAt(int i) {
        return i >= 0 && i < classes.size() ? classes.get(i) : null;
    }

    /** Default padding: ModelPadding when set, else ImageHeight / 4 (0 when the chip size is unknown). */
    public int defaultPadding() {
        if (modelPadding != null) {
            return modelPadding;
        }
        return imageHeight == null ? 0 : imageHeight / 4;
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.source = source; b.framework = framework; b.modelConfiguration = modelConfiguration;
        b.modelFileText = modelFileText; b.modelFile = modelFile; b.modelType = modelType;
        b.modelTypeText = modelTypeText; b.inferenceFunction = inferenceFunction;
        b.imageHeight = imageHeight; b.imageWidth = imageWidth; b.extractBands = extractBands;
        b.dataRange = dataRange; b.classes = new ArrayList<>(classes); b.batchSize = batchSize;
        b.modelPadding = modelPadding; b.modelName = modelName; b.version = version;
        b.modelParameters = new LinkedHashMap<>(modelParameters); b.cropSizeFixed = cropSizeFixed;
        b.blackenAroundFeature = blackenAroundFeature; b.imageSpaceUsed = imageSpaceUsed;
        b.isMultispectral = isMultispectral; b.normalizationStats = new LinkedHashMap<>(normalizationStats);
        b.modelFormat = modelFormat; b.minCellSize = minCellSize; b.maxCellSize = maxCellSize;
        b.supportsVariableTileSize = supportsVariableTileSize; b.metaDataMode = metaDataMode;
        b.modelArguments = new ArrayList<>(modelArguments); b.deepness = deepness;
        b.onnxMetadata = new LinkedHashMap<>(onnxMetadata); b.extras = new LinkedHashMap<>(extras);
        b.warnings = new ArrayList<>(warnings);
        return b;
    }

    /** Mutable builder used by the loaders (and tests). */
    public static final class Builder {
        public ModelSource source;
        public String framework;
        public ModelConfiguration modelConfiguration;
        public String modelFileText;
        public Path modelFile;
        public ModelType modelType;
        public String modelTypeText;
        public String inferenceFunction;
        public Integer imageHeight;
        public Integer imageWidth;
        public BandSelection extractBands = BandSelection.NONE;
        public DataRange dataRange;
        public List<ClassInfo> classes = new ArrayList<>();
        public Integer batchSize;
        public Integer modelPadding;
        public String modelName;
        public String version;
        public Map<String, Object> modelParameters = new LinkedHashMap<>();
        public Boolean cropSizeFixed;
        public Boolean blackenAroundFeature;
        public String imageSpaceUsed;
        public Boolean isMultispectral;
        public Map<String, Object> normalizationStats = new LinkedHashMap<>();
        public ModelFormat modelFormat = ModelFormat.NCHW;
        public CellSize minCellSize;
        public CellSize maxCellSize;
        public boolean supportsVariableTileSize;
        public String metaDataMode;
        public List<ModelArgumentDecl> modelArguments = new ArrayList<>();
        public DeepnessInfo deepness;
        public Map<String, String> onnxMetadata = new LinkedHashMap<>();
        public Map<String, Object> extras = new LinkedHashMap<>();
        public List<String> warnings = new ArrayList<>();

        public ModelDefinition build() {
            return new ModelDefinition(source, framework, modelConfiguration, modelFileText, modelFile,
                    modelType, modelTypeText, inferenceFunction, imageHeight, imageWidth, extractBands,
                    dataRange, classes, batchSize, modelPadding, modelName, version, modelParameters,
                    cropSizeFixed, blackenAroundFeature, imageSpaceUsed, isMultispectral, normalizationStats,
                    modelFormat, minCellSize, maxCellSize, supportsVariableTileSize, metaDataMode,
                    modelArguments, deepness, onnxMetadata, extras, warnings);
        }
    }
}
