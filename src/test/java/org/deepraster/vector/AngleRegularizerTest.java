package org.deepraster.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.deepraster.vector.FootprintRegularizerTest.box;
import static org.deepraster.vector.FootprintRegularizerTest.rotated;
import static org.deepraster.vector.FootprintRegularizerTest.staircase;

import java.util.ArrayList;
import java.util.List;
import org.deepraster.vector.AngleRegularizer.Mode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.locationtech.jts.algorithm.distance.DiscreteHausdorffDistance;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;

class AngleRegularizerTest {
    private static final GeometryFactory GF = new GeometryFactory();
    private final AngleRegularizer regularizer = new AngleRegularizer();

    /** The directions of a polygon's shell edges, degrees in [0, 180). */
    private static List<Double> directions(Polygon p) {
        Coordinate[] c = p.getExteriorRing().getCoordinates();
        List<Double> out = new ArrayList<>();
        for (int k = 0; k + 1 < c.length; k++) {
            double a = Math.toDegrees(Math.atan2(c[k + 1].y - c[k].y, c[k + 1].x - c[k].x));
            out.add(((a % 180) + 180) % 180);
        }
        return out;
    }

    /** The angle between a and b modulo {@code period} degrees, in [0, period/2]. */
    private static double off(double a, double b, double period) {
        double d = Math.abs(a - b) % period;
        return Math.min(d, period - d);
    }

    private static void assertClose(Polygon p, Geometry truth, double maxHausdorffShare) {
        assertThat(p.isValid()).isTrue();
        double inter = p.intersection(truth).getArea();
        assertThat(inter / (p.getArea() + truth.getArea() - inter)).as("IoU").isGreaterThan(0.9);
        assertThat(DiscreteHausdorffDistance.distance(p, truth, 0.1)).as("Hausdorff")
                .isLessThan(maxHausdorffShare * Math.sqrt(truth.getArea()));
    }

    /** A rectangle with one corner cut at 45°, rotated. */
    private static Geometry chamfered(double degrees) {
        Polygon p = GF.createPolygon(new Coordinate[] {new Coordinate(-20, -14), new Coordinate(20, -14),
            new Coordinate(20, 4), new Coordinate(10, 14), new Coordinate(-20, 14), new Coordinate(-20, -14)});
        return rotated(p, degrees);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, 17, 38})
    void aChamferedRectangleKeepsItsDiagonal(double degrees) {
        Geometry truth = chamfered(degrees);
        Polygon p = regularizer.regularize(staircase(truth), 1.5, Mode.RIGHT_ANGLES_AND_DIAGONALS);
        assertClose(p, truth, 0.08);
        assertThat(p.getExteriorRing().getNumPoints()).as("five corners: %s", p).isEqualTo(6);
        List<Double> dirs = directions(p);
        for (double d : dirs) {
            assertThat(off(d, degrees, 45)).as("edge at %.1f° in %s", d, p).isLessThan(2.0);
        }
        // one edge is the diagonal (45° off the main axes); right angles alone cut it away
        assertThat(dirs.stream().filter(d -> off(d, degrees, 90) > 40).count()).isEqualTo(1);
        assertThat(new FootprintRegularizer().regularize(staircase(truth), 1.5).getExteriorRing().getNumPoints())
                .isNotEqualTo(6);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, 30, 52})
    void anLStaysRightAngledWithDiagonalsAllowed(double degrees) {
        Geometry truth = rotated(box(-20, -20, 20, -6).union(box(-20, -20, -6, 16)), degrees);
        Polygon p = regularizer.regularize(staircase(truth), 1.5, Mode.RIGHT_ANGLES_AND_DIAGONALS);
        assertClose(p, truth, 0.08);
        assertThat(p.getExteriorRing().getNumPoints()).as("six corners: %s from %s", p, staircase(truth)).isEqualTo(7);
        FootprintRegularizerTest.assertRightAngles(p);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, 11, 25})
    void aHexagonKeepsItsSixEdgesWithAnyAngle(double degrees) {
        Coordinate[] c = new Coordinate[7];
        for (int k = 0; k < 6; k++) {
            double a = Math.toRadians(60 * k);
            c[k] = new Coordinate(22 * Math.cos(a), 22 * Math.sin(a));
        }
        c[6] = c[0].copy();
        Geometry truth = rotated(GF.createPolygon(c), degrees);
        Polygon source = staircase(truth);
        Polygon p = regularizer.regularize(source, 1.5, Mode.ANY_ANGLE);
        assertClose(p, truth, 0.06);
        assertThat(p.getExteriorRing().getNumPoints()).as("six corners: %s", p).isEqualTo(7);
        for (double d : directions(p)) {
            assertThat(off(d, degrees, 60)).as("edge at %.1f° in %s", d, p).isLessThan(3.0);
        }
        // diagonals cannot follow 60° edges: a hexagon is not what RIGHT_ANGLES_AND_DIAGONALS makes of it
        Polygon diag = regularizer.regularize(source, 1.5, Mode.RIGHT_ANGLES_AND_DIAGONALS);
        assertThat(directions(diag).stream().allMatch(d -> off(d, degrees, 60) < 3.0)).isFalse();
    }

    @Test
    void anIrregularShapeKeepsItsDominantEdges() {
        // a quadrilateral with no right angle, its long edge wobbling by under the tolerance
        Polygon truth = GF.createPolygon(new Coordinate[] {new Coordinate(0, 0), new Coordinate(40, 6),
            new Coordinate(33, 30), new Coordinate(5, 22), new Coordinate(0, 0)});
        Polygon p = regularizer.regularize(staircase(rotated(truth, 0)), 1.5, Mode.ANY_ANGLE);
        assertClose(p, rotated(truth, 0), 0.06);
        assertThat(p.getExteriorRing().getNumPoints()).isEqualTo(5);
    }

    @Test
    void emptyTinyAndInvalidInputsAreHandled() {
        assertThat(regularizer.regularize(GF.createPolygon(), 1.5, Mode.ANY_ANGLE).isEmpty()).isTrue();
        assertThat(regularizer.regularize(null, 1.5, Mode.ANY_ANGLE)).isNull();
        Polygon pixel = (Polygon) box(3, 4, 4, 5);
        for (Mode m : Mode.values()) {
            Polygon p = regularizer.regularize(pixel, 1.5, m);
            assertThat(p.isValid()).as("%s", m).isTrue();
            assertThat(p.getArea()).as("%s", m).isGreaterThan(0);
        }
        Polygon bowTie = GF.createPolygon(new Coordinate[] {
            new Coordinate(0, 0), new Coordinate(20, 20), new Coordinate(20, 0), new Coordinate(0, 20),
            new Coordinate(0, 0)});
        for (Mode m : Mode.values()) {
            Polygon p = regularizer.regularize(bowTie, 1.5, m);
            assertThat(p.isValid()).as("%s", m).isTrue();
            assertThat(p.getArea()).as("%s", m).isGreaterThan(0);
        }
    }
}
