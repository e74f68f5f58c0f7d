package org.deepraster.model;

import java.util.List;

/**
 * Which raster values Classify Pixels writes for a model, by the family of its definition:
 * <ul>
 * <li>{@link #CLASS_VALUES}: an Esri model (.emd, .dlpk or the .emd JSON): each class's {@code Value} from
 *     {@code Classes}, as ArcGIS's Classify Pixels writes them; NoData 255 (65535 for 16-bit).</li>
 * <li>{@link #DEEPNESS}: a bare .onnx file (Deepness metadata or none), as the QGIS plugin Deepness
 *     writes its mask ({@code processing/map_processor/map_processor_segmentation.py},
 *     {@code _process_tile}, the "MADD1" comments): class index + 1 (index = output channel, background
 *     channel included); 0 outside the processed area (mask, NoData). A one-channel (sigmoid) output has
 *     two classes, 1 = below the threshold, 2 = at or above it ({@code models/segmentor.py}: one class
 *     name becomes {@code ["background", name]}). Multi-class: a pixel whose best class probability is
 *     below the threshold gets class index 0 (Deepness zeroes the probabilities below it and takes the
 *     argmax). The threshold is always applied: {@code seg_thresh}, else 0.5 (Deepness' default, its
 *     "Apply class probability threshold" box is checked by default). Then Deepness' median filter
 *     ("remove small segment areas": seg_small_segment, else 9). Class names without class_names:
 *     {@code channel_K} (Deepness' {@code get_channel_name}). One raster per output head.</li>
 * <li>{@link #REGRESSION}: a Deepness Regressor ({@code processing/map_processor/map_processor_regression.py}
 *     {@code _process_tile}, {@code save_result_img_as_tif}): float32 on the input grid, value = model output
 *     × output scaling ({@code reg_output_scaling}, else 1), NaN outputs 0; channel 0 of each output
 *     ({@code result[:, 0]}), one raster per output (out.tif, out_output_1.tif, ...). Where the input is NoData
 *     or outside the mask: NoData ({@link #VALUE_NO_DATA}; Deepness writes 0 there, with no NoData tag).</li>
 * <li>{@link #SUPERRESOLUTION}: a Deepness Superresolution ({@code map_processor_superresolution.py}): one
 *     output [N, C, H·s, W·s], s = output size / input size (its dock widget: {@code output_0_shape[-1] /
 *     input_size_px}); float32, C bands in one raster, value = model output × output scaling (255 by default,
 *     Deepness' dock widget; no metadata key), the input's extent with pixel size / s, same CRS.</li>
 * </ul>
 */
public enum PixelConvention {
    CLASS_VALUES, DEEPNESS, REGRESSION, SUPERRESOLUTION;

    /** NoData of a values raster (float32): −3.4028235E38, ArcGIS' float NoData. */
    public static final float VALUE_NO_DATA = -Float.MAX_VALUE;
    /** Deepness' default super-resolution output scaling (its dock widget's value). */
    public static final double DEEPNESS_SUPERRES_SCALING = 255.0;

    /** Deepness' default class probability threshold (its dock widget: checked, 0.50). */
    public static final double DEEPNESS_DEFAULT_THRESHOLD = 0.5;

    public static PixelConvention of(ModelDefinition d) {
        if (d.source() == null || d.source().kind() != ModelSource.Kind.ONNX) {
            return CLASS_VALUES;
        }
        String type = d.deepness() == null ? null : d.deepness().modelType();
        if ("regressor".equalsIgnoreCase(type)) {
            return REGRESSION;
        }
        return "superresolution".equalsIgnoreCase(type) ? SUPERRESOLUTION : DEEPNESS;
    }

    /** Whether the model writes values (float rasters) rather than classes. */
    public boolean writesValues() {
        return this == REGRESSION || this == SUPERRESOLUTION;
    }

    /** The output scaling when none is given: reg_output_scaling, else 1 (Regressor); 255 (Superresolution). */
    public double defaultOutputScaling(ModelDefinition d) {
        if (this == SUPERRESOLUTION) {
            return DEEPNESS_SUPERRES_SCALING;
        }
        Double s = d.deepness() == null ? null : d.deepness().regOutputScaling();
        return s != null ? s : 1.0;
    }

    /**
     * The super-resolution factor from the tensor shapes (the first output's width / the input's width, both
     * fixed and a whole multiple), or null when the shapes do not tell (the run measures it on one tile).
     */
    public static Integer scaleFactor(ModelSignature sig) {
        if (sig == null || sig.outputs().isEmpty()) {
            return null;
        }
        TensorSpec in = sig.input();
        TensorSpec out = sig.outputs().get(0);
        if (in.rank() != 4 || out.rank() != 4 || in.isDynamic(3) || out.isDynamic(3) || in.dim(3) <= 0) {
            return null;
        }
        return out.dim(3) % in.dim(3) == 0 ? (int) (out.dim(3) / in.dim(3)) : null;
    }

    /** {@link #describe(ModelDefinition)}, with the super-resolution factor read from the shapes when known. */
    public String describe(ModelDefinition d, ModelSignature sig) {
        if (this == SUPERRESOLUTION) {
            Integer s = scaleFactor(sig);
            return "Deepness Superresolution " + (s != null ? "x" + s + " (output width / input width)"
                    : "(factor = output size / input size, measured on one tile)") + ": float32, one band per output"
                    + " channel, pixel size / factor, same extent and CRS; value = model output x " + scaling(d)
                    + "; NoData " + VALUE_NO_DATA + " where the input is NoData";
        }
        return describe(d);
    }

    private String scaling(ModelDefinition d) {
        double s = defaultOutputScaling(d);
        return s + (this == SUPERRESOLUTION ? " (Deepness' default output scaling)"
                : d.deepness() != null && d.deepness().regOutputScaling() != null ? " (reg_output_scaling)"
                : " (no reg_output_scaling: Deepness' default 1)");
    }

    private static int smallSegment(ModelDefinition d) {
        Integer s = d.deepness() == null ? null : d.deepness().segSmallSegment();
        int size = s != null ? s : ArgumentSpecs.DEEPNESS_SMALL_SEGMENT;
        return Math.max(0, size) / 2 * 2 + 1;
    }

    /** One line for {@code info} and the run's log. */
    public String describe(ModelDefinition d) {
        if (this == REGRESSION) {
            return "Deepness Regressor: float32 on the input grid, value = model output x " + scaling(d)
                    + " (NaN -> 0); NoData " + VALUE_NO_DATA + " where the input is NoData or outside; channel 0 of"
                    + " each output, one raster per output (out.tif, out_output_1.tif, ...)";
        }
        if (this == SUPERRESOLUTION) {
            return describe(d, null);
        }
        if (this == CLASS_VALUES) {
            List<ClassInfo> c = d.classes();
            return "each class's Value from the definition's Classes" + (c.isEmpty() ? " (none listed: the channel index)" : "")
                    + "; NoData 255; threshold only when given (or seg_thresh)";
        }
        Double t = d.deepness() == null ? null : d.deepness().segThresh();
        return "Deepness: class index + 1 (background channel included; sigmoid: 1 below / 2 at or above the threshold),"
                + " 0 = outside / NoData; best class probability below the threshold ("
                + (t != null ? "seg_thresh " + t : DEEPNESS_DEFAULT_THRESHOLD + ", Deepness' default")
                + ") -> class index 0; then a median filter of size " + smallSegment(d)
                + " (Deepness' remove small segments; small_segment_size 0 = off); one raster per output (out.tif,"
                + " out_output_1.tif, ...)";
    }
}
