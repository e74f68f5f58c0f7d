package org.deepraster.viewer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deepraster.feature.Feature;
import org.deepraster.feature.FeatureCollection;
import org.deepraster.feature.FeatureSchema;
import org.deepraster.feature.Field;
import org.deepraster.feature.FieldType;
import org.deepraster.feature.GeometryKind;
import org.deepraster.geo.Crs;
import org.deepraster.geo.GridGeometry;
import org.deepraster.raster.SampleType;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;
import org.opengis.referencing.crs.CoordinateReferenceSystem;

/** In-memory test data: a UTM raster of 100 x 100 pixels of 10 m and polygons over it. */
final class Fixtures {
    static final GeometryFactory GF = new GeometryFactory();
    static final double MIN_X = 500_000;
    static final double MAX_Y = 5_000_000;

    private Fixtures() {
    }

    static CoordinateReferenceSystem utm33() {
        return Crs.forEpsg(32633);
    }

    /** 3 bands, 8 bit: red = column * 2, green = row * 2, blue = 100; a NoData hole in the top-left 10 x 10 pixels. */
    static MemoryRaster raster(CoordinateReferenceSystem crs) {
        GridGeometry g = GridGeometry.northUp(100, 100, MIN_X, MAX_Y, 10, crs);
        return MemoryRaster.of("image", g, SampleType.UINT8, 0.0, 3,
                (b, c, r) -> c < 10 && r < 10 ? 0 : b == 0 ? c * 2 + 1 : b == 1 ? r * 2 + 1 : 100);
    }

    static Polygon box(double x0, double y0, double x1, double y1) {
        return GF.toGeometry(new Envelope(x0, x1, y0, y1)) instanceof Polygon p ? p : null;
    }

    static FeatureSchema schema(String name, CoordinateReferenceSystem crs) {
        return new FeatureSchema(name, GeometryKind.POLYGON,
                List.of(new Field("name", FieldType.STRING), new Field("area", FieldType.REAL)), crs);
    }

    static Feature feature(long id, Polygon p, String name) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("name", name);
        a.put("area", p.getArea());
        return new Feature(id, p, a);
    }

    /** Two polygons in UTM: a field in the raster's lower right quarter and a small house. */
    static FeatureCollection polygons(CoordinateReferenceSystem crs) {
        List<Feature> f = new ArrayList<>();
        f.add(feature(1, box(MIN_X + 600, MAX_Y - 900, MIN_X + 900, MAX_Y - 600), "field"));
        f.add(feature(2, box(MIN_X + 200, MAX_Y - 400, MIN_X + 300, MAX_Y - 300), "house"));
        return new FeatureCollection(schema("parcels", crs), f, null, List.of());
    }

    static Coordinate c(double x, double y) {
        return new Coordinate(x, y);
    }
}
