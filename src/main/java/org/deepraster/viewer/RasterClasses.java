package org.deepraster.viewer;

import java.awt.Rectangle;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.deepraster.raster.ClassTable;
import org.deepraster.raster.RasterSource;
import org.deepraster.raster.RasterWindow;
import org.deepraster.util.Progress;

/**
 * The classes of a classified raster on the map: a single band whose values are classes, known by
 * the class table written beside it ({@link ClassTable#read}: {@code .aux.xml}, Esri {@code .clr}) or,
 * without one, by its palette. Holds which classes are hidden and the pixel count of each (counted in
 * the background, {@link #count}). Colours: the table's, else the palette's, else the default class
 * colours ({@link org.deepraster.model.ClassInfo#defaultRgb}) that the tools give classes without one.
 * Any thread.
 */
public final class RasterClasses {
    /** Rasters with more pixels than this are counted on a reduced read, and the counts are estimates. */
    static final long EXACT_COUNT_PIXELS = 64L << 20;
    private static final int BAND_ROWS = 256;

    /** One class: pixel value, name (never empty) and 0xRRGGBB colour. */
    public record Entry(int value, String name, int rgb) {
    }

    /** Pixels per class value (index = value) and whether they are exact or estimated from a reduced read. */
    public record Counts(long[] byValue, boolean exact) {
        public long of(int value) {
            return value >= 0 && value < byValue.length ? byValue[value] : 0;
        }
    }

    private final List<Entry> entries;
    private final boolean fromTable;
    private final Set<Integer> hidden = ConcurrentHashMap.newKeySet();
    private volatile Counts counts;
    /** Colours by value for the renderer, 0 (transparent) for hidden and unknown values; rebuilt on change. */
    private volatile int[] argb;

    private RasterClasses(List<Entry> entries, boolean fromTable) {
        this.entries = List.copyOf(entries);
        this.fromTable = fromTable;
        rebuild();
    }

    /** The classes of a raster, or empty when it is not a classified raster. Reads the sidecar files. */
    public static Optional<RasterClasses> of(RasterSource source) {
        if (source.bandCount() != 1 || source.sampleType().needsStretch() && source.palette().isEmpty()) {
            return Optional.empty();
        }
        List<ClassTable.Row> rows = source.path() == null ? List.of() : ClassTable.read(source.path());
        int[] palette = source.palette().orElse(null);
        if (rows.isEmpty() && palette == null) {
            return Optional.empty();
        }
        List<Entry> out = new ArrayList<>();
        if (!rows.isEmpty()) {
            for (ClassTable.Row r : rows) {
                if (r.value() < 0 || r.value() > 65535) {
                    continue;
                }
                int rgb = r.rgb() >= 0 ? r.rgb() : palette != null && r.value() < palette.length
                        ? palette[r.value()] & 0xFFFFFF : org.deepraster.model.ClassInfo.defaultRgb(r.value());
                out.add(new Entry(r.value(), r.name().isBlank() ? "Value " + r.value() : r.name(), rgb));
            }
        } else {
            int noData = source.noData().isPresent() ? (int) source.noData().getAsDouble() : -1;
            for (int v = 0; v < palette.length; v++) {
                if (v != noData) {
                    out.add(new Entry(v, "Value " + v, palette[v] & 0xFFFFFF));
                }
            }
        }
        return out.isEmpty() ? Optional.empty() : Optional.of(new RasterClasses(out, !rows.isEmpty()));
    }

    /** Every class (a palette raster without a table: every palette entry; see {@link #shown()}). */
    public List<Entry> entries() {
        return entries;
    }

    /**
     * The classes the legend lists: all those of a class table; of a bare palette, once counted, the values
     * that occur (none before).
     */
    public List<Entry> shown() {
        Counts c = counts;
        if (fromTable) {
            return entries;
        }
        return c == null ? List.of() : entries.stream().filter(e -> c.of(e.value()) > 0).toList();
    }

    public Optional<Entry> entry(int value) {
        return entries.stream().filter(e -> e.value() == value).findFirst();
    }

    public boolean isHidden(int value) {
        return hidden.contains(value);
    }

    public void setHidden(int value, boolean hide) {
        if (hide) {
            hidden.add(value);
        } else {
            hidden.remove(value);
        }
        rebuild();
    }

    /** 0xAARRGGBB by pixel value for drawing; alpha 0 for hidden classes and values without a class. */
    int[] displayColours() {
        return argb;
    }

    private void rebuild() {
        int max = entries.stream().mapToInt(Entry::value).max().orElse(0);
        int[] a = new int[max + 1];
        for (Entry e : entries) {
            a[e.value()] = hidden.contains(e.value()) ? 0 : 0xFF000000 | e.rgb();
        }
        argb = a;
    }

    /** The counts, or null before {@link #count} has finished. */
    public Counts counts() {
        return counts;
    }

    /**
     * Counts the pixels of each class (NoData left out): every pixel up to {@link #EXACT_COUNT_PIXELS}, else
     * a reduced read of about 16 million pixels scaled to the raster's size. Off the EDT.
     */
    public Counts count(RasterSource source, Progress progress) throws IOException {
        int w = source.width();
        int h = source.height();
        boolean exact = (long) w * h <= EXACT_COUNT_PIXELS;
        double f = exact ? 1 : Math.sqrt((double) EXACT_COUNT_PIXELS / 4 / ((double) w * h));
        int outW = exact ? w : Math.max(1, (int) (w * f));
        int outH = exact ? h : Math.max(1, (int) (h * f));
        long[] n = new long[65536];
        int rowsPerRead = exact ? BAND_ROWS : Math.max(1, (int) Math.round(BAND_ROWS / f));
        int max = 0;
        for (int y = 0; y < h; y += rowsPerRead) {
            progress.checkCancelled();
            int rows = Math.min(rowsPerRead, h - y);
            int outRows = exact ? rows : Math.max(1, (int) Math.round(rows * (double) outH / h));
            RasterWindow win = source.read(new Rectangle(0, y, w, rows), outW, outRows, new int[] {0});
            float[] s = win.samples();
            for (int i = 0; i < win.width() * win.height(); i++) {
                int v = (int) s[i];
                if (win.valid() != null && !win.valid()[i] || v < 0 || v >= n.length) {
                    continue;
                }
                n[v]++;
                max = Math.max(max, v);
            }
            progress.worked(rows);
        }
        long[] out = new long[max + 1];
        double scale = exact ? 1 : (double) w * h / ((double) outW * outH);
        for (int v = 0; v <= max; v++) {
            out[v] = Math.round(n[v] * scale);
        }
        Counts c = new Counts(out, exact);
        counts = c;
        return c;
    }
}
