package org.deepraster.tiling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.Rectangle;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deepraster.inference.InferenceOutputs;
import org.deepraster.inference.ModelSession;
import org.deepraster.inference.OutputTensor;
import org.deepraster.job.Prepared;
import org.deepraster.model.ModelFormat;
import org.deepraster.model.ModelSignature;
import org.deepraster.model.TensorSpec;
import org.junit.jupiter.api.Test;

/**
 * Test-time augmentation in the batch runner with a model that is not flip-invariant: its outputs depend on where a
 * pixel is in the chip, so a view turned back wrongly gives other numbers.
 */
class BatchRunnerTtaTest {
    static final int W = 6;
    static final int H = 6;

    /**
     * Outputs per chip (NCHW input, 2 bands): "ramp" [N, 1, H, W] = u + 10 v (the pixel's position in the chip it was
     * given); "echo" [N, 1, H, W] = band 0 (pointwise: equivariant); "scores" [N, 3, H, W] logits = band 0, u / W,
     * band 1 of the left neighbour (0 at the edge); "labels" [N, H, W] = 1 left of the middle, else 2.
     */
    static final class PositionModel implements ModelSession {
        final List<long[]> runs = new ArrayList<>();

        @Override
        public Path modelFile() {
            return Path.of("position.onnx").toAbsolutePath();
        }

        @Override
        public ModelSignature signature() {
            return new ModelSignature(List.of(TensorSpec.of("x", "FLOAT", -1, 2, H, W)),
                    List.of(TensorSpec.of("ramp", "FLOAT", -1, 1, H, W)), Map.of(), "test", "fake");
        }

        @Override
        public String executionProvider() {
            return "FAKE";
        }

        @Override
        public List<String> warnings() {
            return List.of();
        }

        @Override
        public InferenceOutputs run(FloatBuffer data, long[] shape, ModelFormat layout) {
            runs.add(shape.clone());
            int n = (int) shape[0];
            int h = (int) shape[2];
            int w = (int) shape[3];
            int plane = w * h;
            float[] ramp = new float[n * plane];
            float[] echo = new float[n * plane];
            float[] scores = new float[n * 3 * plane];
            long[] labels = new long[n * plane];
            for (int k = 0; k < n; k++) {
                int in = k * 2 * plane;
                for (int v = 0; v < h; v++) {
                    for (int u = 0; u < w; u++) {
                        int i = v * w + u;
                        ramp[k * plane + i] = u + 10 * v;
                        echo[k * plane + i] = data.get(in + i);
                        scores[k * 3 * plane + i] = data.get(in + i);
                        scores[k * 3 * plane + plane + i] = (float) u / w;
                        scores[k * 3 * plane + 2 * plane + i] = u == 0 ? 0 : data.get(in + plane + i - 1);
                        labels[k * plane + i] = u < w / 2 ? 1 : 2;
                    }
                }
            }
            return InferenceOutputs.of(n, h, w, OutputTensor.ofFloats("ramp", ramp, n, 1, h, w),
                    OutputTensor.ofFloats("echo", echo, n, 1, h, w), OutputTensor.ofFloats("scores", scores, n, 3, h, w),
                    OutputTensor.ofLongs("labels", labels, n, h, w));
        }

        @Override
        public void close() {
        }
    }

    /** (u, v) of chip pixel (x, y) in each view, written out again (not through TtaView). */
    static int[] inView(TtaView view, int x, int y) {
        return switch (view) {
            case IDENTITY -> new int[] {x, y};
            case FLIP_X -> new int[] {W - 1 - x, y};
            case FLIP_Y -> new int[] {x, H - 1 - y};
            case ROT180 -> new int[] {W - 1 - x, H - 1 - y};
            case ROT90 -> new int[] {H - 1 - y, x};
            case ROT270 -> new int[] {y, W - 1 - x};
            case TRANSPOSE -> new int[] {y, x};
            case ANTI_TRANSPOSE -> new int[] {H - 1 - y, W - 1 - x};
        };
    }

