package org.deepraster.inference;

import java.util.ArrayList;
import java.util.List;
import org.deepraster.model.ArgumentSpecs;
import org.deepraster.model.DeepnessInfo;
import org.deepraster.model.ModelDefinition;
import org.deepraster.util.UserException;

/**
 * The per-band linear transform {@code v' = v * scale[c] + offset[c]} a model expects on its input,
 * derived from its definition (first rule that applies):
 * <ol>
 * <li>Deepness metadata: {@code (v / 255 - mean[c]) / std[c]} (standardization_mean/std; 0 and 1 when absent);</li>
 * <li>NormalizationStats with {@code band_min_values}/{@code band_max_values}: {@code (v - min) / (max - min)},
 *     then {@code (x - scaled_mean) / scaled_std} when {@code scaled_mean_values}/{@code scaled_std_values}
 *     are given; per-band lists longer than the channel count are picked by ExtractBands indexes;</li>
 * <li>DataRange {@code [a, b]}: 8-bit input (0..255) rescaled linearly onto [a, b] (an assumption: the
 *     .emd does not say the input range);</li>
 * <li>an .onnx file without metadata: {@code v * input_scale}, 1/255 unless the model argument says
 *     otherwise (Deepness divides every input by 255: {@code models/preprocessing_utils.py}
 *     {@code normalize_values_to_01});</li>
 * <li>otherwise the raw pixel values.</li>
 * </ol>
 * The arcgis.learn default (ImageNet mean/std) is not assumed: an exported ONNX model usually needs its
 * statistics spelled out in NormalizationStats.
 */
public record InputNormalization(String description, float[] scale, float[] offset) {

    public static InputNormalization forDefinition(ModelDefinition d, int channels) {
        return forDefinition(d, channels, null);
    }

    /** The same, with the model argument {@code input_scale} (null = its default) for an .onnx file without metadata. */
    public static InputNormalization forDefinition(ModelDefinition d, int channels, Double inputScale) {
        InputNormalization n = unchecked(d, channels, inputScale);
        for (int c = 0; c < channels; c++) {
            if (!Float.isFinite(n.scale[c]) || n.scale[c] == 0 || !Float.isFinite(n.offset[c])) {
                throw new UserException(d.source().label() + ": its input normalisation (" + n.description()
                        + ") cannot be applied: channel " + c + " would become v * " + n.scale[c] + " + " + n.offset[c]
                        + ", which gives every pixel the same or no value.",
                        "Fix the normalisation in the model definition: std values must be non-zero numbers, min below"
                                + " max, and ranges finite.");
            }
        }
        return n;
    }

    /**
     * What is doubtful in the definition's normalisation, for the run's warnings: NormalizationStats given but not
     * applied (no usable band_min_values and band_max_values), or numbers written as text.
     */
    public static List<String> doubts(ModelDefinition d) {
        List<String> out = new ArrayList<>();
        java.util.Map<String, Object> stats = d.normalizationStats();
        if (d.deepness() != null || ArgumentSpecs.noMetadataOnnx(d)) {
            return out;
        }
        if (stats.isEmpty()) {
            if (d.dataRange() == null && fromArcgisLearn(d)) {
                out.add(d.source().label() + ": an arcgis.learn model (" + (d.modelName() != null ? "ModelName "
                        + d.modelName() : "ModelConfiguration") + ") without NormalizationStats: pixel values go to the"
                        + " model raw, but arcgis.learn trains on normalised values. Add the NormalizationStats of the"
                        + " training run to the .emd.");
            }
            return out;
        }
        for (java.util.Map.Entry<String, Object> e : stats.entrySet()) {
            if (e.getValue() instanceof List<?> l && l.stream().anyMatch(x -> x instanceof String)) {
                out.add(d.source().label() + ": NormalizationStats." + e.getKey() + " holds "
                        + (numbers(l) == null ? "text that is not a number: it is not used." : "numbers written as text: they are read as numbers."));
            }
        }
        if (numbers(stats.get("band_min_values")) == null || numbers(stats.get("band_max_values")) == null) {
            out.add(d.source().label() + ": NormalizationStats has no usable band_min_values and band_max_values (lists of"
                    + " numbers), so it is not applied: " + unchecked(d, 1, null).description() + ".");
        }
        return out;
    }

    /** Whether the definition was written by arcgis.learn (which normalises its training input). */
    static boolean fromArcgisLearn(ModelDefinition d) {
        return d.modelConfiguration() != null || (d.modelName() != null && !d.modelName().isBlank())
                || Boolean.TRUE.equals(d.isMultispectral());
    }

    /**
     * Why the model expects 8-bit input (0..255), or null when its normalisation says nothing of the range:
     * a division by 255 (Deepness, an .onnx file without metadata at input_scale 1/255), DataRange (8-bit
     * rescaled), or NormalizationStats whose band_max_values are all at most 255.
     */
    public static String eightBitReason(ModelDefinition d, Double inputScale) {
        if (ArgumentSpecs.noMetadataOnnx(d)) {
            return inputScale == null || Math.abs(inputScale - ArgumentSpecs.DEFAULT_INPUT_SCALE) < 1e-12
                    ? "an ONNX file without metadata: v * 1/255" : null;
        }
        if (d.deepness() != null) {
            return "Deepness metadata: v / 255";
        }
        List<Double> min = numbers(d.normalizationStats().get("band_min_values"));
        List<Double> max = numbers(d.normalizationStats().get("band_max_values"));
        if (min != null && max != null) {
            return !max.isEmpty() && max.stream().allMatch(v -> v <= 255)
                    ? "NormalizationStats band_max_values " + max : null;
        }
        return d.dataRange() != null ? "DataRange " + d.dataRange() + " of 8-bit input" : null;
    }

