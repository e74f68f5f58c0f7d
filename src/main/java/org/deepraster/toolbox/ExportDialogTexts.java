package org.deepraster.toolbox;

import java.awt.Desktop;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.deepraster.job.JobReport;
import org.deepraster.raster.RasterSource;
import org.deepraster.raster.SampleType;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataParameters.MetadataFormat;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataResult;

/**
 * What the Export Training Data dialog says and proposes, apart from its widgets: each metadata format's purpose,
 * the class field it proposes, which map rasters are classified, the summary of a run and its Open folder action.
 */
final class ExportDialogTexts {
    /** Field names proposed as the class value field, in order. */
    private static final List<String> CLASS_FIELDS = List.of("classvalue", "value", "class", "classname", "class_name",
            "label");

    private ExportDialogTexts() {
    }

    /** Single-band rasters of whole numbers: a classified raster (pixel values are classes). */
    static boolean classified(RasterSource r) {
        return r.bandCount() == 1 && r.sampleType() != SampleType.FLOAT32 && r.sampleType() != SampleType.FLOAT64;
    }

    /** What each metadata format is for (its tooltip and the line under the chooser). */
    static String describe(MetadataFormat f) {
        return switch (f) {
            case PASCAL_VOC_rectangles -> "Object detection: a PASCAL VOC XML file of boxes per chip"
                    + " (SingleShotDetector, RetinaNet, FasterRCNN, YOLOv3).";
            case KITTI_rectangles -> "Object detection: a KITTI text file of boxes per chip.";
            case Classified_Tiles -> "Pixel classification: a label image per chip holding each pixel's class value"
                    + " (UnetClassifier, DeepLab, PSPNet). Features are burnt in; a classified raster is cut as it is.";
            case RCNN_Masks -> "Instance segmentation: a mask image per chip and class, one value per object (MaskRCNN).";
            case Labeled_Tiles -> "Object classification: one chip per feature, centred on it, labelled with its class"
                    + " (FeatureClassifier).";
            case MultiLabeled_Tiles -> "Multi-label classification: each chip labelled with every class in it.";
            case Imagenet -> "Object classification: one chip per feature with its class, ImageNet style (boxes in"
                    + " PASCAL VOC XML).";
            case Export_Tiles -> "Chips only, without labels (e.g. to label elsewhere, or for inference).";
            case YOLO -> "Object detection: Ultralytics YOLO text labels (class x y w h, normalised) and data.yaml.";
        };
    }

    /** The first field named like a class field, else {@code none}. */
    static String proposedField(List<String> names, String none) {
        for (String want : CLASS_FIELDS) {
            for (String n : names) {
                if (n.equalsIgnoreCase(want)) {
                    return n;
                }
            }
        }
        return none;
    }

    /** The summary shown when a run ends: chips and labels per class, skips, failures, time, warnings. */
    static String summaryText(ExportTrainingDataResult res) {
        StringBuilder b = new StringBuilder(res.describe());
        if (res.report().outcome() == JobReport.Outcome.CANCELLED) {
            b.append("The folder holds a valid export of the chips written before the cancel.\n");
        }
        for (String w : res.warnings()) {
            b.append("Warning: ").append(w).append('\n');
        }
        return b.toString().strip();
    }

    /** Open folder: the desktop's file manager, where the desktop can; otherwise disabled, saying where it is. */
    static ToolRunner.Action openFolder(Path folder) {
        boolean can = Desktop.isDesktopSupported() && Desktop.getDesktop().isSupported(Desktop.Action.OPEN);
        return new ToolRunner.Action("openFolder", "Open folder", can ? "Show " + folder + " in the file manager"
                : "This desktop cannot open folders; the chips are in " + folder, can, () -> {
                    try {
                        Desktop.getDesktop().open(folder.toFile());
                    } catch (IOException | RuntimeException e) {
                        javax.swing.JOptionPane.showMessageDialog(null, "Cannot open " + folder + ": " + e.getMessage(),
                                "Open folder", javax.swing.JOptionPane.WARNING_MESSAGE);
                    }
                });
    }
}