    static List<Prepared.Ready<Tile, Chip>> batch(int tiles, long seed) {
        Random r = new Random(seed);
        List<Prepared.Ready<Tile, Chip>> b = new ArrayList<>();
        for (int t = 0; t < tiles; t++) {
            float[] data = new float[2 * W * H];
            for (int i = 0; i < data.length; i++) {
                data[i] = r.nextFloat() * 4 - 2;
            }
            Rectangle win = new Rectangle(t * W, 0, W, H);
            b.add(new Prepared.Ready<>(new Tile(t, t, 0, win, win, win), new Chip(data, null)));
        }
        return b;
    }

    static TestTimeAugmentation tta(List<TtaView> views, TestTimeAugmentation.MergePolicy policy) {
        return new TestTimeAugmentation(views, policy, Map.of("ramp", TestTimeAugmentation.Merge.VALUES,
                "echo", TestTimeAugmentation.Merge.VALUES, "scores", TestTimeAugmentation.Merge.CLASS_PROBABILITIES,
                "labels", TestTimeAugmentation.Merge.LABEL_VOTE));
    }

    @Test
    void positionDependentOutputsAreTurnedBackAndMergedByEachPolicy() {
        List<Prepared.Ready<Tile, Chip>> batch = batch(3, 1);
        for (TestTimeAugmentation.MergePolicy policy : TestTimeAugmentation.MergePolicy.values()) {
            PositionModel m = new PositionModel();
            InferenceOutputs out = new BatchRunner(ModelFormat.NCHW, m, 5, 2, W, H, tta(TtaView.all(true), policy)).run(batch);
            assertThat(out.count()).isEqualTo(3);
            OutputTensor ramp = out.get("ramp");
            assertThat(ramp.shape()).containsExactly(3, 1, H, W);
            for (int t = 0; t < 3; t++) {
                for (int y = 0; y < H; y++) {
                    for (int x = 0; x < W; x++) {
                        double sum = 0;
                        double max = Double.NEGATIVE_INFINITY;
                        double min = Double.POSITIVE_INFINITY;
                        for (TtaView v : TtaView.values()) {
                            int[] uv = inView(v, x, y);
                            double value = uv[0] + 10 * uv[1];
                            sum += value;
                            max = Math.max(max, value);
                            min = Math.min(min, value);
                        }
                        double expected = switch (policy) {
                            case MEAN -> sum / 8;
                            case MAX -> max;
                            case MIN -> min;
                        };
                        assertThat((double) ramp.floats()[t * W * H + y * W + x]).as(policy + " " + x + "," + y)
                                .isCloseTo(expected, within(1e-5));
                        // a pointwise model gives its input back under every view and policy (the mean: to rounding)
                        assertThat(out.get("echo").floats()[t * W * H + y * W + x])
                                .isCloseTo(batch.get(t).input().data()[y * W + x],
                                        within(policy == TestTimeAugmentation.MergePolicy.MEAN ? 1e-6f : 0f));
                    }
                }
            }
            // 3 tiles x 8 views in runs of at most 5 chips: batch_size counts views
            assertThat(m.runs).extracting(s -> s[0]).containsExactly(5L, 5L, 5L, 5L, 4L);
        }
    }

