package org.deepraster.viewer;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.deepraster.feature.Feature;
import org.deepraster.feature.FeatureCollection;
import org.deepraster.feature.VectorFiles;
import org.deepraster.geo.GridGeometry;
import org.deepraster.geo.Reprojector;
import org.deepraster.plugin.LayerInfo;
import org.deepraster.plugin.LayerService;
import org.deepraster.plugin.LayerStyle;
import org.deepraster.plugin.Notifier;
import org.deepraster.raster.RasterFiles;
import org.deepraster.raster.RasterSource;
import org.deepraster.util.Log;
import org.deepraster.util.UserException;
import org.locationtech.jts.geom.Envelope;
import org.opengis.referencing.crs.CoordinateReferenceSystem;

/**
 * The layers of the map and the map CRS (that of the first layer with one). The list is read
 * from any thread (a snapshot); it is changed on the EDT only (calls from other threads are
 * passed to the EDT). Listeners are called on the EDT.
 */
public final class LayerManager implements LayerService {
    private static final java.util.logging.Logger LOG = Log.logger(LayerManager.class);
    /** How often at most a streaming layer is redrawn while a job appends to it. */
    static final long STREAM_COALESCE_MS = 100;
    private static final ScheduledExecutorService COALESCER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "layer-coalescer");
        t.setDaemon(true);
        return t;
    });
    private static final Color[] PALETTE = {
        new Color(0xD0, 0x40, 0x20), new Color(0x20, 0x70, 0xD0), new Color(0x10, 0x90, 0x40),
        new Color(0x90, 0x30, 0xB0), new Color(0xE0, 0x90, 0x00), new Color(0x00, 0x90, 0x90)};

    /** What the map does when layers change; called on the EDT. */
    public interface MapHooks {
        /** A layer was added, removed, reordered or restyled, or its content changed everywhere. */
        void redrawAll();

        /** Content changed inside this map-CRS envelope only (margin in pixels for symbols). */
        void redrawArea(Envelope mapArea, double marginPixels);

        /** The first layer arrived: show it. */
        void zoomToFirst(MapLayer layer);
    }

    private final List<MapLayer> layers = new CopyOnWriteArrayList<>();
    private final List<LayerListener> listeners = new CopyOnWriteArrayList<>();
    private final TaskManager tasks;
    private final Notifier notifier;
    private volatile MapHooks hooks = new MapHooks() {
        public void redrawAll() { }
        public void redrawArea(Envelope a, double m) { }
        public void zoomToFirst(MapLayer l) { }
    };
    private volatile CoordinateReferenceSystem mapCrs;
    private volatile java.util.function.Consumer<Path> openedListener = p -> { };
    private int styleCounter;
    /**
     * Completes once the last file asked for has been added (or has failed): each open waits for it,
     * so files join the map in the order they were asked for, whatever finishes reading first.
     */
    private CompletableFuture<Void> arrivals = CompletableFuture.completedFuture(null);

    public LayerManager(TaskManager tasks, Notifier notifier) {
        this.tasks = tasks;
        this.notifier = notifier;
    }

    public void setHooks(MapHooks hooks) {
        this.hooks = hooks;
    }

    /** Called (on the EDT) with each file opened successfully, e.g. for the recent-files list. */
    public void setOpenedListener(java.util.function.Consumer<Path> l) {
        this.openedListener = l;
    }

    /** The map CRS: the CRS of the first layer that has one; null before. */
    public CoordinateReferenceSystem mapCrs() {
        return mapCrs;
    }

    @Override
    public List<LayerInfo> layers() {
        return List.copyOf(layers);
    }

    /** The layers, top first, as the renderer takes them. */
    public List<MapLayer> mapLayers() {
        return List.copyOf(layers);
    }

    // ---------------------------------------------------------------- opening

    @Override
    public CompletableFuture<List<LayerInfo>> open(Path file) {
        return openWith(file, "Opening " + file.getFileName(), () -> openAny(file));
    }

    /** Opens a file as a raster (Open Raster…). */
    public CompletableFuture<List<LayerInfo>> openRaster(Path file) {
        return openWith(file, "Opening raster " + file.getFileName(), () -> List.of(rasterLayer(file)));
    }

    /** Opens a file as vector layers (Open Vector…). */
    public CompletableFuture<List<LayerInfo>> openVector(Path file) {
        return openWith(file, "Opening vector " + file.getFileName(), () -> vectorLayers(file));
    }

    interface Opener {
        List<MapLayer> open() throws IOException;
    }

    CompletableFuture<List<LayerInfo>> openWith(Path file, String title, Opener opener) {
        CompletableFuture<List<LayerInfo>> out = new CompletableFuture<>();
        CompletableFuture<Void> myTurn = new CompletableFuture<>();
        CompletableFuture<Void> previous;
        synchronized (this) {
            previous = arrivals;
            arrivals = myTurn;
        }
        CompletableFuture<List<MapLayer>> read = tasks.submit(title, progress -> {
            progress.begin(title, -1);
            try {
                return opener.open();
            } catch (UserException e) {
                throw e;
            } catch (UnsupportedOperationException e) {
                throw new UserException("Cannot open " + file.getFileName() + ": this build cannot read it yet ("
                        + e.getMessage() + ").", "", e);
            } catch (IOException e) {
                throw new UserException("Cannot read " + file + ": " + e.getMessage(),
                        "Check that the file exists and is readable.", e);
            } catch (RuntimeException e) {
                // a reader bug or unexpected content: still a clear message, the details go to the log
                Log.failure(LOG, "Opening " + file + " failed", e);
                String why = e.getMessage() == null || e.getMessage().isBlank() ? "an unexpected error" : e.getMessage();
                throw new UserException("Cannot open " + file.getFileName() + ": " + why + ".", Log.where(), e);
            }
        }).result();
        // added only after the files asked for before it, so the map CRS and the order follow the order asked
        read.handle((opened, err) -> null).thenCombine(previous.handle((v, e) -> null), (a, b) -> null)
                .thenRun(() -> Edt.run(() -> {
                    try {
                        Throwable err = read.isCompletedExceptionally() ? read.handle((v, e) -> e).join() : null;
                        if (err != null) {
                            out.completeExceptionally(TaskManager.unwrap(err));
                            return;
                        }
                        List<LayerInfo> added = new ArrayList<>();
                        for (MapLayer l : read.join()) {
                            add(l);
                            added.add(l);
                        }
                        openedListener.accept(file);
                        out.complete(added);
                    } catch (RuntimeException e) {
                        out.completeExceptionally(e);
                    } finally {
                        myTurn.complete(null);
                    }
                }));
        return out;
    }

    private List<MapLayer> openAny(Path file) throws IOException {
        if (RasterFiles.isRaster(file)) {
            return List.of(rasterLayer(file));
        }
        if (VectorFiles.isVector(file)) {
            return vectorLayers(file);
        }
        throw new UserException(file.getFileName() + " is neither a raster nor a vector file that DeepRaster reads.",
                "Open a GeoTIFF raster, or a GeoPackage, Shapefile or GeoJSON vector file.");
    }

    private RasterLayer rasterLayer(Path file) throws IOException {
        RasterSource src = RasterFiles.open(file);
        try {
            probe(src);
        } catch (IOException | RuntimeException e) {
            try {
                src.close();
            } catch (IOException ignored) {
                // the file is refused anyway
            }
            if (e instanceof UserException u) {
                throw u; // the reader's own message says what is wrong
            }
            Log.failure(LOG, "Reading the pixels of " + file + " failed", e);
            String why = e.getMessage();
            throw new UserException(file.getFileName() + " cannot be read: its pixels are damaged or missing"
                    + (why == null || why.isBlank() ? "." : " (" + why + ")."),
                    "The file may be incomplete (an interrupted download or copy): get it again, or open another file.", e);
        }
        return new RasterLayer(src);
    }

    /**
     * Reads the first and the last block of a raster (a truncated file loses its last ones first), so
     * that a file whose header reads but whose pixels do not is refused like a file that is not a raster,
     * rather than added as a layer that only fails when drawn.
     */
    static void probe(RasterSource src) throws IOException {
        int w = Math.min(256, src.width());
        int h = Math.min(256, src.height());
        int[] bands = {0};
        src.read(new java.awt.Rectangle(0, 0, w, h), bands);
        src.read(new java.awt.Rectangle(src.width() - w, src.height() - h, w, h), bands);
    }

    private List<MapLayer> vectorLayers(Path file) throws IOException {
        List<MapLayer> out = new ArrayList<>();
        for (FeatureCollection fc : VectorFiles.open(file)) {
            out.add(new VectorLayer(fc, nextStyle()));
        }
        if (out.isEmpty()) {
            throw new UserException(file.getFileName() + " holds no feature layers.", "");
        }
        return out;
    }

    private synchronized LayerStyle nextStyle() {
        Color c = PALETTE[styleCounter++ % PALETTE.length];
        return new LayerStyle(c, new Color(c.getRed(), c.getGreen(), c.getBlue(), 60), 1.5f, 7f, null, java.util.Map.of());
    }

    // ---------------------------------------------------------------- adding, removing, order

    /**
     * Adds a layer on top, a raster on top of the rasters but under the vector layers above them (as
     * QGIS places them); any thread (added on the EDT; at once when called on the EDT).
     */
    public void add(MapLayer layer) {
        Edt.run(() -> {
            boolean first = layers.isEmpty();
            if (mapCrs == null && layer.crs() != null) {
                mapCrs = layer.crs();
            }
            layers.add(insertionIndex(layer), layer);
            for (String w : layer.warnings()) {
                notifier.warning(layer.name() + ": " + w);
            }
            if (layer instanceof RasterLayer r) {
                prepareOverviews(r);
                r.classes().ifPresent(c -> countClasses(r, c));
            }
            listeners.forEach(l -> l.layerAdded(layer));
            if (first) {
                hooks.zoomToFirst(layer);
            }
            hooks.redrawAll();
        });
    }

    /** Where a new layer goes: vectors on top; rasters under the vector layers at the top of the list. */
    private int insertionIndex(MapLayer layer) {
        if (layer instanceof VectorLayer) {
            return 0;
        }
        int i = 0;
        while (i < layers.size() && layers.get(i) instanceof VectorLayer) {
            i++;
        }
        return i;
    }

    /** Counts the pixels of each class of a classified raster for its legend, then tells the listeners. */
    private void countClasses(RasterLayer layer, RasterClasses classes) {
        tasks.submit("Counting the classes of " + layer.name(), progress -> {
            progress.begin("Counting the classes of " + layer.name(), layer.source().height());
            return classes.count(layer.source(), progress);
        }).result().thenRun(() -> Edt.run(() -> {
            if (layers.contains(layer)) {
                contentChanged(layer);
            }
        }));
    }

    private void prepareOverviews(RasterLayer layer) {
        RasterSource src = layer.source();
        CompletableFuture<Void> ready = new CompletableFuture<>();
        layer.overviewsPending(ready);
        tasks.submit("Preparing overviews of " + layer.name(), progress -> {
            src.prepareOverviews(progress).get();
            return null;
        }).result().whenComplete((ok, error) -> ready.complete(null)).thenRun(() -> Edt.run(() -> {
            if (layers.contains(layer)) {
                hooks.redrawAll();
            }
        }));
    }

    @Override
    public LayerInfo addFeatures(FeatureCollection features, LayerStyle style) {
        VectorLayer layer = new VectorLayer(features, style != null ? style : nextStyle());
        add(layer);
        return layer;
    }

    @Override
    public StreamingLayer addStreamingLayer(FeatureCollection initial, LayerStyle style) {
        VectorLayer layer = new VectorLayer(initial, style != null ? style : nextStyle());
        add(layer);
        return new VectorStream(this, layer);
    }

    @Override
    public StreamingRaster addStreamingRaster(String name, GridGeometry grid, int[] palette, int noData) {
        StreamingRasterLayer layer = new StreamingRasterLayer(name, grid, palette, noData);
        add(layer);
        return new RasterStream(this, layer);
    }

    @Override
    public void remove(LayerInfo layer) {
        Edt.run(() -> {
            if (!(layer instanceof MapLayer ml) || !layers.remove(ml)) {
                return;
            }
            if (layers.stream().noneMatch(l -> l.crs() != null)) {
                mapCrs = null;
            }
            listeners.forEach(l -> l.layerRemoved(layer));
            hooks.redrawAll();
            if (ml instanceof RasterLayer r) {
                tasks.submit("Closing " + r.name(), p -> {
                    r.source().close();
                    return null;
                });
            }
        });
    }

    @Override
    public void setStyle(LayerInfo layer, LayerStyle style) {
        if (layer instanceof VectorLayer v && style != null) {
            v.setStyle(style);
            changed(v);
        }
    }

    @Override
    public void setFilter(LayerInfo layer, java.util.function.Predicate<Feature> filter) {
        if (layer instanceof VectorLayer v) {
            v.setFilter(filter);
            changed(v);
        }
    }

    @Override
    public void updateFeatures(LayerInfo layer, List<Feature> features) {
        if (!(layer instanceof VectorLayer v) || features.isEmpty()) {
            return;
        }
        List<Feature> copy = List.copyOf(features);
        Edt.run(() -> {
            Envelope dirty = v.update(copy);
            for (Feature f : copy) {
                if (f.geometry() != null) {
                    dirty.expandToInclude(f.geometry().getEnvelopeInternal());
                }
            }
            if (!layers.contains(v)) {
                return;
            }
            listeners.forEach(l -> l.layerChanged(v));
            if (dirty.isNull()) {
                return;
            }
            try {
                hooks.redrawArea(Reprojector.between(v.crs(), mapCrs).transform(dirty),
                        Math.max(v.style().pointSize(), v.style().lineWidth() + 4));
            } catch (RuntimeException e) {
                hooks.redrawAll();
            }
        });
    }

    /** Moves a layer up (towards the top) or down by one; on the EDT. */
    public void move(MapLayer layer, int delta) {
        int i = layers.indexOf(layer);
        int j = i - delta;
        if (i < 0 || j < 0 || j >= layers.size()) {
            return;
        }
        layers.remove(i);
        layers.add(j, layer);
        changed(layer);
    }

    /** Moves a layer to a position of the list (0 = top), as a drop in the layer list does; on the EDT. */
    public void moveTo(MapLayer layer, int index) {
        int i = layers.indexOf(layer);
        if (i < 0) {
            return;
        }
        int j = index > i ? index - 1 : index;
        j = Math.max(0, Math.min(layers.size() - 1, j));
        if (i == j) {
            return;
        }
        layers.remove(i);
        layers.add(j, layer);
        changed(layer);
    }

    /** Tells listeners and the map that a layer's visibility, style or content changed; on the EDT. */
    public void changed(MapLayer layer) {
        Edt.run(() -> {
            listeners.forEach(l -> l.layerChanged(layer));
            hooks.redrawAll();
        });
    }

    @Override
    public void addListener(LayerListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(LayerListener listener) {
        listeners.remove(listener);
    }

    // ---------------------------------------------------------------- for the streams

    /** Whether a layer is (still) on the map. */
    boolean contains(MapLayer layer) {
        return layers.contains(layer);
    }

    MapHooks hooks() {
        return hooks;
    }

    /** Tells the listeners that a layer's content changed; on the EDT. */
    void contentChanged(MapLayer layer) {
        listeners.forEach(l -> l.layerChanged(layer));
    }

    /** Runs {@code onEdt} on the EDT after {@link #STREAM_COALESCE_MS} ms (a stream's coalesced redraw). */
    static void coalesce(Runnable onEdt) {
        COALESCER.schedule(() -> Edt.run(onEdt), STREAM_COALESCE_MS, TimeUnit.MILLISECONDS);
    }
}
