package org.deepraster.toolbox;

import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deepraster.feature.Feature;
import org.deepraster.feature.FeatureSchema;
import org.deepraster.feature.FeatureWriter;
import org.deepraster.feature.FeatureWriters;
import org.deepraster.feature.Field;
import org.deepraster.feature.FieldType;
import org.deepraster.feature.GeometryKind;
import org.deepraster.feature.WriteMode;
import org.deepraster.geo.Crs;
import org.deepraster.plugin.LayerStyle;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.GeometryFactory;

/** A Classify Objects-like results GeoPackage for review tests. */
public final class ReviewFixtures {
    public static final Color DAMAGED = new Color(0xE0, 0x30, 0x30);
    public static final Color UNDAMAGED = new Color(0x30, 0xB0, 0x40);

    private ReviewFixtures() {
    }

    /**
     * {@code n} square buildings (20 m, on a 40 m grid of 10 columns, UTM 33N) in table
     * "classified": even source ids are "damaged" (Class 1), odd ones "undamaged" (Class 0);
     * Confidence is 50 + (i * 7) % 50.
     */
    public static Path classified(Path dir, int n) throws Exception {
        Path out = dir.resolve("classified.gpkg");
        FeatureSchema schema = new FeatureSchema("classified", GeometryKind.POLYGON,
                List.of(new Field("SourceOID", FieldType.INTEGER), new Field("ClassLabel", FieldType.STRING),
                        new Field("Class", FieldType.INTEGER), new Field("Confidence", FieldType.REAL)),
                Crs.forEpsg(32633));
        GeometryFactory gf = new GeometryFactory();
        List<Feature> fs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double x = 500_000 + (i % 10) * 40.0;
            double y = 5_000_000 + (i / 10) * 40.0;
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("SourceOID", (long) (1000 + i));
            boolean damaged = i % 2 == 0;
            a.put("ClassLabel", damaged ? "damaged" : "undamaged");
            a.put("Class", damaged ? 1L : 0L);
            a.put("Confidence", 50.0 + (i * 7) % 50);
            fs.add(new Feature(1000 + i, gf.toGeometry(new Envelope(x, x + 20, y, y + 20)), a));
        }
        try (FeatureWriter w = FeatureWriters.create(out, schema, WriteMode.OVERWRITE)) {
            w.write(fs);
        }
        return out;
    }

    /** The class style a Classify Objects run gives its layer (model order: damaged, undamaged). */
    public static LayerStyle style() {
        Map<Object, Color> colors = new LinkedHashMap<>();
        colors.put("damaged", DAMAGED);
        colors.put("undamaged", UNDAMAGED);
        return new LayerStyle(new Color(0x55, 0x55, 0x55), new Color(0x80, 0x80, 0x80, 50), 2f, 6f, "ClassLabel", colors);
    }
}
