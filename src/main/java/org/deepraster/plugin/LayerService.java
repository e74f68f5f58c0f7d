package org.deepraster.plugin;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.deepraster.feature.Feature;
import org.deepraster.feature.FeatureCollection;

/** The layers of the map. */
public interface LayerService {

    /** The layers from top (drawn last) to bottom. */
    List<LayerInfo> layers();

    /**
     * Opens a raster or vector file (a GeoPackage gives one layer per feature table) in the
     * background; the future completes with the layers added, or fails with a
     * {@link org.deepraster.util.UserException} that the host has also shown to the user.
     */
    CompletableFuture<List<LayerInfo>> open(Path file);

    /** Adds features held in memory as a layer on top. */
    LayerInfo addFeatures(FeatureCollection features, LayerStyle style);

    /**
     * Adds an empty vector layer that a running job fills: features appended from any thread
     * are coalesced and drawn in batches, repainting only the area they cover.
     */
    StreamingLayer addStreamingLayer(FeatureCollection initial, LayerStyle style);

    void remove(LayerInfo layer);

    /** Draws a vector layer with another style (e.g. class colours); any thread. */
    void setStyle(LayerInfo layer, LayerStyle style);

    /**
     * Draws (and identifies) only the features of a vector layer that pass {@code filter}; null
     * shows them all. The filter is called on the map's render thread, so it must be thread-safe
     * and fast; set a new one (any thread) whenever what it decides changes, and the map redraws.
     */
    void setFilter(LayerInfo layer, Predicate<Feature> filter);

    /**
     * Replaces features of a vector layer that have the same ids (e.g. after a review decision
     * changed their attributes); unknown ids are appended. Any thread; the map redraws their area.
     * This changes the layer only: a plugin that wants the change in the file writes it there.
     */
    void updateFeatures(LayerInfo layer, List<Feature> features);

    void addListener(LayerListener listener);

    void removeListener(LayerListener listener);

    /** A vector layer a job is filling. */
    interface StreamingLayer {
        LayerInfo info();

        /** Appends features (in the layer's CRS); callable from any thread. */
        void append(List<Feature> features);

        /** Replaces features with the same ids (e.g. after a relabel); callable from any thread. */
        void update(List<Feature> features);
    }

    /** Called on the EDT. */
    interface LayerListener {
        default void layerAdded(LayerInfo layer) {
        }

        default void layerRemoved(LayerInfo layer) {
        }

        /** Visibility, order, style or content changed. */
        default void layerChanged(LayerInfo layer) {
        }
    }
}
