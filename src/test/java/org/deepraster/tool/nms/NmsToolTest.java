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

    @Test
    void containmentRuleDropsWhatLiesMostlyInsideABiggerKeptFeature(@TempDir Path dir) throws Exception {
        GeometryFactory gf = new GeometryFactory();
        FeatureSchema schema = new FeatureSchema("boxes", GeometryKind.POLYGON,
                List.of(new Field("Class", FieldType.STRING), new Field("Confidence", FieldType.REAL)), Crs.forCode("32633"));
        // a big car, a more confident tree inside it (IoU 0.16, IoS 1), a box 30 % inside the car, one alone
        double[][] b = {{0, 0, 10, 10, 60}, {2, 2, 6, 6, 90}, {7, 0, 17, 10, 80}, {50, 50, 52, 52, 70}};
        String[] cls = {"car", "tree", "car", "car"};
        List<Feature> fs = new ArrayList<>();
        for (int i = 0; i < b.length; i++) {
            fs.add(new Feature(i + 1, gf.toGeometry(new Envelope(500000 + b[i][0], 500000 + b[i][2], 5000000 + b[i][1],
                    5000000 + b[i][3])), Map.of("Class", cls[i], "Confidence", b[i][4])));
        }
        Path in = dir.resolve("in.gpkg");
        try (FeatureWriter w = FeatureWriters.create(in, schema, WriteMode.CREATE)) {
            w.write(fs);
        }
        Path plain = dir.resolve("plain.gpkg");
        assertThat(Main.run("nms", "--in_featureclass", in.toString(), "--out_featureclass", plain.toString(),
                "--class_value_field", "Class", "--max_overlap_ratio", "0.5")).isZero();
        assertThat(VectorFiles.open(plain).get(0).features()).hasSize(4);
        Path out = dir.resolve("contained.gpkg");
        assertThat(Main.run("nms", "--in_featureclass", in.toString(), "--out_featureclass", out.toString(),
                "--class_value_field", "Class", "--max_overlap_ratio", "0.5", "--max_containment_ratio", "0.5")).isZero();
        assertThat(VectorFiles.open(out).get(0).features()).extracting(f -> f.get("Confidence"))
                .containsExactlyInAnyOrder(60.0, 80.0, 70.0);
        assertThat(Main.run("nms", "--in_featureclass", in.toString(), "--out_featureclass", dir.resolve("x.gpkg").toString(),
                "--max_containment_ratio", "1.5")).isEqualTo(2);
    }
}
