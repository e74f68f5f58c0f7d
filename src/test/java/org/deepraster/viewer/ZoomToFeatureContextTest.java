package org.deepraster.viewer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;

/** Zoom to feature keeps context: never closer than 1:500, 3 times the feature's size for big ones. */
class ZoomToFeatureContextTest {
    private final MapViewport now = new MapViewport(500_000, 4_100_000, 2, 1000, 800);

    @Test
    void aSmallTreeIsShownAtOneToFiveHundredNotOneToFortyFour() {
        Envelope tree = new Envelope(500_000, 500_003, 4_100_000, 4_100_003);
        Envelope shown = MapServiceImpl.contextAround(tree, now, false);
        MapViewport vp = MapViewport.fit(shown, 1000, 800);
        assertThat(vp.scaleDenominator(false)).isGreaterThanOrEqualTo(MapServiceImpl.MIN_SCALE_DENOMINATOR - 1);
        assertThat(shown.centre().x).isCloseTo(500_001.5, within(1e-6));
        assertThat(shown.contains(tree)).isTrue();
    }

    @Test
    void aBigFeatureGetsThreeTimesItsSize() {
        Envelope field = new Envelope(500_000, 500_300, 4_100_000, 4_100_200);
        Envelope shown = MapServiceImpl.contextAround(field, now, false);
        assertThat(shown.getWidth()).isCloseTo(900, within(1e-6));
    }

    @Test
    void inDegreesTheFloorIsTheSameOnTheGround() {
        Envelope tree = new Envelope(-35.0, -35.00003, -8.0, -8.00003);
        Envelope shown = MapServiceImpl.contextAround(tree, now, true);
        MapViewport vp = new MapViewport(shown.centre().x, shown.centre().y,
                Math.max(shown.getWidth() / 1000, shown.getHeight() / 800), 1000, 800);
        assertThat(vp.scaleDenominator(true)).isCloseTo(MapServiceImpl.MIN_SCALE_DENOMINATOR, within(5.0));
    }
}
