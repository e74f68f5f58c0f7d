package org.deepraster.plugin;

import java.awt.Rectangle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.swing.SwingUtilities;
import org.deepraster.feature.Feature;
import org.deepraster.feature.FeatureCollection;
import org.deepraster.feature.VectorFiles;
import org.deepraster.geo.GridGeometry;
import org.deepraster.raster.RasterFiles;
import org.deepraster.raster.RasterSource;
import org.deepraster.util.CancelledException;
import org.deepraster.util.Progress;
import org.locationtech.jts.geom.Envelope;
import org.opengis.referencing.crs.CoordinateReferenceSystem;

/**
 * Layer, map and task services held in memory, for plugin tests without the viewer. Layers are
 * opened synchronously ({@link #openNow}); streaming layers record what is appended and on which
 * thread, and can be slowed ({@link #appendDelayMillis}) to let a test cancel a run mid-way. Tasks
 * run on one worker thread with a cancellable progress, like the viewer's.
 */
public final class TestHost implements LayerService, MapService, TaskService, AutoCloseable {

    public final List<LayerInfo> layers = new CopyOnWriteArrayList<>();
    public final List<Streaming> streams = new CopyOnWriteArrayList<>();
    public final List<String> appendThreads = new CopyOnWriteArrayList<>();
    public volatile long appendDelayMillis;
    public Envelope visible;
    public CoordinateReferenceSystem crs;
    private final List<LayerListener> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService pool = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "test-host-task");
        t.setDaemon(true);
        return t;
    });

    /** Puts this host's services into a context. */
    public FakePluginContext install(FakePluginContext context) {
        context.layerService = this;
        context.mapService = this;
        context.taskService = this;
        return context;
    }

    /** Opens a raster or vector file as layers (at once, on the calling thread). */
    public List<LayerInfo> openNow(Path file) throws java.io.IOException {
        List<LayerInfo> added = new ArrayList<>();
        if (RasterFiles.isRaster(file)) {
            RasterSource r = RasterFiles.open(file);
            added.add(new Info(r.name(), LayerKind.RASTER, file, r.grid().crs(), null, r, null));
        } else {
            for (FeatureCollection c : VectorFiles.open(file)) {
                added.add(new Info(c.schema().name(), LayerKind.VECTOR, file, c.schema().crs(), c.envelope(), null, c));
            }
        }
        for (LayerInfo l : added) {
            layers.add(0, l);
            if (crs == null) {
                crs = l.crs();
            }
        }
        return added;
    }

    // ------------------------------------------------------------------ LayerService

    @Override
    public List<LayerInfo> layers() {
        return List.copyOf(layers);
    }

    @Override
    public CompletableFuture<List<LayerInfo>> open(Path file) {
        try {
            return CompletableFuture.completedFuture(openNow(file));
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public LayerInfo addFeatures(FeatureCollection features, LayerStyle style) {
        Info i = new Info(features.schema().name(), LayerKind.VECTOR, features.source(), features.schema().crs(),
                features.envelope(), null, features);
        layers.add(0, i);
        return i;
    }

    @Override
    public StreamingLayer addStreamingLayer(FeatureCollection initial, LayerStyle style) {
        Streaming s = new Streaming(initial, style);
        streams.add(s);
        layers.add(0, s.info);
        return s;
    }

    /** The streaming rasters added, in order. */
    public final List<RasterStream> rasterStreams = new CopyOnWriteArrayList<>();

    @Override
    public StreamingRaster addStreamingRaster(String name, GridGeometry grid, int[] palette, int noData) {
        RasterStream s = new RasterStream(name, grid, palette, noData);
        rasterStreams.add(s);
        layers.add(0, s.info);
        return s;
    }

    @Override
    public void remove(LayerInfo layer) {
        layers.remove(layer);
    }

    /** Styles, filters and feature updates set through the layer service, per layer id. */
    public final java.util.Map<String, LayerStyle> styles = new java.util.concurrent.ConcurrentHashMap<>();
    /** Every layer's style set through {@link #setStyle}, for {@link LayerInfo#currentStyle()} (ids are unique). */
    private static final java.util.Map<String, LayerStyle> STYLES = new java.util.concurrent.ConcurrentHashMap<>();
    public final java.util.Map<String, java.util.function.Predicate<Feature>> filters = new java.util.concurrent.ConcurrentHashMap<>();
    public final List<Feature> updatedFeatures = new CopyOnWriteArrayList<>();
    /** Features shown through {@link #showFeature}: "layer id:feature id:zoom". */
    public final List<String> shownFeatures = new CopyOnWriteArrayList<>();

    @Override
    public void setStyle(LayerInfo layer, LayerStyle style) {
        styles.put(layer.id(), style);
        STYLES.put(layer.id(), style);
    }

    @Override
    public void setFilter(LayerInfo layer, java.util.function.Predicate<Feature> filter) {
        if (filter == null) {
            filters.remove(layer.id());
        } else {
            filters.put(layer.id(), filter);
        }
    }

    @Override
    public void updateFeatures(LayerInfo layer, List<Feature> features) {
        updatedFeatures.addAll(features);
    }

    @Override
    public void addListener(LayerListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(LayerListener listener) {
        listeners.remove(listener);
    }

    /** The layer listeners (to fire events from a test, on the EDT). */
    public List<LayerListener> listeners() {
        return List.copyOf(listeners);
    }

    public int listenerCount() {
        return listeners.size();
    }

    /** A streaming layer: what was appended, slowed by {@link #appendDelayMillis}. */
    public final class Streaming implements StreamingLayer {
        public final FeatureCollection initial;
        public final LayerStyle style;
        public final List<Feature> appended = new CopyOnWriteArrayList<>();
        final Info info;

        Streaming(FeatureCollection initial, LayerStyle style) {
            this.initial = initial;
            this.style = style;
            this.info = new Info(initial.schema().name(), LayerKind.VECTOR, initial.source(), initial.schema().crs(),
                    null, null, initial);
        }

        @Override
        public LayerInfo info() {
            return info;
        }

        @Override
        public void append(List<Feature> features) {
            appendThreads.add(Thread.currentThread().getName() + (SwingUtilities.isEventDispatchThread() ? " (EDT)" : ""));
            appended.addAll(features);
            long d = appendDelayMillis;
            if (d > 0) {
                try {
                    Thread.sleep(d);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public void update(List<Feature> features) {
            throw new UnsupportedOperationException();
        }
    }

    /**
     * A streaming raster: every value put (the whole grid in memory: test rasters are small), the
     * blocks and the threads that put them, and the file it was finished with; slowed by
     * {@link #appendDelayMillis} per block.
     */
    public final class RasterStream implements StreamingRaster {
        public final GridGeometry grid;
        public final int[] palette;
        public final int noData;
        public final int[] values;
        public final List<Rectangle> blocks = new CopyOnWriteArrayList<>();
        public final List<String> threads = new CopyOnWriteArrayList<>();
        public volatile Path finishedWith;
        public volatile boolean finished;
        final Info info;

        RasterStream(String name, GridGeometry grid, int[] palette, int noData) {
            this.grid = grid;
            this.palette = palette;
            this.noData = noData;
            this.values = new int[grid.width() * grid.height()];
            java.util.Arrays.fill(values, -1);
            this.info = new Info(name, LayerKind.RASTER, null, grid.crs(), grid.envelope(), null, null);
        }

        @Override
        public LayerInfo info() {
            return info;
        }

        @Override
        public void putBlock(Rectangle w, int[] v) {
            threads.add(Thread.currentThread().getName() + (SwingUtilities.isEventDispatchThread() ? " (EDT)" : ""));
            blocks.add(new Rectangle(w));
            for (int y = 0; y < w.height; y++) {
                System.arraycopy(v, y * w.width, values, (w.y + y) * grid.width() + w.x, w.width);
            }
            long d = appendDelayMillis;
            if (d > 0) {
                try {
                    Thread.sleep(d);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public CompletableFuture<List<LayerInfo>> finish(Path file) {
            finished = true;
            finishedWith = file;
            layers.remove(info);
            return file == null || !java.nio.file.Files.exists(file) ? CompletableFuture.completedFuture(List.of())
                    : open(file);
        }
    }

    record Info(String name, LayerKind kind, Path file, CoordinateReferenceSystem crs, Envelope extent,
                RasterSource source, FeatureCollection data) implements LayerInfo {
        @Override
        public String id() {
            return name + "#" + System.identityHashCode(this);
        }

        @Override
        public Optional<Path> path() {
            return Optional.ofNullable(file);
        }

        @Override
        public boolean isVisible() {
            return true;
        }

        @Override
        public Optional<RasterSource> raster() {
            return Optional.ofNullable(source);
        }

        @Override
        public Optional<FeatureCollection> features() {
            return Optional.ofNullable(data);
        }

        @Override
        public Optional<LayerStyle> currentStyle() {
            return Optional.ofNullable(STYLES.get(id()));
        }

        @Override
        public List<String> warnings() {
            return List.of();
        }
    }

    // ------------------------------------------------------------------ MapService

    @Override
    public CoordinateReferenceSystem crs() {
        return crs;
    }

    @Override
    public Envelope visibleExtent() {
        return visible;
    }

    @Override
    public void zoomTo(Envelope extent) {
        visible = extent;
    }

    @Override
    public void showFeature(LayerInfo layer, long featureId, boolean zoom) {
        shownFeatures.add(layer.id() + ":" + featureId + ":" + zoom);
    }

    @Override
    public void refresh() {
    }

    @Override
    public void addListener(MapListener listener) {
    }

    @Override
    public void removeListener(MapListener listener) {
    }

    // ------------------------------------------------------------------ TaskService

    /** Every task submitted, in order. */
    public final List<Task<?>> tasks = new CopyOnWriteArrayList<>();

    @Override
    public <T> TaskHandle<T> submit(String title, BackgroundTask<T> work) {
        Task<T> t = new Task<>(title);
        tasks.add(t);
        pool.execute(() -> {
            try {
                T v = work.run(t);
                if (t.cancelled) {
                    throw new CancelledException();
                }
                t.result.complete(v);
            } catch (Throwable e) {
                t.result.completeExceptionally(e);
            }
        });
        return t;
    }

    /** A task: cancellable progress and its result. */
    public static final class Task<T> implements TaskHandle<T>, Progress {
        private final String title;
        private final CompletableFuture<T> result = new CompletableFuture<>();
        volatile boolean cancelled;

        Task(String title) {
            this.title = title;
        }

        @Override
        public String title() {
            return title;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public CompletableFuture<T> result() {
            return result;
        }

        @Override
        public void begin(String task, long total) {
        }

        @Override
        public void worked(long steps) {
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
        for (LayerInfo l : layers) {
            l.raster().ifPresent(r -> {
                try {
                    r.close();
                } catch (java.io.IOException ignored) {
                    // test cleanup
                }
            });
        }
    }
}
