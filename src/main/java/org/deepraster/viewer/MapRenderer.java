package org.deepraster.viewer;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;
import javax.imageio.ImageIO;
import org.deepraster.util.CancelledException;
import org.locationtech.jts.awt.ShapeWriter;
import org.locationtech.jts.geom.Envelope;
import org.opengis.referencing.crs.CoordinateReferenceSystem;

/**
 * Draws map layers into an image for a viewport. Uses java.awt only (no Swing, no display), so
 * the viewer's render thread and a headless job draw the same map. Rasters are read at screen
 * resolution for the visible part only; rasters in another CRS are inverse-mapped through a
 * coarse grid of transformed points interpolated per pixel ({@link RasterPainter}). Vectors are
 * drawn through JTS's ShapeWriter, only the features an STRtree finds in view
 * ({@link VectorPainter}).
 */
public final class MapRenderer {
    private final java.util.function.BiConsumer<MapLayer, String> problems;

    /** A renderer that records drawing problems as layer warnings only. */
    public MapRenderer() {
        this((l, m) -> { });
    }

    /**
     * A renderer that also reports each new drawing problem (a layer that cannot be read or
     * transformed); {@code problems} is called on the rendering thread.
     */
    public MapRenderer(java.util.function.BiConsumer<MapLayer, String> problems) {
        this.problems = problems;
    }

    /**
     * Renders the layers (given top first, as the layer list shows them) into a new ARGB image
     * the size of the viewport; transparent where nothing is drawn.
     *
     * @param mapCrs    the map CRS (null: every layer is taken to be in one CRS)
     * @param cancelled checked between layers and between rows of raster pixels; when it turns
     *                  true the rendering stops with {@link CancelledException}
     */
    public BufferedImage render(List<? extends MapLayer> layersTopFirst, MapViewport vp,
                                CoordinateReferenceSystem mapCrs, BooleanSupplier cancelled) {
        BufferedImage img = new BufferedImage(vp.width(), vp.height(), BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            for (int i = layersTopFirst.size() - 1; i >= 0; i--) {
                check(cancelled);
                MapLayer layer = layersTopFirst.get(i);
                if (!layer.isVisible() || layer.opacity() <= 0f) {
                    continue;
                }
                try {
                    if (layer instanceof RasterLayer r) {
                        RasterPainter.drawRaster(g, r, vp, mapCrs, cancelled);
                    } else if (layer instanceof VectorLayer v) {
                        VectorPainter.drawVector(g, v, vp, mapCrs, cancelled);
                    } else if (layer instanceof StreamingRasterLayer s) {
                        RasterPainter.drawStreaming(g, s, vp, mapCrs);
                    }
                } catch (CancelledException e) {
                    throw e;
                } catch (IOException | RuntimeException e) {
                    String text = "Could not be drawn: " + (e instanceof org.deepraster.util.UserException u
                            ? u.getMessage() : String.valueOf(e));
                    if (layer.addWarning(text)) {
                        problems.accept(layer, text);
                    }
                }
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    /** Renders onto a white background and writes a PNG; usable without a display. */
    public static void renderToPng(List<? extends MapLayer> layersTopFirst, MapViewport vp,
                                   CoordinateReferenceSystem mapCrs, Path png) throws IOException {
        BufferedImage map = new MapRenderer().render(layersTopFirst, vp, mapCrs, () -> false);
        BufferedImage out = new BufferedImage(vp.width(), vp.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, vp.width(), vp.height());
        g.drawImage(map, 0, 0, null);
        g.dispose();
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(out, "png", png.toFile())) {
            throw new IOException("No PNG writer available");
        }
    }

    /**
     * Renders the full extent of the layers into a PNG of the given size; the map CRS is the CRS
     * of the first layer (from the bottom, i.e. the first opened) that has one.
     */
    public static MapViewport renderToPng(List<? extends MapLayer> layersTopFirst, int width, int height,
                                          Path png) throws IOException {
        CoordinateReferenceSystem crs = null;
        for (int i = layersTopFirst.size() - 1; i >= 0 && crs == null; i--) {
            crs = layersTopFirst.get(i).crs();
        }
        Envelope all = new Envelope();
        for (MapLayer l : layersTopFirst) {
            all.expandToInclude(l.extentIn(crs));
        }
        MapViewport vp = MapViewport.fit(all, width, height);
        renderToPng(layersTopFirst, vp, crs, png);
        return vp;
    }

    /** Stops the rendering with {@link CancelledException} once {@code cancelled} turns true. */
    static void check(BooleanSupplier cancelled) {
        if (cancelled.getAsBoolean()) {
            throw new CancelledException();
        }
    }
}
