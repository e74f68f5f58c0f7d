package org.deepraster.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.deepraster.inference.InferenceEngine;
import org.deepraster.sample.RiverScenes;
import org.deepraster.tool.selfsupervised.SelfSupervisedParameters;
import org.deepraster.tool.selfsupervised.SelfSupervisedResult;
import org.deepraster.tool.selfsupervised.SelfSupervisedTool;
import org.deepraster.util.Progress;

/**
 * {@code deepraster benchmark self-supervised FOLDER [WIDTHxHEIGHT] [MLP|RANDOM_FOREST] [neighbourhood] [MODEL]}:
 * Self-Supervised Classification on one generated river image (default 4000 x 3000 px, with its label raster, so
 * the reports are included): time of phase 1 (tile CNN), phase 2 training and phase 2 prediction (with the
 * scoring and figure), and the peak heap.
 */
public final class SelfSupervisedBenchmark {
    private SelfSupervisedBenchmark() {
    }

    public static void main(String[] a) throws Exception {
        if (a.length < 1) {
            System.err.println("usage: benchmark self-supervised FOLDER [WIDTHxHEIGHT] [MLP|RANDOM_FOREST] [neighbourhood]"
                    + " [MODEL]");
            return;
        }
        Path folder = Path.of(a[0]);
        String[] size = (a.length > 1 ? a[1] : "4000x3000").split("x");
        int w = Integer.parseInt(size[0]);
        int h = Integer.parseInt(size[1]);
        SelfSupervisedParameters.Classifier classifier = a.length > 2 ? SelfSupervisedParameters.Classifier.valueOf(a[2])
                : SelfSupervisedParameters.Classifier.MLP;
        boolean neighbourhood = a.length > 3 && a[3].equals("neighbourhood");
        String model = a.length > 4 ? a[4] : "sample-models/river_tile_classifier.dlpk";
        Path images = folder.resolve("bench-" + w + "x" + h);
        if (!Files.isRegularFile(images.resolve("bench01.tif"))) {
            long t0 = System.nanoTime();
            RiverScenes.write(images, "bench", 4242, 1, w, h);
            System.out.printf("generated %d x %d px in %.1f s%n", w, h, (System.nanoTime() - t0) / 1e9);
        }
        System.out.printf("JVM max heap %d MB, %d processors; %s%s%n", Runtime.getRuntime().maxMemory() >> 20,
                Runtime.getRuntime().availableProcessors(), classifier, neighbourhood ? " with neighbourhood features" : "");
        SelfSupervisedParameters p = SelfSupervisedParameters.of(List.of(images.resolve("bench01.tif")), model,
                folder.resolve("bench-out")).withClassifier(classifier, neighbourhood).withOutput(false, true);
        try (InferenceEngine engine = new InferenceEngine()) {
            SelfSupervisedTool.Plan plan = new SelfSupervisedTool(engine).plan(p);
            RasterBenchmark.HeapSampler heap = RasterBenchmark.HeapSampler.started();
            long t0 = System.nanoTime();
            SelfSupervisedResult r = plan.run(Progress.NONE, System.out::println);
            double total = (System.nanoTime() - t0) / 1e9;
            SelfSupervisedResult.Image i = r.images().get(0);
            long tiles = i.totalTiles();
            System.out.printf("phase 1 (tile CNN, %d tiles): %.1f s (%.0f tiles/s)%n", tiles, i.phase1Seconds(),
                    tiles / i.phase1Seconds());
            System.out.printf("phase 2 training (%d samples, %s): %.1f s%n", i.samples(), i.classifier(), i.trainSeconds());
            System.out.printf("phase 2 prediction + scores + figure (%d px): %.1f s (%.2f Mpx/s)%n", (long) w * h,
                    i.predictSeconds(), w * (double) h / 1e6 / i.predictSeconds());
            System.out.printf("total %.1f s; pixel-weighted F1 CNN %.4f -> %.4f%n", total, i.cnnF1(), i.pixelF1());
            heap.finishAndPrint();
        }
    }
}
