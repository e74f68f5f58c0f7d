package org.deepraster.feature;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.deepraster.geo.Crs;
import org.deepraster.util.UserException;
import org.locationtech.jts.algorithm.Orientation;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Lineal;
import org.locationtech.jts.geom.MultiPoint;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.Polygonal;

/**
 * Streams features to an ESRI Shapefile (.shp, .shx, .dbf, .prj, .cpg). The shape type is taken
 * from the first geometry (Point, MultiPoint, PolyLine or Polygon, 2D); later geometries must fit
 * it. Attributes go to a UTF-8 .dbf: text as C(254), integers N(18), reals N(24,15), booleans L,
 * dates D, date-times as ISO text; field names are cut to 10 characters (made unique); BLOB
 * fields are not written. Headers are completed at close.
 */
public final class ShapefileWriter implements FeatureWriter {
    private final Path shpPath;
    private final FileChannel shp;
    private final FileChannel shx;
    private final FileChannel dbf;
    private final List<Field> fields = new ArrayList<>();
    private final List<String> dbfNames = new ArrayList<>();
    private final List<Integer> widths = new ArrayList<>();
    private final int recordLength;
    private final Envelope extent = new Envelope();
    private int shapeType = -1;
    private long shpPos = 100;
    private int count;
    private boolean closed;

    ShapefileWriter(Path file, FeatureSchema schema) throws IOException {
        this.shpPath = file;
        Set<String> used = new HashSet<>();
        int rec = 1;
        for (Field f : schema.fields()) {
            if (f.type() == FieldType.BLOB) {
                continue;
            }
            String n = f.name().replaceAll("[^A-Za-z0-9_]", "_");
            n = n.substring(0, Math.min(10, n.length()));
            String base = n;
            for (int i = 1; used.contains(n.toUpperCase(Locale.ROOT)); i++) {
                String suffix = "_" + i;
                n = base.substring(0, Math.min(base.length(), 10 - suffix.length())) + suffix;
            }
            used.add(n.toUpperCase(Locale.ROOT));
            fields.add(f);
            dbfNames.add(n);
            int w = switch (f.type()) {
                case STRING -> 254;
                case INTEGER -> 18;
                case REAL -> 24;
                case BOOLEAN -> 1;
                case DATE -> 8;
                default -> 24;
            };
            widths.add(w);
            rec += w;
        }
        this.recordLength = rec;
        var opts = new StandardOpenOption[] {StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE, StandardOpenOption.READ};
        this.shp = FileChannel.open(file, opts);
        this.shx = FileChannel.open(ShapefileReader.sibling(file, "shx"), opts);
        this.dbf = FileChannel.open(ShapefileReader.sibling(file, "dbf"), opts);
        shp.write(ByteBuffer.allocate(100));
        shx.write(ByteBuffer.allocate(100));
        dbf.write(dbfHeader());
        Files.writeString(ShapefileReader.sibling(file, "cpg"), "UTF-8");
        Path prj = ShapefileReader.sibling(file, "prj");
        if (schema.crs() != null) {
            Files.writeString(prj, Crs.toWkt1(schema.crs()), StandardCharsets.ISO_8859_1);
        } else {
            Files.deleteIfExists(prj);
        }
    }

    private ByteBuffer dbfHeader() {
        int headerLen = 32 + 32 * fields.size() + 1;
        ByteBuffer b = ByteBuffer.allocate(headerLen).order(ByteOrder.LITTLE_ENDIAN);
        LocalDate d = LocalDate.now();
        b.put((byte) 0x03).put((byte) (d.getYear() - 1900)).put((byte) d.getMonthValue()).put((byte) d.getDayOfMonth());
        b.putInt(count);
        b.putShort((short) headerLen);
        b.putShort((short) recordLength);
        b.position(29);
        b.put((byte) 0); // language driver: none (see .cpg)
        b.position(32);
        for (int i = 0; i < fields.size(); i++) {
            byte[] name = dbfNames.get(i).getBytes(StandardCharsets.US_ASCII);
            int start = b.position();
            b.put(name);
            b.position(start + 11);
            FieldType t = fields.get(i).type();
            char c = switch (t) {
                case INTEGER, REAL -> 'N';
                case BOOLEAN -> 'L';
                case DATE -> 'D';
                default -> 'C';
            };
            b.put((byte) c);
            b.position(start + 16);
            b.put((byte) (int) widths.get(i));
            b.put((byte) (t == FieldType.REAL ? 15 : 0));
            b.position(start + 32);
        }
        b.put((byte) 0x0D);
        b.flip();
        return b;
    }

