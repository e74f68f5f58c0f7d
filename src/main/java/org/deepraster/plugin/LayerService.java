package org.deepraster.plugin;

import java.awt.Rectangle;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.deepraster.feature.Feature;
import org.deepraster.feature.FeatureCollection;
import org.deepraster.geo.GridGeometry;

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

    /**
     * Adds a raster layer that a running job fills block by block, e.g. a classified raster being
     * written: {@code grid} gives its size and georeferencing, {@code palette} the 0xRRGGBB colour of
     * each class value (values without a colour and {@code noData} stay transparent). The host keeps
     * memory bounded whatever the raster's size (it may keep a reduced-resolution picture only) and
     * redraws only the changed area, coalesced. The layer has no path (it is no input for tools);
     * {@link StreamingRaster#finish} replaces it with the written file.
     */
    StreamingRaster addStreamingRaster(String name, GridGeometry grid, int[] palette, int noData);

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

    /** A raster layer a job is filling (see {@link #addStreamingRaster}). */
    interface StreamingRaster {
        LayerInfo info();

        /**
         * A finished block: {@code values} holds the value of each pixel of {@code window} (pixels of
         * the layer's grid), row by row, {@code window.width} a row. Callable from any thread; the
         * array is not kept.
         */
        void putBlock(Rectangle window, int[] values);

        /**
         * The job ended: the layer is replaced by {@code file} opened as a layer (null or a file that
         * cannot be opened: the layer just goes). The future completes with the opened layers (the
         * preview is gone by then), or fails as {@link #open} does. Any thread.
         */
        CompletableFuture<List<LayerInfo>> finish(Path file);
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
