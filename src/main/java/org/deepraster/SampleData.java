package org.deepraster;

import java.io.IOException;
import java.nio.file.Path;
import org.deepraster.sample.SampleScene;

/** Where the sample scene lives: {@code sample-data/} in the DeepRaster folder ({@code deepraster.home}). */
final class SampleData {
    static final long SEED = 42;
    static final int SIZE = 4096;

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
}
