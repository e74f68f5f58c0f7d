package org.deepraster.vector;

import org.deepraster.tool.ClassifiedRasters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.deepraster.tool.ClassifiedRasters.NONE;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.deepraster.feature.Feature;
import org.deepraster.feature.FeatureWriter;
import org.deepraster.feature.FeatureWriters;
import org.deepraster.feature.WriteMode;
import org.deepraster.geo.Crs;
import org.deepraster.raster.RasterFiles;
import org.deepraster.raster.RasterSource;
import org.deepraster.util.Progress;
import org.deepraster.util.UserException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Polygon;

public class PolygonizerTest {
    @TempDir
    Path dir;

    /** Squares, an L, a ring with an island and an island in that, diagonal touches, edges, NoData (9). */
    public static final String[] SHAPES = {
        "11111111111111111111",
        "1..222..3333333333.1",
        "1..222..3.......33.1",
        "1..22...3.44444.3..1",
        "1.......3.4.5.4.3.61",
        "1.6.6...3.4...4.3..1",
        "1..6.6..3.44444.3..1",
        "1.6.6...3.......3..1",
        "1.......333333333..1",
        "19999..............1",
        "1999.7.7.7.888888..1",
        "1....77....8....8..1",
        "1..........888888..1",
        "11111111111111111111",
    };

    private PolygonizeResult run(int[][] grid, Double noData, PolygonizeOptions options, int bandRows,
                                 ClassifiedRasters.MemoryWriter out) throws IOException {
        Path f = ClassifiedRasters.write(dir.resolve("c" + System.nanoTime() + ".tif"), grid, noData);
        try (RasterSource src = RasterFiles.open(f)) {
            return Polygonizer.polygonize(src, 0, options, out, Progress.NONE, bandRows);
        }
    }

    private void assertRoundTrip(int[][] grid, Integer noData, Set<Integer> classes, int bandRows) throws IOException {
        var out = new ClassifiedRasters.MemoryWriter();
        PolygonizeOptions o = PolygonizeOptions.defaults().withClasses(classes);
        PolygonizeResult r = run(grid, noData == null ? null : noData.doubleValue(), o, bandRows, out);
        int[][] exp = ClassifiedRasters.expected(grid, noData, classes);
        for (Feature f : out.features) {
            assertThat(f.geometry()).isInstanceOf(Polygon.class);
            assertThat(f.geometry().isValid()).as("valid: %s", f.geometry()).isTrue();
        }
        int[][] back = ClassifiedRasters.rasterise(out.features, grid[0].length, grid.length, "ClassValue");
        assertThat(back).as("rasterised back, band rows %d", bandRows).isDeepEqualTo(exp);
        assertThat(out.features).hasSize(ClassifiedRasters.regions(exp));
        assertThat(r.polygons()).isEqualTo(out.features.size());
        assertThat(r.pixels()).isEqualTo((long) grid.length * grid[0].length);
    }

    @Test
    void shapesComeBackExactlyWhateverTheRowBands() throws IOException {
        int[][] g = ClassifiedRasters.parse(SHAPES);
        for (int bandRows : new int[] {0, 1, 2, 3, 5}) {
            assertRoundTrip(g, 9, null, bandRows);
        }
    }

