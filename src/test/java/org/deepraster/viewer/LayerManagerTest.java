package org.deepraster.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.swing.SwingUtilities;
import org.deepraster.feature.Feature;
import org.deepraster.feature.FeatureCollection;
import org.deepraster.geo.Crs;
import org.deepraster.geo.Reprojector;
import org.deepraster.plugin.LayerInfo;
import org.deepraster.plugin.LayerService;
import org.deepraster.plugin.LayerStyle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.locationtech.jts.geom.Envelope;

/** The layer service without a window: map CRS, listeners on the EDT, streaming coalescing. */
class LayerManagerTest {
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

    private static void onEdt(Runnable r) throws Exception {
        SwingUtilities.invokeAndWait(r);
    }

    @Test
    @Timeout(30)
    void mapCrsComesFromTheFirstLayerWithOne() throws Exception {
        var wgs = Reprojector.wgs84();
        layers.addFeatures(Fixtures.polygons(null), null);
        layers.addFeatures(Fixtures.polygons(Fixtures.utm33()), null);
        layers.addFeatures(Fixtures.polygons(wgs), null);
        onEdt(() -> { });
        assertThat(Crs.same(layers.mapCrs(), Fixtures.utm33())).isTrue();
        assertThat(layers.layers()).hasSize(3);
        assertThat(layers.layers().get(2).warnings()).anyMatch(w -> w.contains("no coordinate reference system"));
        assertThat(notifier.history()).anyMatch(m -> m.level() == NotificationCenter.Level.WARNING);
    }

