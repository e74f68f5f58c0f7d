package org.deepraster.tool.classifypixels;

import org.deepraster.tool.Environments;

import java.nio.file.Path;
import java.util.List;
import org.deepraster.model.ModelArguments;

/**
 * Classify Pixels Using Deep Learning (ArcGIS names): {@code in_raster} (one raster file),
 * {@code out_classified_raster} (a GeoTIFF of class values), {@code in_model_definition} (.emd,
 * .dlpk, .onnx or the .emd JSON; ModelType ImageClassification or a Deepness Segmentor),
 * {@code arguments} (padding, batch_size, tile_size, threshold, predict_background,
 * {@code blend_tiles}, {@code return_probability_raster}, …), an optional confidence raster
 * ({@code out_confidence_raster}: the winning class's probability, 0–100), the optional vector output
 * (polygons per class: {@link VectorOutput}), the environments and overwrite.
 *
 * @param outConfidenceRaster null = none (unless the argument {@code return_probability_raster} is
 *                            true: then {@code NAME_confidence.tif} beside the output)
 * @param vectorOutput        null = no polygons
 * @param resume              keep the blocks an earlier (cancelled or killed) run with the same settings
 *                            finished in the existing output(s) and do only the rest; without an existing
 *                            output the run simply starts
 * @param modelCells          {@link ModelCells#OFF}: the raster's own cells; otherwise the raster is read resampled
 *                            (bilinear) to the cell size the model states (Deepness {@code resolution}, .emd
 *                            MinCellSize/MaxCellSize) and the result written on the input grid (nearest
 *                            neighbour) or at the model's cell size
 */
public record ClassifyPixelsParameters(Path inRaster, String inModelDefinition, Path outClassifiedRaster,
                                       ModelArguments arguments, Path outConfidenceRaster, VectorOutput vectorOutput,
                                       Environments environments, boolean overwrite, boolean resume,
                                       ModelCells modelCells) {

    /** Whether the model runs at its own cell size, and on which grid the result is written. */
    public enum ModelCells {
        /** The raster's own cells (no resampling). */
        OFF,
        /** Run at the model's cell size, write the result on the input raster's grid (nearest neighbour). */
        INPUT_GRID,
        /** Run at the model's cell size and write the result at that cell size. */
        MODEL_CELL_SIZE
    }

    /** At the raster's own cells. */
    public ClassifyPixelsParameters(Path inRaster, String inModelDefinition, Path outClassifiedRaster,
                                    ModelArguments arguments, Path outConfidenceRaster, VectorOutput vectorOutput,
                                    Environments environments, boolean overwrite, boolean resume) {
        this(inRaster, inModelDefinition, outClassifiedRaster, arguments, outConfidenceRaster, vectorOutput, environments,
                overwrite, resume, ModelCells.OFF);
    }

    /** Without resume. */
    public ClassifyPixelsParameters(Path inRaster, String inModelDefinition, Path outClassifiedRaster,
                                    ModelArguments arguments, Path outConfidenceRaster, VectorOutput vectorOutput,
                                    Environments environments, boolean overwrite) {
        this(inRaster, inModelDefinition, outClassifiedRaster, arguments, outConfidenceRaster, vectorOutput, environments,
                overwrite, false);
    }

    /**
     * Polygons per class from the finished classified raster: {@code out_feature_class}, segments
     * smaller than {@code minArea} (map units²) dropped, outlines simplified by
     * {@code simplifyTolerance} (map units; 0 = none), footprints of the classes named in
     * {@code regularizeClasses} squared to right angles.
     */
    public record VectorOutput(Path outFeatureClass, double minArea, double simplifyTolerance,
                               List<String> regularizeClasses) {
        public VectorOutput {
            regularizeClasses = regularizeClasses == null ? List.of() : List.copyOf(regularizeClasses);
        }
    }

    public ClassifyPixelsParameters {
        arguments = arguments == null ? ModelArguments.EMPTY : arguments;
        environments = environments == null ? Environments.DEFAULT : environments;
        modelCells = modelCells == null ? ModelCells.OFF : modelCells;
    }

    /** Defaults: the model's arguments, no confidence raster, no polygons, whole raster, no overwrite. */
    public static ClassifyPixelsParameters of(Path raster, String model, Path out) {
        return new ClassifyPixelsParameters(raster, model, out, ModelArguments.EMPTY, null, null, Environments.DEFAULT, false);
    }

    public ClassifyPixelsParameters withArguments(ModelArguments a) {
        return new ClassifyPixelsParameters(inRaster, inModelDefinition, outClassifiedRaster, a, outConfidenceRaster,
                vectorOutput, environments, overwrite, resume, modelCells);
    }

    public ClassifyPixelsParameters withOutput(Path out, boolean overwrite) {
        return new ClassifyPixelsParameters(inRaster, inModelDefinition, out, arguments, outConfidenceRaster, vectorOutput,
                environments, overwrite, resume, modelCells);
    }

    public ClassifyPixelsParameters withConfidenceRaster(Path confidence) {
        return new ClassifyPixelsParameters(inRaster, inModelDefinition, outClassifiedRaster, arguments, confidence,
                vectorOutput, environments, overwrite, resume, modelCells);
    }

    public ClassifyPixelsParameters withVectorOutput(VectorOutput v) {
        return new ClassifyPixelsParameters(inRaster, inModelDefinition, outClassifiedRaster, arguments, outConfidenceRaster,
                v, environments, overwrite, resume, modelCells);
    }

    public ClassifyPixelsParameters withEnvironments(Environments e) {
        return new ClassifyPixelsParameters(inRaster, inModelDefinition, outClassifiedRaster, arguments, outConfidenceRaster,
                vectorOutput, e, overwrite, resume, modelCells);
    }

    /** Resume an earlier run into the existing output(s) (see {@code resume}). */
    public ClassifyPixelsParameters withResume(boolean r) {
        return new ClassifyPixelsParameters(inRaster, inModelDefinition, outClassifiedRaster, arguments, outConfidenceRaster,
                vectorOutput, environments, overwrite, r, modelCells);
    }

    public ClassifyPixelsParameters withModelCells(ModelCells m) {
        return new ClassifyPixelsParameters(inRaster, inModelDefinition, outClassifiedRaster, arguments, outConfidenceRaster,
                vectorOutput, environments, overwrite, resume, m);
    }
}
