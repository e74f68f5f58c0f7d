package org.deepraster.tool.classifypixels;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.deepraster.inference.PixelDecoder;
import org.deepraster.model.ClassInfo;
import org.deepraster.raster.ClassTable;
import org.deepraster.raster.SampleType;
import org.deepraster.util.UserException;
import org.deepraster.vector.PolygonizeOptions;

/**
 * The classes of Classify Pixels' output: class index (output channel, sigmoid 0/1, or label) to
 * value and name, the classes never chosen (the background with predict_background False), the
 * output's sample type, NoData value and palette. Immutable after planning.
 */
final class PixelClasses {
    final int[] values;
    final String[] names;
    final boolean[] excluded;
    final SampleType outType;
    final int noData;
    /** 0xRRGGBB by class value, or null for a 16-bit output. */
    final int[] palette;
    private final PixelDecoder.Kind kind;
    private final List<ClassInfo> definitionClasses;

    private PixelClasses(int[] values, String[] names, boolean[] excluded, SampleType outType, int noData, int[] palette,
                         PixelDecoder.Kind kind, List<ClassInfo> definitionClasses) {
        this.values = values;
        this.names = names;
        this.excluded = excluded;
        this.outType = outType;
        this.noData = noData;
        this.palette = palette;
        this.kind = kind;
        this.definitionClasses = definitionClasses;
    }

    /** The class table of a model with {@code channels} decoded channels; warns when the definition lists another number. */
    static PixelClasses of(PixelDecoder.Kind kind, int channels, List<ClassInfo> cls, boolean predictBackground,
                           List<String> warnings) {
        int n;
        Map<Integer, ClassInfo> byIndex = new HashMap<>();
        Map<Integer, Integer> backgroundIndex = new HashMap<>();
        switch (kind) {
            case CLASS_SCORES -> {
                n = channels;
                boolean noZero = cls.stream().noneMatch(c -> c.value() == 0);
                if (cls.size() == n - 1 && noZero) { // arcgis.learn: channel 0 is the background
                    backgroundIndex.put(0, 0);
                    for (int k = 1; k < n; k++) {
                        byIndex.put(k, cls.get(k - 1));
                    }
                } else {
                    if (!cls.isEmpty() && cls.size() != n) {
                        warnings.add("The model outputs " + n + " classes but its definition lists " + cls.size()
                                + "; channels without a class get their index as value.");
                    }
                    for (int k = 0; k < n && k < cls.size(); k++) {
                        byIndex.put(k, cls.get(k));
                    }
                }
            }
            case SIGMOID -> {
                n = 2;
                if (cls.size() >= 2) {
                    byIndex.put(0, cls.get(0));
                    byIndex.put(1, cls.get(1));
                } else if (cls.size() == 1) {
                    byIndex.put(1, cls.get(0));
                    backgroundIndex.put(0, cls.get(0).value() == 0 ? 1 : 0);
                }
            }
            default -> n = Math.max(256, cls.size());
        }
        if (kind == PixelDecoder.Kind.LABELS) {
            for (int k = 0; k < cls.size(); k++) {
                byIndex.put(k, cls.get(k));
            }
        }
        int[] values = new int[n];
        String[] names = new String[n];
        boolean[] excluded = new boolean[n];
        int max = 0;
        int min = 0;
        for (int k = 0; k < n; k++) {
            ClassInfo ci = byIndex.get(k);
            values[k] = ci != null ? ci.value() : backgroundIndex.getOrDefault(k, k);
            names[k] = ci != null ? ci.name() : backgroundIndex.containsKey(k) ? "background" : String.valueOf(values[k]);
            excluded[k] = !predictBackground && values[k] == 0 && kind == PixelDecoder.Kind.CLASS_SCORES;
            max = Math.max(max, values[k]);
            min = Math.min(min, values[k]);
        }
        if (kind == PixelDecoder.Kind.LABELS && cls.isEmpty()) {
            max = 254; // labels are the values; 8-bit unless the classes say otherwise
        }
        if (min >= 0 && max <= 254) {
            int[] palette = new int[max + 1];
            for (int v = 0; v <= max; v++) { // values without a class get the default legend colours
                palette[v] = ClassInfo.defaultRgb(v);
            }
            for (ClassInfo ci : byIndex.values()) {
                palette[ci.value()] = ci.rgb();
            }
            return new PixelClasses(values, names, excluded, SampleType.UINT8, 255, palette, kind, cls);
        } else if (min >= 0 && max <= 65534) {
            return new PixelClasses(values, names, excluded, SampleType.UINT16, 65535, null, kind, cls);
        }
        throw new UserException("Class values " + min + ".." + max + " do not fit a 16-bit raster.",
                "Use class values from 0 to 65534 in the definition's Classes.");
    }

