package org.deepraster.feature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.deepraster.geo.Crs;
import org.deepraster.geo.Reprojector;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.io.WKTReader;

class FeatureIndexTest {
    private static Feature f(long id, String wkt) throws Exception {
        return new Feature(id, new WKTReader().read(wkt), Map.of());
    }

    private final List<Feature> features;

    FeatureIndexTest() throws Exception {
        features = List.of(
                f(1, "POLYGON ((0 0, 100 0, 100 100, 0 100, 0 0))"),
                f(2, "POLYGON ((10 10, 20 10, 20 20, 10 20, 10 10))"),
                f(3, "POINT (50 50)"),
                f(4, "LINESTRING (200 0, 200 100)"),
                f(5, "POLYGON ((300 0, 400 100, 300 100, 300 0))"),
                new Feature(6, null, Map.of()));
    }

    @Test
    void envelopeQueries() {
        FeatureIndex idx = new FeatureIndex(features);
        assertThat(idx.size()).isEqualTo(5);
        assertThat(idx.intersecting(new Envelope(150, 250, 40, 60))).extracting(Feature::id).containsExactly(4L);
        assertThat(idx.intersecting(new Envelope(12, 14, 12, 14))).extracting(Feature::id).containsExactlyInAnyOrder(1L, 2L);
        // inside the envelope of the triangle but outside the triangle itself
        assertThat(idx.query(new Envelope(390, 395, 1, 5))).extracting(Feature::id).containsExactly(5L);
        assertThat(idx.intersecting(new Envelope(390, 395, 1, 5))).isEmpty();
        assertThat(idx.intersecting(new Envelope(1000, 2000, 0, 1))).isEmpty();
    }

    @Test
    void identifyPrefersPointsAndLinesThenSmallestPolygon() {
        FeatureIndex idx = new FeatureIndex(features);
        assertThat(idx.nearest(new Coordinate(51, 50), 2)).map(Feature::id).contains(3L);
        assertThat(idx.nearest(new Coordinate(55, 50), 2)).map(Feature::id).contains(1L);
        assertThat(idx.nearest(new Coordinate(15, 15), 2)).map(Feature::id).contains(2L);
        assertThat(idx.nearest(new Coordinate(201.5, 50), 2)).map(Feature::id).contains(4L);
        assertThat(idx.nearest(new Coordinate(205, 50), 2)).isEmpty();
        assertThat(idx.nearest(new Coordinate(101, 50), 2)).map(Feature::id).contains(1L);
    }

    @Test
    void reprojectCollection() throws Exception {
        FeatureSchema s = new FeatureSchema("p", GeometryKind.POINT, List.of(), Crs.forEpsg(32633));
        FeatureCollection c = new FeatureCollection(s, List.of(f(1, "POINT (500000 0)")), null, List.of());
        FeatureCollection w = Features.reproject(c, Reprojector.wgs84());
        assertThat(w.features().get(0).geometry().getCoordinate().x).isCloseTo(15.0, within(1e-9));
        assertThat(w.features().get(0).geometry().getCoordinate().y).isCloseTo(0.0, within(1e-9));
        assertThat(w.schema().crs()).isSameAs(Reprojector.wgs84());
        assertThat(c.features().get(0).geometry().getCoordinate().x).isEqualTo(500000.0);
        FeatureCollection none = new FeatureCollection(new FeatureSchema("n", GeometryKind.POINT, List.of(), null),
                c.features(), null, List.of());
        FeatureCollection same = Features.reproject(none, Reprojector.wgs84());
        assertThat(same.features()).isEqualTo(none.features());
        assertThat(same.warnings()).hasSize(1);
    }
}
