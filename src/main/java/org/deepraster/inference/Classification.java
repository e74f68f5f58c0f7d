package org.deepraster.inference;

/** One classified chip: best class index (into the definition's classes), its score, all probabilities. */
public record Classification(int classIndex, float score, float[] probabilities) {
}
