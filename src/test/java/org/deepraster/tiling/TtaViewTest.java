package org.deepraster.tiling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TtaViewTest {

    /** A 3 x 2 image (w 3, h 2) written out by hand for each view. */
    @Test
    void viewsOfASmallImageAreTheFlipsAndRotationsDrawnByHand() {
        // a b c
        // d e f
        float[] img = {1, 2, 3, 4, 5, 6};
        assertThat(view(TtaView.IDENTITY, img, 3, 2)).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(view(TtaView.FLIP_X, img, 3, 2)).containsExactly(3, 2, 1, 6, 5, 4);
        assertThat(view(TtaView.FLIP_Y, img, 3, 2)).containsExactly(4, 5, 6, 1, 2, 3);
        assertThat(view(TtaView.ROT180, img, 3, 2)).containsExactly(6, 5, 4, 3, 2, 1);
        // clockwise: d a / e b / f c (2 wide, 3 high)
        assertThat(view(TtaView.ROT90, img, 3, 2)).containsExactly(4, 1, 5, 2, 6, 3);
        // anticlockwise: c f / b e / a d
        assertThat(view(TtaView.ROT270, img, 3, 2)).containsExactly(3, 6, 2, 5, 1, 4);
        assertThat(view(TtaView.TRANSPOSE, img, 3, 2)).containsExactly(1, 4, 2, 5, 3, 6);
        assertThat(view(TtaView.ANTI_TRANSPOSE, img, 3, 2)).containsExactly(6, 3, 5, 2, 4, 1);
    }

    private static float[] view(TtaView v, float[] img, int w, int h) {
        float[] out = new float[img.length];
        v.forward(img, out, 1, w, h);
        return out;
    }

    @Test
    void inverseUndoesForwardExactlyForEveryViewAndSeveralPlanes() {
        Random r = new Random(7);
        for (int[] size : new int[][] {{5, 5}, {7, 4}, {1, 9}, {16, 16}}) {
            int w = size[0];
            int h = size[1];
            for (TtaView v : TtaView.all(w == h)) {
                float[] img = new float[3 * w * h];
                for (int i = 0; i < img.length; i++) {
                    img[i] = r.nextFloat();
                }
                float[] fwd = new float[img.length];
                v.forward(img, fwd, 3, w, h);
                float[] back = new float[img.length];
                v.inverse(fwd, 0, back, 3, w, h);
                assertThat(back).as(v + " " + w + "x" + h).containsExactly(img);
                // the inverse view is the view's inverse
                float[] again = new float[img.length];
                v.inverseView().forward(fwd, again, 3, v.swapsAxes() ? h : w, v.swapsAxes() ? w : h);
                assertThat(again).as(v + " inverse view").containsExactly(img);
            }
        }
    }

    @Test
    void pointBackAgreesWithThePixelMapping() {
        int w = 6;
        int h = 6;
        for (TtaView v : TtaView.values()) {
            int vw = v.swapsAxes() ? h : w;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int i = v.index(x, y, w, h);
                    double[] p = v.pointBack(i % vw + 0.5, i / vw + 0.5, w, h); // the view pixel's centre
                    assertThat(p).as(v + " " + x + "," + y).containsExactly(x + 0.5, y + 0.5);
                }
            }
        }
    }

    @Test
    void squareChipsGetEightViewsOthersFour() {
        assertThat(TtaView.all(true)).hasSize(8).startsWith(TtaView.IDENTITY).doesNotHaveDuplicates();
        assertThat(TtaView.all(false)).containsExactly(TtaView.IDENTITY, TtaView.FLIP_X, TtaView.FLIP_Y, TtaView.ROT180);
        assertThat(TtaView.all(false)).noneMatch(TtaView::swapsAxes);
    }
}
