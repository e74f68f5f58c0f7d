package org.deepraster.tool.selfsupervised;

import java.nio.file.Path;
import java.util.List;
import org.deepraster.tool.Environments;

/**
 * Self-Supervised Classification: {@code in_raster} (image files or folders of images; label rasters named
 * {@code SCLS_*} in a folder are not taken as images), {@code in_model_definition} (the tile CNN: an
 * ObjectClassification model, .emd/.dlpk/.onnx), {@code out_folder}, phase 1's {@code tile_size} and
 * {@code confidence_threshold} (only tiles the CNN is at least this sure of become training data), phase 2's
 * {@code classifier}, {@code neighbourhood_features}, {@code max_samples_per_class} and {@code seed},
 * {@code label_folder} (null: {@code SCLS_NAME.tif} beside each image), {@code return_probability_raster}, the
 * environments (processor, parallel factor; no extent or mask: whole images are classified) and overwrite.
 */
public record SelfSupervisedParameters(List<Path> inRasters, String inModelDefinition, Path outFolder, int tileSize,
                                       double confidenceThreshold, Classifier classifier, boolean neighbourhoodFeatures,
                                       int maxSamplesPerClass, long seed, Path labelFolder,
                                       boolean returnProbabilityRaster, Environments environments, boolean overwrite) {
    public static final int DEFAULT_TILE_SIZE = 50;
    public static final double DEFAULT_CONFIDENCE = 0.95;
    public static final int DEFAULT_MAX_SAMPLES = 10_000;
    public static final long DEFAULT_SEED = 42;

    /** The pixel classifier of phase 2. */
    public enum Classifier {
        /** Our multi-layer perceptron ({@link Mlp}); the reports are {@code MLP_NAME.csv}. */
        MLP("MLP"),
        /** Tribuo's random forest ({@link RandomForest}); the reports are {@code RF_NAME.csv}. */
        RANDOM_FOREST("RF");

        private final String prefix;

        Classifier(String prefix) {
            this.prefix = prefix;
        }

        /** The report's stage name and file prefix: MLP or RF. */
        public String prefix() {
            return prefix;
        }
    }

    public SelfSupervisedParameters {
        inRasters = inRasters == null ? List.of() : List.copyOf(inRasters);
        classifier = classifier == null ? Classifier.MLP : classifier;
        environments = environments == null ? Environments.DEFAULT : environments;
    }

    /** The defaults: tiles of 50 px, confidence 0.95, MLP on the bands, 10 000 samples per class, seed 42. */
    public static SelfSupervisedParameters of(List<Path> inRasters, String model, Path outFolder) {
        return new SelfSupervisedParameters(inRasters, model, outFolder, DEFAULT_TILE_SIZE, DEFAULT_CONFIDENCE,
                Classifier.MLP, false, DEFAULT_MAX_SAMPLES, DEFAULT_SEED, null, false, Environments.DEFAULT, false);
    }

    public SelfSupervisedParameters withClassifier(Classifier c, boolean neighbourhood) {
        return new SelfSupervisedParameters(inRasters, inModelDefinition, outFolder, tileSize, confidenceThreshold, c,
                neighbourhood, maxSamplesPerClass, seed, labelFolder, returnProbabilityRaster, environments, overwrite);
    }

    public SelfSupervisedParameters withTiles(int size, double confidence) {
        return new SelfSupervisedParameters(inRasters, inModelDefinition, outFolder, size, confidence, classifier,
                neighbourhoodFeatures, maxSamplesPerClass, seed, labelFolder, returnProbabilityRaster, environments, overwrite);
    }

    public SelfSupervisedParameters withSampling(int maxPerClass, long s) {
        return new SelfSupervisedParameters(inRasters, inModelDefinition, outFolder, tileSize, confidenceThreshold,
                classifier, neighbourhoodFeatures, maxPerClass, s, labelFolder, returnProbabilityRaster, environments, overwrite);
    }

    public SelfSupervisedParameters withLabels(Path folder) {
        return new SelfSupervisedParameters(inRasters, inModelDefinition, outFolder, tileSize, confidenceThreshold,
                classifier, neighbourhoodFeatures, maxSamplesPerClass, seed, folder, returnProbabilityRaster, environments,
                overwrite);
    }

    public SelfSupervisedParameters withOutput(boolean probability, boolean replace) {
        return new SelfSupervisedParameters(inRasters, inModelDefinition, outFolder, tileSize, confidenceThreshold,
                classifier, neighbourhoodFeatures, maxSamplesPerClass, seed, labelFolder, probability, environments, replace);
    }

    public SelfSupervisedParameters withEnvironments(Environments e) {
        return new SelfSupervisedParameters(inRasters, inModelDefinition, outFolder, tileSize, confidenceThreshold,
                classifier, neighbourhoodFeatures, maxSamplesPerClass, seed, labelFolder, returnProbabilityRaster, e, overwrite);
    }
}
