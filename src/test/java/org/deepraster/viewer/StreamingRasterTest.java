package org.deepraster.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.swing.SwingUtilities;
import org.deepraster.geo.GridGeometry;
import org.deepraster.plugin.LayerInfo;
import org.deepraster.plugin.LayerService;
import org.deepraster.sample.SampleScene;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Envelope;

/**
 * The streaming raster layer without a window: its picture stays bounded for a 20000² grid, blocks
 * are painted in class colours (NoData transparent), redraws are coalesced and cover only the blocks'
 * area, the renderer draws it, and finishing replaces it with the written file in its place.
 */
@Timeout(60)
class StreamingRasterTest {
    private static final int[] PALETTE = {0x112233, 0xFF0000, 0x00FF00};

    @TempDir
    Path dir;
    private final NotificationCenter notifier = new NotificationCenter();
    private final TaskManager tasks = new TaskManager(notifier);
    private final LayerManager layers = new LayerManager(tasks, notifier);
    private final List<Envelope> areas = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger fullRedraws = new AtomicInteger();

    {
        notifier.setDialogs(false);
        layers.setHooks(new LayerManager.MapHooks() {
            @Override
            public void redrawAll() {
                fullRedraws.incrementAndGet();
            }

            @Override
            public void redrawArea(Envelope mapArea, double marginPixels) {
                areas.add(mapArea);
            }

            @Override
            public void zoomToFirst(MapLayer layer) {
            }
        });
    }

    @AfterEach
    void close() {
        tasks.close();
    }

    private static GridGeometry grid(int w, int h) {
        return GridGeometry.northUp(w, h, 500_000, 5_000_000, 1.0, Fixtures.utm33());
    }

    private static int[] block(int w, int h, int value) {
        int[] v = new int[w * h];
        Arrays.fill(v, value);
        return v;
    }

    @Test
    void aHugeGridKeepsABoundedPicture() {
        StreamingRasterLayer big = new StreamingRasterLayer("big", grid(20_000, 20_000), PALETTE, 255);
        assertThat(big.step()).isEqualTo(10);
        big.put(new Rectangle(19_744, 19_744, 256, 256), block(256, 256, 2));
        assertThat(big.colourAt(19_900, 19_900)).isEqualTo(0xFF00FF00);
        assertThat(big.colourAt(100, 100)).isZero();
        // a grid the picture's cells do not divide: the last cells show the last column / row
        StreamingRasterLayer odd = new StreamingRasterLayer("odd", grid(4099, 4099), PALETTE, 255);
        assertThat(odd.step()).isEqualTo(3);
        odd.put(new Rectangle(3840, 3840, 259, 259), block(259, 259, 1));
        assertThat(odd.colourAt(4098, 4098)).isEqualTo(0xFFFF0000);
        assertThat(odd.colourAt(3840, 3840)).isEqualTo(0xFFFF0000);
        assertThat(odd.colourAt(3830, 3830)).isZero();
        assertThat(big.blocks()).isEqualTo(1);
    }

    @Test
    void blocksArePaintedInClassColoursAndNoDataStaysClear() {
        StreamingRasterLayer l = new StreamingRasterLayer("small", grid(600, 300), PALETTE, 255);
        assertThat(l.step()).isEqualTo(1);
        int[] v = block(256, 256, 1);
        v[0] = 255; // NoData
        v[1] = 7; // a value without a colour
        l.put(new Rectangle(256, 0, 256, 256), v);
        assertThat(l.colourAt(256, 0)).isZero();
        assertThat(l.colourAt(257, 0)).isZero();
        assertThat(l.colourAt(258, 0)).isEqualTo(0xFFFF0000);
        assertThat(l.colourAt(511, 255)).isEqualTo(0xFFFF0000);
        assertThat(l.colourAt(255, 10)).isZero();
        // a block at the edge is clipped to the grid
        l.put(new Rectangle(512, 256, 256, 256), block(256, 256, 0));
        assertThat(l.colourAt(599, 299)).isEqualTo(0xFF112233);
    }

    @Test
    void redrawsAreCoalescedAndCoverOnlyTheBlocks() throws Exception {
        LayerService.StreamingRaster s = layers.addStreamingRaster("cover", grid(2560, 2560), PALETTE, 255);
        SwingUtilities.invokeAndWait(() -> { });
        fullRedraws.set(0);
        Thread job = new Thread(() -> {
            for (int i = 0; i < 10; i++) { // the top row of blocks only
                s.putBlock(new Rectangle(i * 256, 0, 256, 256), block(256, 256, 1));
            }
        });
        job.start();
        job.join();
        long end = System.currentTimeMillis() + 5000;
        while (areas.isEmpty() && System.currentTimeMillis() < end) {
            Thread.sleep(20);
        }
        Thread.sleep(3 * LayerManager.STREAM_COALESCE_MS);
        SwingUtilities.invokeAndWait(() -> { });
        assertThat(areas).isNotEmpty().hasSizeLessThan(10);
        Envelope union = new Envelope();
        areas.forEach(union::expandToInclude);
        assertThat(union).isEqualTo(new Envelope(500_000, 502_560, 5_000_000 - 256, 5_000_000));
        assertThat(fullRedraws.get()).isZero();

        // the renderer draws the blocks in their colour, nothing below them
        List<MapLayer> top = layers.mapLayers();
        MapViewport vp = MapViewport.fit(new Envelope(500_000, 502_560, 4_997_440, 5_000_000), 256, 256);
        BufferedImage img = new MapRenderer().render(top, vp, layers.mapCrs(), () -> false);
        assertThat(top.get(0).warnings()).isEmpty();
        assertThat(img.getRGB(128, 15)).isEqualTo(0xFFFF0000);
        assertThat(img.getRGB(128, 200) >>> 24).isZero();
    }

    @Test
    void finishingPutsTheWrittenFileInItsPlace() throws Exception {
        SampleScene.Files3 scene = new SampleScene(256, 3).write(dir.resolve("scene"));
        LayerInfo below = layers.addFeatures(Fixtures.polygons(Fixtures.utm33()), null);
        LayerService.StreamingRaster s = layers.addStreamingRaster("cover", grid(256, 256), PALETTE, 255);
        LayerInfo above = layers.addFeatures(Fixtures.polygons(Fixtures.utm33()), null);
        SwingUtilities.invokeAndWait(() -> { });
        // a raster goes under the vector layers at the top of the list, as any opened raster does
        assertThat(layers.layers()).containsExactly(above, below, s.info());
        // the user drags the preview to the top: the written file takes that place, not where a new raster goes
        SwingUtilities.invokeAndWait(() -> layers.moveTo((MapLayer) s.info(), 0));
        assertThat(layers.layers()).containsExactly(s.info(), above, below);
        List<LayerInfo> opened = s.finish(scene.scene()).get(30, java.util.concurrent.TimeUnit.SECONDS);
        SwingUtilities.invokeAndWait(() -> { });
        assertThat(opened).hasSize(1);
        assertThat(opened.get(0)).isInstanceOf(RasterLayer.class);
        assertThat(layers.layers()).containsExactly(opened.get(0), above, below);

        // finishing without a file just removes the preview
        LayerService.StreamingRaster t = layers.addStreamingRaster("gone", grid(256, 256), PALETTE, 255);
        assertThat(t.finish(null).get(5, java.util.concurrent.TimeUnit.SECONDS)).isEmpty();
        SwingUtilities.invokeAndWait(() -> { });
        assertThat(layers.layers()).doesNotContain(t.info());
    }
}
