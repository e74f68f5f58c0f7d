package org.deepraster.viewer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.Rectangle;
import java.awt.geom.Point2D;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;

class MapViewportTest {
    private final MapViewport vp = new MapViewport(1000, 2000, 2, 400, 300);

    @Test
    void screenAndMapRoundTrip() {
        Point2D m = vp.screenToMap(0, 0);
        assertThat(m.getX()).isCloseTo(1000 - 400, within(1e-9));
        assertThat(m.getY()).isCloseTo(2000 + 300, within(1e-9));
        Point2D s = vp.mapToScreen(m.getX(), m.getY());
        assertThat(s.getX()).isCloseTo(0, within(1e-9));
        assertThat(s.getY()).isCloseTo(0, within(1e-9));
        Point2D c = vp.screenToMap(200, 150);
        assertThat(c.getX()).isCloseTo(1000, within(1e-9));
        assertThat(c.getY()).isCloseTo(2000, within(1e-9));
        Point2D viaAffine = vp.mapToScreen().transform(new Point2D.Double(1234, 1987), null);
        Point2D direct = vp.mapToScreen(1234, 1987);
        assertThat(viaAffine.distance(direct)).isLessThan(1e-9);
        Point2D back = vp.screenToMap().transform(viaAffine, null);
        assertThat(back.distance(new Point2D.Double(1234, 1987))).isLessThan(1e-9);
    }

    @Test
    void extentMatchesSizeAndScale() {
        Envelope e = vp.extent();
        assertThat(e.getWidth()).isCloseTo(800, within(1e-9));
        assertThat(e.getHeight()).isCloseTo(600, within(1e-9));
        assertThat(e.centre().x).isCloseTo(1000, within(1e-9));
    }

    @Test
    void panMovesContentWithTheMouse() {
        MapViewport p = vp.panByPixels(10, -5);
        // the map point that was at (100,100) is now at (110,95)
        Point2D m = vp.screenToMap(100, 100);
        Point2D s = p.mapToScreen(m.getX(), m.getY());
        assertThat(s.getX()).isCloseTo(110, within(1e-9));
        assertThat(s.getY()).isCloseTo(95, within(1e-9));
    }

    @Test
    void zoomKeepsThePointUnderTheCursor() {
        Point2D before = vp.screenToMap(37, 250);
        MapViewport z = vp.zoomAt(37, 250, 0.5);
        assertThat(z.scale()).isCloseTo(1, within(1e-12));
        Point2D after = z.screenToMap(37, 250);
        assertThat(after.distance(before)).isLessThan(1e-9);
    }

    @Test
    void fitShowsTheWholeEnvelope() {
        Envelope env = new Envelope(0, 1000, 0, 100);
        MapViewport f = MapViewport.fit(env, 500, 500);
        assertThat(f.extent().contains(env)).isTrue();
        assertThat(f.scale()).isCloseTo(2 * 1.05, within(1e-9));
        assertThat(MapViewport.fit(new Envelope(5, 5, 7, 7), 10, 10).scale()).isPositive();
    }

    @Test
    void zoomBoxAndSubViewport() {
        MapViewport z = vp.zoomToScreenRect(new Rectangle(0, 0, 200, 150));
        assertThat(z.scale()).isCloseTo(1, within(1e-9));
        assertThat(z.extent().getMinX()).isCloseTo(vp.extent().getMinX(), within(1e-9));
        MapViewport sub = vp.subViewport(new Rectangle(100, 50, 20, 10));
        Point2D a = sub.screenToMap(0, 0);
        Point2D b = vp.screenToMap(100, 50);
        assertThat(a.distance(b)).isLessThan(1e-9);
    }

    @Test
    void scaleDenominator() {
        MapViewport oneMetre = new MapViewport(0, 0, 1, 10, 10);
        assertThat(oneMetre.scaleDenominator(false)).isCloseTo(1 / 0.00028, within(1e-6));
        MapViewport degrees = new MapViewport(0, 0, 1e-5, 10, 10);
        assertThat(degrees.scaleDenominator(true)).isCloseTo(1.113194908 / 0.00028, within(0.5));
    }
}
