package org.deepraster.model;

import java.util.List;

/**
 * The description a Deepness (QGIS plugin) model carries in its ONNX {@code metadata_props}.
 * Every field may be null when the key is absent.
 *
 * @param modelType      Segmentor, Detector, Regressor, Recognition, Superresolution
 * @param resolutionCm   centimetres per pixel the model was trained at
 * @param tileSize       tiles_size / tile_size, pixels
 * @param tilesOverlap   overlap between tiles, percent
 * @param mean           standardization_mean, per channel, applied after dividing by 255
 * @param std            standardization_std
 * @param outputClasses  class_names per model output, in output order (a single object: one list); null when absent.
 *                       Deepness ({@code models/model_base.py} {@code get_outputs_channel_names}) sorts each by key.
 */
public record DeepnessInfo(String modelType, Double resolutionCm, Integer tileSize, Double tilesOverlap,
                           List<Double> mean, List<Double> std, Double segThresh, Integer segSmallSegment,
                           Double detConf, Double detIouThresh, String detType, Double regOutputScaling,
                           List<List<ClassInfo>> outputClasses) {
    public DeepnessInfo {
        outputClasses = outputClasses == null ? null : outputClasses.stream().map(List::copyOf).toList();
    }
}
