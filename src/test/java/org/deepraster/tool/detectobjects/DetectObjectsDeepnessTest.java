package org.deepraster.tool.detectobjects;

import org.deepraster.tool.ProcessingMode;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.geom.AffineTransform;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deepraster.feature.Feature;
import org.deepraster.geo.Crs;
import org.deepraster.inference.InferenceEngine;
import org.deepraster.job.CallbackSink;
import org.deepraster.job.JobReport;
import org.deepraster.model.ModelArguments;
import org.deepraster.raster.GeoTiffWriter;
import org.deepraster.raster.SampleType;
import org.deepraster.util.Progress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Envelope;

/**
 * A Deepness detector (an ONNX file with Deepness metadata and no .emd) runs through Detect Objects
 * unchanged: det_type picks the decoder, det_conf is the default threshold, det_iou_thresh the
 * default nms_overlap, tiles_overlap (percent) the padding, class_names the classes. The fixture
 * (det_deepness.onnx) gives one 8 x 8 box per 8 x 8 cell of its 64 px tile, scored by the cell's
 * means, so the expected boxes are known exactly.
 */
class DetectObjectsDeepnessTest {
    static final Path MODEL = Path.of("src", "test", "resources", "onnx", "det_deepness.onnx");
    static final double X0 = 500_000;
    static final double Y0 = 6_000_000;

    @TempDir
    static Path dir;
    static InferenceEngine engine;

    @BeforeAll
    static void setUp() {
        engine = new InferenceEngine();
    }

    @AfterAll
    static void tearDown() {
        engine.close();
    }

    /** A w x h RGB raster of {@code cell} m pixels with filled squares {x, y, size, r, g, b} (pixels). */
    static Path raster(String name, int w, int h, double cell, int[]... squares) throws IOException {
        return raster(name, w, h, cell, 32633, squares);
    }

    static Path raster(String name, int w, int h, double cell, int epsg, int[]... squares) throws IOException {
        return raster(dir.resolve(name), 0, 0, w, h, cell, epsg, squares);
    }

    /** Pixels [ox, ox + w) x [oy, oy + h) of the scene (squares in scene pixels), georeferenced where they lie. */
    static Path raster(Path f, double ox, double oy, int w, int h, double cell, int epsg, int[]... squares) throws IOException {
        float[] s = new float[3 * w * h];
        for (int[] q : squares) {
            for (int y = q[1]; y < q[1] + q[2]; y++) {
                for (int x = q[0]; x < q[0] + q[2]; x++) {
                    int lx = x - (int) ox;
                    int ly = y - (int) oy;
                    if (lx < 0 || ly < 0 || lx >= w || ly >= h) {
                        continue;
                    }
                    for (int b = 0; b < 3; b++) {
                        s[b * w * h + ly * w + lx] = q[3 + b];
                    }
                }
            }
        }
        AffineTransform t = epsg == 4326 ? new AffineTransform(cell, 0, 0, -cell, 10, 50)
                : new AffineTransform(cell, 0, 0, -cell, X0 + ox * cell, Y0 - oy * cell);
        try (GeoTiffWriter out = GeoTiffWriter.create(f, GeoTiffWriter.Options.of(w, h, 3, SampleType.UINT8)
                .georeferenced(t, Crs.forEpsg(epsg)))) {
            out.writeRows(s, h);
        }
        return f;
    }

    /** The map envelope of pixels [x, x + size) x [y, y + size) at {@code cell} m. */
    static Envelope box(double x, double y, double size, double cell) {
        return new Envelope(X0 + x * cell, X0 + (x + size) * cell, Y0 - (y + size) * cell, Y0 - y * cell);
    }

    static void assertBoxes(List<Feature> got, List<Object[]> expected) {
        assertThat(got).hasSize(expected.size());
        for (Object[] e : expected) {
            Envelope want = (Envelope) e[1];
            assertThat(got).as("a %s at %s", e[0], want).anySatisfy(f -> {
                assertThat(f.get("Class")).isEqualTo(e[0]);
                Envelope g = f.geometry().getEnvelopeInternal();
                assertThat(g.getMinX()).isCloseTo(want.getMinX(), org.assertj.core.data.Offset.offset(1e-6));
                assertThat(g.getMaxX()).isCloseTo(want.getMaxX(), org.assertj.core.data.Offset.offset(1e-6));
                assertThat(g.getMinY()).isCloseTo(want.getMinY(), org.assertj.core.data.Offset.offset(1e-6));
                assertThat(g.getMaxY()).isCloseTo(want.getMaxY(), org.assertj.core.data.Offset.offset(1e-6));
            });
        }
    }

