package org.deepraster.detection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.deepraster.detection.NonMaxSuppression.Candidate;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;

class NonMaxSuppressionTest {

    /** The definition, O(n^2): within each class by descending score, then across classes. */
    static int[] bruteForce(List<Candidate> boxes, double ratio) {
        int n = boxes.size();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> {
            int c = Double.compare(boxes.get(b).score(), boxes.get(a).score());
            return c != 0 ? c : Integer.compare(a, b);
        });
        List<Integer> kept1 = new ArrayList<>();
        for (int i : order) {
            boolean ok = true;
            for (int k : kept1) {
                if (Objects.equals(boxes.get(k).classValue(), boxes.get(i).classValue())
                        && iouRef(boxes.get(i), boxes.get(k)) > ratio) {
                    ok = false;
                    break;
                }
            }
            if (ok) {
                kept1.add(i);
            }
        }
        List<Integer> kept2 = new ArrayList<>();
        for (int i : kept1) { // kept1 is in score order already
            boolean ok = true;
            for (int k : kept2) {
                if (iouRef(boxes.get(i), boxes.get(k)) > ratio) {
                    ok = false;
                    break;
                }
            }
            if (ok) {
                kept2.add(i);
            }
        }
        return kept2.stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    /** IoU by JTS polygon overlay: independent of the envelope arithmetic under test. */
    static double iouRef(Candidate a, Candidate b) {
        GeometryFactory gf = new GeometryFactory();
        var ga = a.polygon() != null ? a.polygon() : gf.toGeometry(new Envelope(a.minX(), a.maxX(), a.minY(), a.maxY()));
        var gb = b.polygon() != null ? b.polygon() : gf.toGeometry(new Envelope(b.minX(), b.maxX(), b.minY(), b.maxY()));
        double inter = ga.intersection(gb).getArea();
        double union = ga.getArea() + gb.getArea() - inter;
        return union <= 0 ? 0 : inter / union;
    }

    static List<Candidate> randomBoxes(Random rnd, int n, double extent, int classes) {
        List<Candidate> boxes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double x = rnd.nextDouble() * extent;
            double y = rnd.nextDouble() * extent;
            double w = 5 + rnd.nextDouble() * 30;
            double h = 5 + rnd.nextDouble() * 30;
            // some exact ties in score to exercise the tie rule
            double score = rnd.nextInt(4) == 0 ? 0.5 : rnd.nextDouble();
            boxes.add(new Candidate(new Envelope(x, x + w, y, y + h), score, classes == 1 ? null : "c" + rnd.nextInt(classes)));
        }
        return boxes;
    }

    @Test
    void matchesBruteForceOnRandomBoxes() {
        Random rnd = new Random(42);
        int suppressed = 0;
        for (int round = 0; round < 30; round++) {
            int classes = 1 + round % 3;
            double ratio = new double[] {0, 0.1, 0.3, 0.5, 0.8}[round % 5];
            List<Candidate> boxes = randomBoxes(rnd, 200 + rnd.nextInt(300), 250, classes);
            int[] fast = NonMaxSuppression.keep(boxes, ratio);
            int[] ref = bruteForce(boxes, ratio);
            assertThat(fast).as("round %d, ratio %s, classes %d", round, ratio, classes).isEqualTo(ref);
            assertThat(fast.length).isGreaterThan(0);
            suppressed += boxes.size() - fast.length;
        }
        assertThat(suppressed).as("the random boxes overlap enough to suppress some").isGreaterThan(1000);
    }

    @Test
    void matchesBruteForceOnPolygons() {
        Random rnd = new Random(7);
        GeometryFactory gf = new GeometryFactory();
        List<Candidate> boxes = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            double x = rnd.nextDouble() * 200;
            double y = rnd.nextDouble() * 200;
            double s = 5 + rnd.nextDouble() * 20;
            Polygon tri = gf.createPolygon(new Coordinate[] {new Coordinate(x, y), new Coordinate(x + s, y),
                new Coordinate(x, y + s), new Coordinate(x, y)});
            boxes.add(Candidate.of(tri, rnd.nextDouble(), rnd.nextInt(2)));
        }
        assertThat(boxes.get(0).polygon()).isNotNull();
        assertThat(NonMaxSuppression.keep(boxes, 0.3)).isEqualTo(bruteForce(boxes, 0.3));
    }

    @Test
    void withinClassThenAcrossClasses() {
        // a (car, 0.9) and b (car, 0.8) overlap: b goes within the class.
        // c (tree, 0.95) overlaps a: across classes a goes, since c is more confident.
        // d (tree, 0.7) overlaps only b, which is gone after the first pass: d stays.
        List<Candidate> boxes = List.of(
                new Candidate(new Envelope(0, 10, 0, 10), 0.9, "car"),
                new Candidate(new Envelope(2, 12, 0, 10), 0.8, "car"),
                new Candidate(new Envelope(-1, 9, 0, 10), 0.95, "tree"),
                new Candidate(new Envelope(9, 19, 0, 10), 0.7, "tree"));
        assertThat(NonMaxSuppression.keep(boxes, 0.3)).containsExactly(2, 3);
        // ratio 0: any overlap suppresses; touching boxes (IoU 0) both stay
        List<Candidate> touching = List.of(new Candidate(new Envelope(0, 10, 0, 10), 0.9, 1),
                new Candidate(new Envelope(10, 20, 0, 10), 0.8, 1));
        assertThat(NonMaxSuppression.keep(touching, 0)).containsExactly(0, 1);
        assertThat(NonMaxSuppression.iou(boxes.get(0), boxes.get(1))).isCloseTo(80.0 / 120, org.assertj.core.data.Offset.offset(1e-12));
    }
}
