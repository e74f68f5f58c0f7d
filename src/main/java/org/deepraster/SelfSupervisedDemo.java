package org.deepraster;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.deepraster.inference.InferenceEngine;
import org.deepraster.sample.RiverScenes;
import org.deepraster.tool.selfsupervised.SelfSupervisedParameters;
import org.deepraster.tool.selfsupervised.SelfSupervisedResult;
import org.deepraster.tool.selfsupervised.SelfSupervisedTool;
import org.deepraster.util.Progress;
import org.deepraster.util.UserException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code deepraster demo self-supervised}: generates river-corridor images the sample tile CNN was not trained on
 * (another seed than its training set, each image with its own radiometry), runs Self-Supervised Classification on
 * them and prints the CNN's and the pixel classifier's pixel-weighted F1 per image and over all images.
 */
@Command(name = "self-supervised", mixinStandardHelpOptions = true,
        description = {"Runs Self-Supervised Classification on generated river images the sample CNN never saw",
            "and prints the CNN's and the MLP's pixel-weighted F1 per image and overall."})
final class SelfSupervisedDemo implements Callable<Integer> {
    static final String MODEL = "sample-models/river_tile_classifier.dlpk";

    @Option(names = {"--out", "-o"}, defaultValue = "demo-out/self-supervised",
            description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--seed", defaultValue = "2027", description = "Seed of the images (the CNN was trained on seed 1;"
            + " default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--count", defaultValue = "6", description = "Number of images (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--classifier", defaultValue = "MLP", description = "MLP or RANDOM_FOREST (default: ${DEFAULT-VALUE}).")
    SelfSupervisedParameters.Classifier classifier;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        Path model = SampleDataHome.resolve(MODEL);
        if (!Files.isRegularFile(model)) {
            throw new UserException("The sample tile CNN is missing: " + model,
                    "Run the demo from a DeepRaster checkout (./deepraster demo self-supervised).");
        }
        Path images = out.resolve("images");
        o.printf("Generating %d river images of seed %d in %s ...%n", count, seed, images);
        o.flush();
        RiverScenes.write(images, "river", seed, count, 1200, 900);
        SelfSupervisedParameters p = SelfSupervisedParameters.of(List.of(images), model.toString(), out.resolve("results"))
                .withClassifier(classifier, false).withOutput(false, true);
        try (InferenceEngine engine = new InferenceEngine()) {
            SelfSupervisedResult r = new SelfSupervisedTool(engine).plan(p).run(Progress.NONE, line -> { });
            List<String> looks = Files.readAllLines(images.resolve("radiometry.txt"));
            o.printf("%-8s %8s %8s  %s%n", "image", "CNN F1", classifier.prefix() + " F1", "radiometry");
            for (SelfSupervisedResult.Image i : r.images()) {
                String look = looks.stream().filter(l -> l.startsWith(i.name() + ",")).findFirst().orElse("")
                        .replaceFirst("^[^,]*, ", "");
                o.printf(Locale.ROOT, "%-8s %8.4f %8.4f  %s%n", i.name(), i.cnnF1(), i.pixelF1(), look);
            }
            o.printf(Locale.ROOT, "%-8s %8.4f %8.4f  (all labelled pixels)%n", "overall", r.overallCnnF1(),
                    r.overallPixelF1());
            for (String w : r.warnings()) {
                o.println("Note: " + w);
            }
            o.println("Reports: " + r.compiledHtml() + " (and per image: CNN_/" + classifier.prefix()
                    + "_NAME.csv, NAME_figure.png)");
        }
        o.flush();
        return 0;
    }

    /** The checkout the sample models are in ({@code deepraster.home}, else the working folder). */
    static final class SampleDataHome {
        private SampleDataHome() {
        }

        static Path resolve(String relative) {
            String home = System.getProperty("deepraster.home");
            return (home == null ? Path.of("") : Path.of(home)).toAbsolutePath().resolve(relative);
        }
    }
}
