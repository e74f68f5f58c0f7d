package org.deepraster.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.deepraster.plugin.LayerInfo;
import org.deepraster.raster.UnusualTiffs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The viewer opens the GIMP GeoTIFF, the GeoTIFF with overviews and a mask, and the COG with a
 * thumbnail as one raster layer each, without warnings about their extra directories, and draws
 * the mask transparent (headless: layer service and renderer, no window).
 */
class UnusualTiffLayersTest {
    @TempDir
    Path dir;
    private final NotificationCenter notifier = new NotificationCenter();
    private final TaskManager tasks = new TaskManager(notifier);
    private final LayerManager layers = new LayerManager(tasks, notifier);

    {
        notifier.setDialogs(false);
    }

    @AfterEach
    void close() {
        tasks.close();
    }

    private BufferedImage openAndRender(Path file, int w, int h) throws Exception {
        List<LayerInfo> opened = layers.open(file).get(30, TimeUnit.SECONDS);
        assertThat(opened).hasSize(1);
        RasterLayer layer = (RasterLayer) layers.mapLayers().get(0);
        assertThat(layer.source().width()).isEqualTo(w);
        assertThat(layer.source().height()).isEqualTo(h);
        assertThat(layer.warnings()).isEmpty();
        assertThat(notifier.history()).noneMatch(m -> m.level() != NotificationCenter.Level.INFO);
        // wait for the layer's overview step (the files' own levels suffice; the COG's thumbnail is not one)
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!layer.overviewsReady() && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        assertThat(layer.overviewsReady()).isTrue();
        MapViewport vp = MapViewport.fit(layer.source().grid().envelope(), w / 4, h / 4);
        return new MapRenderer().render(List.of(layer), vp, layer.source().grid().crs(), () -> false);
    }

    @Test
    @Timeout(60)
    void gimpGeoTiffIsOneOpaqueLayer() throws Exception {
        BufferedImage img = openAndRender(UnusualTiffs.gimp(dir.resolve("gimp.tif")), 96, 64);
        assertThat(img.getRGB(12, 8) >>> 24).isEqualTo(255);
    }

    @Test
    @Timeout(60)
    void theMaskIsDrawnTransparent() throws Exception {
        BufferedImage img = openAndRender(UnusualTiffs.withOverviewsAndMask(dir.resolve("masked.tif")), 1200, 800);
        // 300 x 200 px: the mask (x < 400, y < 300 at full resolution) covers x < 100, y < 75
        assertThat(img.getRGB(20, 20) >>> 24).isZero();
        assertThat(img.getRGB(150, 20) >>> 24).isEqualTo(255);
        assertThat(img.getRGB(20, 150) >>> 24).isEqualTo(255);
    }

    @Test
    @Timeout(60)
    void cogWithAThumbnailIsOneLayer() throws Exception {
        BufferedImage img = openAndRender(UnusualTiffs.cogWithThumbnail(dir.resolve("cog.tif")), 1024, 768);
        assertThat(img.getRGB(100, 100) >>> 24).isEqualTo(255);
    }
}
