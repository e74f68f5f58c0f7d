package org.deepraster.feature;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deepraster.geo.Reprojector;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryCollection;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.MultiLineString;
import org.locationtech.jts.geom.MultiPoint;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/**
 * Streams features to an RFC 7946 GeoJSON FeatureCollection. Geometries are reprojected from the
 * schema's CRS to WGS 84 longitude/latitude, as RFC 7946 requires (no "crs" member is written);
 * a layer without a CRS is written with its coordinates as they are. Polygon rings are written
 * counter-clockwise (shells) and clockwise (holes), per RFC 7946 section 3.1.6.
 */
public final class GeoJsonWriter implements FeatureWriter {
    private static final JsonFactory JSON = new JsonFactory();
    private final OutputStream out;
    private final JsonGenerator gen;
    private final Reprojector toWgs84;
    private long count;
    private boolean closed;

    GeoJsonWriter(Path file, FeatureSchema schema) throws IOException {
        this.toWgs84 = schema.crs() == null ? Reprojector.identity() : Reprojector.between(schema.crs(), Reprojector.wgs84());
        this.out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        this.gen = JSON.createGenerator(out, JsonEncoding.UTF8);
        gen.writeStartObject();
        gen.writeStringField("type", "FeatureCollection");
        if (schema.name() != null) {
            gen.writeStringField("name", schema.name());
        }
        gen.writeArrayFieldStart("features");
    }

    @Override
    public void write(List<Feature> features) throws IOException {
        for (Feature f : features) {
            gen.writeStartObject();
            gen.writeStringField("type", "Feature");
            gen.writeNumberField("id", f.id());
            gen.writeFieldName("geometry");
            Geometry g = f.geometry() == null ? null : toWgs84.transform(f.geometry());
            if (g != null) {
                g = g.copy();
                g.normalize(); // shells clockwise in JTS; reversed below when written
            }
            geometry(g);
            gen.writeObjectFieldStart("properties");
            for (Map.Entry<String, Object> e : f.attributes().entrySet()) {
                gen.writeFieldName(e.getKey());
                value(e.getValue());
            }
            gen.writeEndObject();
            gen.writeEndObject();
            count++;
        }
        gen.flush();
    }

    private void value(Object v) throws IOException {
        if (v == null) {
            gen.writeNull();
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            gen.writeNumber(((Number) v).longValue());
        } else if (v instanceof Number n) {
            double d = n.doubleValue();
            if (Double.isFinite(d)) {
                gen.writeNumber(d);
            } else {
                gen.writeNull();
            }
        } else if (v instanceof Boolean b) {
            gen.writeBoolean(b);
        } else if (v instanceof byte[] b) {
            gen.writeBinary(b);
        } else if (v instanceof java.util.Date || v instanceof java.time.temporal.Temporal) {
            gen.writeString(v instanceof java.time.LocalDate ? v.toString() : GpkgValues.dateTime(v));
        } else {
            gen.writeString(v.toString());
        }
    }

    private void geometry(Geometry g) throws IOException {
        if (g == null) {
            gen.writeNull();
            return;
        }
        gen.writeStartObject();
        if (g instanceof Point p) {
            gen.writeStringField("type", "Point");
            gen.writeFieldName("coordinates");
            if (p.isEmpty()) {
                gen.writeStartArray();
                gen.writeEndArray();
            } else {
                position(p.getCoordinate());
            }
        } else if (g instanceof LineString l) {
            gen.writeStringField("type", "LineString");
            gen.writeFieldName("coordinates");
            positions(l.getCoordinateSequence(), false);
        } else if (g instanceof Polygon p) {
            gen.writeStringField("type", "Polygon");
            gen.writeFieldName("coordinates");
            rings(p);
        } else if (g instanceof MultiPoint mp) {
            gen.writeStringField("type", "MultiPoint");
            gen.writeArrayFieldStart("coordinates");
            for (int i = 0; i < mp.getNumGeometries(); i++) {
                position(mp.getGeometryN(i).getCoordinate());
            }
            gen.writeEndArray();
        } else if (g instanceof MultiLineString ml) {
            gen.writeStringField("type", "MultiLineString");
            gen.writeArrayFieldStart("coordinates");
            for (int i = 0; i < ml.getNumGeometries(); i++) {
                positions(((LineString) ml.getGeometryN(i)).getCoordinateSequence(), false);
            }
            gen.writeEndArray();
        } else if (g instanceof MultiPolygon mp) {
            gen.writeStringField("type", "MultiPolygon");
            gen.writeArrayFieldStart("coordinates");
            for (int i = 0; i < mp.getNumGeometries(); i++) {
                rings((Polygon) mp.getGeometryN(i));
            }
            gen.writeEndArray();
        } else if (g instanceof GeometryCollection gc) {
            gen.writeStringField("type", "GeometryCollection");
            gen.writeArrayFieldStart("geometries");
            for (int i = 0; i < gc.getNumGeometries(); i++) {
                geometry(gc.getGeometryN(i));
            }
            gen.writeEndArray();
        }
        gen.writeEndObject();
    }

    /** Rings of a normalised polygon (JTS: shell clockwise, holes counter-clockwise), reversed for RFC 7946. */
    private void rings(Polygon p) throws IOException {
        gen.writeStartArray();
        if (!p.isEmpty()) {
            positions(p.getExteriorRing().getCoordinateSequence(), true);
            for (int i = 0; i < p.getNumInteriorRing(); i++) {
                positions(p.getInteriorRingN(i).getCoordinateSequence(), true);
            }
        }
        gen.writeEndArray();
    }

    private void positions(CoordinateSequence s, boolean reverse) throws IOException {
        gen.writeStartArray();
        int n = s.size();
        for (int k = 0; k < n; k++) {
            position(s.getCoordinate(reverse ? n - 1 - k : k));
        }
        gen.writeEndArray();
    }

    private void position(Coordinate c) throws IOException {
        gen.writeStartArray();
        gen.writeNumber(c.getX());
        gen.writeNumber(c.getY());
        if (!Double.isNaN(c.getZ())) {
            gen.writeNumber(c.getZ());
        }
        gen.writeEndArray();
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
            gen.writeEndArray();
            gen.writeEndObject();
            gen.close();
        } finally {
            out.close();
        }
    }
}
