package org.deepraster.raster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The class names of a classified raster, written beside it as GDAL's {@code NAME.tif.aux.xml}
 * (read by GDAL, QGIS and ArcGIS): a thematic raster attribute table with the fields
 * {@code Value, Class, Red, Green, Blue} (as ArcGIS's Classify Pixels writes), and the band's
 * category names indexed by value. {@link #read} reads that back, a raster attribute table written by
 * GDAL or ArcGIS (fields found by GDAL usage or by name: Value, Class/ClassName/Class_Name, Red/Green/Blue),
 * the category names, and Esri's colour map {@code NAME.clr} ({@code value red green blue} per line).
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

    /** Esri's colour map beside a raster: {@code NAME.clr}. */
    public static Path colourMap(Path raster) {
        String n = raster.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return raster.resolveSibling((dot > 0 ? n.substring(0, dot) : n) + ".clr");
    }

    /**
     * The classes written beside a raster, in value order; empty when nothing is there or nothing in it
     * can be read (a sidecar is a help, never a reason to refuse the raster). A class without a colour
     * has rgb -1.
     */
    public static List<Row> read(Path raster) {
        Map<Integer, Row> rows = new LinkedHashMap<>();
        Path aux = sidecar(raster);
        if (Files.isRegularFile(aux)) {
            try {
                readAux(aux, rows);
            } catch (Exception e) {
                org.deepraster.util.Log.logger(ClassTable.class).info("Class table " + aux + " not read: " + e);
            }
        }
        Path clr = colourMap(raster);
        if (Files.isRegularFile(clr)) {
            try {
                for (String line : Files.readAllLines(clr, StandardCharsets.ISO_8859_1)) {
                    String[] f = line.trim().split("\\s+", 5);
                    if (f.length < 4 || f[0].startsWith("#")) {
                        continue;
                    }
                    int v = Integer.parseInt(f[0]);
                    int rgb = clamp(f[1]) << 16 | clamp(f[2]) << 8 | clamp(f[3]);
                    Row old = rows.get(v);
                    String name = old != null ? old.name() : f.length == 5 ? f[4].trim() : "";
                    rows.put(v, new Row(v, name, old != null && old.rgb() >= 0 ? old.rgb() : rgb));
                }
            } catch (IOException | RuntimeException e) {
                org.deepraster.util.Log.logger(ClassTable.class).info("Colour map " + clr + " not read: " + e);
            }
        }
        return rows.values().stream().sorted(java.util.Comparator.comparingInt(Row::value)).toList();
    }

    private static int clamp(String s) {
        return Math.max(0, Math.min(255, (int) Math.round(Double.parseDouble(s))));
    }

    private static void readAux(Path aux, Map<Integer, Row> rows) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        Element band = null;
        NodeList bands = f.newDocumentBuilder().parse(aux.toFile()).getElementsByTagName("PAMRasterBand");
        for (int i = 0; i < bands.getLength() && band == null; i++) {
            Element b = (Element) bands.item(i);
            if (b.getAttribute("band").isEmpty() || b.getAttribute("band").equals("1")) {
                band = b;
            }
        }
        if (band == null) {
            return;
        }
        NodeList tables = band.getElementsByTagName("GDALRasterAttributeTable");
        if (tables.getLength() > 0) {
            readTable((Element) tables.item(0), rows);
        }
        NodeList categories = band.getElementsByTagName("CategoryNames");
        if (rows.isEmpty() && categories.getLength() > 0) {
            NodeList names = ((Element) categories.item(0)).getElementsByTagName("Category");
            for (int v = 0; v < names.getLength(); v++) {
                String name = names.item(v).getTextContent().trim();
                if (!name.isEmpty()) {
                    rows.put(v, new Row(v, name, -1));
                }
            }
        }
    }

    private static void readTable(Element table, Map<Integer, Row> rows) {
        int value = -1, name = -1, red = -1, green = -1, blue = -1;
        boolean realColours = false;
        NodeList defs = table.getElementsByTagName("FieldDefn");
        for (int i = 0; i < defs.getLength(); i++) {
            Element d = (Element) defs.item(i);
            int index = d.getAttribute("index").isEmpty() ? i : Integer.parseInt(d.getAttribute("index"));
            String n = text(d, "Name").toLowerCase(java.util.Locale.ROOT);
            String usage = text(d, "Usage");
            if (value < 0 && (usage.equals("5") || usage.equals("3") || n.equals("value"))) {
                value = index;
            } else if (name < 0 && (usage.equals("2") || List.of("class", "classname", "class_name", "name").contains(n))) {
                name = index;
            } else if (usage.equals("6") || n.equals("red")) {
                red = index;
                realColours = text(d, "Type").equals("1");
            } else if (usage.equals("7") || n.equals("green")) {
                green = index;
            } else if (usage.equals("8") || n.equals("blue")) {
                blue = index;
            }
        }
        if (value < 0) {
            return;
        }
        NodeList rowNodes = table.getElementsByTagName("Row");
        for (int i = 0; i < rowNodes.getLength(); i++) {
            NodeList fs = ((Element) rowNodes.item(i)).getElementsByTagName("F");
            List<String> cells = new ArrayList<>();
            for (int k = 0; k < fs.getLength(); k++) {
                cells.add(fs.item(k).getTextContent().trim());
            }
            int v = (int) Math.round(Double.parseDouble(cells.get(value)));
            String label = name >= 0 && name < cells.size() ? cells.get(name) : "";
            int rgb = -1;
            if (red >= 0 && green >= 0 && blue >= 0 && Math.max(red, Math.max(green, blue)) < cells.size()) {
                double scale = realColours ? 255 : 1;
                rgb = clamp(String.valueOf(Double.parseDouble(cells.get(red)) * scale)) << 16
                        | clamp(String.valueOf(Double.parseDouble(cells.get(green)) * scale)) << 8
                        | clamp(String.valueOf(Double.parseDouble(cells.get(blue)) * scale));
            }
            rows.put(v, new Row(v, label, rgb));
        }
    }

    private static String text(Element e, String tag) {
        NodeList n = e.getElementsByTagName(tag);
        return n.getLength() == 0 ? "" : n.item(0).getTextContent().trim();
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
