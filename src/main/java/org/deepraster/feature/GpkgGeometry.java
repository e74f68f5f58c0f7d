package org.deepraster.feature;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.ByteOrderValues;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.io.WKBWriter;

/**
 * Encodes and decodes GeoPackage geometry blobs (the "GP" header, an optional envelope, then
 * standard WKB) directly, which is much faster than going through the GeoPackage library's own
 * geometry model. Not thread-safe (holds a WKB reader and writer); one per reader / writer.
 */
final class GpkgGeometry {
    private final WKBReader reader;
    private final WKBWriter writer = new WKBWriter(2, ByteOrderValues.LITTLE_ENDIAN);

    GpkgGeometry(GeometryFactory factory) {
        this.reader = new WKBReader(factory);
    }

    /** The geometry of a blob; null for a null blob or an empty geometry. */
    Geometry decode(byte[] blob) throws ParseException {
        if (blob == null || blob.length == 0) {
            return null;
        }
        if (blob.length < 8 || blob[0] != 'G' || blob[1] != 'P') {
            // Some writers store plain WKB; accept it.
            return reader.read(blob);
        }
        int flags = blob[3] & 0xFF;
        boolean empty = (flags & 0x10) != 0;
        int envelope = (flags >> 1) & 0x07;
        int envBytes = switch (envelope) {
            case 0 -> 0;
            case 1 -> 32;
            case 2, 3 -> 48;
            case 4 -> 64;
            default -> throw new ParseException("invalid GeoPackage envelope indicator " + envelope);
        };
        int offset = 8 + envBytes;
        if (empty && offset >= blob.length) {
            return null;
        }
        byte[] wkb = new byte[blob.length - offset];
        System.arraycopy(blob, offset, wkb, 0, wkb.length);
        Geometry g = reader.read(wkb);
        return empty || g.isEmpty() ? null : g;
    }

    /** A GeoPackage blob (little-endian, XY envelope) for a geometry; null for null. */
    byte[] encode(Geometry g, int srsId) {
        if (g == null) {
            return null;
        }
        if (g.isEmpty()) {
            byte[] wkb = writer.write(g);
            ByteBuffer b = ByteBuffer.allocate(8 + wkb.length).order(ByteOrder.LITTLE_ENDIAN);
            b.put((byte) 'G').put((byte) 'P').put((byte) 0).put((byte) (0x10 | 0x01)).putInt(srsId).put(wkb);
            return b.array();
        }
        byte[] wkb = writer.write(g);
        Envelope e = g.getEnvelopeInternal();
        ByteBuffer b = ByteBuffer.allocate(8 + 32 + wkb.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'G').put((byte) 'P').put((byte) 0).put((byte) ((1 << 1) | 0x01)).putInt(srsId);
        b.putDouble(e.getMinX()).putDouble(e.getMaxX()).putDouble(e.getMinY()).putDouble(e.getMaxY());
        b.put(wkb);
        return b.array();
    }
}
