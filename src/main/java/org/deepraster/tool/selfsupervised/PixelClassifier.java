package org.deepraster.tool.selfsupervised;

/**
 * A trained pixel classifier of phase 2: class probabilities from one pixel's features. Implementations are
 * immutable once trained, so prediction may run on several threads at once.
 */
sealed interface PixelClassifier permits Mlp, RandomForest {

    /** Number of classes (class indexes 0..n-1). */
    int classes();

    /**
     * Writes the probabilities of pixel {@code i} of {@code features} (pixel after pixel, as many features each as
     * the classifier was trained on) into {@code out[0..classes)}. Thread-safe.
     */
    void probabilities(float[] features, int i, float[] out);

    /** "MLP 7-32-16-5, 40 epochs, Adam" and such, for the summary. */
    String describe();
}
