package org.deepraster;

import java.io.IOException;
import java.nio.file.Path;
import org.deepraster.sample.SampleScene;

/** Where the sample scene lives: {@code sample-data/} in the DeepRaster folder ({@code deepraster.home}). */
final class SampleData {
    static final long SEED = 42;
    static final int SIZE = 4096;
    /** The demo's instance scene: a seed neither the Mask R-CNN's training nor the merger's tuning used. */
    static final long INSTANCES_SEED = 4343;
    static final int INSTANCES_SIZE = 1024;

    private SampleData() {
    }

    static Path folder() {
        String home = System.getProperty("deepraster.home");
        return (home == null ? Path.of("") : Path.of(home)).toAbsolutePath().resolve("sample-data");
    }

    static boolean present() {
        return SampleScene.isCurrent(folder());
    }

    /** The sample scene, generated on first use (about 20 s). */
    static SampleScene.Files3 ensure() throws IOException {
        return SampleScene.ensure(folder(), SIZE, SEED);
    }

    /** The demo's INSTANCES scene ({@code sample-data/instances/}), generated on first use (about 10 s). */
    static SampleScene.Files3 ensureInstances() throws IOException {
        return SampleScene.ensure(folder().resolve("instances"), INSTANCES_SIZE, INSTANCES_SEED,
                SampleScene.Flavour.INSTANCES);
    }
}
