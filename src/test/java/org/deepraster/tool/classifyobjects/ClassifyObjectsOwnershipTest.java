package org.deepraster.tool.classifyobjects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.deepraster.feature.StagedOutput;
import org.deepraster.inference.InferenceEngine;
import org.deepraster.model.ModelArguments;
import org.deepraster.sample.SampleScene;
import org.deepraster.tool.FeatureInput;
import org.deepraster.tool.OutputLock;
import org.deepraster.tool.Scenes;
import org.deepraster.util.Progress;
import org.deepraster.util.UserException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Classify Objects' output is owned by one run; --overwrite replaces it only when the new one is written. */
class ClassifyObjectsOwnershipTest {
    @TempDir
    static Path dir;
    static SampleScene.Files3 scene;
    static InferenceEngine engine;

    @BeforeAll
    static void setUp() throws IOException {
        scene = Scenes.generate(dir.resolve("scene"), 512);
        engine = new InferenceEngine();
    }

    @AfterAll
    static void tearDown() {
        if (engine != null) {
            engine.close();
        }
    }

    static ClassifyObjectsParameters params(Path out) {
        return ClassifyObjectsParameters.of(scene.scene(), Scenes.CLASSIFIER.toString(),
                new FeatureInput.File(scene.groundTruth(), "buildings"), out)
                .withModelArguments(ModelArguments.parse("batch_size 8"));
    }

    @Test
    void aSecondRunIsRefusedAndOverwriteIsStaged() throws IOException {
        Path out = dir.resolve("classified.gpkg");
        ClassifyObjectsParameters p = params(out);
        try (ClassifyObjectsTool.Plan first = new ClassifyObjectsTool(engine).plan(p)) {
            assertThatThrownBy(() -> new ClassifyObjectsTool(engine).plan(p.withOutput(out, false, true)).close())
                    .isInstanceOf(UserException.class).hasMessageContaining("is being written by another run");
            first.run(Progress.NONE, List.of());
        }
        assertThat(OutputLock.lockFile(out)).doesNotExist();
        long size = Files.size(out);
        ClassifyObjectsResult r = new ClassifyObjectsTool(engine).run(p.withOutput(out, true, false), Progress.NONE, List.of());
        assertThat(r.summary().results()).isPositive();
        assertThat(StagedOutput.stagingOf(out)).doesNotExist();
        assertThat(Files.size(out)).isPositive();
        assertThat(size).isPositive();
    }
}
