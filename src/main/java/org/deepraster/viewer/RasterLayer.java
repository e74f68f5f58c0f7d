package org.deepraster.viewer;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.deepraster.plugin.LayerKind;
import org.deepraster.raster.RasterSource;
import org.locationtech.jts.geom.Envelope;
import org.opengis.referencing.crs.CoordinateReferenceSystem;

/** A raster on the map: which bands are shown as red, green and blue, and their stretch. */
public final class RasterLayer extends MapLayer {
    private final RasterSource source;
    /** The classes of a classified raster (class table beside it, or palette); null for imagery. */
    private final RasterClasses classes;
    private volatile int[] rgbBands;
    private final Map<Integer, RasterSource.BandStatistics> stats = new ConcurrentHashMap<>();
    /** Completes when coarse reads are cheap; a layer nobody builds overviews for is always ready. */
    private volatile CompletableFuture<Void> overviews = CompletableFuture.completedFuture(null);

    public RasterLayer(RasterSource source) {
        super(source.name(), source.path(), source.warnings());
        this.source = source;
        this.rgbBands = source.defaultRgbBands().clone();
        this.classes = RasterClasses.of(source).orElse(null);
        if (!source.grid().hasCrs()) {
            addWarning("The raster has no coordinate reference system; it is shown assuming the map's CRS.");
        }
    }

    public RasterSource source() {
        return source;
    }

    @Override
    public LayerKind kind() {
        return LayerKind.RASTER;
    }

    @Override
    public CoordinateReferenceSystem crs() {
        return source.grid().crs();
    }

    @Override
    public Envelope extent() {
        return source.grid().envelope();
    }

    @Override
    public Optional<RasterSource> raster() {
        return Optional.of(source);
    }

    /** The classes of a classified raster, empty for imagery. */
    public Optional<RasterClasses> classes() {
        return Optional.ofNullable(classes);
    }

    /** The 0-based bands shown as red, green, blue. */
    public int[] rgbBands() {
        return rgbBands.clone();
    }

    public void setRgbBands(int r, int g, int b) {
        int n = source.bandCount();
        if (r < 0 || g < 0 || b < 0 || r >= n || g >= n || b >= n) {
            throw new IllegalArgumentException("band out of range 0.." + (n - 1));
        }
        this.rgbBands = new int[] {r, g, b};
    }

    /**
     * Marks the overviews as being built: until {@code done} completes (normally or not), the
     * renderer shows a placeholder instead of decoding the whole file for a coarse view. Any thread.
     */
    void overviewsPending(CompletableFuture<Void> done) {
        this.overviews = done;
    }

    /** False while an overview pyramid is being built for this layer. Any thread. */
    boolean overviewsReady() {
        return overviews.isDone();
    }

    /** Display statistics of a band, cached (read on the renderer's thread). */
    RasterSource.BandStatistics statistics(int band) throws IOException {
        RasterSource.BandStatistics s = stats.get(band);
        if (s == null) {
            s = source.statistics(band);
            stats.put(band, s);
        }
        return s;
    }

    List<String> bandNames() {
        return source.bandNames();
    }
}
