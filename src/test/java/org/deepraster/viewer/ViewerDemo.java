package org.deepraster.viewer;

import java.awt.Color;
import java.util.List;
import org.deepraster.plugin.LayerStyle;

/** Starts the viewer with in-memory layers (a manual check under Xvfb; not a test). */
public final class ViewerDemo {
    public static void main(String[] args) throws Exception {
        ViewerApp app = ViewerApp.start(List.of(), false, true);
        var crs = Fixtures.utm33();
        app.layerManager().add(new RasterLayer(Fixtures.raster(crs)));
        app.layers().addFeatures(Fixtures.polygons(crs), LayerStyle.simple(Color.RED, new Color(255, 0, 0, 60)));
        Thread.sleep(Long.parseLong(args.length > 0 ? args[0] : "4000"));
        javax.swing.SwingUtilities.invokeAndWait(() -> {
            try {
                var f = app.frame();
                var img = new java.awt.image.BufferedImage(f.getWidth(), f.getHeight(), java.awt.image.BufferedImage.TYPE_INT_RGB);
                f.paint(img.getGraphics());
                javax.imageio.ImageIO.write(img, "png", new java.io.File(args.length > 1 ? args[1] : "target/viewer.png"));
            } catch (Exception e) {
                e.printStackTrace();
            }
        });
        System.exit(0);
    }
}
