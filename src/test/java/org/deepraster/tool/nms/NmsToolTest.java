package org.deepraster.tool.nms;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deepraster.Main;
import org.deepraster.feature.Feature;
import org.deepraster.feature.FeatureCollection;
import org.deepraster.feature.FeatureSchema;
import org.deepraster.feature.FeatureWriter;
import org.deepraster.feature.FeatureWriters;
import org.deepraster.feature.Field;
import org.deepraster.feature.FieldType;
import org.deepraster.feature.GeometryKind;
import org.deepraster.feature.VectorFiles;
import org.deepraster.feature.WriteMode;
import org.deepraster.geo.Crs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.GeometryFactory;

class NmsToolTest {

    @Test
    void commandKeepsTheMostConfidentOfOverlappingFeatures(@TempDir Path dir) throws Exception {
        GeometryFactory gf = new GeometryFactory();
        FeatureSchema schema = new FeatureSchema("boxes", GeometryKind.POLYGON,
                List.of(new Field("Class", FieldType.STRING), new Field("Confidence", FieldType.REAL)), Crs.forCode("32633"));
        List<Feature> fs = new ArrayList<>();
        double[][] b = {{0, 10, 90}, {2, 12, 80}, {100, 110, 70}, {101, 111, 95}, {200, 210, 50}};
        String[] cls = {"car", "car", "tree", "tree", "car"};
        for (int i = 0; i < b.length; i++) {
            fs.add(new Feature(i + 1, gf.toGeometry(new Envelope(500000 + b[i][0], 500000 + b[i][1], 5000000, 5000010)),
                    Map.of("Class", cls[i], "Confidence", b[i][2])));
        }
        Path in = dir.resolve("in.gpkg");
        try (FeatureWriter w = FeatureWriters.create(in, schema, WriteMode.CREATE)) {
            w.write(fs);
        }
        Path out = dir.resolve("out.gpkg");
        int rc = Main.run("nms", "--in_featureclass", in.toString(), "--confidence_score_field", "Confidence",
                "--out_featureclass", out.toString(), "--class_value_field", "Class", "--max_overlap_ratio", "0.3");
        assertThat(rc).isZero();
        FeatureCollection kept = VectorFiles.open(out).get(0);
        assertThat(kept.features()).extracting(f -> f.get("Confidence")).containsExactlyInAnyOrder(90.0, 95.0, 50.0);
        // an existing output without --overwrite is a user error (exit 2); a missing field too
        assertThat(Main.run("nms", "--in-featureclass", in.toString(), "--out-featureclass", out.toString())).isEqualTo(2);
        assertThat(Main.run("nms", "--in-featureclass", in.toString(), "--out-featureclass", dir.resolve("o2.gpkg").toString(),
                "--confidence-score-field", "Score")).isEqualTo(2);
    }
}
