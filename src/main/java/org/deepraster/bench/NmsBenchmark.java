package org.deepraster.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deepraster.detection.NonMaxSuppression;
import org.locationtech.jts.geom.Envelope;

/**
 * {@code deepraster benchmark nms [N] [CLASSES] [RATIO]}: {@link NonMaxSuppression} on N random boxes
 * (default 100 000, 2 classes, ratio 0.3) shaped like detections of a dense scene: 10-40 units wide on an
 * extent holding about 4 boxes per 40 x 40 cell, with duplicates of a quarter of them. Prints the time
 * of the best of 5 runs after 3 warm-ups.
 */
public final class NmsBenchmark {
    private NmsBenchmark() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int classes = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        double ratio = args.length > 2 ? Double.parseDouble(args[2]) : 0.3;
        List<NonMaxSuppression.Candidate> boxes = boxes(n, classes, new Random(1));
        int kept = 0;
        for (int i = 0; i < 3; i++) {
            kept = NonMaxSuppression.keep(boxes, ratio).length;
        }
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long t0 = System.nanoTime();
            kept = NonMaxSuppression.keep(boxes, ratio).length;
            best = Math.min(best, System.nanoTime() - t0);
        }
        System.out.printf("nms: %d boxes, %d classes, max overlap %.2f: kept %d, best of 5: %.1f ms%n",
                n, classes, ratio, kept, best / 1e6);
    }

    static List<NonMaxSuppression.Candidate> boxes(int n, int classes, Random rnd) {
        double extent = Math.sqrt(n / 4.0) * 40;
        List<NonMaxSuppression.Candidate> out = new ArrayList<>(n);
        while (out.size() < n) {
            double x = rnd.nextDouble() * extent;
            double y = rnd.nextDouble() * extent;
            double w = 10 + rnd.nextDouble() * 30;
            double h = 10 + rnd.nextDouble() * 30;
            Object c = rnd.nextInt(classes);
            out.add(new NonMaxSuppression.Candidate(new Envelope(x, x + w, y, y + h), rnd.nextDouble(), c));
            if (rnd.nextInt(4) == 0 && out.size() < n) { // a shifted duplicate, as from a neighbouring tile
                double dx = rnd.nextGaussian() * 3;
                double dy = rnd.nextGaussian() * 3;
                out.add(new NonMaxSuppression.Candidate(new Envelope(x + dx, x + w + dx, y + dy, y + h + dy),
                        rnd.nextDouble(), c));
            }
        }
        return out;
    }
}
