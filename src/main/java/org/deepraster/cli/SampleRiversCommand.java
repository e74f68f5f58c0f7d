package org.deepraster.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.deepraster.sample.RiverScenes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code deepraster sample-rivers}: writes synthetic river-corridor images and their label rasters. */
@Command(name = "sample-rivers", mixinStandardHelpOptions = true,
        description = {"Writes synthetic drone images of river corridors with their label rasters.",
            "NAME.tif (RGB, 5 cm, UTM 33N) and SCLS_NAME.tif (1 water, 2 dry sediment, 3 green vegetation,",
            "4 senescent vegetation, 5 paved road); every image has its own exposure, white balance, haze and season.",
            "The same seed always gives the same images."})
public final class SampleRiversCommand implements Callable<Integer> {

    @Option(names = {"--out", "-o"}, required = true, description = "Output folder (created if needed).")
    Path out;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--count", defaultValue = "6", description = "Number of images (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--width", defaultValue = "1200", description = "Width in pixels (default: ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--height", defaultValue = "900", description = "Height in pixels (default: ${DEFAULT-VALUE}).")
    int height;

    @Option(names = "--prefix", defaultValue = "river", description = "Image name prefix (default: ${DEFAULT-VALUE}).")
    String prefix;

    @Option(names = "--npy", description = "Also write NAME.npy and SCLS_NAME.npy (NumPy arrays, for training scripts).")
    boolean npy;

    @Option(names = "--preview", description = "Also write NAME_preview.png: the image beside its labels.")
    boolean preview;

    @Override
    public Integer call() throws Exception {
        if (width < 64 || height < 64 || (long) width * height > 400_000_000L || count < 1 || count > 999) {
            System.err.println("--width and --height must be at least 64 px (at most 400 million pixels), --count 1-999.");
            return 2;
        }
        long t0 = System.nanoTime();
        List<RiverScenes.Written> w = RiverScenes.write(out, prefix, seed, count, width, height, npy, preview);
        System.out.printf("%d river images (seed %d, %d x %d px) written to %s in %.1f s%n", w.size(), seed, width, height,
                out, (System.nanoTime() - t0) / 1e9);
        return 0;
    }
}