    @Test
    void shapesHaveTheExpectedPolygonsAndHoles() throws IOException {
        int[][] g = ClassifiedRasters.parse(SHAPES);
        var out = new ClassifiedRasters.MemoryWriter();
        PolygonizeResult r = run(g, 9.0, PolygonizeOptions.defaults()
                .withClassNames(Map.of(3, "ring", 1, "frame")), 4, out);
        // the frame (class 1) touching every raster edge: one polygon with one hole
        List<Feature> frame = byValue(out.features, 1);
        assertThat(frame).hasSize(1);
        assertThat(((Polygon) frame.get(0).geometry()).getNumInteriorRing()).isEqualTo(1);
        assertThat(frame.get(0).get("Class")).isEqualTo("frame");
        // the ring of 3 has one hole (holding the 4-ring and its island 5)
        List<Feature> ring = byValue(out.features, 3);
        assertThat(ring).hasSize(1);
        Polygon rp = (Polygon) ring.get(0).geometry();
        assertThat(rp.getNumInteriorRing()).isEqualTo(1);
        assertThat(ring.get(0).get("Class")).isEqualTo("ring");
        assertThat((Double) ring.get(0).get("Area")).isEqualTo(rp.getArea());
        assertThat(rp.getArea()).isEqualTo(count(g, 3) * 4.0);
        assertThat(((Polygon) byValue(out.features, 4).get(0).geometry()).getNumInteriorRing()).isEqualTo(1);
        assertThat(byValue(out.features, 5)).hasSize(1);
        // diagonal touches do not connect: the 6s and the 7s are separate polygons
        assertThat(byValue(out.features, 6)).hasSize(7);
        assertThat(byValue(out.features, 7)).hasSize(3);
        assertThat(byValue(out.features, 2)).hasSize(1);
        assertThat(byValue(out.features, 8)).hasSize(1); // a ring
        assertThat(((Polygon) byValue(out.features, 8).get(0).geometry()).getNumInteriorRing()).isEqualTo(1);
        assertThat(byValue(out.features, 9)).isEmpty(); // NoData
        // background 0: the big one, inside the 3-ring, inside the 4-ring around 5, inside the 8
        assertThat(byValue(out.features, 0)).hasSize(ClassifiedRasters.regions(onlyValue(g, 0)));
        assertThat(r.polygonsPerClass()).containsEntry(6, 7L).doesNotContainKey(9);
        assertThat(r.droppedSmall()).isZero();
    }

