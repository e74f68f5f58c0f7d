package org.deepraster;

import java.awt.GraphicsEnvironment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.deepraster.sample.SampleScene;
import org.deepraster.viewer.ViewerApp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code deepraster viewer [FILE...]}: opens the map viewer (with the sample scene when no file is given). */
@Command(name = "viewer", mixinStandardHelpOptions = true,
        description = {"Opens the map viewer (with the sample scene when no file is given).",
            "FILEs are GeoTIFF rasters or GeoPackage, Shapefile, GeoJSON vector files."})
final class ViewerCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "FILE", description = "GeoTIFF, GeoPackage, Shapefile or GeoJSON files to open.")
    List<Path> files = new ArrayList<>();

    @Override
    public Integer call() {
        if (GraphicsEnvironment.isHeadless()) {
            System.err.println("No display: the viewer needs one. Run 'deepraster demo' for the headless sample job,"
                    + " or start an X server (e.g. xvfb-run ./deepraster).");
            return 3;
        }
        if (!files.isEmpty()) {
            ViewerApp.launch(files);
            return waitForever();
        }
        ViewerApp app = ViewerApp.launch(List.of());
        if (SampleData.present()) {
            openSample(app, SampleScene.files(SampleData.folder()));
        } else {
            app.tasks().submit("Generating the sample scene", progress -> {
                progress.begin("Generating the sample scene (first run)", -1);
                return SampleData.ensure();
            }).result().thenAccept(f -> openSample(app, f));
        }
        return waitForever();
    }

    private static void openSample(ViewerApp app, SampleScene.Files3 f) {
        app.layers().open(f.scene()).whenComplete((layers, error) -> app.layers().open(f.groundTruth()));
    }

    /** The viewer runs until its window closes (which exits the JVM). */
    private static int waitForever() {
        try {
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
