package org.deepraster.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deepraster.detection.NonMaxSuppression.Candidate;
import org.junit.jupiter.api.Test;

/**
 * Deepness's "remove overlapping detections" ({@link NonMaxSuppression#removeContained}): by area, largest
 * first; a kept box removes every smaller one whose intersection with it exceeds the ratio of the smaller
 * area, whatever the classes and scores.
 */
class ContainmentTest {

    static Candidate box(double x0, double y0, double x1, double y1, double score, Object cls) {
        return new Candidate(x0, y0, x1, y1, score, cls, null);
    }

    /** Deepness's loop, verbatim in structure: sorted by area (stable), i over all, j after i. */
    static int[] deepnessReference(List<Candidate> boxes, double t) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < boxes.size(); i++) {
            order.add(i);
        }
        order.sort((a, b) -> Double.compare(area(boxes.get(b)), area(boxes.get(a))));
        boolean[] removed = new boolean[boxes.size()];
        for (int i = 0; i < order.size(); i++) {
            if (removed[order.get(i)]) {
                continue;
            }
            for (int j = i + 1; j < order.size(); j++) {
                if (removed[order.get(j)]) {
                    continue;
                }
                Candidate a = boxes.get(order.get(i));
                Candidate b = boxes.get(order.get(j));
                double iw = Math.max(0, Math.min(a.maxX(), b.maxX()) - Math.max(a.minX(), b.minX()));
                double ih = Math.max(0, Math.min(a.maxY(), b.maxY()) - Math.max(a.minY(), b.minY()));
                if (iw * ih / Math.min(area(a), area(b)) > t) {
                    removed[order.get(j)] = true;
                }
            }
        }
        return java.util.stream.IntStream.range(0, boxes.size()).filter(i -> !removed[i]).toArray();
    }

    static double area(Candidate c) {
        return (c.maxX() - c.minX()) * (c.maxY() - c.minY());
    }

    @Test
    void handComputedCase() {
        List<Candidate> boxes = List.of(
                box(0, 0, 10, 10, 0.5, "a"),    // 0: the big one, kept
                box(1, 1, 5, 5, 0.9, "b"),      // 1: wholly inside 0 (IoS 1), more confident and another class: goes
                box(8, 8, 12, 12, 0.9, "a"),    // 2: 4 of its 16 inside 0: IoS 0.25, kept at 0.35
                box(20, 0, 26, 6, 0.3, "a"),    // 3: alone, kept
                box(21, 1, 25, 4.5, 0.8, "a"),  // 4: inside 3 (IoS 1): goes
                box(9, 9, 11.5, 11.5, 0.9, "a")); // 5: 1 x 1 in 0 (IoS 0.16), 2.5 x 2.5 in 2 (IoS 1): goes by 2
        assertThat(NonMaxSuppression.intersectionOverSmaller(boxes.get(0), boxes.get(2))).isCloseTo(0.25, within(1e-12));
        assertThat(NonMaxSuppression.removeContained(boxes, 0.35)).containsExactly(0, 2, 3);
        // 2 now goes by 0; 5 (IoS 0.16 in 0) stays: 2, which held it, was removed and removes nothing
        assertThat(NonMaxSuppression.removeContained(boxes, 0.2)).containsExactly(0, 3, 5);
        assertThat(NonMaxSuppression.removeContained(boxes, 1)).containsExactly(0, 1, 2, 3, 4, 5);
    }

    @Test
    void aRemovedBoxRemovesNothing() {
        // 1 lies in 0; 2 lies in 1 but only 40 % in 0: with 1 removed first, 2 stays (as in Deepness's loop)
        List<Candidate> boxes = List.of(box(0, 0, 10, 10, 1, null), box(6, 0, 14, 8, 1, null), box(8, 0, 13, 5, 1, null));
        assertThat(NonMaxSuppression.intersectionOverSmaller(boxes.get(0), boxes.get(1))).isCloseTo(0.5, within(1e-12));
        assertThat(NonMaxSuppression.intersectionOverSmaller(boxes.get(0), boxes.get(2))).isCloseTo(0.4, within(1e-12));
        assertThat(NonMaxSuppression.removeContained(boxes, 0.45)).containsExactly(0, 2);
    }

    @Test
    void equalsTheBruteForceLoopOnRandomBoxes() {
        Random r = new Random(15);
        for (int round = 0; round < 200; round++) {
            List<Candidate> boxes = new ArrayList<>();
            int n = 1 + r.nextInt(60);
            for (int i = 0; i < n; i++) {
                double x = r.nextInt(100);
                double y = r.nextInt(100);
                double w = 1 + r.nextInt(30);
                double h = 1 + r.nextInt(30); // whole sizes: equal areas (ties) happen
                boxes.add(box(x, y, x + w, y + h, r.nextDouble(), r.nextInt(3)));
            }
            double t = r.nextDouble();
            assertThat(NonMaxSuppression.removeContained(boxes, t)).as("round %d", round)
                    .containsExactly(deepnessReference(boxes, t));
        }
    }
}
