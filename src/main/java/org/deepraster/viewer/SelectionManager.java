package org.deepraster.viewer;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.deepraster.plugin.LayerInfo;
import org.deepraster.plugin.SelectionService;

/** Selected feature ids per layer; selected features are drawn highlighted. */
final class SelectionManager implements SelectionService {
    private final Map<String, Set<Long>> selection = new ConcurrentHashMap<>();
    private final List<SelectionListener> listeners = new CopyOnWriteArrayList<>();
    private final LayerManager layers;

    SelectionManager(LayerManager layers) {
        this.layers = layers;
    }

    @Override
    public Set<Long> selected(LayerInfo layer) {
        return selection.getOrDefault(layer.id(), Set.of());
    }

    @Override
    public void select(LayerInfo layer, Set<Long> featureIds) {
        Set<Long> ids = Set.copyOf(featureIds);
        selection.put(layer.id(), ids);
        if (layer instanceof VectorLayer v) {
            v.setSelected(ids);
        }
        Edt.run(() -> {
            listeners.forEach(l -> l.selectionChanged(layer, ids));
            if (layer instanceof MapLayer ml) {
                layers.changed(ml);
            }
        });
    }

    /** Listeners are called on the EDT. */
    @Override
    public void addListener(SelectionListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(SelectionListener listener) {
        listeners.remove(listener);
    }
}
