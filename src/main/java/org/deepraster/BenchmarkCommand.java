package org.deepraster;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code deepraster benchmark NAME ARGS...}: the benchmark commands, which print figures. Run
 * them with the heap the targets name, e.g. {@code DEEPRASTER_JAVA_OPTS=-Xmx512m}.
 */
@Command(name = "benchmark", mixinStandardHelpOptions = true,
        description = {"Runs a benchmark and prints its figures.",
            "  viewer FOLDER [SIZE]      open and redraw a big GeoTIFF through the map renderer",
            "  raster FOLDER [SIZE]      the same through raster reads only",
            "  inference MODEL.onnx ...  our batched ONNX run against a bare OrtSession.run",
            "  classify-objects FOLDER [N] [COPIES] [BATCH] [READERS]  Classify Objects end to end on N footprints",
            "  detect-objects FOLDER [COPIES] [BATCH] [READERS] [ROUNDS]  Detect Objects end to end vs bare OrtSession.run",
            "  detect-instances FOLDER [SIZE] [MODEL] [PADDING] [BATCH]  instance masks joined across tiles, end to end",
            "      vs bare OrtSession.run; projected time per 20000 px tile and per 433 tiles",
            "  classify-pixels FOLDER [MODEL] [TILES] [BATCH] [ROUNDS] [ARGS]  Classify Pixels on tiles of a 20000 px raster",
            "      vs bare OrtSession.run; projected time for the whole raster",
            "  deeplabv3 FOLDER [TILES] [BATCH] [ROUNDS]  DeepLabV3-MobileNetV3 at 512 px (built in the set-up): Classify",
            "      Pixels end to end, bare OrtSession.run and PyTorch eager on the same tiles; a 20000 px tile, a 433-tile county",
            "  nms [N] [CLASSES] [RATIO]  Non Maximum Suppression on N random boxes (default 100000)",
            "  export-training-data FOLDER [SIZE] [CHIPS] [FORMAT] [CHIP_FORMAT] [READERS]  256 px chips with labels from a SIZE^2 raster",
            "  polygonize FOLDER [SIZE] [gpkg] [simplify=T] [regularize] [min-area=A]  vectorise a generated classified raster",
            "  self-supervised FOLDER [WxH] [MLP|RANDOM_FOREST] [neighbourhood] [MODEL]  Self-Supervised Classification of a",
            "      generated 4000 x 3000 river image: phase 1, phase 2 training and prediction, heap",
            "Set DEEPRASTER_JAVA_OPTS=-Xmx512m to hold the heap to the target."})
final class BenchmarkCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME", description = "viewer, raster, inference, classify-objects, detect-objects, detect-instances, classify-pixels, deeplabv3, nms, export-training-data, polygonize or self-supervised")
    String name;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "the benchmark's own arguments")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        String[] a = args.toArray(String[]::new);
        switch (name) {
            case "viewer" -> org.deepraster.viewer.ViewerBenchmark.main(a);
            case "raster" -> org.deepraster.bench.RasterBenchmark.main(a);
            case "inference" -> org.deepraster.bench.InferenceBenchmark.main(a);
            case "classify-objects" -> org.deepraster.bench.ClassifyObjectsBenchmark.main(a);
            case "detect-objects" -> org.deepraster.bench.DetectObjectsBenchmark.main(a);
            case "detect-instances" -> org.deepraster.bench.DetectInstancesBenchmark.main(a);
            case "classify-pixels" -> org.deepraster.bench.ClassifyPixelsBenchmark.main(a);
            case "deeplabv3" -> org.deepraster.bench.DeepLabV3Benchmark.main(a);
            case "nms" -> org.deepraster.bench.NmsBenchmark.main(a);
            case "export-training-data" -> org.deepraster.bench.ExportTrainingDataBenchmark.main(a);
            case "polygonize" -> org.deepraster.bench.PolygonizeBenchmark.main(a);
            case "self-supervised" -> org.deepraster.bench.SelfSupervisedBenchmark.main(a);
            default -> {
                System.err.println("Unknown benchmark '" + name + "': use viewer, raster, inference, classify-objects, detect-objects, detect-instances, classify-pixels, deeplabv3, nms, export-training-data, polygonize or self-supervised.");
                return 2;
            }
        }
        return 0;
    }
}
