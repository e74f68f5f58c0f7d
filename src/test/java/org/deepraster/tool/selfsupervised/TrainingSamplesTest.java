package org.deepraster.tool.selfsupervised;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which tiles become training data: sure whole tiles; for a class without any, its most probable ones. */
class TrainingSamplesTest {

    @Test
    void sureWholeTilesAndTheFallbackForAClassFoundOnlyUnsure() {
        // 3 x 2 tiles of 10 px over a 25 x 20 image: the last column reaches past the image (not whole)
        int[] cls = {0, 0, 1, 1, 1, 0};
        float[] conf = {0.99f, 0.7f, 0.99f, 0.6f, 0.8f, 0.99f};
        TileLabels t = new TileLabels(3, 2, 10, 25, 20, cls, conf);
        assertThat(t.whole(2, 0)).isFalse();
        assertThat(TrainingSamples.tilesOf(t, 0, 0.95)).containsExactly(0);
        assertThat(TrainingSamples.tilesOf(t, 1, 0.95)).isEmpty(); // tile 2 is sure but not whole
        // class 1 has no sure whole tile: its whole tiles with probability >= 0.5, most probable first, in raster order
        assertThat(TrainingSamples.fallbackTilesOf(t, 1)).containsExactly(3, 4);
        assertThat(t.sureTilesPerClass(2, 0.95)).containsExactly(1, 0);
        assertThat(t.classAtPixel(24, 19)).isEqualTo(0);
    }
}
