package org.deepraster.viewer;

import java.awt.Color;
import java.awt.GraphicsEnvironment;
import java.nio.file.Path;
import java.util.List;
import org.deepraster.plugin.LayerStyle;

/** Renders the fixture map into a PNG; run by {@link HeadlessRenderTest} in a JVM without a display. */
public final class HeadlessRenderMain {
    public static void main(String[] args) throws Exception {
        if (!GraphicsEnvironment.isHeadless()) {
            throw new IllegalStateException("expected a headless JVM");
        }
        var crs = Fixtures.utm33();
        List<MapLayer> layers = List.of(
                new VectorLayer(Fixtures.polygons(crs), LayerStyle.simple(Color.BLUE, new Color(0, 0, 255, 80))),
                new RasterLayer(Fixtures.raster(crs)));
        MapRenderer.renderToPng(layers, 320, 240, Path.of(args[0]));
    }
}
