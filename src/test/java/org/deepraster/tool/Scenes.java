package org.deepraster.tool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.deepraster.sample.SampleScene;

/** The sample scene for tool tests, generated here (or in a child JVM where AWT cannot draw). */
public final class Scenes {
    /** Not among the training seeds (1, 2, 3) nor the scripts' evaluation seed (101). */
    public static final long SEED = 303;
    public static final Path CLASSIFIER = Path.of("sample-models", "building_damage_classifier.dlpk");

    private Scenes() {
    }

    public static SampleScene.Files3 generate(Path out, int size) throws IOException {
        try {
            return new SampleScene(size, SEED).write(out);
        } catch (java.awt.AWTError | InternalError e) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder pb = new ProcessBuilder(java, "-Djava.awt.headless=true", "-cp",
                    System.getProperty("java.class.path"), "org.deepraster.Main", "sample-scene", "--out",
                    out.toString(), "--seed", String.valueOf(SEED), "--size", String.valueOf(size))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            try {
                assertThat(pb.start().waitFor()).as("sample-scene in a child JVM").isZero();
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new IOException(ie);
            }
            return SampleScene.files(out);
        }
    }
}