    @Test
    void randomNoiseWithDiagonalPinchesComesBackExactly() throws IOException {
        Random rnd = new Random(7);
        for (int t = 0; t < 12; t++) {
            int w = 5 + rnd.nextInt(40);
            int h = 5 + rnd.nextInt(30);
            int classes = 2 + rnd.nextInt(3);
            int[][] g = new int[h][w];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    g[y][x] = rnd.nextInt(classes);
                }
            }
            assertRoundTrip(g, t % 2 == 0 ? 0 : null, null, 1 + rnd.nextInt(6));
        }
    }

    @Test
    void checkerboardGivesOnePolygonPerPixel() throws IOException {
        int[][] g = new int[9][11];
        for (int y = 0; y < 9; y++) {
            for (int x = 0; x < 11; x++) {
                g[y][x] = (x + y) % 2 + 1;
            }
        }
        var out = new ClassifiedRasters.MemoryWriter();
        run(g, null, PolygonizeOptions.defaults(), 2, out);
        assertThat(out.features).hasSize(99).allSatisfy(f -> assertThat(f.geometry().getArea()).isEqualTo(4.0));
    }

    @Test
    void blobsWithHolesAndSelectedClassesComeBackExactly() throws IOException {
        Random rnd = new Random(11);
        int w = 90;
        int h = 70;
        int[][] g = new int[h][w];
        for (int k = 0; k < 40; k++) {
            int cx = rnd.nextInt(w);
            int cy = rnd.nextInt(h);
            int rad = 2 + rnd.nextInt(9);
            int v = 1 + rnd.nextInt(4);
            for (int y = Math.max(0, cy - rad); y < Math.min(h, cy + rad + 1); y++) {
                for (int x = Math.max(0, cx - rad); x < Math.min(w, cx + rad + 1); x++) {
                    double d = Math.hypot(x - cx, y - cy);
                    if (d <= rad && (k % 3 != 0 || d >= rad / 2.0)) { // every third blob is a ring
                        g[y][x] = v;
                    }
                }
            }
        }
        assertRoundTrip(g, null, null, 7);
        assertRoundTrip(g, 0, Set.of(1, 3), 16);
        assertRoundTrip(g, 0, null, 0);
    }

    @Test
    void minimumAreaDropsSmallSegmentsAndFillsSmallHoles() throws IOException {
        int[][] g = ClassifiedRasters.parse(
                "..........",
                ".111111...",
                ".1.11111..",
                ".111111...",
                ".111111.2.",
                "......22..",
                "..........");
        var out = new ClassifiedRasters.MemoryWriter();
        // pixels are 4 m²: the 1-pixel hole (4) and the three-pixel 2 (12) are below 13 m²
        PolygonizeResult r = run(g, null, PolygonizeOptions.defaults().withMinArea(13), 0, out);
        assertThat(byValue(out.features, 2)).isEmpty();
        Polygon one = (Polygon) byValue(out.features, 1).get(0).geometry();
        assertThat(one.getNumInteriorRing()).isZero();
        assertThat(one.getArea()).isEqualTo((count(g, 1) + 1) * 4.0);
        assertThat(r.droppedSmall()).isEqualTo(3); // the two 2s (touching diagonally) and the 0 in the hole
        // the 1's one-pixel hole, and the 0's hole where the lone 2 was (filled: the 0 takes it over)
        assertThat(r.filledHoles()).isEqualTo(2);
        assertThat(byValue(out.features, 0)).hasSize(1);
        assertThat(byValue(out.features, 0).get(0).geometry().isValid()).isTrue();
    }

    @Test
    void simplificationKeepsPolygonsValidAndCloseToTheOutline() throws IOException {
        Random rnd = new Random(3);
        int w = 80;
        int h = 60;
        int[][] g = new int[h][w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double d1 = Math.hypot(x - 30, y - 25);
                double d2 = Math.hypot(x - 55, y - 40);
                g[y][x] = d1 < 20 && d1 > 8 ? 1 : d2 < 15 ? 2 : (rnd.nextInt(60) == 0 ? 3 : 0);
            }
        }
        var raw = new ClassifiedRasters.MemoryWriter();
        run(g, null, PolygonizeOptions.defaults(), 0, raw);
        var simple = new ClassifiedRasters.MemoryWriter();
        run(g, null, PolygonizeOptions.defaults().withSimplifyTolerance(3), 0, simple);
        assertThat(simple.features).hasSameSizeAs(raw.features);
        long rawVertices = 0;
        long simpleVertices = 0;
        for (int i = 0; i < raw.features.size(); i++) {
            var a = raw.features.get(i).geometry();
            var b = simple.features.get(i).geometry();
            assertThat(b.isValid()).isTrue();
            assertThat(b).isInstanceOf(Polygon.class);
            assertThat(((Polygon) b).getNumInteriorRing()).isEqualTo(((Polygon) a).getNumInteriorRing());
            assertThat(a.symDifference(b).getArea()).isLessThan(0.25 * a.getArea() + 20);
            if (a.getArea() > 400) { // the specks cannot lose vertices
                rawVertices += a.getNumPoints();
                simpleVertices += b.getNumPoints();
            }
        }
        assertThat(simpleVertices).isLessThan(rawVertices * 2 / 3);
    }

    @Test
    void neighboursAreSimplifiedAlikeWithoutGapsOrOverlaps() throws IOException {
        Random rnd = new Random(5);
        int w = 70;
        int h = 55;
        int[][] g = new int[h][w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double d1 = Math.hypot(x - 20, y - 20);
                double d2 = Math.hypot(x - 45, y - 30);
                g[y][x] = d1 < 15 && d1 > 6 ? 1 : d2 < 14 ? 2 : y > 40 + (x % 7) ? 3 : rnd.nextInt(40) == 0 ? 4 : 0;
            }
        }
        // a few diagonal pinches and three-class corners
        g[10][50] = 2;
        g[11][51] = 2;
        g[12][50] = 3;
        var out = new ClassifiedRasters.MemoryWriter();
        run(g, null, PolygonizeOptions.defaults().withSimplifyTolerance(3), 5, out);
        assertThat(out.features).hasSize(ClassifiedRasters.regions(g));
        double sum = 0;
        List<org.locationtech.jts.geom.Geometry> all = new java.util.ArrayList<>();
        long vertices = 0;
        for (Feature f : out.features) {
            assertThat(f.geometry().isValid()).isTrue();
            sum += f.geometry().getArea();
            all.add(f.geometry());
            vertices += f.geometry().getNumPoints();
        }
        double total = w * h * 4.0;
        assertThat(sum).isCloseTo(total, org.assertj.core.data.Offset.offset(1e-6));
        double union = org.locationtech.jts.operation.union.UnaryUnionOp.union(all).getArea();
        assertThat(union).isCloseTo(total, org.assertj.core.data.Offset.offset(1e-6));
        var raw = new ClassifiedRasters.MemoryWriter();
        run(g, null, PolygonizeOptions.defaults(), 0, raw);
        assertThat(vertices).isLessThan(raw.features.stream().mapToLong(f -> f.geometry().getNumPoints()).sum());
    }

    @Test
    void noiseSimplifiedKeepsCoverageExact() throws IOException {
        Random rnd = new Random(21);
        for (int t = 0; t < 8; t++) {
            int w = 10 + rnd.nextInt(40);
            int h = 10 + rnd.nextInt(30);
            int[][] g = new int[h][w];
            int cell = 1 + rnd.nextInt(4);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    // blocky noise: cells of 1-4 pixels, with single-pixel flips
                    long hv = (x / cell) * 7919L + (y / cell) * 104729L + t * 31L;
                    g[y][x] = (int) (Math.floorMod(hv * 2654435761L >> 7, 3L)) + (rnd.nextInt(9) == 0 ? 1 : 0);
                }
            }
            var out = new ClassifiedRasters.MemoryWriter();
            run(g, null, PolygonizeOptions.defaults().withSimplifyTolerance(1 + rnd.nextInt(6)), 1 + rnd.nextInt(5), out);
            double sum = 0;
            List<org.locationtech.jts.geom.Geometry> all = new java.util.ArrayList<>();
            for (Feature f : out.features) {
                assertThat(f.geometry().isValid()).isTrue();
                sum += f.geometry().getArea();
                all.add(f.geometry());
            }
            double total = w * h * 4.0;
            assertThat(sum).as("case %d", t).isCloseTo(total, org.assertj.core.data.Offset.offset(1e-6));
            assertThat(org.locationtech.jts.operation.union.UnaryUnionOp.union(all).getArea()).as("case %d", t)
                    .isCloseTo(total, org.assertj.core.data.Offset.offset(1e-6));
        }
    }

    @Test
    void interlockingCombsSimplifiedCoarselyStayValid() throws IOException {
        int w = 41;
        int h = 24;
        int[][] g = new int[h][w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean a = y <= 9 || y <= 11 && x % 4 == 0;
                boolean b = y >= 14 || y >= 12 && x % 4 == 2;
                g[y][x] = a ? 1 : b ? 2 : 0;
            }
        }
        // islands of 3 a pixel apart inside the 0 band, and a lake of 0 in 2 with close islands of 1
        for (int x = 3; x < 37; x += 3) {
            g[12][x] = 3;
        }
        for (int x = 4; x < 36; x += 2) {
            g[19][x] = 0;
            g[20][x] = 0;
            g[20][x + 1] = 0;
            g[21][x] = 1;
        }
        for (double tol : new double[] {2, 5, 9}) {
            var out = new ClassifiedRasters.MemoryWriter();
            run(g, null, PolygonizeOptions.defaults().withSimplifyTolerance(tol), 3, out);
            assertThat(out.features).hasSize(ClassifiedRasters.regions(g));
            for (Feature f : out.features) {
                assertThat(f.geometry().isValid()).as("tolerance %s: %s", tol, f.geometry()).isTrue();
                assertThat(f.geometry().getArea()).isGreaterThan(0);
            }
        }
    }

    @Test
    void regularisedClassesGetRightAngles() throws IOException {
        int w = 60;
        int h = 50;
        int[][] g = new int[h][w];
        double a = Math.toRadians(30);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double dx = x + 0.5 - 30;
                double dy = y + 0.5 - 25;
                double u = dx * Math.cos(a) + dy * Math.sin(a);
                double v = -dx * Math.sin(a) + dy * Math.cos(a);
                g[y][x] = Math.abs(u) < 16 && Math.abs(v) < 9 ? 5 : 0;
            }
        }
        var out = new ClassifiedRasters.MemoryWriter();
        PolygonizeResult r = run(g, 0.0, PolygonizeOptions.defaults().withRegularization(Set.of(5), 0), 0, out);
        assertThat(out.features).hasSize(1);
        Polygon p = (Polygon) out.features.get(0).geometry();
        FootprintRegularizerTest.assertRightAngles(p);
        assertThat(p.getExteriorRing().getNumPoints()).isEqualTo(5);
        assertThat(r.regularized()).isEqualTo(1);
        assertThat(r.regularizeFallbacks()).isZero();
    }

    @Test
    void writesThroughTheFileApiInTheRasterCrs() throws IOException {
        int[][] g = ClassifiedRasters.parse(SHAPES);
        Path tif = ClassifiedRasters.write(dir.resolve("classes.tif"), g, 9.0);
        PolygonizeOptions o = PolygonizeOptions.defaults().withFieldNames("Value", "Name", "Shape_Area");
        var schema = Polygonizer.schema("classes", Crs.forEpsg(32633), o);
        Path gpkg = dir.resolve("out.gpkg");
        PolygonizeResult r;
        try (FeatureWriter w = FeatureWriters.create(gpkg, schema, WriteMode.CREATE)) {
            r = Polygonizer.polygonize(tif, o, w, Progress.NONE);
            assertThat(w.count()).isEqualTo(r.polygons());
        }
        var layers = org.deepraster.feature.GeoPackageReader.read(gpkg);
        assertThat(layers).hasSize(1);
        assertThat(Crs.epsgCode(layers.get(0).schema().crs())).contains(32633);
        assertThat(layers.get(0).features()).hasSize((int) r.polygons())
                .allSatisfy(f -> assertThat(f.get("Shape_Area")).isInstanceOf(Double.class));
        assertThat(r.polygons()).isEqualTo(ClassifiedRasters.regions(ClassifiedRasters.expected(g, 9, null)));
        assertThat(schema.field("Shape_Area")).isPresent();
    }

    @Test
    void aMissingBandIsAUserError() throws IOException {
        Path tif = ClassifiedRasters.write(dir.resolve("one.tif"), ClassifiedRasters.parse("12", "21"), null);
        try (RasterSource src = RasterFiles.open(tif)) {
            assertThatThrownBy(() -> Polygonizer.polygonize(src, 1, PolygonizeOptions.defaults(),
                    new ClassifiedRasters.MemoryWriter(), Progress.NONE))
                    .isInstanceOf(UserException.class).hasMessageContaining("no band 2");
        }
    }

    private static List<Feature> byValue(List<Feature> fs, int v) {
        return fs.stream().filter(f -> ((Number) f.get("ClassValue")).intValue() == v).toList();
    }

    private static int count(int[][] g, int v) {
        int n = 0;
        for (int[] row : g) {
            for (int x : row) {
                n += x == v ? 1 : 0;
            }
        }
        return n;
    }

    private static int[][] onlyValue(int[][] g, int v) {
        int[][] o = new int[g.length][];
        for (int y = 0; y < g.length; y++) {
            o[y] = new int[g[y].length];
            for (int x = 0; x < g[y].length; x++) {
                o[y][x] = g[y][x] == v ? v : NONE;
            }
        }
        return o;
    }
}
