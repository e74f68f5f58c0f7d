package org.deepraster;

import java.awt.Color;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.deepraster.tool.TerminalProgress;
import org.deepraster.feature.Feature;
import org.deepraster.feature.FeatureCollection;
import org.deepraster.feature.VectorFiles;
import org.deepraster.geo.Crs;
import org.deepraster.inference.InferenceEngine;
import org.deepraster.model.ClassInfo;
import org.deepraster.model.ModelArguments;
import org.deepraster.plugin.LayerStyle;
import org.deepraster.raster.RasterFiles;
import org.deepraster.raster.RasterSource;
import org.deepraster.sample.SampleScene;
import org.deepraster.tool.assess.AccuracyAssessmentParameters;
import org.deepraster.tool.assess.AccuracyAssessmentResult;
import org.deepraster.tool.assess.AccuracyAssessmentTool;
import org.deepraster.tool.assess.AssessmentInput;
import org.deepraster.tool.assess.AssessmentMode;
import org.deepraster.tool.classifypixels.ClassifiedBlock;
import org.deepraster.tool.classifypixels.ClassifyPixelsParameters;
import org.deepraster.tool.classifypixels.ClassifyPixelsResult;
import org.deepraster.tool.classifypixels.ClassifyPixelsTool;
import org.deepraster.tool.detectobjects.DetectObjectsParameters;
import org.deepraster.tool.detectobjects.DetectObjectsResult;
import org.deepraster.tool.detectobjects.DetectObjectsTool;
import org.deepraster.tool.classifyobjects.ClassifyObjectsParameters;
import org.deepraster.tool.classifyobjects.ClassifyObjectsResult;
import org.deepraster.tool.classifyobjects.ClassifyObjectsTool;
import org.deepraster.tool.FeatureInput;
import org.deepraster.util.Progress;
import org.deepraster.util.UserException;
import org.deepraster.viewer.MapLayer;
import org.deepraster.viewer.MapRenderer;
import org.deepraster.viewer.MapViewport;
import org.deepraster.viewer.RasterLayer;
import org.deepraster.viewer.VectorLayer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code deepraster demo}: the sample job without a display. Opens the sample scene as the viewer
 * would, classifies its building footprints with the sample damage classifier (the Classify
 * Objects tool, the same engine as the dialog and {@code classify-objects}), detects its trees and
 * cars with the sample detector (Detect Objects with NMS across tiles), classifies its land cover
 * pixel by pixel (Classify Pixels), compares each with the scene's ground truth (the Accuracy
 * Assessment tool, whose reports it writes), and renders the map with the results into PNGs.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, subcommands = SelfSupervisedDemo.class,
        description = {"Runs the sample job headless and writes a PNG picture of the map.",
            "Classifies the sample scene's buildings (damaged / undamaged) with the sample model,",
            "detects its trees and cars, classifies its land cover, compares each result with the ground",
            "truth (accuracy reports), segments the building instances of a sample scene of touching and",
            "L-shaped buildings (mask AP against its ground truth) and draws the results on the map."})
final class DemoCommand implements Callable<Integer> {

    static final String MODEL = "sample-models/building_damage_classifier.dlpk";
    static final String DETECTOR = "sample-models/tree_car_detector.dlpk";
    static final String LAND_COVER = "sample-models/landcover_classifier.dlpk";
    static final String INSTANCES = "sample-models/building_instances.dlpk";

