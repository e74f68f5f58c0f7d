package org.deepraster.viewer;

import java.awt.Rectangle;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.deepraster.geo.Reprojector;
import org.deepraster.plugin.LayerInfo;
import org.deepraster.plugin.LayerService.StreamingRaster;
import org.locationtech.jts.geom.Envelope;

/**
 * A raster a job fills from any thread: each block is painted into the layer's reduced picture at
 * once (on the job's thread), and the grid area changed since the last redraw is collected; the EDT
 * redraws that area at most every {@link LayerManager#STREAM_COALESCE_MS} ms. {@link #finish}
 * opens the written file, puts it where the preview was in the layer list, and removes the
 * preview. Made by {@link LayerManager#addStreamingRaster}.
 */
final class RasterStream implements StreamingRaster {
    private final LayerManager manager;
    private final StreamingRasterLayer layer;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicLong redraws = new AtomicLong();
    private Rectangle dirty; // guarded by this

    RasterStream(LayerManager manager, StreamingRasterLayer layer) {
        this.manager = manager;
        this.layer = layer;
    }

    @Override
    public LayerInfo info() {
        return layer;
    }

    @Override
    public void putBlock(Rectangle window, int[] values) {
        Rectangle covered = layer.put(window, values);
        if (covered.isEmpty()) {
            return;
        }
        synchronized (this) {
            dirty = dirty == null ? covered : dirty.union(covered);
        }
        if (scheduled.compareAndSet(false, true)) {
            LayerManager.coalesce(this::flush);
        }
    }

    /** How many coalesced redraws reached the EDT (for tests). */
    long redraws() {
        return redraws.get();
    }

    private void flush() {
        scheduled.set(false);
        Rectangle area;
        synchronized (this) {
            area = dirty;
            dirty = null;
        }
        if (area == null || !manager.contains(layer)) {
            return;
        }
        redraws.incrementAndGet();
        try {
            Envelope inMap = Reprojector.between(layer.crs(), manager.mapCrs()).transform(layer.grid().envelopeOf(area));
            manager.hooks().redrawArea(inMap, 1);
        } catch (RuntimeException e) {
            manager.hooks().redrawAll();
        }
    }

    @Override
    public CompletableFuture<List<LayerInfo>> finish(Path file) {
        if (file == null || !java.nio.file.Files.isRegularFile(file)) {
            manager.remove(layer);
            return CompletableFuture.completedFuture(List.of());
        }
        CompletableFuture<List<LayerInfo>> out = new CompletableFuture<>();
        manager.openRaster(file).whenComplete((opened, err) -> Edt.run(() -> {
            int at = manager.mapLayers().indexOf(layer);
            if (opened != null && at >= 0) {
                for (LayerInfo l : opened) {
                    manager.moveTo((MapLayer) l, at);
                }
            }
            manager.remove(layer);
            if (err != null) {
                out.completeExceptionally(err);
            } else {
                out.complete(opened);
            }
        }));
        return out;
    }
}