    /**
     * Deepness' convention ({@link org.deepraster.model.PixelConvention#DEEPNESS}): class index k (output channel;
     * sigmoid: 0 below, 1 at or above the threshold; label k) is written as k + 1, 0 is NoData (outside the
     * processed area), as in Deepness' {@code map_processor_segmentation.py} {@code _process_tile} ("+ 1 to avoid 0
     * values"). Names: the output's class_names (a sigmoid output with one name gets {@code ["background", name]},
     * {@code models/segmentor.py}), else {@code channel_K} ({@code model_base.py} {@code get_channel_name}).
     *
     * @param cls this output's classes from class_names (keys = indexes), or empty
     */
    static PixelClasses deepness(PixelDecoder.Kind kind, int channels, List<ClassInfo> cls, boolean predictBackground,
                                 List<String> warnings) {
        int n = switch (kind) {
            case CLASS_SCORES -> channels;
            case SIGMOID -> 2;
            case LABELS -> Math.max(254, cls.size());
        };
        Map<Integer, ClassInfo> byIndex = new HashMap<>();
        if (kind == PixelDecoder.Kind.SIGMOID && cls.size() == 1) {
            int rgb = ClassInfo.defaultRgb(0);
            byIndex.put(0, new ClassInfo(0, "background", (rgb >> 16) & 255, (rgb >> 8) & 255, rgb & 255));
            ClassInfo only = cls.get(0);
            byIndex.put(1, new ClassInfo(1, only.name(), only.red(), only.green(), only.blue()));
        } else {
            for (ClassInfo c : cls) {
                byIndex.put(c.value(), c);
            }
        }
        if (!cls.isEmpty() && kind != PixelDecoder.Kind.LABELS && byIndex.size() != n) {
            warnings.add("The model output has " + n + " classes but class_names lists " + cls.size()
                    + "; classes without a name are called channel_K.");
        }
        if (n + 1 > 65534) {
            throw new UserException("The model has " + n + " classes; their values 1.." + n + " do not fit a 16-bit raster.",
                    "Use a model with at most 65533 classes.");
        }
        int[] values = new int[n];
        String[] names = new String[n];
        boolean[] excluded = new boolean[n];
        List<ClassInfo> table = new ArrayList<>();
        boolean small = n + 1 <= 254;
        int[] palette = small ? new int[n + 1] : null;
        for (int k = 0; k < n; k++) {
            ClassInfo ci = byIndex.get(k);
            values[k] = k + 1;
            names[k] = ci != null ? ci.name() : "channel_" + k;
            excluded[k] = !predictBackground && k == 0 && kind == PixelDecoder.Kind.CLASS_SCORES;
            int rgb = ci != null ? ci.rgb() : ClassInfo.defaultRgb(k);
            if (palette != null) {
                palette[k + 1] = rgb;
            }
            if (kind != PixelDecoder.Kind.LABELS || ci != null) {
                table.add(new ClassInfo(k + 1, names[k], (rgb >> 16) & 255, (rgb >> 8) & 255, rgb & 255));
            }
        }
        return new PixelClasses(values, names, excluded, small ? SampleType.UINT8 : SampleType.UINT16, 0, palette, kind,
                table);
    }

    /** Pixel counts by class index from counts by value (length 65536). */
    long[] countsByIndex(long[] byValue) {
        long[] c = new long[values.length];
        Set<Integer> seen = new HashSet<>();
        for (int k = 0; k < values.length; k++) {
            if (values[k] >= 0 && values[k] < byValue.length && seen.add(values[k])) {
                c[k] = byValue[values[k]];
            }
        }
        return c;
    }

    /** Pixels by class name (classes sharing a name summed), from pixel counts by class index. */
    Map<String, Long> byName(long[] counts) {
        Map<String, Long> byClass = new TreeMap<>();
        for (int k = 0; k < names.length; k++) {
            if (counts[k] > 0) {
                byClass.merge(names[k], counts[k], Long::sum);
            }
        }
        return byClass;
    }

    /** The rows of the raster attribute table: the definition's classes, and the others unless labels are the values. */
    List<ClassTable.Row> tableRows() {
        List<ClassTable.Row> rows = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (int k = 0; k < values.length && values.length <= 4096; k++) {
            ClassInfo ci = null;
            for (ClassInfo c : definitionClasses) {
                if (c.value() == values[k]) {
                    ci = c;
                }
            }
            if ((ci != null || kind != PixelDecoder.Kind.LABELS) && seen.add(values[k])) {
                int v = values[k];
                rows.add(new ClassTable.Row(v, ci != null ? ci.name() : names[k], ci != null ? ci.rgb()
                        : palette != null && v < palette.length ? palette[v] : 0));
            }
        }
        rows.sort((a, b) -> Integer.compare(a.value(), b.value()));
        return rows;
    }

    /** The polygon output's options: class values and names from the model, regularised classes by name or value. */
    PolygonizeOptions polygonOptions(ClassifyPixelsParameters.VectorOutput v) {
        Map<Integer, String> byValue = new HashMap<>();
        for (int k = 0; k < values.length; k++) {
            byValue.put(values[k], names[k]);
        }
        Set<Integer> regularize = new LinkedHashSet<>();
        for (String c : v.regularizeClasses()) {
            Integer value = null;
            for (Map.Entry<Integer, String> e : byValue.entrySet()) {
                if (e.getValue().equalsIgnoreCase(c.trim()) || String.valueOf(e.getKey()).equals(c.trim())) {
                    value = e.getKey();
                }
            }
            if (value == null) {
                throw new UserException("The class '" + c + "' to regularise is not a class of the model.",
                        "Name one of: " + String.join(", ", new TreeSet<>(byValue.values())) + ".");
            }
            regularize.add(value);
        }
        return PolygonizeOptions.defaults().withClassNames(byValue).withMinArea(v.minArea())
                .withSimplifyTolerance(v.simplifyTolerance()).withRegularization(regularize, 0);
    }
}
