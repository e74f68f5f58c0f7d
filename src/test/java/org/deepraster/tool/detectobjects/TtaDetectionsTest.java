package org.deepraster.tool.detectobjects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.deepraster.inference.Detection;
import org.deepraster.inference.InstanceMask;
import org.deepraster.tiling.TtaView;
import org.junit.jupiter.api.Test;

class TtaDetectionsTest {
    static final int CHIP = 64;

    /** The box an object at (x0, y0)-(x1, y1) of the chip has in the view (independent of pointBack: by pixel index). */
    static Detection inView(TtaView v, int x0, int y0, int x1, int y1, float score) {
        int minU = Integer.MAX_VALUE, minV = Integer.MAX_VALUE, maxU = -1, maxV = -1;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                int i = v.index(x, y, CHIP, CHIP);
                minU = Math.min(minU, i % CHIP);
                maxU = Math.max(maxU, i % CHIP);
                minV = Math.min(minV, i / CHIP);
                maxV = Math.max(maxV, i / CHIP);
            }
        }
        return new Detection(minU, minV, maxU + 1, maxV + 1, 0, score);
    }

    @Test
    void aBoxFoundInAnyViewComesBackWhereTheObjectIs() {
        for (TtaView v : TtaView.values()) {
            Detection back = TtaDetections.back(inView(v, 5, 9, 20, 13, 0.8f), v, CHIP, CHIP);
            assertThat(new float[] {back.x0(), back.y0(), back.x1(), back.y1()}).as(v.name())
                    .containsExactly(5, 9, 20, 13);
            assertThat(back.score()).isEqualTo(0.8f);
        }
    }

    @Test
    void aMaskFoundInAViewComesBackPixelForPixel() {
        // an L: pixels (10..14, 20) and (10, 20..26)
        boolean[][] chip = new boolean[CHIP][CHIP];
        for (int x = 10; x < 15; x++) {
            chip[20][x] = true;
        }
        for (int y = 20; y < 27; y++) {
            chip[y][10] = true;
        }
        for (TtaView v : TtaView.values()) {
            boolean[] viewBits = new boolean[CHIP * CHIP];
            for (int y = 0; y < CHIP; y++) {
                for (int x = 0; x < CHIP; x++) {
                    if (chip[y][x]) {
                        viewBits[v.index(x, y, CHIP, CHIP)] = true;
                    }
                }
            }
            InstanceMask m = new InstanceMask(0, 0, CHIP, CHIP, viewBits);
            InstanceMask back = TtaDetections.maskBack(m, v, CHIP, CHIP);
            for (int y = 0; y < CHIP; y++) {
                for (int x = 0; x < CHIP; x++) {
                    assertThat(back.on(x, y)).as(v + " " + x + "," + y).isEqualTo(chip[y][x]);
                }
            }
        }
    }

    @Test
    void orientedCornersAreMappedAndTheAngleFollows() {
        Detection d = Detection.rotated(30, 20, 20, 6, 0.3, 0, 0.9f);
        Detection flipped = TtaDetections.back(d, TtaView.FLIP_X, CHIP, CHIP);
        assertThat(flipped.corners()[0]).isCloseTo(CHIP - d.corners()[0], within(1e-9));
        assertThat(flipped.corners()[1]).isCloseTo(d.corners()[1], within(1e-9));
        // a mirror image turns the angle to pi - angle (the same axis as -angle)
        assertThat(Math.cos(2 * flipped.angle())).isCloseTo(Math.cos(2 * -0.3), within(1e-9));
        assertThat(Math.sin(2 * flipped.angle())).isCloseTo(Math.sin(2 * -0.3), within(1e-9));
    }

    @Test
    void weightedBoxesFusionAveragesByConfidenceAndScalesByTheViewsThatSawIt() {
        List<List<Detection>> views = new ArrayList<>();
        for (int v = 0; v < 4; v++) {
            views.add(new ArrayList<>());
        }
        // one object seen by 3 of 4 views, a bit shifted
        views.get(0).add(new Detection(10, 10, 20, 20, 0, 0.9f));
        views.get(1).add(new Detection(11, 10, 21, 20, 0, 0.6f));
        views.get(2).add(new Detection(10, 11, 20, 21, 0, 0.9f));
        // another class at the same place: not fused with it
        views.get(3).add(new Detection(10, 10, 20, 20, 1, 0.8f));
        // a second object seen by one view only
        views.get(1).add(new Detection(40, 40, 50, 50, 0, 0.7f));
        List<Detection> fused = TtaDetections.fuse(views, TtaDetections.IOU, 0.1f);
        assertThat(fused).hasSize(3);
        Detection a = fused.get(0);
        assertThat(a.classIndex()).isEqualTo(0);
        double w = 0.9 + 0.6 + 0.9;
        assertThat((double) a.x0()).isCloseTo((0.9 * 10 + 0.6 * 11 + 0.9 * 10) / w, within(1e-5));
        assertThat((double) a.y0()).isCloseTo((0.9 * 10 + 0.6 * 10 + 0.9 * 11) / w, within(1e-5));
        assertThat((double) a.x1()).isCloseTo((0.9 * 20 + 0.6 * 21 + 0.9 * 20) / w, within(1e-5));
        assertThat((double) a.score()).isCloseTo(w / 3 * 3 / 4, within(1e-6));
        Detection other = fused.stream().filter(d -> d.classIndex() == 1).findFirst().orElseThrow();
        assertThat((double) other.score()).isCloseTo(0.8 / 4, within(1e-6));
        Detection lone = fused.stream().filter(d -> d.x0() == 40).findFirst().orElseThrow();
        assertThat((double) lone.score()).isCloseTo(0.7 / 4, within(1e-6));
        // the run's threshold applies to the fused confidence
        assertThat(TtaDetections.fuse(views, TtaDetections.IOU, 0.5f)).hasSize(1);
    }

    @Test
    void aViewGivesAFusedBoxOneMemberAndBoxesBelowTheIouStayApart() {
        List<List<Detection>> views = List.of(
                List.of(new Detection(0, 0, 10, 10, 0, 0.9f), new Detection(1, 0, 11, 10, 0, 0.8f)),
                List.of(new Detection(0, 0, 10, 10, 0, 0.9f), new Detection(6, 0, 16, 10, 0, 0.9f)));
        List<Detection> fused = TtaDetections.fuse(views, TtaDetections.IOU, 0f);
        // view 0's two boxes cannot both join the first fused box; the box at x 6 overlaps by IoU 0.25 only
        assertThat(fused).hasSize(3);
    }

    @Test
    void oneViewIsReturnedAsItIs() {
        List<Detection> only = List.of(new Detection(0, 0, 10, 10, 0, 0.3f), new Detection(1, 0, 11, 10, 0, 0.8f));
        assertThat(TtaDetections.fuse(List.of(only), TtaDetections.IOU, 0.5f)).isSameAs(only);
    }

    @Test
    void masksAreFusedByAPerPixelVote() {
        // three views: pixel columns 0-3 in all, column 4 in two, column 5 in one
        List<List<Detection>> views = new ArrayList<>();
        int[] widths = {6, 5, 4};
        for (int v = 0; v < 3; v++) {
            boolean[] bits = new boolean[widths[v] * 4];
            java.util.Arrays.fill(bits, true);
            InstanceMask m = new InstanceMask(10, 10, widths[v], 4, bits);
            views.add(List.of(new Detection(10, 10, 16, 14, 0, 0.9f).withMask(m)));
        }
        Detection d = TtaDetections.fuse(views, TtaDetections.IOU, 0f).get(0);
        InstanceMask m = d.mask();
        assertThat(m.x0()).isEqualTo(10);
        assertThat(m.width()).isEqualTo(5); // at least half of 3 = 2 votes: columns 10..14
        assertThat(m.count()).isEqualTo(20);
    }
}
