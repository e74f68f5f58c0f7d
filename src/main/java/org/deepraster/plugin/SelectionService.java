package org.deepraster.plugin;

import java.util.Set;

/** Selected features: feature ids per layer. */
public interface SelectionService {

    Set<Long> selected(LayerInfo layer);

    /** Replaces the selection of a layer (callable from any thread). */
    void select(LayerInfo layer, Set<Long> featureIds);

    void addListener(SelectionListener listener);

    void removeListener(SelectionListener listener);

    /** Called on the EDT. */
    interface SelectionListener {
        void selectionChanged(LayerInfo layer, Set<Long> featureIds);
    }
}
