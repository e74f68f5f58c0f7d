package org.deepraster.tool.assess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.deepraster.feature.Feature;
import org.deepraster.feature.FeatureCollection;
import org.deepraster.feature.FeatureSchema;
import org.deepraster.feature.Field;
import org.deepraster.feature.FieldType;
import org.deepraster.feature.GeometryKind;
import org.deepraster.geo.Crs;
import org.deepraster.geo.Reprojector;
import org.deepraster.raster.GeoTiffWriter;
import org.deepraster.raster.RasterFiles;
import org.deepraster.raster.RasterSource;
import org.deepraster.raster.SampleType;
import org.deepraster.util.Progress;
import org.deepraster.util.UserException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.opengis.referencing.crs.CoordinateReferenceSystem;

/** The tool on small in-memory layers and generated rasters: modes, matching, CRS, NoData, streaming, report files. */
class AccuracyAssessmentToolTest {
    static final GeometryFactory GF = new GeometryFactory();
    static final CoordinateReferenceSystem UTM = Crs.forEpsg(32633);

    @TempDir
    Path dir;

    static Geometry box(double x0, double y0, double x1, double y1) {
        return GF.toGeometry(new Envelope(x0, x1, y0, y1));
    }

    static FeatureCollection layer(String name, CoordinateReferenceSystem crs, List<Field> fields, List<Feature> fs) {
        return new FeatureCollection(new FeatureSchema(name, GeometryKind.POLYGON, fields, crs), fs, null, List.of());
    }

