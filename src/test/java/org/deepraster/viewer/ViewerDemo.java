package org.deepraster.viewer;

import java.awt.Color;
import java.awt.geom.Point2D;
import java.util.List;
import java.util.Map;
import org.deepraster.feature.FeatureCollection;
import org.deepraster.plugin.LayerService;
import org.deepraster.plugin.LayerStyle;

/**
 * Starts the viewer with in-memory layers and a job streaming results onto the map, then opens
 * the identify window (a manual check under Xvfb; not a test). Args: milliseconds to stay open.
 */
public final class ViewerDemo {
    public static void main(String[] args) throws Exception {
        ViewerApp app = ViewerApp.start(List.of(), false, true);
        var crs = Fixtures.utm33();
        app.layerManager().add(new RasterLayer(Fixtures.raster(crs)));
        app.layers().addFeatures(Fixtures.polygons(crs), LayerStyle.simple(Color.RED, new Color(255, 0, 0, 60)));
        LayerStyle classes = new LayerStyle(Color.BLACK, Color.GRAY, 2f, 6f, "name",
                Map.of("tree", new Color(0x00, 0xA0, 0x00), "car", new Color(0xFF, 0xD0, 0x00)));
        LayerService.StreamingLayer s = app.layers().addStreamingLayer(
                new FeatureCollection(Fixtures.schema("detections", crs), List.of(), null, List.of()), classes);
        app.tasks().submit("Detect Objects (demo)", progress -> {
            progress.begin("Detecting", 60);
            for (int i = 0; i < 60; i++) {
                progress.checkCancelled();
                double x = Fixtures.MIN_X + 50 + (i % 10) * 90;
                double y = Fixtures.MAX_Y - 80 - (i / 10) * 150;
                s.append(List.of(Fixtures.feature(i, Fixtures.box(x, y, x + 40, y + 40), i % 3 == 0 ? "car" : "tree")));
                progress.worked(1);
                Thread.sleep(60);
            }
            return null;
        });
        // a layer in WGS 84 (reprojected onto the UTM map) and one without any CRS (warning)
        var wgs = org.deepraster.geo.Reprojector.wgs84();
        var toWgs = org.deepraster.geo.Reprojector.between(crs, wgs);
        var circle = Fixtures.GF.createPoint(Fixtures.c(Fixtures.MIN_X + 500, Fixtures.MAX_Y - 500)).buffer(120);
        app.layers().addFeatures(new FeatureCollection(Fixtures.schema("ring (WGS 84)", wgs),
                List.of(new org.deepraster.feature.Feature(1, toWgs.transform(circle), Map.of("name", "ring"))), null, List.of()),
                new LayerStyle(Color.WHITE, null, 3f, 6f, null, null));
        app.layers().addFeatures(new FeatureCollection(new org.deepraster.feature.FeatureSchema("points (no CRS)",
                org.deepraster.feature.GeometryKind.POINT, List.of(), null),
                List.of(new org.deepraster.feature.Feature(1, Fixtures.GF.createPoint(Fixtures.c(Fixtures.MIN_X + 150, Fixtures.MAX_Y - 850)), Map.of())),
                null, List.of()), new LayerStyle(Color.BLACK, Color.CYAN, 1f, 14f, null, null));
        if (args.length > 1) {
            app.layers().open(java.nio.file.Path.of("no-such-file.tif"));
        }
        Thread.sleep(1500);
        javax.swing.SwingUtilities.invokeAndWait(() ->
                app.frame().identifyAt(new Point2D.Double(Fixtures.MIN_X + 250, Fixtures.MAX_Y - 350)));
        Thread.sleep(Long.parseLong(args.length > 0 ? args[0] : "8000"));
        System.exit(0);
    }
}
