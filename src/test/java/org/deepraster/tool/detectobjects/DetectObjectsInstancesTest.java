package org.deepraster.tool.detectobjects;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Rectangle;
import java.awt.geom.AffineTransform;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.deepraster.feature.Feature;
import org.deepraster.feature.VectorFiles;
import org.deepraster.geo.Crs;
import org.deepraster.inference.InferenceEngine;
import org.deepraster.job.CallbackSink;
import org.deepraster.model.ModelArguments;
import org.deepraster.raster.GeoTiffWriter;
import org.deepraster.raster.SampleType;
import org.deepraster.util.Progress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;

/**
 * Instances across tiles: the fixtures {@code inst_rects_S} (sample-models/fixtures/make_yolo_instance_models.py) see
 * each bright rectangle of band 1 (its value an instance id) as one instance whose mask is exactly its pixels, in every
 * tile that sees any of it. Rectangles lie across every tile edge and corner (and in the middle of each core), for
 * several chip sizes and paddings: each must come out once, as one valid polygon of exactly its pixels (4 corners:
 * no seam), whatever the tiles.
 */
class DetectObjectsInstancesTest {
    static final Path ONNX = Path.of("src", "test", "resources", "onnx");
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

    /** A rectangle of the scene: pixels x0..x1, y0..y1 (exclusive ends), its id (1..64). */
    record Rect(int id, int x0, int y0, int x1, int y1) {
        Envelope onMap() {
            return new Envelope(X0 + x0, X0 + x1, Y0 - y1, Y0 - y0);
        }
    }

    /**
     * Rectangles centred on a lattice of half a core: even lattice lines are tile edges, so positions (even, even)
     * are tile corners, (even, odd) and (odd, even) edges, (odd, odd) core centres. Ids repeat every 8 lattice steps
     * (no window sees two rectangles of one id), sizes and offsets vary, and neighbours never touch.
     */
    static List<Rect> lattice(int core, int width, int height) {
        int half = core / 2;
        List<Rect> out = new ArrayList<>();
        for (int j = 1; j * half < height; j++) {
            for (int i = 1; i * half < width; i++) {
                int sx = Math.max(2, half / 2 - 2 - (i + j) % 2);
                int sy = Math.max(2, half / 2 - 2 - i % 2);
                int dx = i % 3 - 1;
                int dy = j % 3 - 1;
                Rect r = new Rect(i % 8 + 8 * (j % 8) + 1, i * half - sx + dx, j * half - sy + dy, i * half + sx + dx + 1,
                        j * half + sy + dy);
                if (r.x1() <= width && r.y1() <= height) {
                    out.add(r);
                }
            }
        }
        return out;
    }

    /** Band 1: the rectangles' ids; band 2: {@code band2} inside them (the fixtures' mask probability falls with it). */
    static Path raster(Path f, int width, int height, List<Rect> rects, int band2) throws IOException {
        float[] s = new float[3 * width * height];
        for (Rect r : rects) {
            for (int y = r.y0(); y < r.y1(); y++) {
                for (int x = r.x0(); x < r.x1(); x++) {
                    s[y * width + x] = r.id();
                    s[width * height + y * width + x] = band2;
                }
            }
        }
        try (GeoTiffWriter out = GeoTiffWriter.create(f, GeoTiffWriter.Options.of(width, height, 3, SampleType.UINT8)
                .georeferenced(new AffineTransform(1, 0, 0, -1, X0, Y0), Crs.forEpsg(32633)))) {
            out.writeRows(s, height);
        }
        return f;
    }

    static DetectObjectsParameters params(Path raster, int chip, String args, String out) {
        return DetectObjectsParameters.of(raster, ONNX.resolve("inst_rects_" + chip + ".onnx").toString(), dir.resolve(out))
                .withArguments(ModelArguments.parse(args));
    }

    static List<Feature> read(Path gpkg) throws IOException {
        return VectorFiles.open(gpkg).get(0).features();
    }

