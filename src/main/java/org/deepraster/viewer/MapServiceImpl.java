package org.deepraster.viewer;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.deepraster.plugin.MapService;
import org.locationtech.jts.geom.Envelope;
import org.opengis.referencing.crs.CoordinateReferenceSystem;

/** The map view for plugins; listeners are called on the EDT. */
final class MapServiceImpl implements MapService {
    private final MapPane pane;
    private final LayerManager layers;
    private final List<MapListener> listeners = new CopyOnWriteArrayList<>();
    private volatile Envelope visible = new Envelope();

    MapServiceImpl(MapPane pane, LayerManager layers) {
        this.pane = pane;
        this.layers = layers;
        pane.addViewportListener(vp -> {
            Envelope e = vp.extent();
            visible = e;
            listeners.forEach(l -> l.extentChanged(new Envelope(e)));
        });
    }

    @Override
    public CoordinateReferenceSystem crs() {
        return layers.mapCrs();
    }

    @Override
    public Envelope visibleExtent() {
        return new Envelope(visible);
    }

    @Override
    public void zoomTo(Envelope extent) {
        Envelope e = new Envelope(extent);
        Edt.run(() -> pane.zoomTo(e));
    }

    @Override
    public void refresh() {
        Edt.run(pane::requestRender);
    }

    @Override
    public void addListener(MapListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(MapListener listener) {
        listeners.remove(listener);
    }
}
