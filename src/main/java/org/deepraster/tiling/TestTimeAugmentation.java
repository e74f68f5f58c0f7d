package org.deepraster.tiling;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deepraster.util.UserException;

/**
 * Test-time augmentation of a tiled run (ArcGIS's {@code test_time_augmentation} model argument): every chip is also
 * given to the model flipped and rotated ({@link TtaView}s: 8 for a square chip, 4 otherwise), and the views' outputs,
 * turned back to the chip's orientation, are merged by the {@link MergePolicy} (arcgis.learn's {@code merge_policy}).
 * Pixel outputs are merged per pixel inside the {@link BatchRunner} ({@link #merges}: how each output is merged),
 * so the tools' assemblers see one output per tile as without augmentation; detectors get every view's output
 * ({@link BatchRunner#runViews}) and fuse the boxes themselves.
 *
 * <p>{@code batchSize} counts views: a batch of {@code batch_size} chips holds {@link #tilesPerBatch} tiles, each with
 * all its views (a tile's views may span several model runs when batch_size is below the number of views), so memory
 * is that of a batch of {@code batch_size} chips without augmentation.
 *
 * @param merges per output name, how its views are merged; empty for a detector (views fused by the tool)
 */
public record TestTimeAugmentation(List<TtaView> views, MergePolicy policy, Map<String, Merge> merges) {

    /** How the views' values of one pixel become one (arcgis.learn's merge_policy). */
    public enum MergePolicy {
        MEAN, MAX, MIN;

        public static MergePolicy parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new UserException("merge_policy '" + s + "' is not one of mean, max, min.",
                        "Use merge_policy mean (the default), max or min.");
            }
        }

        float start() {
            return this == MAX ? Float.NEGATIVE_INFINITY : this == MIN ? Float.POSITIVE_INFINITY : 0f;
        }

        float add(float acc, float v) {
            return switch (this) {
                case MEAN -> acc + v;
                case MAX -> Math.max(acc, v);
                case MIN -> Math.min(acc, v);
            };
        }
    }

    /** What one output holds, and so how its views are merged. */
    public enum Merge {
        /** Class scores [N, C, H, W]: each view's softmax (unless already probabilities) merged, renormalised to sum 1. */
        CLASS_PROBABILITIES,
        /** One foreground channel: each view's sigmoid (unless already in [0, 1]) merged. */
        FOREGROUND_PROBABILITY,
        /** Integer labels [N, H, W]: the label most views give (ties: the earliest view's). */
        LABEL_VOTE,
        /** Values (regression, super-resolution): merged as they are. */
        VALUES
    }

    public TestTimeAugmentation {
        views = List.copyOf(views);
        merges = Map.copyOf(merges);
        if (views.isEmpty() || views.get(0) != TtaView.IDENTITY) {
            throw new IllegalArgumentException("the first view must be the identity");
        }
    }

    /**
     * All the views a chip of {@code chipW x chipH} allows (rotations only for a square chip), or those the system
     * property {@value #VIEWS_PROPERTY} names (comma-separated {@link TtaView} names, the identity first; for tests
     * and measurements; views the chip does not allow are left out).
     */
    public static TestTimeAugmentation of(int chipW, int chipH, MergePolicy policy, Map<String, Merge> merges) {
        List<TtaView> allowed = TtaView.all(chipW == chipH);
        String asked = System.getProperty(VIEWS_PROPERTY);
        if (asked != null && !asked.isBlank()) {
            List<TtaView> views = new java.util.ArrayList<>();
            for (String s : asked.split(",")) {
                TtaView v = TtaView.valueOf(s.trim().toUpperCase(Locale.ROOT));
                if (allowed.contains(v) && !views.contains(v)) {
                    views.add(v);
                }
            }
            return new TestTimeAugmentation(views, policy, merges);
        }
        return new TestTimeAugmentation(allowed, policy, merges);
    }

    /** The system property that limits the views (see {@link #of}). */
    public static final String VIEWS_PROPERTY = "deepraster.ttaViews";

    public int viewCount() {
        return views.size();
    }

    /** Tiles in one batch of {@code batchSize} chips (each tile brings all its views): at least 1. */
    public int tilesPerBatch(int batchSize) {
        return Math.max(1, batchSize / views.size());
    }

    /**
     * Checks that each view's output can be turned back exactly: an output smaller than the chip must be centred with
     * the same border on both sides, and a view that swaps the axes needs a square output.
     */
    public void checkOutput(String name, int chipW, int chipH, int outW, int outH) {
        if ((outW < chipW && (chipW - outW) % 2 != 0) || (outH < chipH && (chipH - outH) % 2 != 0)) {
            throw new UserException("test_time_augmentation needs the model's output " + name + " (" + outW + " x " + outH
                    + ") centred on its " + chipW + " x " + chipH + " input with equal borders: flipped views would"
                    + " be off by a pixel.", "Run without test_time_augmentation.");
        }
        if (outW != outH && views.stream().anyMatch(TtaView::swapsAxes)) {
            throw new UserException("The model's output " + name + " is not square (" + outW + " x " + outH
                    + ") although its input is: rotated views cannot be turned back.", "Run without test_time_augmentation.");
        }
    }

    /** For the log and the warnings: "8 views (identity, flips, 90° rotations, transposes), merged by mean". */
    public String describe() {
        return views.size() + " views (" + viewNames() + "), merged by " + policy.name().toLowerCase(Locale.ROOT);
    }

    /** "identity, flips, 90° rotations, transposes", "identity, flips, 180°", or the views' labels. */
    public String viewNames() {
        if (views.equals(TtaView.all(true))) {
            return "identity, flips, 90° rotations, transposes";
        }
        if (views.equals(TtaView.all(false))) {
            return "identity, flips, 180°";
        }
        return String.join(", ", views.stream().map(TtaView::label).toList());
    }
}
