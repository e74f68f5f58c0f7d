package org.deepraster.inference;

/**
 * Turns a model's raw outputs into typed results. Chosen by {@link Decoders#select} from the model
 * definition and the output shapes; each family returns its own result type.
 */
public sealed interface Decoder permits ClassificationDecoder, DetectionDecoder, InstanceDecoder, PixelDecoder {
    /** One line for {@code info}: which outputs are read and how. */
    String describe();
}