    static void assertExactly(List<Feature> got, List<Rect> rects) {
        assertThat(got).hasSize(rects.size());
        for (Rect r : rects) {
            List<Feature> at = got.stream().filter(f -> f.geometry().getEnvelopeInternal().equals(r.onMap())).toList();
            assertThat(at).as("rectangle %s", r).hasSize(1);
            Geometry g = at.get(0).geometry();
            assertThat(g).isInstanceOf(Polygon.class);
            assertThat(g.isValid()).isTrue();
            assertThat(g.getArea()).as("area of %s", r).isEqualTo((double) (r.x1() - r.x0()) * (r.y1() - r.y0()));
            assertThat(g.getCoordinates()).as("corners of %s (a seam adds vertices)", r).hasSize(5);
            assertThat(at.get(0).get("Class")).isEqualTo(r.id() % 2 == 1 ? "building" : "tree");
            assertThat(at.get(0).get("Confidence")).isEqualTo(90.0);
        }
    }

    @ParameterizedTest(name = "chip {0}, padding {1}")
    @CsvSource({"32,0", "32,4", "32,8", "48,0", "48,5", "48,12", "64,0", "64,10", "64,16"})
    void everyInstanceAcrossEveryTileEdgeAndCornerComesOutOnceAndWhole(int chip, int padding) throws IOException {
        int core = chip - 2 * padding;
        int width = 3 * core + core / 3;
        int height = 2 * core + core / 2;
        List<Rect> rects = lattice(core, width, height);
        Path raster = raster(dir.resolve("scene-" + chip + "-" + padding + ".tif"), width, height, rects, 0);
        DetectObjectsParameters p = params(raster, chip, "padding " + padding, "out-" + chip + "-" + padding + ".gpkg");
        DetectObjectsResult r = new DetectObjectsTool(engine).run(p, Progress.NONE, List.of());
        assertThat(r.written()).isEqualTo(rects.size());
        assertExactly(read(r.output()), rects);
    }

    @Test
    void aBuildingLargerThanATileIsOnePolygon() throws IOException {
        // 32 px chips, padding 4: cores of 24; the L spans five tiles
        List<Rect> parts = List.of(new Rect(1, 5, 5, 70, 20), new Rect(1, 5, 20, 20, 60));
        Path raster = raster(dir.resolve("big.tif"), 80, 64, parts, 0);
        List<Feature> fs = read(new DetectObjectsTool(engine).run(params(raster, 32, "padding 4", "big.gpkg"), Progress.NONE,
                List.of()).output());
        assertThat(fs).hasSize(1);
        Geometry g = fs.get(0).geometry();
        assertThat(g.isValid()).isTrue();
        assertThat(g.getArea()).isEqualTo(65 * 15 + 15 * 40);
        assertThat(g.getCoordinates()).hasSize(7); // an L: six corners
    }

    @Test
    void touchingBuildingsAcrossATileEdgeStayTwo() throws IOException {
        // 32 px chips, padding 4: the core edge is x = 24; building 1 crosses it, building 3 touches it at x = 26
        List<Rect> rects = List.of(new Rect(1, 14, 5, 26, 15), new Rect(3, 26, 5, 34, 15), new Rect(5, 20, 15, 30, 22));
        Path raster = raster(dir.resolve("touching.tif"), 60, 40, rects, 0);
        assertExactly(read(new DetectObjectsTool(engine).run(params(raster, 32, "padding 4", "touching.gpkg"),
                Progress.NONE, List.of()).output()), rects);
    }

    @Test
    void withAProcessingMaskAnInstanceIsKeptWhenItsBoxCentreIsInside() throws IOException {
        List<Rect> rects = List.of(new Rect(1, 14, 5, 26, 15), new Rect(3, 30, 5, 44, 15), new Rect(5, 20, 20, 30, 30));
        Path raster = raster(dir.resolve("masked.tif"), 60, 40, rects, 0);
        // the mask: the triangle (0, 0), (60, 0), (0, 40) in pixels; its envelope is the whole raster, so only the
        // centre rule tells: centres (20, 10) and (37, 10) are inside, (25, 25) is not
        Geometry mask = new org.locationtech.jts.geom.GeometryFactory().createPolygon(new Coordinate[] {
            new Coordinate(X0, Y0), new Coordinate(X0 + 60, Y0), new Coordinate(X0, Y0 - 40), new Coordinate(X0, Y0)});
        DetectObjectsParameters p = params(raster, 32, "padding 4", "masked.gpkg").withEnvironments(
                org.deepraster.tool.Environments.DEFAULT.withExtent(new org.deepraster.tool.ProcessingExtent.Mask(mask, null)));
        assertExactly(read(new DetectObjectsTool(engine).run(p, Progress.NONE, List.of()).output()),
                List.of(rects.get(0), rects.get(1)));
    }

