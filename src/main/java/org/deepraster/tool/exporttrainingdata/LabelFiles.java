package org.deepraster.tool.exporttrainingdata;

import java.awt.geom.AffineTransform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.deepraster.model.ClassInfo;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataParameters.MetadataFormat;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataTool.ChipObject;

/**
 * The text of a chip's label files: PASCAL VOC XML, KITTI and YOLO lines, and the world file of a
 * PNG/JPEG chip. Writer thread.
 *
 * @param classes the classes by value (YOLO numbers them in this order)
 */
record LabelFiles(int tileW, int tileH, int bands, MetadataFormat fmt, Map<Integer, ClassInfo> classes) {

    static String num(double v) {
        String s = String.format(Locale.ROOT, "%.4f", v);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    String voc(String file, List<ChipObject> objects) {
        StringBuilder b = new StringBuilder();
        b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<annotation>\n  <folder>images</folder>\n  <filename>")
                .append(file).append("</filename>\n  <source>\n    <database>Unknown</database>\n  </source>\n  <size>\n")
                .append("    <width>").append(tileW).append("</width>\n    <height>").append(tileH)
                .append("</height>\n    <depth>").append(bands).append("</depth>\n  </size>\n  <segmented>0</segmented>\n");
        Set<Integer> named = new HashSet<>();
        for (ChipObject o : objects) {
            if (fmt == MetadataFormat.MultiLabeled_Tiles && !named.add(o.classValue())) {
                continue; // one object per class present
            }
            b.append("  <object>\n    <name>").append(o.classValue()).append("</name>\n    <pose>Unspecified</pose>\n")
                    .append("    <truncated>").append(o.truncated() ? 1 : 0).append("</truncated>\n    <difficult>0</difficult>\n")
                    .append("    <bndbox>\n      <xmin>").append(num(o.x0())).append("</xmin>\n      <ymin>").append(num(o.y0()))
                    .append("</ymin>\n      <xmax>").append(num(o.x1())).append("</xmax>\n      <ymax>").append(num(o.y1()))
                    .append("</ymax>\n    </bndbox>\n  </object>\n");
        }
        return b.append("</annotation>\n").toString();
    }

    static String kitti(List<ChipObject> objects) {
        StringBuilder b = new StringBuilder();
        for (ChipObject o : objects) {
            // type truncated occluded alpha | bbox left top right bottom | dimensions h w l | location x y z | rotation_y
            b.append(o.classValue()).append(' ').append(o.truncated() ? "1.00" : "0.00").append(" 0 0.00 ")
                    .append(num(o.x0())).append(' ').append(num(o.y0())).append(' ').append(num(o.x1())).append(' ')
                    .append(num(o.y1())).append(" 0.00 0.00 0.00 0.00 0.00 0.00 0.00\n");
        }
        return b.toString();
    }

    String yolo(List<ChipObject> objects) {
        List<Integer> order = new ArrayList<>(classes.keySet());
        StringBuilder b = new StringBuilder();
        double w = tileW;
        double h = tileH;
        for (ChipObject o : objects) {
            b.append(order.indexOf(o.classValue())).append(' ')
                    .append(String.format(Locale.ROOT, "%.6f %.6f %.6f %.6f", (o.x0() + o.x1()) / 2 / w, (o.y0() + o.y1()) / 2 / h,
                            (o.x1() - o.x0()) / w, (o.y1() - o.y0()) / h)).append('\n');
        }
        return b.toString();
    }

    static void worldFile(Path f, AffineTransform t) throws IOException {
        // the world file gives the centre of the upper-left pixel
        double cx = t.getTranslateX() + 0.5 * t.getScaleX() + 0.5 * t.getShearX();
        double cy = t.getTranslateY() + 0.5 * t.getShearY() + 0.5 * t.getScaleY();
        Files.writeString(f, String.format(Locale.ROOT, "%.10f%n%.10f%n%.10f%n%.10f%n%.10f%n%.10f%n", t.getScaleX(),
                t.getShearY(), t.getShearX(), t.getScaleY(), cx, cy));
    }
}
