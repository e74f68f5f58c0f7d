package org.deepraster.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.deepraster.sample.SampleScene;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code deepraster sample-scene}: writes a synthetic aerial scene and its ground truth. */
@Command(name = "sample-scene", mixinStandardHelpOptions = true,
        description = {"Writes a synthetic aerial scene with its ground truth.",
            "An RGB GeoTIFF (0.3 m, UTM 33N), building footprints (damaged / undamaged), tree and car boxes,",
            "and a land-cover raster.",
            "The same seed always gives the same scene."})
public final class SampleSceneCommand implements Callable<Integer> {

    @Option(names = {"--out", "-o"}, required = true, description = "Output folder (created if needed).")
    Path out;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--size", defaultValue = "4096", description = "Width and height in pixels (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--flavour", defaultValue = "STANDARD",
            description = "STANDARD (the sample models' scene) or INSTANCES (touching and L-shaped buildings,"
                    + " buildings across 256 px tile edges, trees over roofs, long shadows). Default: ${DEFAULT-VALUE}.")
    SampleScene.Flavour flavour;

    @Override
    public Integer call() throws Exception {
        if (size < 256 || size > 32768) {
            System.err.println("--size must be between 256 and 32768 pixels, not " + size + ".");
            return 2;
        }
        long t0 = System.nanoTime();
        SampleScene.Files3 f = new SampleScene(size, seed, flavour).write(out);
        System.out.printf("Sample scene (" + flavour.name().toLowerCase(java.util.Locale.ROOT) + ", seed %d, %d x %d px) written in %.1f s:%n  %s%n  %s%n  %s%n", seed, size, size,
                (System.nanoTime() - t0) / 1e9, f.scene(), f.landCover(), f.groundTruth());
        return 0;
    }
}