    @Test
    void instancesAreStreamedAsSoonAsFinal() throws IOException {
        int core = 24;
        List<Rect> rects = lattice(core, 120, 96);
        Path raster = raster(dir.resolve("stream.tif"), 120, 96, rects, 0);
        AtomicLong done = new AtomicLong();
        List<Long> doneAtFirst = new ArrayList<>();
        CallbackSink<Feature> sink = new CallbackSink<>(fs -> {
            if (doneAtFirst.isEmpty() && !fs.isEmpty()) {
                doneAtFirst.add(done.get());
            }
        }, pr -> done.set(pr.done()), null);
        DetectObjectsResult r = new DetectObjectsTool(engine).run(params(raster, 32, "padding 4", "stream.gpkg"),
                Progress.NONE, List.of(sink));
        assertThat(done.get()).isEqualTo(20);
        assertThat(r.written()).isEqualTo(rects.size());
        assertThat(doneAtFirst).hasSize(1);
        assertThat(doneAtFirst.get(0)).as("tiles done when the first instance arrived").isLessThan(12);
    }

    @Test
    void aCancelledRunResumesToTheUninterruptedResult() throws IOException {
        List<Rect> rects = lattice(24, 120, 96);
        Path raster = raster(dir.resolve("resume.tif"), 120, 96, rects, 0);
        String args = "padding 4;batch_size 1";
        List<Feature> full = read(new DetectObjectsTool(engine).run(params(raster, 32, args, "full.gpkg"), Progress.NONE,
                List.of()).output());
        assertExactly(full, rects);
        DetectObjectsParameters p = params(raster, 32, args, "cancelled.gpkg");
        DetectObjectsResult first = new DetectObjectsTool(engine).run(p.withEnvironments(
                org.deepraster.tool.Environments.DEFAULT.withParallelProcessingFactor(1)), cancelAfter(7), List.of());
        assertThat(first.written()).isLessThan(rects.size());
        List<Feature> partial = read(first.output());
        for (Feature f : partial) { // what the cancelled run wrote is final and whole
            assertThat(full).anySatisfy(g -> assertThat(g.geometry().equalsExact(f.geometry(), 1e-9)).isTrue());
        }
        assertThat(countPending(first.output())).as("fragments held back for resume").isPositive();
        DetectObjectsResult second = new DetectObjectsTool(engine).run(p.withResume(true), Progress.NONE, List.of());
        assertExactly(read(second.output()), rects);
    }

    static long countPending(Path gpkg) throws IOException {
        return InstanceResumeRecords.read(gpkg, org.deepraster.feature.GeoPackageWriter.tableName("cancelled")).size();
    }

    static Progress cancelAfter(long after) {
        AtomicLong done = new AtomicLong();
        return new Progress() {
            @Override
            public void begin(String task, long total) {
            }

            @Override
            public void worked(long steps) {
                done.addAndGet(steps);
            }

            @Override
            public boolean isCancelled() {
                return done.get() >= after;
            }
        };
    }

