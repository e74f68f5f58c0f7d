package org.deepraster.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Rectangle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deepraster.feature.Feature;
import org.deepraster.feature.GeoPackageReader;
import org.deepraster.geo.GridGeometry;
import org.deepraster.inference.BatchBuffer;
import org.deepraster.inference.InferenceEngine;
import org.deepraster.inference.InputNormalization;
import org.deepraster.inference.Instance;
import org.deepraster.inference.InstanceDecoder;
import org.deepraster.inference.ModelCheck;
import org.deepraster.inference.ModelSession;
import org.deepraster.model.ModelArguments;
import org.deepraster.model.ModelDefinition;
import org.deepraster.model.ModelDefinitions;
import org.deepraster.model.ModelType;
import org.deepraster.raster.RasterFiles;
import org.deepraster.raster.RasterSource;
import org.deepraster.raster.RasterWindow;
import org.deepraster.tool.assess.DetectionEvaluation;
import org.deepraster.tool.assess.InstanceEvaluation;
import org.deepraster.vector.MaskPolygons;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.AffineTransformation;

/**
 * The sample Mask R-CNN ({@code sample-models/building_instances.dlpk}) through our inference code:
 * the package loads with Esri's Mask R-CNN .emd keys, passes {@link ModelCheck} with the instance
 * decoder named, and on 256 px chips of an INSTANCES scene of a seed never used in training finds
 * the buildings (mask polygons against the footprints cut to each chip, IoU 0.5).
 */
class BuildingInstancesModelTest {
    static final long SEED = 404;
    static final int SIZE = 768;
    static final int CHIP = 256;
    static final Path MODEL = Path.of("sample-models", "building_instances.dlpk");
    static final GeometryFactory GF = new GeometryFactory();

    @TempDir
    Path dir;

    @Test
    void findsTheBuildingsOfAnUnseenScene() throws IOException {
        ModelDefinition d = ModelDefinitions.load(MODEL, ModelDefinitions.Options.strict().withCacheRoot(dir.resolve("cache")));
        assertThat(d.modelType()).isEqualTo(ModelType.INSTANCE_DETECTION);
        assertThat(d.framework()).isEqualTo("ONNX");
        assertThat(d.modelConfiguration().name()).isEqualTo("MaskRCNN");
        SampleScene.Files3 f = new SampleScene(SIZE, SEED, SampleScene.Flavour.INSTANCES).write(dir.resolve("scene"));
        GridGeometry grid;
        RasterWindow rgb;
        try (RasterSource s = RasterFiles.open(f.scene())) {
            grid = s.grid();
            rgb = s.read(new Rectangle(0, 0, SIZE, SIZE), new int[] {0, 1, 2});
        }
        List<Geometry> truths = new ArrayList<>();
        for (Feature b : GeoPackageReader.read(f.groundTruth()).stream().filter(c -> c.schema().name().equals("buildings"))
                .findFirst().orElseThrow().features()) {
            truths.add(toPixels(b.geometry(), grid));
        }
        try (InferenceEngine engine = new InferenceEngine()) {
            ModelSession session = engine.session(d.modelFile());
            ModelCheck.Report report = ModelCheck.check(d, session.signature());
            assertThat(report.ok()).as(report.problems().toString()).isTrue();
            assertThat(report.problems()).anyMatch(p -> p.message().startsWith("instance masks: torchvision Mask R-CNN outputs"));
            InstanceDecoder dec = InstanceDecoder.recognise(d, session.signature()).orElseThrow();
            float scoreThreshold = Float.parseFloat(argument(d, "threshold"));
            float maskThreshold = InstanceDecoder.maskThreshold(ModelArguments.parse("mask_threshold " + argument(d, "mask_threshold")));
            InputNormalization norm = InputNormalization.forDefinition(d, 3);
            int tp = 0, found = 0, expected = 0;
            List<DetectionEvaluation.Detection> allDetected = new ArrayList<>();
            List<DetectionEvaluation.Truth> allTruths = new ArrayList<>();
            for (int y0 = 0; y0 < SIZE; y0 += CHIP) {
                for (int x0 = 0; x0 < SIZE; x0 += CHIP) {
                    BatchBuffer batch = new BatchBuffer(d.modelFormat(), 1, 3, CHIP, CHIP);
                    batch.put(0, chip(rgb, x0, y0, norm));
                    List<Instance> instances = dec.decode(session.run(batch), scoreThreshold, maskThreshold).get(0);
                    List<Geometry> detected = new ArrayList<>();
                    for (Instance in : instances) {
                        List<Polygon> ps = MaskPolygons.polygons(in.mask().bits(), in.mask().width(), in.mask().height(),
                                x0 + in.mask().x0(), y0 + in.mask().y0(), 0, GF);
                        detected.add(ps.get(0)); // the largest part
                        allDetected.add(new DetectionEvaluation.Detection(ps.get(0), "building", in.score()));
                    }
                    Geometry box = GF.toGeometry(new org.locationtech.jts.geom.Envelope(x0, x0 + CHIP, y0, y0 + CHIP));
                    List<Geometry> gt = new ArrayList<>();
                    for (Geometry t : truths) {
                        Geometry cut = t.intersection(box);
                        if (cut.getArea() >= 12) {
                            gt.add(cut);
                        }
                    }
                    gt.forEach(g -> allTruths.add(new DetectionEvaluation.Truth(g, "building")));
                    tp += matches(detected, gt);
                    found += detected.size();
                    expected += gt.size();
                }
            }
            double precision = tp / (double) Math.max(1, found), recall = tp / (double) expected;
            System.out.printf("building instances: %d footprints (cut to chips), %d found, precision %.3f recall %.3f (mask IoU 0.5)%n",
                    expected, found, precision, recall);
            // the same through Accuracy Assessment's instance metrics (chips do not overlap: pieces match within their chip)
            InstanceEvaluation.Result ev = InstanceEvaluation.evaluate(allDetected, allTruths, List.of("building"), 0.5, scoreThreshold);
            System.out.printf("building instances: mask AP50 %.3f, AP75 %.3f, AP 0.50:0.95 %.3f, F1 %.3f%n", ev.meanAp50(),
                    ev.meanAp75(), ev.meanAp(), ev.f1());
            assertThat(ev.truePositives()).isEqualTo(tp);
            assertThat(ev.meanAp50()).isGreaterThanOrEqualTo(AP50_FLOOR);
            assertThat(expected).isGreaterThan(20);
            assertThat(precision).isGreaterThanOrEqualTo(PRECISION_FLOOR);
            assertThat(recall).isGreaterThanOrEqualTo(RECALL_FLOOR);
        }
    }

