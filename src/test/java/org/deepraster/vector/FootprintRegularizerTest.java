package org.deepraster.vector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.locationtech.jts.algorithm.distance.DiscreteHausdorffDistance;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.AffineTransformation;
import org.locationtech.jts.operation.union.UnaryUnionOp;

class FootprintRegularizerTest {
    private static final GeometryFactory GF = new GeometryFactory();
    private final FootprintRegularizer regularizer = new FootprintRegularizer();

    /** Every corner of every ring is 90° or 270° within 1°. */
    static void assertRightAngles(Polygon p) {
        List<LineString> rings = new ArrayList<>();
        rings.add(p.getExteriorRing());
        for (int i = 0; i < p.getNumInteriorRing(); i++) {
            rings.add(p.getInteriorRingN(i));
        }
        for (LineString ring : rings) {
            Coordinate[] c = ring.getCoordinates();
            int n = c.length - 1;
            assertThat(n).isGreaterThanOrEqualTo(4);
            for (int k = 0; k < n; k++) {
                Coordinate a = c[(k - 1 + n) % n];
                Coordinate b = c[k];
                Coordinate d = c[k + 1];
                double ax = b.x - a.x;
                double ay = b.y - a.y;
                double bx = d.x - b.x;
                double by = d.y - b.y;
                double cos = Math.abs(ax * bx + ay * by) / (Math.hypot(ax, ay) * Math.hypot(bx, by));
                assertThat(Math.toDegrees(Math.acos(cos))).as("corner %s of %s", b, p).isGreaterThan(89);
            }
        }
    }

    /** The pixel-edge outline of a shape: the union of the unit pixels whose centre lies inside it. */
    static Polygon staircase(Geometry shape) {
        var env = shape.getEnvelopeInternal();
        List<Geometry> px = new ArrayList<>();
        for (int y = (int) Math.floor(env.getMinY()); y < Math.ceil(env.getMaxY()); y++) {
            for (int x = (int) Math.floor(env.getMinX()); x < Math.ceil(env.getMaxX()); x++) {
                Point c = GF.createPoint(new Coordinate(x + 0.5, y + 0.5));
                if (shape.contains(c)) {
                    px.add(GF.toGeometry(new org.locationtech.jts.geom.Envelope(x, x + 1, y, y + 1)));
                }
            }
        }
        Geometry u = UnaryUnionOp.union(px);
        assertThat(u).isInstanceOf(Polygon.class);
        return (Polygon) u;
    }

    static Geometry box(double x0, double y0, double x1, double y1) {
        return GF.toGeometry(new org.locationtech.jts.geom.Envelope(x0, x1, y0, y1));
    }

    static Geometry rotated(Geometry g, double degrees) {
        return AffineTransformation.rotationInstance(Math.toRadians(degrees), 0, 0).translate(100, 200).transform(g);
    }

    private void assertRegularisesTo(Geometry truth) {
        Polygon source = staircase(truth);
        FootprintRegularizer.Regularized r = regularizer.regularizeDetailed(source, 1.5);
        Polygon p = r.polygon();
        assertThat(p.isValid()).isTrue();
        assertThat(r.fallback()).as("fell back to the rectangle").isFalse();
        assertRightAngles(p);
        double inter = p.intersection(truth).getArea();
        double iou = inter / (p.getArea() + truth.getArea() - inter);
        assertThat(iou).as("IoU").isGreaterThanOrEqualTo(0.9);
        double size = Math.sqrt(truth.getArea());
        assertThat(DiscreteHausdorffDistance.distance(p, truth, 0.1)).as("Hausdorff").isLessThan(0.08 * size);
        // far fewer vertices than the staircase
        assertThat(p.getNumPoints()).isLessThan(source.getNumPoints() / 3);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, 8, 30, 45, 60, 77})
    void rotatedRectanglesComeBackAsRectangles(double degrees) {
        Geometry truth = rotated(box(-20, -12, 20, 12), degrees);
        assertRegularisesTo(truth);
        Polygon p = regularizer.regularize(staircase(truth), 1.5);
        assertThat(p.getExteriorRing().getNumPoints()).isEqualTo(5);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, 30, 52})
    void lShapesKeepTheirSixCorners(double degrees) {
        Geometry truth = rotated(box(-20, -20, 20, -6).union(box(-20, -20, -6, 16)), degrees);
        assertRegularisesTo(truth);
        assertThat(regularizer.regularize(staircase(truth), 1.5).getExteriorRing().getNumPoints()).isEqualTo(7);
    }

    @Test
    void aCourtyardStaysAHole() {
        Geometry truth = rotated(box(-22, -16, 22, 16).difference(box(-8, -6, 8, 6)), 20);
        assertRegularisesTo(truth);
        Polygon p = regularizer.regularize(staircase(truth), 1.5);
        assertThat(p.getNumInteriorRing()).isEqualTo(1);
    }

    @Test
    void tinyEmptyAndInvalidInputsAreHandled() {
        assertThat(regularizer.regularize(GF.createPolygon(), 1.5).isEmpty()).isTrue();
        assertThat(regularizer.regularize(null, 1.5)).isNull();
        // one pixel: below the tolerance², comes back as its own rectangle
        Polygon pixel = (Polygon) box(3, 4, 4, 5);
        FootprintRegularizer.Regularized one = regularizer.regularizeDetailed(pixel, 1.5);
        assertThat(one.fallback()).isTrue();
        assertThat(one.polygon().getArea()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        // a bow tie (self-intersecting) is repaired and regularised to a valid polygon
        Polygon bowTie = GF.createPolygon(new Coordinate[] {
            new Coordinate(0, 0), new Coordinate(20, 20), new Coordinate(20, 0), new Coordinate(0, 20),
            new Coordinate(0, 0)});
        assertThat(bowTie.isValid()).isFalse();
        Polygon fixed = regularizer.regularize(bowTie, 1.5);
        assertThat(fixed.isValid()).isTrue();
        assertThat(fixed.getArea()).isGreaterThan(0);
        // a thin diagonal sliver cannot be squared: the rotated rectangle, still right-angled
        Polygon sliver = staircase(rotated(box(-15, -1.2, 15, 1.2), 40));
        Polygon s = regularizer.regularize(sliver, 1.5);
        assertThat(s.isValid()).isTrue();
        assertRightAngles(s);
    }
}
