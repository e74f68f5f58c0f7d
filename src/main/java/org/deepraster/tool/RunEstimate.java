package org.deepraster.tool;

import java.util.Locale;

/**
 * What a run will cost, projected from a calibration batch ({@link Calibration}): time and peak memory for the whole
 * job, shown by the dialogs before Run and printed by {@code --estimate}.
 *
 * @param items          the items the run will process (tiles, objects), those an earlier run finished left out
 * @param unit           what an item is ("tiles", "objects")
 * @param calibrated     items the calibration batch processed
 * @param secondsPerItem wall time per item in the calibration (reading, the model — all test-time augmentation views —
 *                       decoding and writing; the first batch, so it includes warming up: an upper estimate)
 * @param peakBytes      the heap the run is expected to hold at its peak: the most the calibration held, plus what the
 *                       plan expects to keep open beyond one batch (e.g. Classify Pixels' unfinished output blocks)
 * @param note           what the batch held, e.g. "8 test-time augmentation views a tile"; empty for nothing
 */
public record RunEstimate(long items, String unit, long calibrated, double secondsPerItem, long peakBytes, String note) {

    public double seconds() {
        return items * secondsPerItem;
    }

    /**
     * The figures first, the basis after (a narrow dialog cuts the end): "Estimate: about 3 min 20 s, peak heap about
     * 640 MB, for 256 tiles (0.78 s a tile, from a calibration batch of 4; 8 test-time augmentation views a tile)".
     */
    public String line() {
        return "Estimate: about " + duration(seconds()) + ", peak heap about " + megabytes(peakBytes) + ", for " + items
                + " " + unit + " (" + String.format(Locale.ROOT, secondsPerItem < 0.1 ? "%.3f" : "%.2f", secondsPerItem)
                + " s a " + singular(unit) + ", from a calibration batch of " + calibrated
                + (note.isEmpty() ? "" : "; " + note) + ")";
    }

    private static String singular(String unit) {
        return unit.endsWith("s") ? unit.substring(0, unit.length() - 1) : unit;
    }

    static String megabytes(long bytes) {
        long mb = Math.max(1, Math.round(bytes / 1048576.0));
        return mb >= 10240 ? String.format(Locale.ROOT, "%.1f GB", mb / 1024.0) : mb + " MB";
    }

    /** "45 s", "3 min 20 s", "2 h 05 min". */
    public static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return Math.max(s, seconds > 0 ? 1 : 0) + " s";
        }
        if (s < 3600) {
            return (s / 60) + " min " + (s % 60) + " s";
        }
        return (s / 3600) + " h " + String.format(Locale.ROOT, "%02d", (s % 3600) / 60) + " min";
    }
}
