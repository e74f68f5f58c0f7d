package org.deepraster.viewer;

import java.util.List;
import org.deepraster.plugin.LayerInfo;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
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
        // what the user sees: less the strip a tool dialog at the window's edge covers
        return javax.swing.SwingUtilities.isEventDispatchThread() ? pane.uncoveredExtent() : Edt.call(pane::uncoveredExtent);
    }

    @Override
    public void showExtentPreview(java.awt.Window owner, boolean on) {
        Edt.run(() -> pane.showExtentPreview(owner, on));
    }

    @Override
    public void zoomTo(Envelope extent) {
        Envelope e = new Envelope(extent);
        Edt.run(() -> pane.zoomTo(e));
    }

    @Override
    public void showFeature(LayerInfo layer, long featureId, boolean zoom) {
        Edt.run(() -> {
            if (!(layer instanceof VectorLayer v) || !layers.mapLayers().contains(v)) {
                return;
            }
            VectorLayer.Projection p = v.projection(layers.mapCrs());
            Geometry g = null;
            for (int i = 0; i < p.source.size(); i++) {
                if (p.feature(i).id() == featureId) {
                    g = p.geometry(i);
                    break;
                }
            }
            if (g == null || g.isEmpty()) {
                return;
            }
            Envelope env = g.getEnvelopeInternal();
            if (zoom) {
                pane.zoomTo(contextAround(env, pane.viewport(), org.deepraster.geo.Crs.isGeographic(layers.mapCrs())));
            } else if (!pane.viewport().extent().contains(env)) {
                Coordinate c = env.centre();
                pane.setViewport(pane.viewport().withCenter(c.x, c.y));
            }
            pane.flash(g);
        });
    }

    /** The largest scale zoom-to-feature goes to (1:N): a 3 m tree is shown with its neighbours, not alone. */
    static final double MIN_SCALE_DENOMINATOR = 500;

    /**
     * The extent to show for a feature: 3 times its size around its centre (for a point, 120 pixels of
     * the current view), but never closer than 1:{@value #MIN_SCALE_DENOMINATOR}.
     */
    static Envelope contextAround(Envelope feature, MapViewport now, boolean geographic) {
        double size = Math.max(feature.getWidth(), feature.getHeight());
        if (size <= 0) {
            size = now.scale() * 60;
        }
        double metresPerUnit = geographic ? MapViewport.METRES_PER_DEGREE
                * Math.cos(Math.toRadians(Math.max(-85, Math.min(85, feature.centre().y)))) : 1;
        double minUnitsPerPixel = MIN_SCALE_DENOMINATOR * MapViewport.METRES_PER_SCREEN_PIXEL / metresPerUnit;
        double half = Math.max(size * 1.5, minUnitsPerPixel * Math.min(now.width(), now.height()) / 2.0);
        Envelope e = new Envelope(feature.centre());
        e.expandBy(half);
        return e;
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
