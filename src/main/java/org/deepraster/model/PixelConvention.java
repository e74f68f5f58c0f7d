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
 * </ul>
 */
public enum PixelConvention {
    CLASS_VALUES, DEEPNESS;

    /** Deepness' default class probability threshold (its dock widget: checked, 0.50). */
    public static final double DEEPNESS_DEFAULT_THRESHOLD = 0.5;

    public static PixelConvention of(ModelDefinition d) {
        return d.source() != null && d.source().kind() == ModelSource.Kind.ONNX ? DEEPNESS : CLASS_VALUES;
    }

    private static int smallSegment(ModelDefinition d) {
        Integer s = d.deepness() == null ? null : d.deepness().segSmallSegment();
        int size = s != null ? s : ArgumentSpecs.DEEPNESS_SMALL_SEGMENT;
        return Math.max(0, size) / 2 * 2 + 1;
    }

    /** One line for {@code info} and the run's log. */
    public String describe(ModelDefinition d) {
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
