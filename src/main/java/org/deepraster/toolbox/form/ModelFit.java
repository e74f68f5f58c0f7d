package org.deepraster.toolbox.form;

import java.util.function.Function;
import org.deepraster.inference.ClassificationDecoder;
import org.deepraster.inference.Decoder;
import org.deepraster.inference.Decoders;
import org.deepraster.inference.DetectionDecoder;
import org.deepraster.inference.PixelDecoder;
import org.deepraster.util.UserException;

/**
 * Whether a loaded model suits a tool, said when it loads rather than on Run: the decoder its outputs
 * select (the one the tool's plan will ask for) must be the tool's kind. A model whose outputs cannot be
 * read yet (no signature, odd outputs) is left to the plan's own checks.
 */
public final class ModelFit {
    private ModelFit() {
    }

    /** The check of a tool that needs a decoder of {@code type}: a refusal text for a model of another kind, else null. */
    public static Function<LoadedModel, String> needs(Class<? extends Decoder> type, String what, String toolName) {
        return m -> {
            if (m.definition() == null || m.description() == null || m.description().signature() == null) {
                return null;
            }
            Decoder d;
            try {
                d = Decoders.select(m.definition(), m.description().signature());
            } catch (UserException | IllegalArgumentException e) {
                return null;
            }
            String kind = kindOf(d);
            if (type.isInstance(d) || kind == null) {
                return null; // the tool's kind, or one the plan judges with the model arguments
            }
            return m.definition().displayName() + " is " + kind + " (its output is read as: "
                    + d.describe() + "); " + toolName + " needs " + what + "."
                    + (toolOf(d) == null ? "" : "\nUse it in " + toolOf(d) + ", or choose " + what + ".");
        };
    }

    private static String kindOf(Decoder d) {
        return d instanceof PixelDecoder ? "a pixel classifier" : d instanceof DetectionDecoder ? "an object detector"
                : d instanceof ClassificationDecoder ? "an object classifier" : null;
    }

    private static String toolOf(Decoder d) {
        return d instanceof PixelDecoder ? "Classify Pixels" : d instanceof DetectionDecoder ? "Detect Objects"
                : d instanceof ClassificationDecoder ? "Classify Objects" : null;
    }
}
