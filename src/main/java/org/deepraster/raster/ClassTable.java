package org.deepraster.raster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The class names of a classified raster, written beside it as GDAL's {@code NAME.tif.aux.xml}
 * (read by GDAL, QGIS and ArcGIS): a thematic raster attribute table with the fields
 * {@code Value, Class, Red, Green, Blue} (as ArcGIS's Classify Pixels writes), and the band's
 * category names indexed by value.
 */
public final class ClassTable {
    private ClassTable() {
    }

    /** One class: its pixel value, name and 0xRRGGBB colour. */
    public record Row(int value, String name, int rgb) {
    }

    /** The sidecar path GDAL looks for: {@code FILE.aux.xml}. */
    public static Path sidecar(Path raster) {
        return raster.resolveSibling(raster.getFileName() + ".aux.xml");
    }

    public static void write(Path raster, List<Row> rows) throws IOException {
        Files.writeString(sidecar(raster), xml(rows), StandardCharsets.UTF_8);
    }

    static String xml(List<Row> rows) {
        StringBuilder b = new StringBuilder();
        b.append("<PAMDataset>\n  <PAMRasterBand band=\"1\">\n");
        int max = rows.stream().mapToInt(Row::value).max().orElse(-1);
        if (max >= 0 && max < 65536) {
            b.append("    <CategoryNames>\n");
            for (int v = 0; v <= max; v++) {
                String name = "";
                for (Row r : rows) {
                    if (r.value() == v) {
                        name = r.name();
                    }
                }
                b.append(name.isEmpty() ? "      <Category />\n" : "      <Category>" + esc(name) + "</Category>\n");
            }
            b.append("    </CategoryNames>\n");
        }
        b.append("    <GDALRasterAttributeTable tableType=\"thematic\">\n");
        field(b, 0, "Value", 0, 5);
        field(b, 1, "Class", 2, 2);
        field(b, 2, "Red", 0, 6);
        field(b, 3, "Green", 0, 7);
        field(b, 4, "Blue", 0, 8);
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            b.append("      <Row index=\"").append(i).append("\">\n");
            b.append("        <F>").append(r.value()).append("</F>\n");
            b.append("        <F>").append(esc(r.name())).append("</F>\n");
            b.append("        <F>").append((r.rgb() >> 16) & 0xFF).append("</F>\n");
            b.append("        <F>").append((r.rgb() >> 8) & 0xFF).append("</F>\n");
            b.append("        <F>").append(r.rgb() & 0xFF).append("</F>\n");
            b.append("      </Row>\n");
        }
        b.append("    </GDALRasterAttributeTable>\n  </PAMRasterBand>\n</PAMDataset>\n");
        return b.toString();
    }

    /** GDAL field type (0 integer, 2 string) and usage (5 min-max, 2 name, 6/7/8 red/green/blue). */
    private static void field(StringBuilder b, int index, String name, int type, int usage) {
        b.append("      <FieldDefn index=\"").append(index).append("\">\n        <Name>").append(name)
                .append("</Name>\n        <Type>").append(type).append("</Type>\n        <Usage>").append(usage)
                .append("</Usage>\n      </FieldDefn>\n");
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
