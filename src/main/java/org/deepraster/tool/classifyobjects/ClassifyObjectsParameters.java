package org.deepraster.tool.classifyobjects;

import org.deepraster.tool.Environments;
import org.deepraster.tool.FeatureInput;
import org.deepraster.tool.ProcessingMode;

import java.nio.file.Path;
import java.util.List;
import org.deepraster.model.ModelArguments;

/**
 * The parameters of Classify Objects Using Deep Learning, with ArcGIS's names. The dialog, the
 * command line and the tests all build this record and hand it to {@link ClassifyObjectsTool}.
 *
 * @param inRaster          one raster, several rasters (a mosaic, or items), or folders of images
 *                          (every GeoTIFF in the folder, sorted by name)
 * @param inModelDefinition .emd / .dlpk / self-describing .onnx path, or the .emd JSON itself
 * @param inFeatures        the objects (points, lines, polygons), or null: each image is one object
 * @param outFeatureClass   .gpkg (default when there is no extension), .geojson, .shp or .csv
 * @param classLabelField   the field that gets the class name (default {@code ClassLabel})
 * @param processingMode    mosaic (default) or items separately
 * @param modelArguments    e.g. {@code ModelArguments.parse("batch_size 8;score_threshold 0")}
 * @param environments      extent, output CRS, processor, parallelism, retries
 * @param overwrite         replace an existing output
 * @param resume            keep an existing output and do only the objects it does not hold yet
 */
public record ClassifyObjectsParameters(List<Path> inRaster, String inModelDefinition, FeatureInput inFeatures,
                                        Path outFeatureClass, String classLabelField, ProcessingMode processingMode,
                                        ModelArguments modelArguments, Environments environments, boolean overwrite,
                                        boolean resume) {

    public static final String DEFAULT_LABEL_FIELD = "ClassLabel";

    public ClassifyObjectsParameters {
        inRaster = List.copyOf(inRaster);
        classLabelField = classLabelField == null || classLabelField.isBlank() ? DEFAULT_LABEL_FIELD : classLabelField.trim();
        processingMode = processingMode == null ? ProcessingMode.PROCESS_AS_MOSAICKED_IMAGE : processingMode;
        modelArguments = modelArguments == null ? ModelArguments.EMPTY : modelArguments;
        environments = environments == null ? Environments.DEFAULT : environments;
    }

    /** The required parameters; everything else at its default. */
    public static ClassifyObjectsParameters of(Path inRaster, String inModelDefinition, FeatureInput inFeatures,
                                               Path outFeatureClass) {
        return new ClassifyObjectsParameters(List.of(inRaster), inModelDefinition, inFeatures, outFeatureClass, null,
                null, null, null, false, false);
    }

    public ClassifyObjectsParameters withModelArguments(ModelArguments a) {
        return new ClassifyObjectsParameters(inRaster, inModelDefinition, inFeatures, outFeatureClass, classLabelField,
                processingMode, a, environments, overwrite, resume);
    }

    public ClassifyObjectsParameters withEnvironments(Environments e) {
        return new ClassifyObjectsParameters(inRaster, inModelDefinition, inFeatures, outFeatureClass, classLabelField,
                processingMode, modelArguments, e, overwrite, resume);
    }

    public ClassifyObjectsParameters withOutput(Path out, boolean overwrite, boolean resume) {
        return new ClassifyObjectsParameters(inRaster, inModelDefinition, inFeatures, out, classLabelField,
                processingMode, modelArguments, environments, overwrite, resume);
    }

    public ClassifyObjectsParameters withFeatures(FeatureInput f) {
        return new ClassifyObjectsParameters(inRaster, inModelDefinition, f, outFeatureClass, classLabelField,
                processingMode, modelArguments, environments, overwrite, resume);
    }

    public ClassifyObjectsParameters withProcessingMode(ProcessingMode m) {
        return new ClassifyObjectsParameters(inRaster, inModelDefinition, inFeatures, outFeatureClass, classLabelField,
                m, modelArguments, environments, overwrite, resume);
    }

    public ClassifyObjectsParameters withClassLabelField(String f) {
        return new ClassifyObjectsParameters(inRaster, inModelDefinition, inFeatures, outFeatureClass, f,
                processingMode, modelArguments, environments, overwrite, resume);
    }
}
