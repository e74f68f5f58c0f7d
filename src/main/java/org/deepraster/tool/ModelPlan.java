package org.deepraster.tool;

import java.io.IOException;
import java.util.List;
import org.deepraster.inference.ModelSession;
import org.deepraster.model.ClassInfo;
import org.deepraster.model.ModelDefinition;

/**
 * What the plans of the model-running tools share: the model definition, its session (owned by
 * the engine), the batch size and the warnings collected while planning, with their accessors.
 * The tools' {@code Plan} classes extend it (package-private: its public methods are the Plans').
 */
public abstract class ModelPlan implements AutoCloseable {
    protected final ModelDefinition definition;
    protected final ModelSession session;
    protected final int batchSize;
    protected final List<String> warnings;

    protected ModelPlan(ModelDefinition definition, ModelSession session, int batchSize, List<String> warnings) {
        this.definition = definition;
        this.session = session;
        this.batchSize = batchSize;
        this.warnings = warnings;
    }

    public ModelDefinition definition() {
        return definition;
    }

    /** The model's classes (value, name, colour), for the layer's style. */
    public List<ClassInfo> classes() {
        return definition.classes();
    }

    public int batchSize() {
        return batchSize;
    }

    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** "CPU" or "CUDA:0". */
    public String executionProvider() {
        return session.executionProvider();
    }

    @Override
    public abstract void close() throws IOException;
}
