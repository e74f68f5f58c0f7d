package org.deepraster.tool;

import java.io.IOException;
import java.nio.file.Path;
import org.deepraster.sample.SampleScene;

/** Lets tests of other packages generate the tool tests' scene. */
public final class ScenesAccess {
    private ScenesAccess() {
    }

    public static SampleScene.Files3 generate(Path out, int size) throws IOException {
        return Scenes.generate(out, size);
    }
}