    @Test
    void deepnessMetadataGivesTheDefaultsAndTheDetectorRunsUnchanged() throws IOException {
        // 200 x 152 px: tiles of 64 with 8 px padding (25 % overlap) step 48 px; the last ones reach past the edges
        Path r = raster("deepness.tif", 200, 152, 0.1,
                new int[] {16, 16, 8, 255, 255, 0},     // plane
                new int[] {96, 40, 8, 255, 0, 255},     // ship
                new int[] {184, 136, 8, 255, 255, 0},   // plane in the bottom-right corner
                new int[] {48, 96, 8, 89, 255, 0});     // a faint plane: objectness 0.35 < det_conf 0.4
        DetectObjectsParameters p = DetectObjectsParameters.of(r, MODEL.toString(), dir.resolve("deepness.gpkg"));
        List<Feature> got = new ArrayList<>();
        DetectObjectsResult res;
        try (DetectObjectsTool.Plan plan = new DetectObjectsTool(engine).plan(p)) {
            assertThat(plan.tileSize()).isEqualTo(64);
            assertThat(plan.padding()).as("tiles_overlap 25 %% of 64 px, half on each side").isEqualTo(8);
            assertThat(plan.threshold()).as("det_conf").isCloseTo(0.4, org.assertj.core.data.Offset.offset(1e-6));
            assertThat(plan.nmsOverlap()).as("det_iou_thresh").isCloseTo(0.35, org.assertj.core.data.Offset.offset(1e-6));
            assertThat(plan.classes()).extracting(c -> c.name()).containsExactly("plane", "ship");
            assertThat(plan.total()).isEqualTo(5L * 4); // ceil(200 / 48) x ceil(152 / 48)
            res = plan.run(Progress.NONE, List.of(CallbackSink.of((List<Feature> b) -> got.addAll(b))));
        }
        assertThat(res.report().outcome()).isEqualTo(JobReport.Outcome.COMPLETED);
        assertBoxes(got, List.of(new Object[] {"plane", box(16, 16, 8, 0.1)}, new Object[] {"ship", box(96, 40, 8, 0.1)},
                new Object[] {"plane", box(184, 136, 8, 0.1)}));
        assertThat(got).allSatisfy(f -> assertThat((Double) f.get("Confidence")).isEqualTo(100.0));

        // the user's arguments still win over the metadata
        List<Feature> low = new ArrayList<>();
        new DetectObjectsTool(engine).run(p.withArguments(ModelArguments.parse("threshold 0.3"))
                        .withOutput(dir.resolve("low.gpkg"), DetectObjectsParameters.OutputGeometry.BOXES, false),
                Progress.NONE, List.of(CallbackSink.of((List<Feature> b) -> low.addAll(b))));
        assertThat(low).hasSize(4).anySatisfy(f -> assertThat((Double) f.get("Confidence")).isCloseTo(34.9,
                org.assertj.core.data.Offset.offset(0.1)));
    }

