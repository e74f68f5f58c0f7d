package org.deepraster.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.FloatBuffer;
import org.deepraster.model.ModelFormat;
import org.junit.jupiter.api.Test;

class BatchBufferTest {
    @Test
    void nchwAndNhwcLayouts() {
        float[] chip = new float[2 * 2 * 3]; // C=2, H=2, W=3
        for (int i = 0; i < chip.length; i++) {
            chip[i] = i;
        }
        BatchBuffer nchw = new BatchBuffer(ModelFormat.NCHW, 2, 2, 2, 3);
        nchw.put(1, chip);
        FloatBuffer v = nchw.view(2);
        assertThat(v.get(12)).isEqualTo(0f);
        assertThat(v.get(23)).isEqualTo(11f);
        assertThat(v.get(0)).as("slot 0 zero").isEqualTo(0f);
        assertThat(nchw.shape(2)).containsExactly(2, 2, 2, 3);

        BatchBuffer nhwc = new BatchBuffer(ModelFormat.NHWC, 1, 2, 2, 3);
        nhwc.put(0, new float[][] {{0, 1, 2, 3, 4, 5}, {6, 7, 8, 9, 10, 11}});
        FloatBuffer w = nhwc.view(1);
        float[] got = new float[12];
        w.get(got);
        assertThat(got).containsExactly(0, 6, 1, 7, 2, 8, 3, 9, 4, 10, 5, 11);
        assertThat(nhwc.shape(1)).containsExactly(1, 2, 3, 2);
    }

    @Test
    void wrongSizesAreRejected() {
        BatchBuffer b = new BatchBuffer(ModelFormat.NCHW, 1, 3, 4, 4);
        assertThatThrownBy(() -> b.put(0, new float[10])).hasMessageContaining("expected 48");
        assertThatThrownBy(() -> b.put(1, new float[48])).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