    @Option(names = {"--out", "-o"}, defaultValue = "demo-out", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--width", defaultValue = "1600", description = "Picture width in pixels.")
    int width;

    @Option(names = "--height", defaultValue = "1200", description = "Picture height in pixels.")
    int height;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long t0 = System.nanoTime();
        if (!SampleData.present()) {
            o.println("Generating the sample scene in " + SampleData.folder() + " (first run, about 20 s)...");
            o.flush();
        }
        SampleScene.Files3 scene = SampleData.ensure();
        Path model = SampleData.folder().resolveSibling(MODEL);
        if (!Files.isRegularFile(model)) {
            throw new UserException("The sample model is missing: " + model,
                    "Run the demo from a DeepRaster checkout (./deepraster demo), where sample-models/ holds it.");
        }
        Files.createDirectories(out);
        Path classified = out.resolve("classified_buildings.gpkg").toAbsolutePath();

        // 1. Classify Objects, as the dialog and 'deepraster classify-objects' run it
        ClassifyObjectsParameters p = ClassifyObjectsParameters.of(scene.scene(), model.toString(),
                new FeatureInput.File(scene.groundTruth(), "buildings"), classified).withOutput(classified, true, false);
        ClassifyObjectsResult result;
        List<ClassInfo> classes;
        Path detections = out.resolve("detections.gpkg").toAbsolutePath();
        Path landCover = out.resolve("landcover.tif").toAbsolutePath();
        DetectObjectsResult detected;
        List<ClassInfo> detectorClasses;
        ClassifyPixelsResult pixels;
        SampleScene.Files3 instanceScene = SampleData.ensureInstances();
        Path instances = out.resolve("building_instances.gpkg").toAbsolutePath();
        DetectObjectsResult instanced;
        try (InferenceEngine engine = new InferenceEngine()) {
            try (ClassifyObjectsTool.Plan plan = new ClassifyObjectsTool(engine).plan(p)) {
                classes = plan.classes();
                err.println("Classify Objects: " + plan.total() + " buildings, model " + plan.definition().displayName());
                err.flush();
                result = plan.run(Progress.NONE, List.of(new TerminalProgress<Feature>(err, System.console() != null)));
            }
            // 2. Detect Objects with NMS across tiles, as 'deepraster detect-objects --run_nms NMS' runs it
            DetectObjectsParameters d = DetectObjectsParameters.of(scene.scene(), sample(DETECTOR), detections)
                    .withNms(true, 0.3).withOutput(detections, DetectObjectsParameters.OutputGeometry.BOXES, true);
            try (DetectObjectsTool.Plan plan = new DetectObjectsTool(engine).plan(d)) {
                detectorClasses = plan.classes();
                err.println("Detect Objects: " + plan.total() + " tiles, model " + plan.definition().displayName());
                err.flush();
                detected = plan.run(Progress.NONE, List.of(new TerminalProgress<Feature>(err, System.console() != null,
                        "Detecting", "tiles")));
            }
            // 3. Classify Pixels, as 'deepraster classify-pixels' runs it
            ClassifyPixelsParameters c = ClassifyPixelsParameters.of(scene.scene(), sample(LAND_COVER), landCover)
                    .withOutput(landCover, true);
            try (ClassifyPixelsTool.Plan plan = new ClassifyPixelsTool(engine).plan(c)) {
                err.println("Classify Pixels: " + plan.total() + " tiles, model " + plan.definition().displayName());
                err.flush();
                pixels = plan.run(Progress.NONE, List.of(new TerminalProgress<ClassifiedBlock>(err, System.console() != null,
                        "Classifying", "tiles")));
            }
            // 4. instance segmentation (Mask R-CNN), instances joined across tiles, on a scene of touching and
            // L-shaped buildings, as 'deepraster detect-objects --model_arguments "padding 64;threshold 0.5"' runs it
            DetectObjectsParameters ip = DetectObjectsParameters.of(instanceScene.scene(), sample(INSTANCES), instances)
                    .withArguments(ModelArguments.parse("padding 64;threshold 0.5"))
                    .withOutput(instances, DetectObjectsParameters.OutputGeometry.BOXES, true);
            try (DetectObjectsTool.Plan plan = new DetectObjectsTool(engine).plan(ip)) {
                err.println("Detect Objects (instances): " + plan.total() + " tiles, model " + plan.definition().displayName());
                err.flush();
                instanced = plan.run(Progress.NONE, List.of(new TerminalProgress<Feature>(err, System.console() != null,
                        "Detecting", "tiles")));
            }
        }
        // 5. Accuracy Assessment of the detections, the instances and the land cover against the scene's ground truth
        AccuracyAssessmentResult detectionAccuracy = new AccuracyAssessmentTool().run(AccuracyAssessmentParameters.of(
                AssessmentInput.features(detections, null),
                List.of(AssessmentInput.features(scene.groundTruth(), "trees"), AssessmentInput.features(scene.groundTruth(), "cars")),
                out.resolve("accuracy-detections")).withOverwrite(true), Progress.NONE);
        AccuracyAssessmentResult pixelAccuracy = new AccuracyAssessmentTool().run(AccuracyAssessmentParameters.of(
                new AssessmentInput.RasterFile(landCover), List.of(new AssessmentInput.RasterFile(scene.landCover())),
                out.resolve("accuracy-landcover")).withModelDefinition(sample(LAND_COVER)).withOverwrite(true), Progress.NONE);
        AccuracyAssessmentResult instanceAccuracy = new AccuracyAssessmentTool().run(AccuracyAssessmentParameters.of(
                AssessmentInput.features(instances, null), List.of(AssessmentInput.features(instanceScene.groundTruth(), "buildings")),
                out.resolve("accuracy-instances")).withMode(AssessmentMode.INSTANCES).withOverwrite(true),
                Progress.NONE);

        // 6. compare the building labels with the ground truth (the scene's own 'damage' attribute)
        FeatureCollection labelled = VectorFiles.open(classified).get(0);
        int agree = 0;
        for (Feature f : labelled.features()) {
            if (String.valueOf(f.get("damage")).equals(String.valueOf(f.get(p.classLabelField())))) {
                agree++;
            }
        }

        // 7. the map, as the viewer shows it
        List<MapLayer> topFirst = new ArrayList<>();
        for (FeatureCollection fc : VectorFiles.open(scene.groundTruth())) {
            if (!fc.schema().name().equals("buildings")) {
                topFirst.add(0, new VectorLayer(fc, styleFor(fc.schema().name())));
            }
        }
        topFirst.add(0, new VectorLayer(labelled, classStyle(p.classLabelField(), classes)));
        topFirst.add(0, new VectorLayer(VectorFiles.open(detections).get(0), classStyle("Class", detectorClasses)));
        try (RasterSource raster = RasterFiles.open(scene.scene())) {
            topFirst.add(new RasterLayer(raster));
            Path png = out.resolve("map.png").toAbsolutePath();
            MapViewport vp = MapRenderer.renderToPng(topFirst, width, height, png);
            Path landCoverPng = out.resolve("landcover.png").toAbsolutePath();
            try (RasterSource landCoverRaster = RasterFiles.open(landCover)) {
                MapRenderer.renderToPng(List.of(new RasterLayer(landCoverRaster)), width, height, landCoverPng);
            }
            o.println("DeepRaster sample job (headless)");
            o.printf("Scene:       %s (%d x %d x %d, %s)%n", scene.scene(), raster.width(), raster.height(),
                    raster.bandCount(), Crs.displayName(raster.grid().crs()));
            o.print("Classify Objects (buildings, damaged / undamaged): " + result.summary().describe());
            o.printf("Agreement with the ground truth: %.1f%% (%d of %d buildings)%n",
                    100.0 * agree / Math.max(1, labelled.size()), agree, labelled.size());
            o.println("Output:      " + classified + " (table " + result.table() + ")");
            o.print("Detect Objects (trees and cars, NMS across tiles): " + detected.summary().describe());
            o.printf("Against the ground truth (IoU 0.5): precision %.3f, recall %.3f, F1 %.3f, mAP %.3f%n",
                    figure(detectionAccuracy, "precision"), figure(detectionAccuracy, "recall"),
                    figure(detectionAccuracy, "f1"), figure(detectionAccuracy, "map"));
            o.println("Output:      " + detections + "; report " + detectionAccuracy.files().report());
            o.printf("Classify Pixels (land cover): %,d pixels in %d classes; against the ground truth: pixel accuracy %.3f,"
                            + " pixel-weighted F1 %.3f, mean IoU %.3f%n",
                    pixels.pixelsByClass().values().stream().mapToLong(Long::longValue).sum(), pixels.pixelsByClass().size(),
                    figure(pixelAccuracy, "pixel_accuracy"), figure(pixelAccuracy, "weighted_f1"),
                    figure(pixelAccuracy, "mean_iou"));
            o.println("Output:      " + landCover + " (picture " + landCoverPng + "); report " + pixelAccuracy.files().report());
            o.printf("Detect Objects (building instances, Mask R-CNN, joined across tiles) on %s (%d x %d, seed %d): %s",
                    instanceScene.scene(), SampleData.INSTANCES_SIZE, SampleData.INSTANCES_SIZE, SampleData.INSTANCES_SEED,
                    instanced.summary().describe());
            o.printf("Against the ground truth (mask IoU): AP@0.5 %.3f, AP@0.5:0.95 %.3f, precision %.3f, recall %.3f, F1 %.3f%n",
                    figure(instanceAccuracy, "ap50"), figure(instanceAccuracy, "ap"), figure(instanceAccuracy, "precision"),
                    figure(instanceAccuracy, "recall"), figure(instanceAccuracy, "f1"));
            o.println("Output:      " + instances + "; report " + instanceAccuracy.files().report());
            o.printf("Map picture: %s (%d x %d, scale 1:%,.0f)%n", png, width, height,
                    vp.scaleDenominator(Crs.isGeographic(raster.grid().crs())));
            o.printf("Done in %.1f s.%n", (System.nanoTime() - t0) / 1e9);
        }
        return result.report().failed() + detected.report().failed() + pixels.report().failed()
                + instanced.report().failed() > 0 ? 1 : 0;
    }