    private static InputNormalization unchecked(ModelDefinition d, int channels, Double inputScale) {
        if (ArgumentSpecs.noMetadataOnnx(d)) {
            double k = inputScale != null ? inputScale : ArgumentSpecs.DEFAULT_INPUT_SCALE;
            float[] s = new float[channels];
            java.util.Arrays.fill(s, (float) k);
            String text = Math.abs(k - ArgumentSpecs.DEFAULT_INPUT_SCALE) < 1e-12 ? "1/255" : String.valueOf(k);
            return new InputNormalization("no metadata: v * " + text + (inputScale == null
                    ? " (Deepness' default; model argument input_scale 1 for raw values)" : " (input_scale)"),
                    s, new float[channels]);
        }
        DeepnessInfo x = d.deepness();
        if (x != null) {
            List<Double> mean = x.mean();
            List<Double> std = x.std();
            float[] s = new float[channels];
            float[] o = new float[channels];
            for (int c = 0; c < channels; c++) {
                double m = pick(mean, c, 0.0, "standardization_mean", d);
                double sd = pick(std, c, 1.0, "standardization_std", d);
                s[c] = (float) (1.0 / (255.0 * sd));
                o[c] = (float) (-m / sd);
            }
            return new InputNormalization("Deepness: (v / 255 - mean) / std, mean " + mean + ", std " + std, s, o);
        }
        List<Double> min = numbers(d.normalizationStats().get("band_min_values"));
        List<Double> max = numbers(d.normalizationStats().get("band_max_values"));
        if (min != null && max != null) {
            List<Double> sm = numbers(d.normalizationStats().get("scaled_mean_values"));
            List<Double> ss = numbers(d.normalizationStats().get("scaled_std_values"));
            float[] s = new float[channels];
            float[] o = new float[channels];
            for (int c = 0; c < channels; c++) {
                double lo = band(min, c, d, "band_min_values");
                double hi = band(max, c, d, "band_max_values");
                double range = hi - lo == 0 ? 1 : hi - lo;
                double m = sm == null ? 0 : band(sm, c, d, "scaled_mean_values");
                double sd = ss == null ? 1 : band(ss, c, d, "scaled_std_values");
                s[c] = (float) (1.0 / (range * sd));
                o[c] = (float) ((-lo / range - m) / sd);
            }
            return new InputNormalization("NormalizationStats: (v - band_min) / (band_max - band_min)"
                    + (sm == null ? "" : ", then (x - scaled_mean) / scaled_std"), s, o);
        }
        if (d.dataRange() != null) {
            float[] s = new float[channels];
            float[] o = new float[channels];
            double a = d.dataRange().min();
            double b = d.dataRange().max();
            for (int c = 0; c < channels; c++) {
                s[c] = (float) ((b - a) / 255.0);
                o[c] = (float) a;
            }
            return new InputNormalization("DataRange " + d.dataRange() + ": 8-bit input 0..255 rescaled linearly", s, o);
        }
        float[] s = new float[channels];
        java.util.Arrays.fill(s, 1f);
        return new InputNormalization("none: raw pixel values", s, new float[channels]);
    }

    /** Applies the transform in place to a band-major chip ({@code chip[c * plane + i]}). */
    public void apply(float[] chip, int plane) {
        for (int c = 0; c < scale.length; c++) {
            float s = scale[c];
            float o = offset[c];
            if (s == 1f && o == 0f) {
                continue;
            }
            for (int i = c * plane, end = i + plane; i < end; i++) {
                chip[i] = chip[i] * s + o;
            }
        }
    }

    private static double pick(List<Double> l, int c, double fallback, String key, ModelDefinition d) {
        if (l == null) {
            return fallback;
        }
        if (l.size() == 1) {
            return l.get(0);
        }
        if (c >= l.size()) {
            throw new UserException(d.source().label() + ": metadata key \"" + key + "\": found " + l.size()
                    + " values, expected one per input channel", "Give one value per channel.");
        }
        return l.get(c);
    }

    private static double band(List<Double> l, int c, ModelDefinition d, String key) {
        List<Integer> idx = d.extractBands().indexes();
        // one value per model channel, or one per band of the training data (picked by ExtractBands)
        boolean perChannel = idx.isEmpty() || l.size() == idx.size() || c >= idx.size();
        int i = perChannel ? c : idx.get(c);
        if (i >= l.size()) {
            throw new UserException(d.source().label() + ": key \"NormalizationStats." + key + "\": found " + l.size()
                    + " values, expected one per band (band " + i + " is read)", "Give one value per band of the training data.");
        }
        return l.get(i);
    }

    private static List<Double> numbers(Object o) {
        if (!(o instanceof List<?> l)) {
            return null;
        }
        List<Double> out = new ArrayList<>();
        for (Object x : l) {
            if (x instanceof Number n) {
                out.add(n.doubleValue());
            } else if (x instanceof String t && t.trim().matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?|NaN|[-+]?Infinity")) {
                out.add(Double.parseDouble(t.trim())); // numbers written as text (see ModelSetup's warning)
            } else {
                return null;
            }
        }
        return out;
    }
}
