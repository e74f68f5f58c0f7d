package org.deepraster.plugin;

import org.locationtech.jts.geom.Envelope;
import org.opengis.referencing.crs.CoordinateReferenceSystem;

/** The map view. */
public interface MapService {

    /** The map's CRS (taken from the first layer; null before any layer is open). */
    CoordinateReferenceSystem crs();

    /**
     * The extent the user sees, in the map CRS: the map view less the part the host's tool windows
     * cover (what "Use current map extent" processes).
     */
    Envelope visibleExtent();

    /** Zooms to an extent in the map CRS; callable from any thread. */
    void zoomTo(Envelope extent);

    /**
     * Brings a feature of a vector layer into view and flashes it: {@code zoom} true zooms to it
     * (with a margin of context around it), false only pans when it is outside the view. Callable
     * from any thread; nothing happens when the layer or feature is not on the map.
     */
    void showFeature(LayerInfo layer, long featureId, boolean zoom);

    /** Requests a redraw; callable from any thread. */
    /**
     * While {@code on}, the map draws the outline of {@link #visibleExtent()} (what "Use current map
     * extent" processes: the map less what the owner's and other tool windows cover); off when the owner
     * hides. Any thread.
     */
    default void showExtentPreview(java.awt.Window owner, boolean on) {
    }

    void refresh();

    void addListener(MapListener listener);

    void removeListener(MapListener listener);

    /** Called on the EDT. */
    interface MapListener {
        void extentChanged(Envelope extent);
    }
}
