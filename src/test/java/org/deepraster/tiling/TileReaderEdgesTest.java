package org.deepraster.tiling;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Past the raster's edge a mirrored chip repeats the edge pixel, then the pixels inside, as numpy's "symmetric". */
class TileReaderEdgesTest {
    @Test
    void symmetricIndices() {
        int[] got = new int[11];
        for (int i = -4; i < 7; i++) {
            got[i + 4] = TileReader.symmetric(i, 3);
        }
        // numpy.pad([0, 1, 2], 4, mode="symmetric") -> 2 2 1 0 | 0 1 2 | 2 1 0 0
        assertThat(got).containsExactly(2, 2, 1, 0, 0, 1, 2, 2, 1, 0, 0);
        assertThat(TileReader.symmetric(0, 1)).isZero();
        assertThat(TileReader.symmetric(-7, 1)).isZero();
    }
}
