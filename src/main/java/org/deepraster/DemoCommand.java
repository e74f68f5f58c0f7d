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
import org.deepraster.cli.TerminalProgress;
import org.deepraster.feature.Feature;
import org.deepraster.feature.FeatureCollection;
import org.deepraster.feature.VectorFiles;
import org.deepraster.geo.Crs;
import org.deepraster.inference.InferenceEngine;
import org.deepraster.model.ClassInfo;
import org.deepraster.plugin.LayerStyle;
import org.deepraster.raster.RasterFiles;
import org.deepraster.raster.RasterSource;
import org.deepraster.sample.SampleScene;
import org.deepraster.tool.ClassifyObjectsParameters;
import org.deepraster.tool.ClassifyObjectsResult;
import org.deepraster.tool.ClassifyObjectsTool;
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
 * Objects tool, the same engine as the dialog and {@code classify-objects}), compares the labels
 * with the ground truth, and renders the map with the results into a PNG.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs the sample job headless and writes a PNG picture of the map.",
            "Classifies the sample scene's buildings (damaged / undamaged) with the sample model,",
            "compares the labels with the ground truth and draws the result on the map."})
final class DemoCommand implements Callable<Integer> {

    static final String MODEL = "sample-models/building_damage_classifier.dlpk";

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
        try (InferenceEngine engine = new InferenceEngine();
             ClassifyObjectsTool.Plan plan = new ClassifyObjectsTool(engine).plan(p)) {
            classes = plan.classes();
            err.println("Classify Objects: " + plan.total() + " buildings, model " + plan.definition().displayName());
            err.flush();
            result = plan.run(Progress.NONE, List.of(new TerminalProgress<Feature>(err, System.console() != null)));
        }

        // 2. compare with the ground truth (the scene's own 'damage' attribute)
        FeatureCollection labelled = VectorFiles.open(classified).get(0);
        int agree = 0;
        for (Feature f : labelled.features()) {
            if (String.valueOf(f.get("damage")).equals(String.valueOf(f.get(p.classLabelField())))) {
                agree++;
            }
        }

        // 3. the map, as the viewer shows it
        List<MapLayer> topFirst = new ArrayList<>();
        for (FeatureCollection fc : VectorFiles.open(scene.groundTruth())) {
            if (!fc.schema().name().equals("buildings")) {
                topFirst.add(0, new VectorLayer(fc, styleFor(fc.schema().name())));
            }
        }
        topFirst.add(0, new VectorLayer(labelled, classStyle(p.classLabelField(), classes)));
        try (RasterSource raster = RasterFiles.open(scene.scene())) {
            topFirst.add(new RasterLayer(raster));
            Path png = out.resolve("map.png").toAbsolutePath();
            MapViewport vp = MapRenderer.renderToPng(topFirst, width, height, png);
            o.println("DeepRaster sample job (headless)");
            o.printf("Scene:       %s (%d x %d x %d, %s)%n", scene.scene(), raster.width(), raster.height(),
                    raster.bandCount(), Crs.displayName(raster.grid().crs()));
            o.print(result.summary().describe());
            o.printf("Agreement with the ground truth: %.1f%% (%d of %d buildings)%n",
                    100.0 * agree / Math.max(1, labelled.size()), agree, labelled.size());
            o.println("Output:      " + classified + " (table " + result.table() + ")");
            o.printf("Map picture: %s (%d x %d, scale 1:%,.0f)%n", png, width, height,
                    vp.scaleDenominator(Crs.isGeographic(raster.grid().crs())));
            o.printf("Done in %.1f s.%n", (System.nanoTime() - t0) / 1e9);
        }
        return result.report().failed() > 0 ? 1 : 0;
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
