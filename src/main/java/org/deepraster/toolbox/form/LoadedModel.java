package org.deepraster.toolbox.form;

import java.util.List;
import org.deepraster.inference.ModelCheck;
import org.deepraster.inference.ModelDescription;
import org.deepraster.model.ArgumentSpec;
import org.deepraster.model.ModelDefinition;
import org.deepraster.model.ModelDefinitions;
import org.deepraster.util.UserException;

/**
 * The outcome of loading a model for a dialog: what could be read, and whether it can run here.
 *
 * @param source      the path or JSON text the user gave
 * @param definition  the definition (strict when runnable, else read in inspect mode); null when nothing could be read
 * @param description its description for the info panel; null when nothing could be read
 * @param refusal     null when the model can run here, else why not and what to do (for the user, no stack trace)
 */
public record LoadedModel(String source, ModelDefinition definition, ModelDescription description, String refusal) {

    public boolean runnable() {
        return refusal == null;
    }

    /** The model's arguments (empty when nothing could be read). */
    public List<ArgumentSpec> arguments() {
        return description == null ? List.of() : description.arguments();
    }

    /**
     * Loads strictly; a model that fails the strict load or whose ONNX file fails {@link ModelCheck} is
     * refused with the reason, and described as far as the inspect mode can read it. Runs the ONNX
     * signature read, so call it off the EDT.
     */
    public static LoadedModel load(String pathOrJson, ModelDefinitions.Options strict) {
        ModelDefinitions.Options inspect = new ModelDefinitions.Options(true, strict.cacheRoot(), strict.limits());
        ModelDefinition d;
        try {
            d = ModelDefinitions.load(pathOrJson, strict);
        } catch (UserException e) {
            return refused(pathOrJson, inspect, e.userMessage());
        }
        ModelDescription desc = ModelDescription.describe(d);
        if (desc.check() == null) {
            String why = desc.warnings().isEmpty() ? "the ONNX model file could not be opened"
                    : desc.warnings().get(desc.warnings().size() - 1);
            return new LoadedModel(pathOrJson, d, desc, "The model file cannot be checked: " + why
                    + "\nPoint ModelFile to a valid .onnx file exported from the trained model.");
        }
        try {
            desc.check().throwIfErrors(d.displayName());
        } catch (UserException e) {
            return new LoadedModel(pathOrJson, d, desc, e.userMessage());
        }
        return new LoadedModel(pathOrJson, d, desc, null);
    }

    private static LoadedModel refused(String source, ModelDefinitions.Options inspect, String why) {
        try {
            ModelDefinition d = ModelDefinitions.load(source, inspect);
            return new LoadedModel(source, d, ModelDescription.describe(d), why);
        } catch (UserException e) {
            return new LoadedModel(source, null, null, why);
        }
    }
}
