package org.deepraster.vector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;

class MaskPolygonsTest {
    private static final GeometryFactory GF = new GeometryFactory();

    /** A mask from rows of '#' (set) and '.' (unset). */
    private static boolean[] mask(String... rows) {
        boolean[] m = new boolean[rows.length * rows[0].length()];
        for (int r = 0; r < rows.length; r++) {
            for (int c = 0; c < rows[r].length(); c++) {
                m[r * rows[0].length() + c] = rows[r].charAt(c) == '#';
            }
        }
        return m;
    }

    private static List<Polygon> polygons(int minArea, String... rows) {
        return MaskPolygons.polygons(mask(rows), rows[0].length(), rows.length, 0, 0, minArea, GF);
    }

    @Test
    void onePixelIsAUnitSquareAtItsColumnAndRow() {
        List<Polygon> p = MaskPolygons.polygons(mask("...", ".#.", "..."), 3, 3, 100, 200, 0, GF);
        assertThat(p).hasSize(1);
        assertThat(p.get(0).getArea()).isEqualTo(1.0);
        assertThat(p.get(0).getCoordinates()).hasSize(5);
        assertThat(p.get(0).getEnvelopeInternal()).isEqualTo(new Envelope(101, 102, 201, 202));
    }

    @Test
    void anLShapeKeepsOnlyItsSixCorners() {
        List<Polygon> p = polygons(0,
                "###.",
                "###.",
                "#...",
                "#...");
        assertThat(p).hasSize(1);
        assertThat(p.get(0).getArea()).isEqualTo(8.0);
        assertThat(p.get(0).getExteriorRing().getNumPoints()).isEqualTo(7); // 6 corners + closing point
        assertThat(p.get(0).isValid()).isTrue();
    }

    @Test
    void aSquareWithAHoleHasOneInteriorRing() {
        List<Polygon> p = polygons(0,
                "#####",
                "#...#",
                "#...#",
                "#####");
        assertThat(p).hasSize(1);
        assertThat(p.get(0).getNumInteriorRing()).isEqualTo(1);
        assertThat(p.get(0).getArea()).isEqualTo(14.0);
        assertThat(p.get(0).getInteriorRingN(0).getEnvelopeInternal()).isEqualTo(new Envelope(1, 4, 1, 3));
        assertThat(p.get(0).isValid()).isTrue();
    }

    @Test
    void diagonalPixelsAreSeparatePartsLargestFirst() {
        List<Polygon> p = polygons(0,
                "#...",
                ".###",
                ".###");
        assertThat(p).extracting(Polygon::getArea).containsExactly(6.0, 1.0);
        assertThat(p.get(0).intersection(p.get(1)).getArea()).isZero();
    }

    @Test
    void aHoleTouchingTheOutsideDiagonallyGivesAValidPolygonWithAHole() {
        // the centre hole and the missing corner meet at the vertex (1, 1): the shell passes from
        // pixel (1, 0) to (0, 1) there, so it does not touch itself
        List<Polygon> p = polygons(0,
                ".##",
                "#.#",
                "###");
        assertThat(p).hasSize(1);
        assertThat(p.get(0).getArea()).isEqualTo(7.0);
        assertThat(p.get(0).getNumInteriorRing()).isEqualTo(1);
        assertThat(p.get(0).isValid()).isTrue();
    }

    @Test
    void partsSmallerThanTheMinimumAreaAreLeftOut() {
        List<Polygon> p = polygons(3,
                "##..#",
                "##...",
                ".....");
        assertThat(p).extracting(Polygon::getArea).containsExactly(4.0);
    }

    @Test
    void randomMasksGiveValidPolygonsCoveringExactlyTheirPixels() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int trial = 0; trial < 200; trial++) {
            int w = 1 + rnd.nextInt(14), h = 1 + rnd.nextInt(14);
            boolean[] m = new boolean[w * h];
            double density = rnd.nextDouble();
            int set = 0;
            for (int i = 0; i < m.length; i++) {
                m[i] = rnd.nextDouble() < density;
                set += m[i] ? 1 : 0;
            }
            List<Polygon> ps = MaskPolygons.polygons(m, w, h, 0, 0, 0, GF);
            double area = 0;
            for (Polygon p : ps) {
                assertThat(p.isValid()).as("trial %d: %s", trial, p).isTrue();
                area += p.getArea();
            }
            assertThat(area).as("trial %d", trial).isEqualTo(set);
            for (int r = 0; r < h; r++) {
                for (int c = 0; c < w; c++) {
                    org.locationtech.jts.geom.Point centre = GF.createPoint(new org.locationtech.jts.geom.Coordinate(c + 0.5, r + 0.5));
                    boolean inside = ps.stream().anyMatch(p -> p.contains(centre));
                    assertThat(inside).as("trial %d pixel %d,%d", trial, c, r).isEqualTo(m[r * w + c]);
                }
            }
        }
    }
}
