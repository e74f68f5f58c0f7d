package org.deepraster.tool.detectobjects;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.List;
import org.deepraster.tiling.RasterRegion;
import org.deepraster.tiling.Tile;
import org.deepraster.tiling.TileGrid;
import org.junit.jupiter.api.Test;

/** The merger on hand-made fragments: one tile's view never chains two instances another tile saw apart. */
class InstanceMergerTest {
    // 64 x 32 px, 32 px chips with 8 px padding: cores of 16, tile 0's window x -8..24, tile 1's x 8..40
    static final TileGrid GRID = TileGrid.cores(new RasterRegion(new Rectangle(0, 0, 64, 32), null, null), 32, 32, 8,
            8, 0, 0);
    static final List<Tile> TILES = GRID.layOut().tiles();

    static InstanceFragment rect(int tile, float score, int x0, int y0, int x1, int y1) {
        boolean[] bits = new boolean[(x1 - x0) * (y1 - y0)];
        java.util.Arrays.fill(bits, true);
        return new InstanceFragment(0, tile, 0, score, x0, y0, x1 - x0, y1 - y0, bits);
    }

    static List<Det> run(List<List<InstanceFragment>> perTile) {
        InstanceMerger m = new InstanceMerger(GRID, TILES, List.of(), null);
        for (List<InstanceFragment> fs : perTile) {
            m.add(fs);
        }
        return m.release(true, i -> false, new ArrayList<>());
    }

    @Test
    void aTileThatSawTwoTouchingBuildingsAsOneDoesNotJoinWhatItsNeighbourSawApart() {
        // A = x 10..15, B = x 15..21 (touching), y 4..10; tile 0 saw one mask over both, tile 1 saw two
        List<Det> got = run(List.of(List.of(rect(0, 0.6f, 10, 4, 21, 10)),
                List.of(rect(1, 0.9f, 10, 4, 15, 10), rect(1, 0.9f, 15, 4, 21, 10))));
        assertThat(got).hasSize(2);
        double total = got.stream().mapToDouble(d -> d.shape().getArea()).sum();
        assertThat(total).isEqualTo(11 * 6); // no pixel given twice
        assertThat(got.get(0).shape().intersection(got.get(1).shape()).getArea()).isZero();
    }

    @Test
    void aBuildingSeenWholeByOneTileIsThatTilesMask() {
        // x 12..20 lies whole in both windows; tile 1 (padding side) saw it one pixel narrower: tile 0's larger
        // uncut mask is the instance, not a seam of the two
        List<Det> got = run(List.of(List.of(rect(0, 0.8f, 12, 4, 20, 10)), List.of(rect(1, 0.7f, 13, 4, 20, 10))));
        assertThat(got).hasSize(1);
        assertThat(got.get(0).shape().getArea()).isEqualTo(8 * 6);
        assertThat(got.get(0).score()).isEqualTo(0.8f);
    }

    @Test
    void theSameBuildingTwiceInOneTileComesOutOnce() {
        // the model gave one building twice (whole and a part): the part lies in the whole and goes
        List<Det> got = run(List.of(List.of(rect(0, 0.9f, 2, 4, 12, 12), rect(0, 0.5f, 2, 4, 8, 12)), List.of()));
        assertThat(got).hasSize(1);
        assertThat(got.get(0).shape().getArea()).isEqualTo(10 * 8);
    }
}