    /** A sample model beside the sample data (in a DeepRaster checkout). */
    private static String sample(String relative) {
        Path m = SampleData.folder().resolveSibling(relative);
        if (!Files.isRegularFile(m)) {
            throw new UserException("The sample model is missing: " + m,
                    "Run the demo from a DeepRaster checkout (./deepraster demo), where sample-models/ holds it.");
        }
        return m.toString();
    }

    private static double figure(AccuracyAssessmentResult r, String key) {
        Number n = r.report().figure(key);
        return n == null ? Double.NaN : n.doubleValue();
    }

    /** Fill by class with the model's colours, as the viewer styles a results layer. */
    static LayerStyle classStyle(String field, List<ClassInfo> classes) {
        Map<Object, Color> colors = new HashMap<>();
        for (ClassInfo c : classes) {
            colors.put(c.name(), new Color(c.red(), c.green(), c.blue(), 150));
        }
        return new LayerStyle(new Color(20, 20, 20), new Color(0, 0, 0, 0), 1.2f, 6f, field, colors);
    }

    static LayerStyle styleFor(String table) {
        return switch (table) {
            case "trees" -> LayerStyle.simple(new Color(20, 230, 60), new Color(0, 0, 0, 0));
            case "cars" -> LayerStyle.simple(new Color(255, 220, 0), new Color(0, 0, 0, 0));
            default -> LayerStyle.simple(new Color(40, 90, 220), new Color(40, 90, 220, 60));
        };
    }
}