    @Test
    void resamplesToTheModelsResolutionAndMapsBoxesBack() throws IOException {
        // the scene of the other test at 20 cm instead of 10 cm (the model's resolution): squares of 4 px, not 8
        Path r = raster("coarse.tif", 100, 76, 0.2,
                new int[] {8, 8, 4, 255, 255, 0},
                new int[] {48, 20, 4, 255, 0, 255},
                new int[] {92, 68, 4, 255, 255, 0});
        DetectObjectsParameters p = DetectObjectsParameters.of(r, MODEL.toString(), dir.resolve("coarse.gpkg"));
        // at the raster's own cells the objects fill a quarter of the model's cells: nothing found, and a warning says why
        List<Feature> native_ = new ArrayList<>();
        DetectObjectsResult plain = new DetectObjectsTool(engine).run(p, Progress.NONE,
                List.of(CallbackSink.of((List<Feature> b) -> native_.addAll(b))));
        assertThat(native_).isEmpty();
        assertThat(plain.warnings()).anyMatch(w -> w.contains("resample_to_model_cell_size") && w.contains("0.1000"));

        DetectObjectsParameters rp = p.withOutput(dir.resolve("resampled.gpkg"), DetectObjectsParameters.OutputGeometry.BOXES, false)
                .withResampleToModelCellSize(true);
        List<Feature> got = new ArrayList<>();
        try (DetectObjectsTool.Plan plan = new DetectObjectsTool(engine).plan(rp)) {
            assertThat(plan.workGrid().width()).isEqualTo(200);
            assertThat(plan.workGrid().height()).isEqualTo(152);
            assertThat(plan.workGrid().pixelSize()).isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(plan.total()).isEqualTo(5L * 4);
            assertThat(plan.warnings()).anyMatch(w -> w.contains("resampled (bilinear)"));
            plan.run(Progress.NONE, List.of(CallbackSink.of((List<Feature> b) -> got.addAll(b))));
        }
        // boxes of 8 model pixels = 4 raster pixels, where the squares are in map space
        assertBoxes(got, List.of(new Object[] {"plane", box(8, 8, 4, 0.2)}, new Object[] {"ship", box(48, 20, 4, 0.2)},
                new Object[] {"plane", box(92, 68, 4, 0.2)}));

        // a raster in degrees: a resolution in metres has no fixed size there; refused with what to do
        Path geo = raster("geographic.tif", 100, 76, 2e-6, 4326, new int[] {8, 8, 4, 255, 255, 0});
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new DetectObjectsTool(engine).plan(
                        DetectObjectsParameters.of(geo, MODEL.toString(), dir.resolve("geo.gpkg")).withResampleToModelCellSize(true)))
                .isInstanceOf(org.deepraster.util.UserException.class).hasMessageContaining("geographic")
                .satisfies(e -> assertThat(((org.deepraster.util.UserException) e).hint()).contains("Reproject"));
    }

    @Test
    void aFolderOfImagesOnOneGridIsDetectedAsOneMosaic() throws IOException {
        int[][] squares = {{16, 16, 8, 255, 255, 0}, {96, 40, 8, 255, 0, 255}, {184, 136, 8, 255, 255, 0},
            {88, 120, 8, 255, 0, 255}}; // the last one lies where the two images overlap
        Path folder = dir.resolve("mosaic");
        java.nio.file.Files.createDirectories(folder);
        // two images of the scene side by side, the second starting at column 92 (overlap of 4 px), plus a gap row
        raster(folder.resolve("a.tif"), 0, 0, 96, 152, 0.1, 32633, squares);
        raster(folder.resolve("b.tif"), 92, 8, 108, 144, 0.1, 32633, squares);
        DetectObjectsParameters p = DetectObjectsParameters.of(folder, MODEL.toString(), dir.resolve("mosaic.gpkg"));
        List<Feature> got = new ArrayList<>();
        try (DetectObjectsTool.Plan plan = new DetectObjectsTool(engine).plan(p)) {
            assertThat(plan.workGrid().width()).isEqualTo(200);
            assertThat(plan.workGrid().height()).isEqualTo(152);
            plan.run(Progress.NONE, List.of(CallbackSink.of((List<Feature> b) -> got.addAll(b))));
        }
        assertBoxes(got, List.of(new Object[] {"plane", box(16, 16, 8, 0.1)}, new Object[] {"ship", box(96, 40, 8, 0.1)},
                new Object[] {"plane", box(184, 136, 8, 0.1)}, new Object[] {"ship", box(88, 120, 8, 0.1)}));

        // images off the common grid are refused; items separately is not there yet
        raster(folder.resolve("c.tif"), 10.5, 0, 20, 20, 0.1, 32633);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new DetectObjectsTool(engine).plan(
                        p.withOutput(dir.resolve("m2.gpkg"), DetectObjectsParameters.OutputGeometry.BOXES, false)))
                .isInstanceOf(org.deepraster.util.UserException.class).hasMessageContaining("not on one pixel grid");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new DetectObjectsTool(engine).plan(
                        p.withProcessingMode(ProcessingMode.PROCESS_ITEMS_SEPARATELY)))
                .isInstanceOf(org.deepraster.util.UserException.class).hasMessageContaining("not");
    }
}