    @Test
    void classScoresAreMergedAsProbabilities() {
        List<Prepared.Ready<Tile, Chip>> batch = batch(2, 2);
        for (TestTimeAugmentation.MergePolicy policy : TestTimeAugmentation.MergePolicy.values()) {
            OutputTensor s = new BatchRunner(ModelFormat.NCHW, new PositionModel(), 8, 2, W, H,
                    tta(TtaView.all(true), policy)).run(batch).get("scores");
            int plane = W * H;
            for (int t = 0; t < 2; t++) {
                float[] in = batch.get(t).input().data();
                for (int y = 0; y < H; y++) {
                    for (int x = 0; x < W; x++) {
                        double[] acc = new double[3];
                        java.util.Arrays.fill(acc, policy == TestTimeAugmentation.MergePolicy.MIN ? Double.POSITIVE_INFINITY
                                : policy == TestTimeAugmentation.MergePolicy.MAX ? Double.NEGATIVE_INFINITY : 0);
                        for (TtaView v : TtaView.values()) {
                            int[] uv = inView(v, x, y);
                            // the left neighbour in the view is a different chip pixel in each view
                            double[] logits = {in[y * W + x], (double) uv[0] / W, leftInView(v, in, uv)};
                            double[] p = softmax(logits);
                            for (int k = 0; k < 3; k++) {
                                acc[k] = switch (policy) {
                                    case MEAN -> acc[k] + p[k] / 8;
                                    case MAX -> Math.max(acc[k], p[k]);
                                    case MIN -> Math.min(acc[k], p[k]);
                                };
                            }
                        }
                        double sum = acc[0] + acc[1] + acc[2];
                        for (int k = 0; k < 3; k++) {
                            assertThat((double) s.floats()[t * 3 * plane + k * plane + y * W + x])
                                    .as(policy + " class " + k).isCloseTo(acc[k] / sum, within(1e-5));
                        }
                    }
                }
            }
        }
    }

    /** Band 1 of the pixel left of view pixel (u, v) in the view, as a chip pixel: 0 at the view's left edge. */
    private static double leftInView(TtaView view, float[] chip, int[] uv) {
        if (uv[0] == 0) {
            return 0;
        }
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int[] o = inView(view, x, y);
                if (o[0] == uv[0] - 1 && o[1] == uv[1]) {
                    return chip[W * H + y * W + x];
                }
            }
        }
        throw new AssertionError();
    }

    private static double[] softmax(double[] z) {
        double m = Math.max(z[0], Math.max(z[1], z[2]));
        double s = 0;
        double[] p = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            p[i] = Math.exp(z[i] - m);
            s += p[i];
        }
        for (int i = 0; i < z.length; i++) {
            p[i] /= s;
        }
        return p;
    }

    @Test
    void labelsAreVoted() {
        OutputTensor l = new BatchRunner(ModelFormat.NCHW, new PositionModel(), 4, 2, W, H,
                tta(TtaView.all(true), TestTimeAugmentation.MergePolicy.MEAN)).run(batch(1, 3)).get("labels");
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int ones = 0;
                for (TtaView v : TtaView.values()) {
                    ones += inView(v, x, y)[0] < W / 2 ? 1 : 0;
                }
                long expected = ones > 4 ? 1 : ones < 4 ? 2 : (x < W / 2 ? 1 : 2); // a tie: the identity's
                assertThat(l.longs()[y * W + x]).as(x + "," + y).isEqualTo(expected);
            }
        }
    }

    @Test
    void identityOnlyIsTheModelsOwnOutput() {
        List<Prepared.Ready<Tile, Chip>> batch = batch(3, 4);
        InferenceOutputs plain = new BatchRunner(ModelFormat.NCHW, new PositionModel(), 3, 2, W, H).run(batch);
        InferenceOutputs one = new BatchRunner(ModelFormat.NCHW, new PositionModel(), 3, 2, W, H,
                tta(List.of(TtaView.IDENTITY), TestTimeAugmentation.MergePolicy.MEAN)).run(batch);
        assertThat(one.get("ramp").floats()).containsExactly(plain.get("ramp").floats());
        assertThat(one.get("echo").floats()).containsExactly(plain.get("echo").floats());
        assertThat(one.get("labels").longs()).containsExactly(plain.get("labels").longs());
    }

    @Test
    void nonSquareChipsGetTheFourFlipsOnly() {
        TestTimeAugmentation t = TestTimeAugmentation.of(8, 6, TestTimeAugmentation.MergePolicy.MEAN, Map.of());
        assertThat(t.viewCount()).isEqualTo(4);
        assertThat(t.tilesPerBatch(8)).isEqualTo(2);
        assertThat(t.tilesPerBatch(3)).isEqualTo(1);
        assertThat(TestTimeAugmentation.of(8, 8, TestTimeAugmentation.MergePolicy.MEAN, Map.of()).tilesPerBatch(16))
                .isEqualTo(2);
    }
}