    static Feature f(long id, Geometry g, Object... kv) {
        Map<String, Object> a = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            a.put((String) kv[i], kv[i + 1]);
        }
        return new Feature(id, g, a);
    }

    /** Ground truth: 6 buildings, ids 1..6, 10 m squares 20 m apart, damage d,d,u,u,u,u. */
    static FeatureCollection buildings() {
        List<Feature> fs = new ArrayList<>();
        String[] damage = {"damaged", "damaged", "undamaged", "undamaged", "undamaged", "undamaged"};
        for (int i = 0; i < 6; i++) {
            double x = 500_000 + 20 * i;
            fs.add(f(i + 1, box(x, 5_000_000, x + 10, 5_000_010), "damage", damage[i]));
        }
        return layer("buildings", UTM, List.of(new Field("damage", FieldType.STRING)), fs);
    }

    @Test
    void classifiedObjectsMatchedBySourceOid() throws IOException {
        // results for ids 1..5 (6 missed) plus one for an id not in the ground truth (99) and one repeating id 1
        List<Feature> rs = List.of(
                f(1, null, "SourceOID", 1L, "ClassLabel", "damaged", "Class", 0, "Confidence", 90.0),
                f(2, null, "SourceOID", 2L, "ClassLabel", "undamaged", "Class", 1, "Confidence", 60.0),
                f(3, null, "SourceOID", 3L, "ClassLabel", "undamaged", "Class", 1, "Confidence", 80.0),
                f(4, null, "SourceOID", 4L, "ClassLabel", "damaged", "Class", 0, "Confidence", 70.0),
                f(5, null, "SourceOID", 5L, "ClassLabel", "undamaged", "Class", 1, "Confidence", 99.0),
                f(6, null, "SourceOID", 99L, "ClassLabel", "undamaged", "Class", 1, "Confidence", 99.0),
                f(7, null, "SourceOID", 1L, "ClassLabel", "undamaged", "Class", 1, "Confidence", 99.0));
        FeatureCollection results = layer("classified", UTM, List.of(new Field("SourceOID", FieldType.INTEGER),
                new Field("ClassLabel", FieldType.STRING), new Field("Class", FieldType.INTEGER),
                new Field("Confidence", FieldType.REAL)), rs);
        AccuracyAssessmentParameters p = AccuracyAssessmentParameters.of(AssessmentInput.layer(results),
                List.of(AssessmentInput.layer(buildings())), dir.resolve("report")).withClassFields(null, "damage");
        AccuracyAssessmentResult r = new AccuracyAssessmentTool().run(p, Progress.NONE);
        AccuracyReport rep = r.report();
        assertThat(rep.mode()).isEqualTo(AssessmentMode.OBJECTS);
        ConfusionMatrix m = rep.matrix();
        assertThat(m.classes()).containsExactly("damaged", "undamaged");
        // truth d: ids 1 (d), 2 (u); truth u: 3 (u), 4 (d), 5 (u)
        assertThat(m.counts()).isEqualTo(new long[][] {{1, 1}, {1, 2}});
        assertThat(rep.figure("overall_accuracy").doubleValue()).isCloseTo(3 / 5.0, within(1e-12));
        assertThat(rep.figure("unmatched_results")).isEqualTo(2L); // 99 and the repeated 1
        assertThat(rep.figure("unmatched_ground_truth")).isEqualTo(1L); // 6
        assertThat(rep.notes()).anyMatch(n -> n.contains("1 results repeat an id"));
        assertThat(r.files().all()).extracting(x -> x.getFileName().toString()).containsExactlyInAnyOrder(
                "report.html", "confusion_matrix.png", "per_class.png", "confusion_matrix.csv", "per_class.csv", "metrics.json");
        for (Path file : r.files().all()) {
            assertThat(Files.size(file)).as(file.toString()).isGreaterThan(40);
        }
        BufferedImage cm = ImageIO.read(dir.resolve("report/confusion_matrix.png").toFile());
        assertThat(cm.getWidth()).isGreaterThan(200);
        String html = Files.readString(r.files().report());
        assertThat(html).contains("<img src=\"confusion_matrix.png\"").contains("<img src=\"per_class.png\"")
                .contains("Overall accuracy").contains("0.600");
        JsonNode json = new ObjectMapper().readTree(dir.resolve("report/metrics.json").toFile());
        assertThat(json.path("mode").asText()).isEqualTo("OBJECTS");
        assertThat(json.path("summary").path("overall_accuracy").asDouble()).isCloseTo(0.6, within(1e-12));
        assertThat(json.path("confusion_matrix").path("counts").get(1).get(1).asLong()).isEqualTo(2);
        assertThat(Files.readAllLines(dir.resolve("report/confusion_matrix.csv")))
                .containsExactly("ground_truth\\results,damaged,undamaged", "damaged,1,1", "undamaged,1,2");
        // a second run into the same folder needs overwrite
        assertThatThrownBy(() -> new AccuracyAssessmentTool().plan(p)).isInstanceOf(UserException.class)
                .hasMessageContaining("already holds a report");
        Path csv = dir.resolve("report/confusion_matrix.csv");
        Object before = Files.readAttributes(csv, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        AccuracyAssessmentResult again = new AccuracyAssessmentTool().run(p.withOverwrite(true), Progress.NONE);
        // written beside the old report and moved in whole (issue 21, point 1)
        assertThat(again.files().report()).isEqualTo(dir.resolve("report/report.html").toAbsolutePath());
        assertThat(Files.readAttributes(csv, java.nio.file.attribute.BasicFileAttributes.class).fileKey()).isNotEqualTo(before);
        assertThat(dir.resolve(".report.partial")).doesNotExist();
        assertThat(dir.resolve(".report.lock")).doesNotExist();
    }

    @Test
    void classifiedObjectsMatchedByLargestOverlapWithClassValuesNamedByTheModel() throws IOException {
        // footprints from a detector: shifted copies; result A overlaps building 1 by 8 m and building 2 by nothing;
        // result B overlaps building 2 most (7 m) and building 3 a little (1 m); C lies on building 3 only.
        List<Feature> rs = List.of(
                f(1, box(500_002, 5_000_000, 500_012, 5_000_010), "Class", 0),  // on 1 (overlap 80)
                f(2, box(500_023, 5_000_000, 500_033, 5_000_010), "Class", 0),  // on 2 (70) and nothing else
                f(3, box(500_039, 5_000_000, 500_049, 5_000_010), "Class", 1),  // on 3 (90)
                f(4, box(500_041, 5_000_000, 500_045, 5_000_010), "Class", 0),  // also on 3, smaller: left unmatched
                f(5, box(600_000, 5_000_000, 600_010, 5_000_010), "Class", 1)); // far away
        FeatureCollection results = layer("footprints", UTM, List.of(new Field("Class", FieldType.INTEGER)), rs);
        String model = "{\"ModelType\":\"ObjectClassification\",\"Classes\":[{\"Value\":0,\"Name\":\"damaged\",\"Color\":[230,0,0]},"
                + "{\"Value\":1,\"Name\":\"undamaged\",\"Color\":[0,200,0]}]}";
        AccuracyAssessmentParameters p = AccuracyAssessmentParameters.of(AssessmentInput.layer(results),
                        List.of(AssessmentInput.layer(buildings())), dir.resolve("geo"))
                .withClassFields("Class", "damage").withModelDefinition(model);
        AccuracyReport rep = new AccuracyAssessmentTool().run(p, Progress.NONE).report();
        assertThat(rep.mode()).isEqualTo(AssessmentMode.OBJECTS);
        assertThat(rep.matrix().classes()).containsExactly("damaged", "undamaged");
        // 1: d->d, 2: d->d, 3: u->u
        assertThat(rep.matrix().counts()).isEqualTo(new long[][] {{2, 0}, {0, 1}});
        assertThat(rep.figure("unmatched_results")).isEqualTo(2L);
        assertThat(rep.figure("unmatched_ground_truth")).isEqualTo(3L);
        assertThat(rep.colorOf("damaged")).isEqualTo(0xE60000);
        assertThat(rep.notes()).anyMatch(n -> n.contains("largest overlap"));
    }

    @Test
    void withoutAModelTheChartsTakeTheMapLayersClassColoursElseTheToolsDefaultPalette() throws IOException {
        List<Feature> rs = List.of(
                f(1, box(500_002, 5_000_000, 500_012, 5_000_010), "Class", "damaged"),
                f(2, box(500_039, 5_000_000, 500_049, 5_000_010), "Class", "undamaged"));
        FeatureCollection results = layer("footprints", UTM, List.of(new Field("Class", FieldType.STRING)), rs);
        FeatureCollection truth = layer("truth", UTM, List.of(new Field("damage", FieldType.STRING)), List.of(
                f(1, box(500_000, 5_000_000, 500_010, 5_000_010), "damage", "damaged"),
                f(2, box(500_040, 5_000_000, 500_050, 5_000_010), "damage", "undamaged")));
        // the map draws the results layer with these class colours (a Detect Objects run styled it from its model)
        AssessmentInput styled = new AssessmentInput.Features(new org.deepraster.tool.FeatureInput.Layer(results),
                java.util.Map.of("damaged", 0xF0C828, "undamaged", 0x1E8C28));
        AccuracyReport rep = new AccuracyAssessmentTool().run(AccuracyAssessmentParameters.of(styled,
                List.of(AssessmentInput.layer(truth)), dir.resolve("styled")).withClassFields("Class", "damage"),
                Progress.NONE).report();
        assertThat(rep.colorOf("damaged")).isEqualTo(0xF0C828);
        assertThat(rep.colorOf("undamaged")).isEqualTo(0x1E8C28);
        assertThat(Files.readString(dir.resolve("styled").resolve(AccuracyAssessmentTool.REPORT))).contains("#f0c828");
        // no colours anywhere: the default palette the tools give classes of a model without colours, by class order
        rep = new AccuracyAssessmentTool().run(AccuracyAssessmentParameters.of(AssessmentInput.layer(results),
                List.of(AssessmentInput.layer(truth)), dir.resolve("plain")).withClassFields("Class", "damage"),
                Progress.NONE).report();
        assertThat(rep.colorOf("damaged")).isEqualTo(org.deepraster.model.ClassInfo.defaultRgb(0));
        assertThat(rep.colorOf("undamaged")).isEqualTo(org.deepraster.model.ClassInfo.defaultRgb(1));
    }

    @Test
    void detectionsAgainstGroundTruthInAnotherCrsArePooledFromSeveralLayers() throws IOException {
        // trees and cars in two layers, in WGS 84; detections in UTM
        List<Feature> trees = new ArrayList<>(), cars = new ArrayList<>(), dets = new ArrayList<>();
        Reprojector toWgs = Reprojector.between(UTM, Reprojector.wgs84());
        for (int i = 0; i < 3; i++) {
            Geometry t = box(500_000 + 30 * i, 5_000_000, 500_000 + 30 * i + 8, 5_000_008);
            trees.add(f(i + 1, toWgs.transform(t), "class", "tree"));
            dets.add(f(i + 1, t, "Class", "tree", "Confidence", 90.0 - i));
            Geometry c = box(500_000 + 30 * i, 5_000_100, 500_000 + 30 * i + 4, 5_000_102);
            cars.add(f(i + 1, toWgs.transform(c), "class", "car"));
        }
        dets.add(f(10, box(500_000, 5_000_100, 500_004, 5_000_102), "Class", "car", "Confidence", 80.0)); // TP
        dets.add(f(11, box(500_000, 5_000_100, 500_004, 5_000_102), "Class", "car", "Confidence", 70.0)); // duplicate: FP
        dets.add(f(12, box(500_031, 5_000_100, 500_035, 5_000_102), "Class", "car", "Confidence", 30.0)); // IoU 3/5: TP
        List<Field> gtFields = List.of(new Field("class", FieldType.STRING));
        FeatureCollection detections = layer("detections", UTM, List.of(new Field("Class", FieldType.STRING),
                new Field("Confidence", FieldType.REAL)), dets);
        AccuracyAssessmentParameters p = AccuracyAssessmentParameters.of(AssessmentInput.layer(detections),
                        List.of(AssessmentInput.layer(layer("trees", Reprojector.wgs84(), gtFields, trees)),
                                AssessmentInput.layer(layer("cars", Reprojector.wgs84(), gtFields, cars))), dir.resolve("det"))
                .withThresholds(0.5, 50);
        AccuracyAssessmentResult res = new AccuracyAssessmentTool().run(p, Progress.NONE);
        AccuracyReport rep = res.report();
        assertThat(rep.mode()).isEqualTo(AssessmentMode.DETECTIONS);
        assertThat(rep.warnings()).anyMatch(w -> w.contains("reprojected"));
        DetectionEvaluation.Result d = rep.detections();
        assertThat(d.classes()).extracting(DetectionEvaluation.ClassResult::name).containsExactly("car", "tree");
        DetectionEvaluation.ClassResult car = d.classes().get(0), tree = d.classes().get(1);
        assertThat(tree.truePositives()).isEqualTo(3);
        assertThat(tree.averagePrecision()).isCloseTo(1, within(1e-9));
        // cars ranked: TP, FP, TP (3 objects): recall 1/3, 1/3, 2/3; precision 1, 1/2, 2/3 -> AP 1/3 + 1/3 * 2/3
        assertThat(car.averagePrecision()).isCloseTo(1 / 3.0 + 2 / 9.0, within(1e-9));
        // at confidence >= 50: TP 1, FP 1
        assertThat(car.truePositives()).isEqualTo(1);
        assertThat(car.falsePositives()).isEqualTo(1);
        assertThat(car.falseNegatives()).isEqualTo(2);
        assertThat(rep.figure("map").doubleValue()).isCloseTo((1 + 1 / 3.0 + 2 / 9.0) / 2, within(1e-9));
        assertThat(res.files().all()).extracting(x -> x.getFileName().toString()).contains("pr_curves.png", "per_class.png",
                "per_class.csv", "metrics.json");
        assertThat(Files.readString(res.files().report())).contains("<img src=\"pr_curves.png\"").contains("mAP");
    }

    @Test
    void detectionsAsPointsAreRefusedWithAHint() {
        List<Feature> dets = List.of(f(1, GF.createPoint(new org.locationtech.jts.geom.Coordinate(500_001, 5_000_001)),
                "Class", "tree", "Confidence", 90.0));
        FeatureCollection detections = new FeatureCollection(new FeatureSchema("d", GeometryKind.POINT,
                List.of(new Field("Class", FieldType.STRING), new Field("Confidence", FieldType.REAL)), UTM), dets, null, List.of());
        List<Feature> trees = List.of(f(1, box(500_000, 5_000_000, 500_008, 5_000_008), "class", "tree"));
        AccuracyAssessmentParameters p = AccuracyAssessmentParameters.of(AssessmentInput.layer(detections),
                List.of(AssessmentInput.layer(layer("trees", UTM, List.of(new Field("class", FieldType.STRING)), trees))),
                dir.resolve("x"));
        assertThatThrownBy(() -> new AccuracyAssessmentTool().plan(p)).isInstanceOf(UserException.class)
                .hasMessageContaining("points or lines").satisfies(e -> assertThat(((UserException) e).hint()).contains("CENTER_POINTS"));
    }

    @Test
    void aMissingClassFieldIsNamedWithTheFieldsThereAre() {
        FeatureCollection results = layer("r", UTM, List.of(new Field("SourceOID", FieldType.INTEGER),
                new Field("ClassLabel", FieldType.STRING)), List.of());
        AccuracyAssessmentParameters p = AccuracyAssessmentParameters.of(AssessmentInput.layer(results),
                List.of(AssessmentInput.layer(buildings())), dir.resolve("x"));
        assertThatThrownBy(() -> new AccuracyAssessmentTool().plan(p)).isInstanceOf(UserException.class)
                .hasMessageContaining("Which field of buildings holds the class")
                .satisfies(e -> assertThat(((UserException) e).hint()).contains("--ground_truth_class_field").contains("damage"));
    }

    // ------------------------------------------------------------------ pixels

    /** A 1-band UINT8 raster, pixel size {@code px}, upper-left at (500000, 5000000). */
    Path raster(String name, int w, int h, double px, Double noData, int[] values) throws IOException {
        Path file = dir.resolve(name);
        GeoTiffWriter.Options o = GeoTiffWriter.Options.of(w, h, 1, SampleType.UINT8)
                .georeferenced(new AffineTransform(px, 0, 0, -px, 500_000, 5_000_000), UTM).withTileSize(16)
                .withNoData(noData);
        float[] s = new float[w * h];
        for (int i = 0; i < s.length; i++) {
            s[i] = values[i];
        }
        try (GeoTiffWriter wr = GeoTiffWriter.create(file, o)) {
            wr.writeRows(s, h);
        }
        return file;
    }

    @Test
    void pixelsAreComparedInBandsLeavingOutNoDataOfEitherRaster() throws IOException {
        int w = 37, h = 23; // not a multiple of the tile size
        int[] truth = new int[w * h], result = new int[w * h];
        long[][] expected = new long[3][3]; // classes 1, 2, 3
        long excluded = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                truth[i] = (x + y) % 7 == 0 ? 0 : 1 + (x / 13); // 0 is the truth's NoData
                result[i] = (x * y) % 11 == 5 ? 255 : 1 + ((x + 2 * (y % 3)) / 13) % 3; // 255 the result's NoData
                if (truth[i] == 0 || result[i] == 255) {
                    excluded++;
                } else {
                    expected[truth[i] - 1][result[i] - 1]++;
                }
            }
        }
        Path t = raster("truth.tif", w, h, 1, 0.0, truth);
        Path r = raster("result.tif", w, h, 1, 255.0, result);
        try (RasterSource rs = RasterFiles.open(r); RasterSource ts = RasterFiles.open(t)) {
            for (int band : new int[] {w, 5 * w, 1 << 20}) { // one row per band, five rows, the whole raster
                PixelComparison.Outcome o = PixelComparison.compare(rs, ts, Progress.NONE, band);
                assertThat(o.sameGrid()).isTrue();
                assertThat(o.matrix().classes()).containsExactly("1", "2", "3");
                assertThat(o.matrix().counts()).isEqualTo(expected);
                assertThat(o.excluded()).isEqualTo(excluded);
                assertThat(o.compared() + o.excluded()).isEqualTo((long) w * h);
            }
        }
        String model = "{\"ModelType\":\"ImageClassification\",\"Classes\":[{\"Value\":1,\"Name\":\"Grass\",\"Color\":[0,160,0]},"
                + "{\"Value\":2,\"Name\":\"Road\",\"Color\":[90,90,90]},{\"Value\":3,\"Name\":\"Water\",\"Color\":[0,0,200]}]}";
        AccuracyAssessmentParameters p = AccuracyAssessmentParameters.of(AssessmentInput.parse(r.toString()),
                List.of(AssessmentInput.parse(t.toString())), dir.resolve("px")).withModelDefinition(model);
        AccuracyAssessmentResult res = new AccuracyAssessmentTool().run(p, Progress.NONE);
        AccuracyReport rep = res.report();
        assertThat(rep.mode()).isEqualTo(AssessmentMode.PIXELS);
        assertThat(rep.matrix().classes()).containsExactly("Grass", "Road", "Water");
        assertThat(rep.matrix().counts()).isEqualTo(expected);
        ConfusionMatrix m = ConfusionMatrix.of(List.of("1", "2", "3"), expected);
        assertThat(rep.figure("weighted_f1").doubleValue()).isCloseTo(m.weightedF1(), within(1e-12));
        assertThat(rep.figure("excluded")).isEqualTo(excluded);
        assertThat(Files.readString(res.files().report())).contains("IoU").contains("Pixel-weighted F1");
    }

    @Test
    void aFinerGroundTruthIsSampledAtTheCentresOfTheResultPixels() throws IOException {
        // truth: 1 m pixels, 20 x 12; result: 2 m pixels, 10 x 6 over the same area
        int tw = 20, th = 12;
        int[] truth = new int[tw * th];
        for (int y = 0; y < th; y++) {
            for (int x = 0; x < tw; x++) {
                truth[y * tw + x] = 1 + (x * 3 + y) % 2;
            }
        }
        int rw = 10, rh = 6;
        int[] result = new int[rw * rh];
        long[][] expected = new long[2][2];
        for (int y = 0; y < rh; y++) {
            for (int x = 0; x < rw; x++) {
                result[y * rw + x] = 1 + (x + y) % 2;
                // the centre of result pixel (x, y) is at truth pixel (2x + 1, 2y + 1)
                int t = truth[(2 * y + 1) * tw + 2 * x + 1];
                expected[t - 1][result[y * rw + x] - 1]++;
            }
        }
        Path t = raster("fine.tif", tw, th, 1, 0.0, truth);
        Path r = raster("coarse.tif", rw, rh, 2, 0.0, result);
        try (RasterSource rs = RasterFiles.open(r); RasterSource ts = RasterFiles.open(t)) {
            PixelComparison.Outcome o = PixelComparison.compare(rs, ts, Progress.NONE, rw * 2);
            assertThat(o.sameGrid()).isFalse();
            assertThat(o.matrix().counts()).isEqualTo(expected);
            assertThat(o.excluded()).isZero();
        }
    }

    @Test
    void aRasterAgainstALayerIsRefused() throws IOException {
        Path r = raster("r.tif", 4, 4, 1, 0.0, new int[16]);
        AccuracyAssessmentParameters p = AccuracyAssessmentParameters.of(AssessmentInput.parse(r.toString()),
                List.of(AssessmentInput.layer(buildings())), dir.resolve("x"));
        assertThatThrownBy(() -> new AccuracyAssessmentTool().plan(p)).isInstanceOf(UserException.class)
                .hasMessageContaining("the ground truth is not a raster");
    }

    @Test
    void aResultRasterOfNonClassValuesIsRefused() throws IOException {
        Path file = dir.resolve("float.tif");
        GeoTiffWriter.Options o = GeoTiffWriter.Options.of(4, 4, 1, SampleType.FLOAT32)
                .georeferenced(new AffineTransform(1, 0, 0, -1, 500_000, 5_000_000), UTM).withTileSize(16);
        float[] s = new float[16];
        java.util.Arrays.fill(s, 0.5f);
        try (GeoTiffWriter wr = GeoTiffWriter.create(file, o)) {
            wr.writeRows(s, 4);
        }
        Path t = raster("t.tif", 4, 4, 1, null, new int[16]);
        AccuracyAssessmentParameters p = AccuracyAssessmentParameters.of(AssessmentInput.parse(file.toString()),
                List.of(AssessmentInput.parse(t.toString())), dir.resolve("x"));
        assertThatThrownBy(() -> new AccuracyAssessmentTool().run(p, Progress.NONE)).isInstanceOf(UserException.class)
                .hasMessageContaining("not a class value");
    }
}
