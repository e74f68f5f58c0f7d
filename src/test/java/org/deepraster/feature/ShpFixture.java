package org.deepraster.feature;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes minimal shapefile bytes by hand for the tests (independent of ShapefileWriter): records
 * are given as already-encoded shape contents.
 */
final class ShpFixture {
    final List<byte[]> shapes = new ArrayList<>();
    int shapeType;

    ShpFixture(int shapeType) {
        this.shapeType = shapeType;
    }

    /** A PolyLine/Polygon (type 3/5/13/15/23/25) record; z and m may be null. */
    ShpFixture parts(int type, double[][] parts, double[][] z, double[][] m) {
        int n = 0;
        for (double[] p : parts) {
            n += p.length / 2;
        }
        int size = 44 + 4 * parts.length + 16 * n + (z != null ? 16 + 8 * n : 0) + (m != null ? 16 + 8 * n : 0);
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(type);
        b.putDouble(0).putDouble(0).putDouble(0).putDouble(0); // box (not used by the reader)
        b.putInt(parts.length).putInt(n);
        int start = 0;
        for (double[] p : parts) {
            b.putInt(start);
            start += p.length / 2;
        }
        for (double[] p : parts) {
            for (double v : p) {
                b.putDouble(v);
            }
        }
        for (double[][] extra : new double[][][] {z, m}) {
            if (extra != null) {
                b.putDouble(0).putDouble(0);
                for (double[] p : extra) {
                    for (double v : p) {
                        b.putDouble(v);
                    }
                }
            }
        }
        shapes.add(b.array());
        return this;
    }

    ShpFixture pointZ(double x, double y, double z, double m) {
        shapes.add(ByteBuffer.allocate(36).order(ByteOrder.LITTLE_ENDIAN).putInt(11)
                .putDouble(x).putDouble(y).putDouble(z).putDouble(m).array());
        return this;
    }

    ShpFixture point(double x, double y) {
        shapes.add(ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN).putInt(1).putDouble(x).putDouble(y).array());
        return this;
    }

    ShpFixture nullShape() {
        shapes.add(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0).array());
        return this;
    }

    byte[] shpBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int length = 100;
        for (byte[] s : shapes) {
            length += 8 + s.length;
        }
        ByteBuffer h = ByteBuffer.allocate(100);
        h.order(ByteOrder.BIG_ENDIAN).putInt(9994);
        h.position(24);
        h.putInt(length / 2);
        h.order(ByteOrder.LITTLE_ENDIAN).putInt(1000).putInt(shapeType);
        out.writeBytes(h.array());
        int i = 1;
        for (byte[] s : shapes) {
            out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putInt(i++).putInt(s.length / 2).array());
            out.writeBytes(s);
        }
        return out.toByteArray();
    }

    /** Writes base.shp, base.shx (header only is enough for the reader) and no dbf. */
    Path writeShp(Path dir, String base) throws IOException {
        Path shp = dir.resolve(base + ".shp");
        Files.write(shp, shpBytes());
        byte[] shx = shpBytes();
        Files.write(dir.resolve(base + ".shx"), java.util.Arrays.copyOf(shx, 100));
        return shp;
    }

    /** A dBASE III table: fields as {name, type, length, decimals}; rows of already formatted text. */
    static void writeDbf(Path file, Object[][] fields, String[][] rows, Charset cs) throws IOException {
        int recLen = 1;
        for (Object[] f : fields) {
            recLen += (Integer) f[2];
        }
        int headerLen = 32 + 32 * fields.length + 1;
        ByteBuffer b = ByteBuffer.allocate(headerLen + recLen * rows.length + 1).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 3).put((byte) 124).put((byte) 1).put((byte) 1).putInt(rows.length)
                .putShort((short) headerLen).putShort((short) recLen);
        b.position(32);
        for (Object[] f : fields) {
            int start = b.position();
            b.put(((String) f[0]).getBytes(cs));
            b.position(start + 11);
            b.put((byte) ((String) f[1]).charAt(0));
            b.position(start + 16);
            b.put((byte) (int) (Integer) f[2]).put((byte) (int) (Integer) f[3]);
            b.position(start + 32);
        }
        b.put((byte) 0x0D);
        for (String[] row : rows) {
            b.put((byte) ' ');
            for (int i = 0; i < fields.length; i++) {
                int w = (Integer) fields[i][2];
                byte[] v = row[i].getBytes(cs);
                byte[] cell = new byte[w];
                java.util.Arrays.fill(cell, (byte) ' ');
                System.arraycopy(v, 0, cell, 0, Math.min(w, v.length));
                b.put(cell);
            }
        }
        b.put((byte) 0x1A);
        Files.write(file, b.array());
    }
}