    static final double PRECISION_FLOOR = 0.5;
    static final double RECALL_FLOOR = 0.5;
    static final double AP50_FLOOR = 0.45;

    /** Greedy one-to-one matching at IoU 0.5, detections in output (score) order. */
    private static int matches(List<Geometry> detected, List<Geometry> gt) {
        boolean[] taken = new boolean[gt.size()];
        int tp = 0;
        for (Geometry d : detected) {
            int best = -1;
            double bestIou = 0.5;
            for (int j = 0; j < gt.size(); j++) {
                if (!taken[j] && d.getEnvelopeInternal().intersects(gt.get(j).getEnvelopeInternal())) {
                    double inter = d.intersection(gt.get(j)).getArea();
                    double iou = inter / (d.getArea() + gt.get(j).getArea() - inter);
                    if (iou >= bestIou) {
                        bestIou = iou;
                        best = j;
                    }
                }
            }
            if (best >= 0) {
                taken[best] = true;
                tp++;
            }
        }
        return tp;
    }

    private static Geometry toPixels(Geometry g, GridGeometry grid) {
        java.awt.geom.Point2D o = grid.mapToPixel(0, 0);
        java.awt.geom.Point2D ex = grid.mapToPixel(1, 0);
        java.awt.geom.Point2D ey = grid.mapToPixel(0, 1);
        AffineTransformation t = new AffineTransformation(ex.getX() - o.getX(), ey.getX() - o.getX(), o.getX(),
                ex.getY() - o.getY(), ey.getY() - o.getY(), o.getY());
        return t.transform(g);
    }

    private static float[] chip(RasterWindow rgb, int x0, int y0, InputNormalization norm) {
        float[] c = new float[3 * CHIP * CHIP];
        int plane = CHIP * CHIP;
        for (int b = 0; b < 3; b++) {
            for (int y = 0; y < CHIP; y++) {
                for (int x = 0; x < CHIP; x++) {
                    c[b * plane + y * CHIP + x] = rgb.samples()[b * SIZE * SIZE + (y0 + y) * SIZE + x0 + x];
                }
            }
        }
        norm.apply(c, plane);
        return c;
    }

    private static String argument(ModelDefinition d, String name) {
        return d.modelArguments().stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow().value();
    }
}
