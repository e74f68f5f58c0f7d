package org.deepraster.viewer;

import java.awt.Color;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.deepraster.feature.Feature;
import org.deepraster.feature.FeatureCollection;
import org.deepraster.geo.Crs;
import org.deepraster.geo.Reprojector;
import org.deepraster.plugin.LayerKind;
import org.deepraster.plugin.LayerStyle;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.index.strtree.STRtree;
import org.opengis.referencing.crs.CoordinateReferenceSystem;

/**
 * Features on the map with their style. The features may grow while a job appends to them; the
 * renderer works on an immutable {@link Projection} (geometries in the map CRS plus an STRtree)
 * that is computed once per map CRS and content, re-projecting only features that changed.
 */
public final class VectorLayer extends MapLayer {
    private volatile FeatureCollection data;
    private volatile LayerStyle style;
    private volatile Set<Long> selected = Set.of();
    private volatile java.util.function.Predicate<Feature> filter;
    private Projection projection; // guarded by this

    public VectorLayer(FeatureCollection data, LayerStyle style) {
        super(data.schema().name(), data.source(), data.warnings());
        this.data = data;
        this.style = style == null ? defaultStyle() : style;
        if (data.schema().crs() == null) {
            addWarning("The layer has no coordinate reference system; it is shown assuming the map's CRS.");
        }
    }

    public static LayerStyle defaultStyle() {
        return new LayerStyle(new Color(0xD0, 0x40, 0x20), new Color(0xD0, 0x40, 0x20, 60), 1.5f, 7f, null, Map.of());
    }

    @Override
    public LayerKind kind() {
        return LayerKind.VECTOR;
    }

    @Override
    public CoordinateReferenceSystem crs() {
        return data.schema().crs();
    }

    @Override
    public Envelope extent() {
        return data.envelope();
    }

    @Override
    public Optional<FeatureCollection> features() {
        return Optional.of(data);
    }

    public FeatureCollection data() {
        return data;
    }

    public LayerStyle style() {
        return style;
    }

    public void setStyle(LayerStyle style) {
        this.style = style;
    }

    @Override
    public Optional<LayerStyle> currentStyle() {
        return Optional.of(style);
    }

    /** Which features are drawn and identified; null: all. Any thread. */
    public void setFilter(java.util.function.Predicate<Feature> filter) {
        this.filter = filter;
    }

    public java.util.function.Predicate<Feature> filter() {
        return filter;
    }

    /** True when the feature passes the layer's filter (or there is none). */
    public boolean shows(Feature f) {
        java.util.function.Predicate<Feature> p = filter;
        return p == null || p.test(f);
    }

    public Set<Long> selected() {
        return selected;
    }

    public void setSelected(Set<Long> ids) {
        this.selected = Set.copyOf(ids);
    }

    /** Appends features (thread-safe). Returns nothing; callers fire the change. */
    public synchronized void append(List<Feature> more) {
        if (more.isEmpty()) {
            return;
        }
        List<Feature> all = new ArrayList<>(data.features().size() + more.size());
        all.addAll(data.features());
        all.addAll(more);
        data = new FeatureCollection(data.schema(), all, data.source(), data.warnings());
    }

    /**
     * Replaces features with the same ids (thread-safe); unknown ids are appended. Returns the
     * envelope (layer CRS) of the geometries replaced, so that their old place is redrawn too.
     */
    public synchronized Envelope update(List<Feature> changed) {
        Envelope old = new Envelope();
        if (changed.isEmpty()) {
            return old;
        }
        Map<Long, Feature> byId = new HashMap<>();
        for (Feature f : changed) {
            byId.put(f.id(), f);
        }
        List<Feature> all = new ArrayList<>(data.features().size());
        for (Feature f : data.features()) {
            Feature r = byId.remove(f.id());
            if (r != null && f.geometry() != null) {
                old.expandToInclude(f.geometry().getEnvelopeInternal());
            }
            all.add(r != null ? r : f);
        }
        for (Feature f : changed) {
            if (byId.containsKey(f.id())) {
                all.add(f);
            }
        }
        data = new FeatureCollection(data.schema(), all, data.source(), data.warnings());
        return old;
    }

    /**
     * The features in the map CRS with a spatial index, cached; features that are the same
     * objects as in the previous projection keep their projected geometry.
     */
    public synchronized Projection projection(CoordinateReferenceSystem mapCrs) {
        FeatureCollection d = data;
        Projection p = projection;
        if (p != null && p.source == d.features() && Crs.same(p.mapCrs, mapCrs)) {
            return p;
        }
        Reprojector r = Reprojector.between(d.schema().crs(), mapCrs);
        boolean reuse = p != null && Crs.same(p.mapCrs, mapCrs);
        List<Feature> src = d.features();
        Geometry[] geoms = new Geometry[src.size()];
        STRtree tree = new STRtree();
        for (int i = 0; i < src.size(); i++) {
            Feature f = src.get(i);
            Geometry g;
            if (reuse && i < p.source.size() && p.source.get(i) == f) {
                g = p.geometries[i];
            } else {
                try {
                    g = r.transform(f.geometry());
                } catch (RuntimeException e) {
                    g = null;
                    addWarning("Some features could not be transformed to the map CRS: " + e.getMessage());
                }
            }
            geoms[i] = g;
            if (g != null && !g.isEmpty()) {
                tree.insert(g.getEnvelopeInternal(), i);
            }
        }
        if (src.isEmpty()) {
            tree.insert(new Envelope(0, 0, 0, 0), -1); // an STRtree must not be empty when built
        }
        tree.build();
        projection = new Projection(mapCrs, src, geoms, tree);
        return projection;
    }

    /** Features in the map CRS and their index. Immutable. */
    public static final class Projection {
        final CoordinateReferenceSystem mapCrs;
        final List<Feature> source;
        final Geometry[] geometries;
        final STRtree tree;

        Projection(CoordinateReferenceSystem mapCrs, List<Feature> source, Geometry[] geometries, STRtree tree) {
            this.mapCrs = mapCrs;
            this.source = source;
            this.geometries = geometries;
            this.tree = tree;
        }

        /** Indexes of the features whose envelope meets {@code env}, in drawing order. */
        public int[] query(Envelope env) {
            List<?> hits = tree.query(env);
            return hits.stream().mapToInt(o -> (Integer) o).filter(i -> i >= 0).sorted().toArray();
        }

        public Feature feature(int i) {
            return source.get(i);
        }

        public Geometry geometry(int i) {
            return geometries[i];
        }
    }
}