    @Test
    @Timeout(30)
    void filesJoinTheMapInTheOrderAskedWhateverFinishesFirstAndVectorsStayAboveRasters() throws Exception {
        var wgs = Reprojector.wgs84();
        CountDownLatch vectorRead = new CountDownLatch(1);
        // the raster, asked for first, is read only after the vector asked for second has been read
        var raster = layers.openWith(java.nio.file.Path.of("image.tif"), "raster", () -> {
            try {
                assertThat(vectorRead.await(10, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                throw new java.io.IOException(e);
            }
            return List.of(new RasterLayer(Fixtures.raster(Fixtures.utm33())));
        });
        var vector = layers.openWith(java.nio.file.Path.of("polygons.shp"), "vector", () -> {
            vectorRead.countDown();
            return List.of(new VectorLayer(Fixtures.polygons(wgs), LayerStyle.simple(Color.RED, null)));
        });
        List<LayerInfo> v = vector.get(10, TimeUnit.SECONDS);
        List<LayerInfo> r = raster.get(10, TimeUnit.SECONDS);
        onEdt(() -> { });
        assertThat(Crs.same(layers.mapCrs(), Fixtures.utm33())).as("the first file given sets the map CRS").isTrue();
        assertThat(layers.layers()).containsExactly(v.get(0), r.get(0));

        // given the other way round, a raster that finishes last still goes under the vector layer
        LayerInfo second = layers.openWith(java.nio.file.Path.of("second.tif"), "raster",
                () -> List.of(new RasterLayer(Fixtures.raster(Fixtures.utm33())))).get(10, TimeUnit.SECONDS).get(0);
        onEdt(() -> { });
        assertThat(layers.layers()).containsExactly(v.get(0), second, r.get(0));
    }

    @Test
    @Timeout(30)
    void aFileThatFailsDoesNotHoldBackTheFilesAfterIt() throws Exception {
        var failing = layers.openWith(java.nio.file.Path.of("broken.tif"), "broken", () -> {
            throw new java.io.IOException("truncated");
        });
        LayerInfo ok = layers.openWith(java.nio.file.Path.of("ok.shp"), "ok",
                () -> List.of(new VectorLayer(Fixtures.polygons(Fixtures.utm33()), LayerStyle.simple(Color.RED, null))))
                .get(10, TimeUnit.SECONDS).get(0);
        assertThat(failing).isCompletedExceptionally();
        onEdt(() -> { });
        assertThat(layers.layers()).containsExactly(ok);
    }

    @Test
    @Timeout(60)
    void aTruncatedTiffIsRefusedLikeAFileThatIsNotARaster(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path tif = dir.resolve("cut.tif");
        int w = 512;
        byte[] v = new byte[w * w * 3];
        new java.util.Random(1).nextBytes(v); // noise: DEFLATE cannot shrink it, so the cut removes tiles
        var o = org.deepraster.raster.GeoTiffWriter.Options.of(w, w, 3, org.deepraster.raster.SampleType.UINT8)
                .georeferenced(new java.awt.geom.AffineTransform(1, 0, 0, -1, 500000, 4100000), Fixtures.utm33())
                .withTileSize(128);
        try (var writer = org.deepraster.raster.GeoTiffWriter.create(tif, o)) {
            writer.writeRows(v, w);
        }
        byte[] all = java.nio.file.Files.readAllBytes(tif);
        // the header and the directory stay whole; the pixels of the last tile (written just before the
        // directory) are overwritten, as when a download stops and the rest is filled in later
        int ifd = java.nio.ByteBuffer.wrap(all, 4, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
        assertThat(all[0]).isEqualTo((byte) 'I');
        java.util.Arrays.fill(all, ifd - 20_000, ifd - 8, (byte) 0);
        java.nio.file.Path cut = dir.resolve("truncated.tif");
        java.nio.file.Files.write(cut, all);
        var opened = layers.open(cut);
        var error = org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.ExecutionException.class,
                () -> opened.get(30, TimeUnit.SECONDS)).getCause();
        assertThat(error).isInstanceOf(org.deepraster.util.UserException.class);
        assertThat(error.getMessage()).contains("truncated.tif").doesNotContain("Exception");
        onEdt(() -> { });
        assertThat(layers.layers()).as("no broken layer").isEmpty();
        assertThat(layers.open(tif).get(30, TimeUnit.SECONDS)).hasSize(1);
    }

    @Test
    @Timeout(30)
    void reorderLayers() throws Exception {
        LayerInfo a = layers.addFeatures(Fixtures.polygons(Fixtures.utm33()), null);
        LayerInfo b = layers.addFeatures(Fixtures.polygons(Fixtures.utm33()), null);
        LayerInfo c = layers.addFeatures(Fixtures.polygons(Fixtures.utm33()), null);
        onEdt(() -> { });
        assertThat(layers.layers()).containsExactly(c, b, a);
        onEdt(() -> layers.moveTo((MapLayer) c, 3)); // dropped below the last
        assertThat(layers.layers()).containsExactly(b, a, c);
        onEdt(() -> layers.moveTo((MapLayer) a, 0));
        assertThat(layers.layers()).containsExactly(a, b, c);
        onEdt(() -> layers.move((MapLayer) c, 1));
        assertThat(layers.layers()).containsExactly(a, c, b);
        onEdt(() -> layers.remove(a));
        assertThat(layers.layers()).containsExactly(c, b);
    }

    @Test
    @Timeout(30)
    void listenersAreCalledOnTheEdt() throws Exception {
        CountDownLatch added = new CountDownLatch(1);
        List<Boolean> onEdt = new ArrayList<>();
        layers.addListener(new LayerService.LayerListener() {
            @Override
            public void layerAdded(LayerInfo layer) {
                onEdt.add(SwingUtilities.isEventDispatchThread());
                added.countDown();
            }
        });
        Thread t = new Thread(() -> layers.addFeatures(Fixtures.polygons(Fixtures.utm33()), null));
        t.start();
        t.join();
        assertThat(added.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(onEdt).containsExactly(true);
    }

    @Test
    @Timeout(30)
    void streamingAppendsAreCoalescedAndRedrawOnlyTheirArea() throws Exception {
        var utm = Fixtures.utm33();
        FeatureCollection empty = new FeatureCollection(Fixtures.schema("results", utm), List.of(), null, List.of());
        LayerService.StreamingLayer s = layers.addStreamingLayer(empty, LayerStyle.simple(Color.RED, null));
        AtomicInteger changes = new AtomicInteger();
        List<Boolean> onEdt = Collections.synchronizedList(new ArrayList<>());
        layers.addListener(new LayerService.LayerListener() {
            @Override
            public void layerChanged(LayerInfo layer) {
                changes.incrementAndGet();
                onEdt.add(SwingUtilities.isEventDispatchThread());
            }
        });
        onEdt(() -> { });
        int redrawsBefore = fullRedraws.get();
        int threads = 4;
        int perThread = 250;
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int base = t * perThread;
            Thread w = new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    long id = base + i;
                    double x = Fixtures.MIN_X + (id % 50) * 10;
                    double y = Fixtures.MAX_Y - 100 - (id / 50) * 10;
                    s.append(List.of(Fixtures.feature(id, Fixtures.box(x, y, x + 5, y + 5), "r" + id)));
                }
            });
            workers.add(w);
            w.start();
        }
        for (Thread w : workers) {
            w.join();
        }
        VectorLayer layer = (VectorLayer) s.info();
        long deadline = System.currentTimeMillis() + 10_000;
        while (layer.data().size() < threads * perThread && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        onEdt(() -> { });
        assertThat(layer.data().size()).isEqualTo(threads * perThread);
        assertThat(layer.data().features().stream().map(Feature::id).distinct().count()).isEqualTo(threads * perThread);
        long batches = ((VectorStream) s).batches();
        assertThat(batches).isGreaterThan(0).isLessThan(100); // 1000 appends, far fewer EDT batches
        assertThat(changes.get()).isEqualTo((int) batches);
        assertThat(onEdt).containsOnly(true);
        assertThat(fullRedraws.get()).isEqualTo(redrawsBefore); // only areas were redrawn
        assertThat(areas).isNotEmpty();
        Envelope all = new Envelope();
        areas.forEach(all::expandToInclude);
        assertThat(all.getMinX()).isGreaterThanOrEqualTo(Fixtures.MIN_X - 1);
        assertThat(all.getMaxY()).isLessThanOrEqualTo(Fixtures.MAX_Y);

        // an update replaces by id
        s.update(List.of(Fixtures.feature(3, Fixtures.box(Fixtures.MIN_X, Fixtures.MAX_Y - 5, Fixtures.MIN_X + 5,
                Fixtures.MAX_Y), "relabelled")));
        deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline && layer.data().features().stream()
                .noneMatch(f -> "relabelled".equals(f.get("name")))) {
            Thread.sleep(20);
        }
        assertThat(layer.data().size()).isEqualTo(threads * perThread);
        assertThat(layer.data().features().stream().filter(f -> f.id() == 3).findFirst().orElseThrow().get("name"))
                .isEqualTo("relabelled");
    }

    @Test
    @Timeout(30)
    void openingAFileThatIsNeitherRasterNorVectorFailsWithAMessage() throws Exception {
        var f = layers.open(java.nio.file.Path.of("does-not-exist.xyz"));
        try {
            f.get(20, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(org.deepraster.util.UserException.class);
        }
        assertThat(f).isCompletedExceptionally();
        // the notification may follow the future's completion (it is logged first, then notified)
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (notifier.history().stream().noneMatch(m -> m.level() == NotificationCenter.Level.ERROR)
                && System.nanoTime() < end) {
            onEdt(() -> { });
            Thread.sleep(10);
        }
        assertThat(notifier.history()).anyMatch(m -> m.level() == NotificationCenter.Level.ERROR);
        assertThat(layers.layers()).isEmpty();
    }
}
