package org.deepraster.feature;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deepraster.geo.Reprojector;
import org.deepraster.util.UserException;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.opengis.referencing.crs.CoordinateReferenceSystem;

/**
 * Reads GeoJSON (a FeatureCollection, a single Feature or a bare geometry) with Jackson's
 * streaming parser: the features array is read one feature at a time, so large files need only
 * the memory of the features themselves. Coordinates are WGS 84 longitude/latitude (RFC 7946)
 * unless the legacy (2008) "crs" member names another CRS, e.g. urn:ogc:def:crs:EPSG::32633.
 */
public final class GeoJsonReader {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final GeometryFactory factory = new GeometryFactory();
    private final Path file;
    private final List<String> warnings = new ArrayList<>();
    private final Map<String, FieldType> fieldTypes = new LinkedHashMap<>();
    private final List<Feature> features = new ArrayList<>();

    private GeoJsonReader(Path file) {
        this.file = file;
    }

    public static FeatureCollection read(Path file) throws IOException {
        return new GeoJsonReader(file).read();
    }

    private FeatureCollection read() throws IOException {
        JsonFactory jf = MAPPER.getFactory();
        String type = null;
        JsonNode crsNode = null;
        String name = null;
        Map<String, JsonNode> members = new HashMap<>();
        try (InputStream in = Files.newInputStream(file); JsonParser p = jf.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new UserException(file + " is not GeoJSON: it does not start with a JSON object '{'.",
                        "Choose a GeoJSON file (a FeatureCollection, Feature or geometry object).");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken t = p.nextToken();
                switch (key) {
                    case "type" -> type = p.getValueAsString();
                    case "name" -> name = t == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "crs" -> crsNode = p.readValueAsTree();
                    case "features" -> {
                        if (t != JsonToken.START_ARRAY) {
                            throw new UserException(file + ": the \"features\" member is not an array (line "
                                    + p.currentLocation().getLineNr() + ").", "Fix the GeoJSON structure.");
                        }
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            JsonNode f = p.readValueAsTree();
                            addFeature(f);
                        }
                    }
                    default -> {
                        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                            members.put(key, p.readValueAsTree());
                        } else {
                            members.put(key, p.readValueAsTree());
                        }
                    }
                }
            }
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            throw new UserException(file + " is not valid JSON" + where + ": " + e.getOriginalMessage(),
                    "Fix the file (a JSON validator shows the exact place), or export it again.", e);
        }
        if (type == null) {
            throw new UserException(file + " is JSON but not GeoJSON: it has no \"type\" member.",
                    "Choose a GeoJSON file (a FeatureCollection, Feature or geometry object).");
        }
        switch (type) {
            case "FeatureCollection" -> {
            }
            case "Feature" -> {
                com.fasterxml.jackson.databind.node.ObjectNode f = MAPPER.createObjectNode();
                members.forEach(f::set);
                addFeature(f);
            }
            default -> {
                com.fasterxml.jackson.databind.node.ObjectNode g = MAPPER.createObjectNode();
                g.put("type", type);
                members.forEach(g::set);
                features.add(new Feature(1, geometry(g), Map.of()));
            }
        }
        CoordinateReferenceSystem crs = Reprojector.wgs84();
        if (crsNode != null && !crsNode.isNull()) {
            JsonNode n = crsNode.path("properties").path("name");
            if (n.isTextual()) {
                try {
                    crs = CrsSupport.fromGeoJsonName(n.asText());
                } catch (UserException e) {
                    warnings.add(file.getFileName() + ": unknown \"crs\" " + n.asText()
                            + "; the layer has no CRS. Assign one to place it on the map.");
                    crs = null;
                }
            } else {
                warnings.add(file.getFileName() + ": the \"crs\" member is not a named CRS; WGS 84 is assumed.");
            }
        }
        List<Field> fields = new ArrayList<>();
        fieldTypes.forEach((k, v) -> fields.add(new Field(k, v == null ? FieldType.STRING : v)));
        GeometryKind kind = null;
        for (Feature f : features) {
            if (f.geometry() == null) {
                continue;
            }
            GeometryKind k = GeometryKind.of(f.geometry());
            kind = kind == null ? k : kind == k ? kind : GeometryKind.MIXED;
        }
        String layer = name != null ? name : ShapefileReader.baseName(file);
        return new FeatureCollection(new FeatureSchema(layer, kind == null ? GeometryKind.NONE : kind, fields, crs),
                features, file, warnings);
    }

    private void addFeature(JsonNode f) {
        Geometry g;
        try {
            g = geometry(f.get("geometry"));
        } catch (RuntimeException e) {
            warnings.add(file.getFileName() + ": feature " + (features.size() + 1) + " has an invalid geometry ("
                    + e.getMessage() + "); it is read without geometry.");
            g = null;
        }
        Map<String, Object> attrs = new LinkedHashMap<>();
        JsonNode props = f.get("properties");
        if (props != null && props.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = props.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                Object v = value(e.getValue());
                attrs.put(e.getKey(), v);
                FieldType seen = fieldTypes.get(e.getKey());
                if (v == null) {
                    fieldTypes.putIfAbsent(e.getKey(), null);
                } else {
                    FieldType t = FieldType.of(v);
                    if (seen == null) {
                        fieldTypes.put(e.getKey(), t);
                    } else if (seen != t) {
                        boolean numeric = (seen == FieldType.INTEGER || seen == FieldType.REAL)
                                && (t == FieldType.INTEGER || t == FieldType.REAL);
                        fieldTypes.put(e.getKey(), numeric ? FieldType.REAL : FieldType.STRING);
                    }
                }
            }
        }
        features.add(new Feature(features.size() + 1, g, attrs));
    }

    private static Object value(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return null;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return v.longValue();
        }
        if (v.isNumber()) {
            return v.doubleValue();
        }
        if (v.isTextual()) {
            return v.textValue();
        }
        return v.toString();
    }

    Geometry geometry(JsonNode g) {
        if (g == null || g.isNull()) {
            return null;
        }
        String type = g.path("type").asText("");
        JsonNode c = g.get("coordinates");
        switch (type) {
            case "Point":
                return c == null || c.size() == 0 ? factory.createPoint() : factory.createPoint(coord(c));
            case "MultiPoint": {
                Point[] pts = new Point[c.size()];
                for (int i = 0; i < pts.length; i++) {
                    pts[i] = factory.createPoint(coord(c.get(i)));
                }
                return factory.createMultiPoint(pts);
            }
            case "LineString":
                return factory.createLineString(coords(c));
            case "MultiLineString": {
                LineString[] ls = new LineString[c.size()];
                for (int i = 0; i < ls.length; i++) {
                    ls[i] = factory.createLineString(coords(c.get(i)));
                }
                return factory.createMultiLineString(ls);
            }
            case "Polygon":
                return polygon(c);
            case "MultiPolygon": {
                Polygon[] ps = new Polygon[c.size()];
                for (int i = 0; i < ps.length; i++) {
                    ps[i] = polygon(c.get(i));
                }
                return factory.createMultiPolygon(ps);
            }
            case "GeometryCollection": {
                JsonNode gs = g.path("geometries");
                Geometry[] parts = new Geometry[gs.size()];
                for (int i = 0; i < parts.length; i++) {
                    parts[i] = geometry(gs.get(i));
                }
                return factory.createGeometryCollection(parts);
            }
            default:
                throw new IllegalArgumentException("unknown geometry type '" + type + "'");
        }
    }

    private Polygon polygon(JsonNode rings) {
        if (rings == null || rings.size() == 0) {
            return factory.createPolygon();
        }
        LinearRing shell = factory.createLinearRing(ring(rings.get(0)));
        LinearRing[] holes = new LinearRing[rings.size() - 1];
        for (int i = 1; i < rings.size(); i++) {
            holes[i - 1] = factory.createLinearRing(ring(rings.get(i)));
        }
        return factory.createPolygon(shell, holes);
    }

    private static Coordinate[] ring(JsonNode c) {
        Coordinate[] cs = coords(c);
        if (cs.length > 0 && !cs[0].equals2D(cs[cs.length - 1])) {
            Coordinate[] closed = java.util.Arrays.copyOf(cs, cs.length + 1);
            closed[cs.length] = cs[0].copy();
            return closed;
        }
        return cs;
    }

    private static Coordinate[] coords(JsonNode c) {
        if (c == null || !c.isArray()) {
            throw new IllegalArgumentException("coordinates missing");
        }
        Coordinate[] cs = new Coordinate[c.size()];
        for (int i = 0; i < cs.length; i++) {
            cs[i] = coord(c.get(i));
        }
        return cs;
    }

    private static Coordinate coord(JsonNode p) {
        if (p == null || !p.isArray() || p.size() < 2) {
            throw new IllegalArgumentException("a position needs at least two numbers");
        }
        if (p.size() >= 3) {
            return new Coordinate(p.get(0).asDouble(), p.get(1).asDouble(), p.get(2).asDouble());
        }
        return new Coordinate(p.get(0).asDouble(), p.get(1).asDouble());
    }
}
