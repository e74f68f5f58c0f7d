package org.deepraster.tiling;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deepraster.inference.InferenceOutputs;
import org.deepraster.inference.OutputTensor;
import org.deepraster.inference.PixelDecoder;

/**
 * Merges the views' pixel outputs of one batch of tiles (inference thread; one per batch): each view's output is
 * turned back ({@link TtaView#inverse}), made a probability where the output holds scores, and folded into the
 * tile's accumulator by the merge policy; {@link #result} gives one output per tile, in the tensors' own layout, so
 * decoders and assemblers read it as a model output. Memory: one accumulator per tile and output (the size of the
 * model's output for the tiles), plus every view's labels for integer outputs.
 */
final class ViewMerger {
    private final TestTimeAugmentation tta;
    private final int tiles;
    private final Map<String, float[]> sums = new LinkedHashMap<>();
    private final Map<String, long[]> votes = new LinkedHashMap<>();
    private final Map<String, long[]> shapes = new LinkedHashMap<>();
    private float[] scratch;

    ViewMerger(TestTimeAugmentation tta, int tiles) {
        this.tta = tta;
        this.tiles = tiles;
    }

    /** The outputs of one model run whose item {@code j} is view {@code (first + j) % V} of tile {@code (first + j) / V}. */
    void add(InferenceOutputs outs, int first) {
        int views = tta.viewCount();
        for (Map.Entry<String, TestTimeAugmentation.Merge> e : tta.merges().entrySet()) {
            OutputTensor t = outs.get(e.getKey());
            int h = t.dim(-2);
            int w = t.dim(-1);
            int plane = w * h;
            int item = 1;
            for (int i = 1; i < t.rank(); i++) {
                item *= t.dim(i);
            }
            int c = item / plane;
            final int size = item;
            long[] shape = t.shape().clone();
            shape[0] = tiles;
            shapes.putIfAbsent(e.getKey(), shape);
            for (int j = 0; j < outs.count(); j++) {
                int k = first + j;
                int tile = k / views;
                int vi = k % views;
                TtaView view = tta.views().get(vi);
                // the view's output is h x w when the view swaps the axes (square outputs only: checked in the plan)
                if (t.floats() == null || e.getValue() == TestTimeAugmentation.Merge.LABEL_VOTE) {
                    long[] all = votes.computeIfAbsent(e.getKey(), x -> new long[tiles * views * size]);
                    long[] src = t.longs() != null ? t.longs() : toLongs(t, j * item, item);
                    int off = t.longs() != null ? j * item : 0;
                    long[] back = new long[item];
                    view.inverse(src, off, back, c, w, h);
                    System.arraycopy(back, 0, all, (tile * views + vi) * item, item);
                    continue;
                }
                if (scratch == null || scratch.length < item) {
                    scratch = new float[item];
                }
                view.inverse(t.floats(), j * item, scratch, c, w, h);
                TestTimeAugmentation.Merge m = e.getValue();
                if (m == TestTimeAugmentation.Merge.CLASS_PROBABILITIES || m == TestTimeAugmentation.Merge.FOREGROUND_PROBABILITY) {
                    int ch = m == TestTimeAugmentation.Merge.FOREGROUND_PROBABILITY ? 1 : c;
                    if (!PixelDecoder.holdsProbabilities(scratch, plane, ch)) {
                        for (int i = 0; i < plane; i++) {
                            PixelDecoder.toProbabilities(scratch, plane, ch, i);
                        }
                    }
                }
                float[] acc = sums.computeIfAbsent(e.getKey(), x -> {
                    float[] a = new float[tiles * size];
                    java.util.Arrays.fill(a, tta.policy().start());
                    return a;
                });
                TestTimeAugmentation.MergePolicy p = tta.policy();
                for (int i = 0, a = tile * item; i < item; i++, a++) {
                    acc[a] = p.add(acc[a], scratch[i]);
                }
            }
        }
    }

    private static long[] toLongs(OutputTensor t, int from, int n) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = Math.round(t.at(from + i));
        }
        return out;
    }

    /** One output per tile: the merged probabilities or values, or the labels voted. */
    InferenceOutputs result(int chipHeight, int chipWidth) {
        int views = tta.viewCount();
        List<OutputTensor> out = new java.util.ArrayList<>();
        for (Map.Entry<String, TestTimeAugmentation.Merge> e : tta.merges().entrySet()) {
            String name = e.getKey();
            long[] shape = shapes.get(name);
            int h = (int) shape[shape.length - 2];
            int w = (int) shape[shape.length - 1];
            int plane = w * h;
            float[] acc = sums.get(name);
            if (acc != null) {
                int item = acc.length / tiles;
                int c = item / plane;
                if (tta.policy() == TestTimeAugmentation.MergePolicy.MEAN) {
                    for (int i = 0; i < acc.length; i++) {
                        acc[i] /= views;
                    }
                } else if (e.getValue() == TestTimeAugmentation.Merge.CLASS_PROBABILITIES && c > 1) {
                    for (int n = 0; n < tiles; n++) { // max / min of probabilities: a distribution again
                        for (int i = 0; i < plane; i++) {
                            double s = 0;
                            for (int k = 0, j = n * item + i; k < c; k++, j += plane) {
                                s += acc[j];
                            }
                            if (s > 0) {
                                for (int k = 0, j = n * item + i; k < c; k++, j += plane) {
                                    acc[j] = (float) (acc[j] / s);
                                }
                            }
                        }
                    }
                }
                out.add(OutputTensor.ofFloats(name, acc, shape));
            } else {
                long[] all = votes.get(name);
                int item = all.length / (tiles * views);
                long[] voted = new long[tiles * item];
                for (int n = 0; n < tiles; n++) {
                    for (int i = 0; i < item; i++) {
                        voted[n * item + i] = mode(all, (n * views) * item + i, item, views);
                    }
                }
                out.add(OutputTensor.ofLongs(name, voted, shape));
            }
        }
        return InferenceOutputs.of(tiles, chipHeight, chipWidth, out.toArray(OutputTensor[]::new));
    }

    /** The most frequent of {@code n} values at {@code from}, {@code from + stride}, …; ties: the first met. */
    static long mode(long[] a, int from, int stride, int n) {
        long best = a[from];
        int bestCount = 0;
        for (int i = 0; i < n; i++) {
            long v = a[from + i * stride];
            int count = 0;
            for (int j = 0; j < n; j++) {
                if (a[from + j * stride] == v) {
                    count++;
                }
            }
            if (count > bestCount) {
                best = v;
                bestCount = count;
            }
        }
        return best;
    }
}
