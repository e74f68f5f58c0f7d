package org.deepraster.tool;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
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
    private final List<OutputLock> locks = new ArrayList<>();

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

    /**
     * Takes {@code output} for this plan until {@link #releaseOutputs()} (called by {@code close}): call it before
     * checking whether the output exists, so two runs cannot both pass that check.
     *
     * @throws org.deepraster.util.UserException another live run writes it (the message names that run)
     */
    protected void own(Path output) {
        for (OutputLock l : locks) {
            if (l.output().equals(output.toAbsolutePath().normalize())) {
                return;
            }
        }
        OutputLock l = OutputLock.acquire(output);
        locks.add(l);
        if (l.recoveredFrom() != null) {
            warnings.add("The lock of " + output.getFileName() + " was left by a run that ended without releasing it ("
                    + l.recoveredFrom() + "); this run took it over.");
        }
    }

    /** Releases the outputs taken by {@link #own}. */
    protected void releaseOutputs() {
        for (OutputLock l : locks) {
            l.close();
        }
        locks.clear();
    }

    @Override
    public abstract void close() throws IOException;
}