    @Override
    public void write(List<Feature> features) throws IOException {
        for (Feature f : features) {
            writeShape(f.geometry());
            writeRecord(f);
            count++;
        }
    }

    private void writeShape(Geometry g) throws IOException {
        if (g != null && g.isEmpty()) {
            g = null;
        }
        if (g != null && shapeType < 0) {
            shapeType = g instanceof Point ? 1 : g instanceof MultiPoint ? 8 : g instanceof Lineal ? 3
                    : g instanceof Polygonal ? 5 : -1;
            if (shapeType < 0) {
                throw new UserException("A shapefile cannot hold a " + g.getGeometryType() + " (" + shpPath + ").",
                        "Write to a GeoPackage (.gpkg) instead.");
            }
        }
        ByteBuffer content;
        if (g == null) {
            content = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0);
        } else {
            extent.expandToInclude(g.getEnvelopeInternal());
            content = switch (shapeType) {
                case 1 -> point(g);
                case 8 -> multiPoint(g);
                case 3 -> parts(g, false);
                default -> parts(g, true);
            };
        }
        content.flip();
        int len = content.remaining();
        ByteBuffer head = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putInt(count + 1).putInt(len / 2);
        head.flip();
        ByteBuffer idx = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putInt((int) (shpPos / 2)).putInt(len / 2);
        idx.flip();
        shp.write(new ByteBuffer[] {head, content});
        shx.write(idx);
        shpPos += 8 + len;
    }

    private ByteBuffer point(Geometry g) {
        if (!(g instanceof Point p)) {
            throw mismatch(g, "Point");
        }
        return ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN).putInt(1).putDouble(p.getX()).putDouble(p.getY());
    }

    private ByteBuffer multiPoint(Geometry g) {
        if (!(g instanceof MultiPoint || g instanceof Point)) {
            throw mismatch(g, "MultiPoint");
        }
        Coordinate[] cs = g.getCoordinates();
        ByteBuffer b = ByteBuffer.allocate(40 + 16 * cs.length).order(ByteOrder.LITTLE_ENDIAN).putInt(8);
        box(b, g.getEnvelopeInternal());
        b.putInt(cs.length);
        for (Coordinate c : cs) {
            b.putDouble(c.x).putDouble(c.y);
        }
        return b;
    }

    private ByteBuffer parts(Geometry g, boolean polygon) {
        List<CoordinateSequence> parts = new ArrayList<>();
        List<Boolean> reverse = new ArrayList<>();
        for (int i = 0; i < g.getNumGeometries(); i++) {
            Geometry part = g.getGeometryN(i);
            if (polygon) {
                if (!(part instanceof Polygon p)) {
                    throw mismatch(g, "Polygon");
                }
                if (p.isEmpty()) {
                    continue;
                }
                CoordinateSequence shell = p.getExteriorRing().getCoordinateSequence();
                parts.add(shell);
                reverse.add(Orientation.isCCW(shell)); // shells clockwise
                for (int h = 0; h < p.getNumInteriorRing(); h++) {
                    CoordinateSequence hole = p.getInteriorRingN(h).getCoordinateSequence();
                    parts.add(hole);
                    reverse.add(!Orientation.isCCW(hole)); // holes counter-clockwise
                }
            } else {
                if (!(part instanceof LineString l)) {
                    throw mismatch(g, "PolyLine");
                }
                parts.add(l.getCoordinateSequence());
                reverse.add(false);
            }
        }
        int points = parts.stream().mapToInt(CoordinateSequence::size).sum();
        ByteBuffer b = ByteBuffer.allocate(44 + 4 * parts.size() + 16 * points).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(polygon ? 5 : 3);
        box(b, g.getEnvelopeInternal());
        b.putInt(parts.size()).putInt(points);
        int start = 0;
        for (CoordinateSequence s : parts) {
            b.putInt(start);
            start += s.size();
        }
        for (int i = 0; i < parts.size(); i++) {
            CoordinateSequence s = parts.get(i);
            int n = s.size();
            for (int k = 0; k < n; k++) {
                int j = reverse.get(i) ? n - 1 - k : k;
                b.putDouble(s.getX(j)).putDouble(s.getY(j));
            }
        }
        return b;
    }

    private UserException mismatch(Geometry g, String type) {
        return new UserException("Cannot write a " + g.getGeometryType() + " into the " + type + " shapefile " + shpPath
                + ": a shapefile holds one shape type.", "Write to a GeoPackage (.gpkg) instead.");
    }

    private static void box(ByteBuffer b, Envelope e) {
        b.putDouble(e.getMinX()).putDouble(e.getMinY()).putDouble(e.getMaxX()).putDouble(e.getMaxY());
    }

    private static final DateTimeFormatter DBF_DATE = DateTimeFormatter.ofPattern("yyyyMMdd");

    private void writeRecord(Feature f) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(recordLength);
        b.put((byte) ' ');
        for (int i = 0; i < fields.size(); i++) {
            Field field = fields.get(i);
            int w = widths.get(i);
            Object v = f.attributes().get(field.name());
            byte[] bytes = text(field.type(), v, w);
            boolean rightAlign = field.type() == FieldType.INTEGER || field.type() == FieldType.REAL;
            int pad = w - bytes.length;
            int start = b.position();
            for (int k = 0; k < w; k++) {
                b.put(start + k, (byte) ' ');
            }
            b.position(start + (rightAlign ? pad : 0));
            b.put(bytes);
            b.position(start + w);
        }
        b.flip();
        dbf.write(b);
    }

    private static byte[] text(FieldType type, Object v, int width) {
        if (v == null) {
            return new byte[0];
        }
        String s;
        switch (type) {
            case INTEGER -> s = v instanceof Number n ? Long.toString(n.longValue()) : v.toString().trim();
            case REAL -> {
                double d = v instanceof Number n ? n.doubleValue() : parseDouble(v.toString());
                if (!Double.isFinite(d)) {
                    return new byte[0];
                }
                s = null;
                for (int dec = 15; dec >= 0; dec--) {
                    String t = new BigDecimal(d).setScale(dec, java.math.RoundingMode.HALF_EVEN).toPlainString();
                    if (t.length() <= width) {
                        s = t;
                        break;
                    }
                }
                if (s == null) {
                    s = String.format(Locale.ROOT, "%.10e", d);
                }
            }
            case BOOLEAN -> s = Boolean.TRUE.equals(v) || "true".equalsIgnoreCase(v.toString()) ? "T" : "F";
            case DATE -> s = v instanceof LocalDate d ? d.format(DBF_DATE) : v.toString().replace("-", "");
            case DATETIME -> s = GpkgValues.dateTime(v);
            default -> s = v.toString();
        }
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= width) {
            return bytes;
        }
        // Cut at a character boundary.
        int end = width;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--;
        }
        byte[] cut = new byte[end];
        System.arraycopy(bytes, 0, cut, 0, end);
        return cut;
    }

    private static double parseDouble(String s) {
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    @Override
    public long count() {
        return count;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            int type = shapeType < 0 ? 0 : shapeType;
            shp.write(header(shpPos, type), 0);
            shx.write(header(100 + 8L * count, type), 0);
            dbf.write(ByteBuffer.wrap(new byte[] {0x1A}), dbf.size());
            ByteBuffer n = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(count);
            n.flip();
            dbf.write(n, 4);
        } finally {
            shp.close();
            shx.close();
            dbf.close();
        }
    }

    private ByteBuffer header(long fileLength, int type) {
        ByteBuffer b = ByteBuffer.allocate(100);
        b.order(ByteOrder.BIG_ENDIAN).putInt(9994);
        b.position(24);
        b.putInt((int) (fileLength / 2));
        b.order(ByteOrder.LITTLE_ENDIAN).putInt(1000).putInt(type);
        Envelope e = extent.isNull() ? new Envelope(0, 0, 0, 0) : extent;
        box(b, e);
        b.putDouble(0).putDouble(0).putDouble(0).putDouble(0);
        b.flip();
        return b;
    }
}
