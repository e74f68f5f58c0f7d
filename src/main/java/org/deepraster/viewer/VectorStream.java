package org.deepraster.viewer;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.deepraster.feature.Feature;
import org.deepraster.geo.Reprojector;
import org.deepraster.plugin.LayerInfo;
import org.deepraster.plugin.LayerService.StreamingLayer;
import org.locationtech.jts.geom.Envelope;

/**
 * A layer a job fills from any thread. Changes are queued and applied on the EDT in batches
 * at most every {@link LayerManager#STREAM_COALESCE_MS} ms; each batch redraws only the area it covers.
 * Made by {@link LayerManager#addStreamingLayer}.
 */
final class VectorStream implements StreamingLayer {
    private record Op(boolean update, List<Feature> features) {
    }

    private final LayerManager manager;
    private final VectorLayer layer;
    private final Queue<Op> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicLong batches = new AtomicLong();

    VectorStream(LayerManager manager, VectorLayer layer) {
        this.manager = manager;
        this.layer = layer;
    }

    @Override
    public LayerInfo info() {
        return layer;
    }

    @Override
    public void append(List<Feature> features) {
        if (!features.isEmpty()) {
            pending.add(new Op(false, List.copyOf(features)));
            schedule();
        }
    }

    @Override
    public void update(List<Feature> features) {
        if (!features.isEmpty()) {
            pending.add(new Op(true, List.copyOf(features)));
            schedule();
        }
    }

    /** How many batches reached the EDT (for tests). */
    long batches() {
        return batches.get();
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            LayerManager.coalesce(this::flush);
        }
    }

    /** On the EDT: applies every queued change at once and redraws their area. */
    private void flush() {
        scheduled.set(false);
        Envelope dirty = new Envelope();
        List<Feature> appended = new ArrayList<>();
        Op op;
        while ((op = pending.poll()) != null) {
            if (op.update()) {
                if (!appended.isEmpty()) {
                    layer.append(appended);
                    appended = new ArrayList<>();
                }
                dirty.expandToInclude(layer.update(op.features()));
            } else {
                appended.addAll(op.features());
            }
            for (Feature f : op.features()) {
                if (f.geometry() != null) {
                    dirty.expandToInclude(f.geometry().getEnvelopeInternal());
                }
            }
        }
        layer.append(appended);
        batches.incrementAndGet();
        if (!manager.contains(layer)) {
            return;
        }
        manager.contentChanged(layer);
        if (!dirty.isNull()) {
            Envelope inMap;
            try {
                inMap = Reprojector.between(layer.crs(), manager.mapCrs()).transform(dirty);
            } catch (RuntimeException e) {
                manager.hooks().redrawAll();
                return;
            }
            manager.hooks().redrawArea(inMap, Math.max(layer.style().pointSize(), layer.style().lineWidth() + 2));
        }
    }
}