    @Test
    void maskThresholdAndMinimumArea() throws IOException {
        // the upper rectangle's pixels have mask probability 0.6 (band 2 = 102), the lower one's 0.99
        List<Rect> rects = List.of(new Rect(1, 4, 4, 20, 10), new Rect(3, 4, 16, 10, 20));
        Path raster = raster(dir.resolve("thr.tif"), 32, 32, List.of(rects.get(1)), 0);
        Path both = dir.resolve("thr2.tif");
        float[] s = new float[3 * 32 * 32];
        for (Rect r : rects) {
            for (int y = r.y0(); y < r.y1(); y++) {
                for (int x = r.x0(); x < r.x1(); x++) {
                    s[y * 32 + x] = r.id();
                    s[1024 + y * 32 + x] = r.id() == 1 ? 102 : 0;
                }
            }
        }
        try (GeoTiffWriter out = GeoTiffWriter.create(both, GeoTiffWriter.Options.of(32, 32, 3, SampleType.UINT8)
                .georeferenced(new AffineTransform(1, 0, 0, -1, X0, Y0), Crs.forEpsg(32633)))) {
            out.writeRows(s, 32);
        }
        assertExactly(read(new DetectObjectsTool(engine).run(params(both, 32, "padding 0", "t5.gpkg"), Progress.NONE,
                List.of()).output()), rects);
        List<Feature> strict = read(new DetectObjectsTool(engine).run(params(both, 32, "padding 0;mask_threshold 0.7",
                "t7.gpkg"), Progress.NONE, List.of()).output());
        assertExactly(strict, List.of(rects.get(1)));
        DetectObjectsParameters big = params(both, 32, "padding 0", "area.gpkg")
                .withInstanceOptions(new InstanceOptions(50, 0, InstanceOptions.Method.NONE, 0, 0));
        assertExactly(read(new DetectObjectsTool(engine).run(big, Progress.NONE, List.of()).output()),
                List.of(rects.get(0))); // 96 m2 kept, 24 m2 dropped
        assertThat(raster).exists();
    }

    @Test
    void regularisationMethods() throws IOException {
        // a staircase-edged blob: a 20 x 14 block with a 1-pixel notch pattern along its top
        List<Rect> parts = new ArrayList<>(List.of(new Rect(5, 6, 10, 26, 24)));
        for (int x = 6; x < 26; x += 4) {
            parts.add(new Rect(5, x, 9, x + 2, 10));
        }
        Path raster = raster(dir.resolve("reg.tif"), 32, 32, parts, 0);
        DetectObjectsParameters p = params(raster, 32, "padding 0", "reg.gpkg")
                .withInstanceOptions(new InstanceOptions(0, 0, InstanceOptions.Method.RIGHT_ANGLES, 2, 0));
        List<Feature> fs = read(new DetectObjectsTool(engine).run(p, Progress.NONE, List.of()).output());
        assertThat(fs).hasSize(1);
        Coordinate[] c = fs.get(0).geometry().getCoordinates();
        assertThat(c.length).isEqualTo(5);
        for (int i = 0; i < c.length - 1; i++) {
            Coordinate a = c[i];
            Coordinate b = c[(i + 1) % (c.length - 1)];
            Coordinate d = c[(i + 2) % (c.length - 1)];
            double angle = Math.toDegrees(Math.abs(Math.atan2(b.y - a.y, b.x - a.x) - Math.atan2(d.y - b.y, d.x - b.x)));
            angle = angle > 180 ? 360 - angle : angle;
            assertThat(angle).as("corner %d", i).isBetween(89.0, 91.0);
        }
        assertThat(fs.get(0).geometry().getArea()).isBetween(20.0 * 14 - 20, 20.0 * 14 + 20);
        // the two other methods: the notches (under the tolerance) smoothed away, a 4-corner block of about its area
        for (InstanceOptions.Method m : List.of(InstanceOptions.Method.RIGHT_ANGLES_AND_DIAGONALS,
                InstanceOptions.Method.ANY_ANGLE)) {
            DetectObjectsParameters pm = params(raster, 32, "padding 0", m + ".gpkg")
                    .withInstanceOptions(new InstanceOptions(0, 0, m, 2, 0));
            List<Feature> got = read(new DetectObjectsTool(engine).run(pm, Progress.NONE, List.of()).output());
            assertThat(got).as("%s", m).hasSize(1);
            assertThat(got.get(0).geometry().getCoordinates()).as("%s", m).hasSize(5);
            assertThat(got.get(0).geometry().getArea()).as("%s", m).isBetween(20.0 * 14 - 20, 20.0 * 14 + 20);
        }
        DetectObjectsParameters circle = params(raster, 32, "padding 0", "circle.gpkg")
                .withInstanceOptions(new InstanceOptions(0, 0, InstanceOptions.Method.CIRCLE, 0, 1));
        Geometry g = read(new DetectObjectsTool(engine).run(circle, Progress.NONE, List.of()).output()).get(0).geometry();
        assertThat(g.getArea()).isBetween(290.0 * 0.97, 290.0);
        assertThat(new Rectangle(6, 9, 20, 15)).isNotNull();
    }
}
