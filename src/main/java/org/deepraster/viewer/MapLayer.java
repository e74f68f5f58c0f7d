package org.deepraster.viewer;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.deepraster.feature.FeatureCollection;
import org.deepraster.geo.Reprojector;
import org.deepraster.plugin.LayerInfo;
import org.deepraster.raster.RasterSource;
import org.locationtech.jts.geom.Envelope;
import org.opengis.referencing.crs.CoordinateReferenceSystem;

/**
 * A layer of the map. Free of Swing: the renderer reads it on its own thread, so the mutable
 * display state (visibility, opacity, style) is volatile and may be set from any thread; the
 * host sets it on the EDT and then fires a layer change.
 */
public abstract sealed class MapLayer implements LayerInfo permits RasterLayer, StreamingRasterLayer, VectorLayer {
    private static final AtomicLong IDS = new AtomicLong();

    private final String id = "layer-" + IDS.incrementAndGet();
    private final String name;
    private final Path path;
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private volatile boolean visible = true;
    private volatile float opacity = 1f;

    protected MapLayer(String name, Path path, List<String> warnings) {
        this.name = name;
        this.path = path;
        this.warnings.addAll(warnings);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Optional<Path> path() {
        return Optional.ofNullable(path);
    }

    @Override
    public boolean isVisible() {
        return visible;
    }

    public void setVisible(boolean visible) {
        this.visible = visible;
    }

    /** 0 (transparent) to 1 (opaque). */
    public float opacity() {
        return opacity;
    }

    public void setOpacity(float opacity) {
        this.opacity = Math.max(0f, Math.min(1f, opacity));
    }

    @Override
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** Adds a warning unless the layer has it already; returns true when it is new. Any thread. */
    public boolean addWarning(String warning) {
        synchronized (warnings) {
            if (warnings.contains(warning)) {
                return false;
            }
            warnings.add(warning);
            return true;
        }
    }

    @Override
    public Optional<RasterSource> raster() {
        return Optional.empty();
    }

    @Override
    public Optional<FeatureCollection> features() {
        return Optional.empty();
    }

    /** The extent in the map CRS (a layer without CRS is taken to be in the map CRS). */
    public Envelope extentIn(CoordinateReferenceSystem mapCrs) {
        Envelope e = extent();
        if (e == null || e.isNull()) {
            return new Envelope();
        }
        return Reprojector.between(crs(), mapCrs).transform(e);
    }

    @Override
    public String toString() {
        return name;
    }
}
