package org.deepraster;

import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.deepraster.feature.FeatureCollection;
import org.deepraster.feature.VectorFiles;
import org.deepraster.geo.Crs;
import org.deepraster.plugin.LayerStyle;
import org.deepraster.raster.RasterFiles;
import org.deepraster.raster.RasterSource;
import org.deepraster.sample.SampleScene;
import org.deepraster.viewer.MapLayer;
import org.deepraster.viewer.MapRenderer;
import org.deepraster.viewer.MapViewport;
import org.deepraster.viewer.RasterLayer;
import org.deepraster.viewer.VectorLayer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code deepraster demo}: the sample job without a display. Opens the sample scene and its
 * ground truth as the viewer would and renders the map into a PNG.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs the sample job headless and writes a PNG picture of the map.",
            "The sample scene (generated on first use) and its vector layers are opened as in the viewer."})
final class DemoCommand implements Callable<Integer> {

    @Option(names = {"--out", "-o"}, defaultValue = "demo-out", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--width", defaultValue = "1600", description = "Picture width in pixels.")
    int width;

    @Option(names = "--height", defaultValue = "1200", description = "Picture height in pixels.")
    int height;

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        if (!SampleData.present()) {
            System.out.println("Generating the sample scene in " + SampleData.folder() + " (first run, about 20 s)...");
        }
        SampleScene.Files3 scene = SampleData.ensure();
        Files.createDirectories(out);
        List<MapLayer> topFirst = new ArrayList<>();
        List<String> summary = new ArrayList<>();
        for (FeatureCollection fc : VectorFiles.open(scene.groundTruth())) {
            topFirst.add(0, new VectorLayer(fc, styleFor(fc.schema().name())));
            summary.add(String.format("  %-10s %6d features  %s", fc.schema().name(), fc.size(), Crs.displayName(fc.schema().crs())));
        }
        try (RasterSource raster = RasterFiles.open(scene.scene())) {
            topFirst.add(new RasterLayer(raster));
            summary.add(0, String.format("  %-10s %d x %d x %d %s  %s", "scene", raster.width(), raster.height(),
                    raster.bandCount(), raster.sampleType(), Crs.displayName(raster.grid().crs())));
            Path png = out.resolve("map.png").toAbsolutePath();
            MapViewport vp = MapRenderer.renderToPng(topFirst, width, height, png);
            System.out.println("DeepRaster sample job (headless)");
            System.out.println("Layers:");
            summary.forEach(System.out::println);
            System.out.printf("Map picture: %s (%d x %d, scale 1:%,.0f)%n", png, width, height, vp.scaleDenominator(Crs.isGeographic(raster.grid().crs())));
            System.out.println("Sample data: " + scene.scene().getParent());
            System.out.printf("Done in %.1f s.%n", (System.nanoTime() - t0) / 1e9);
        }
        return 0;
    }

    static LayerStyle styleFor(String table) {
        return switch (table) {
            case "buildings" -> new LayerStyle(new Color(30, 30, 30), new Color(0, 0, 0, 0), 1.5f, 6f, "damage",
                    Map.of("damaged", new Color(230, 40, 40, 110), "undamaged", new Color(40, 200, 90, 90)));
            case "trees" -> LayerStyle.simple(new Color(20, 230, 60), new Color(0, 0, 0, 0));
            case "cars" -> LayerStyle.simple(new Color(255, 220, 0), new Color(0, 0, 0, 0));
            default -> LayerStyle.simple(new Color(40, 90, 220), new Color(40, 90, 220, 60));
        };
    }
}
