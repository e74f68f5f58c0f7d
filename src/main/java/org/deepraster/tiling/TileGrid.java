package org.deepraster.tiling;

import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.GeometryFactory;

/**
 * The tiles a raster tool lays over its {@link RasterRegion}. Two layouts:
 * <ul>
 * <li>{@link #cores}: chips read with {@code padding} pixels of context on every side, whose cores
 *     ({@code chip − 2·padding}) cover the region exactly; the last ones reach past its right and
 *     bottom edges (Detect Objects, Classify Pixels). A tile's area is its core grown by a margin
 *     (Classify Pixels' blending) within the region;</li>
 * <li>{@link #strided}: chips every {@code stride} pixels from the region's corner, the last one
 *     moved back to end at the region's edge so that every chip holds region pixels (Export
 *     Training Data); area = core = window.</li>
 * </ul>
 * Tiles whose area lies outside the region's mask are left out of {@link #layOut}. Immutable.
 */
public final class TileGrid {
    private final RasterRegion region;
    private final int[] xs;
    private final int[] ys;
    private final int coreW;
    private final int coreH;
    private final int padX;
    private final int padY;
    private final int marginX;
    private final int marginY;
    private final boolean clipArea;

    private TileGrid(RasterRegion region, int[] xs, int[] ys, int coreW, int coreH, int padX, int padY,
                     int marginX, int marginY, boolean clipArea) {
        this.region = region;
        this.xs = xs;
        this.ys = ys;
        this.coreW = coreW;
        this.coreH = coreH;
        this.padX = padX;
        this.padY = padY;
        this.marginX = marginX;
        this.marginY = marginY;
        this.clipArea = clipArea;
    }

    /**
     * Chips of {@code chipW x chipH} whose cores cover the region; each tile's area is its core grown
     * by {@code marginX}, {@code marginY} (0: the core) within the region.
     */
    public static TileGrid cores(RasterRegion region, int chipW, int chipH, int padX, int padY, int marginX, int marginY) {
        Rectangle roi = region.roi();
        int sx = chipW - 2 * padX;
        int sy = chipH - 2 * padY;
        return new TileGrid(region, steps(roi.x, (roi.width + sx - 1) / sx, sx), steps(roi.y, (roi.height + sy - 1) / sy, sy),
                sx, sy, padX, padY, marginX, marginY, true);
    }

    /** Chips of {@code w x h} every {@code strideX}, {@code strideY} pixels, the last ones moved back to the region's edge. */
    public static TileGrid strided(RasterRegion region, int w, int h, int strideX, int strideY) {
        Rectangle roi = region.roi();
        return new TileGrid(region, starts(roi.x, roi.width, w, strideX), starts(roi.y, roi.height, h, strideY),
                w, h, 0, 0, 0, 0, false);
    }

    private static int[] steps(int from, int n, int step) {
        int[] s = new int[n];
        for (int i = 0; i < n; i++) {
            s[i] = from + i * step;
        }
        return s;
    }

    /** Tile origins: every {@code stride} from {@code from}, the last one moved back to end at the region's edge. */
    public static int[] starts(int from, int length, int tile, int stride) {
        if (length <= tile) {
            return new int[] {from};
        }
        List<Integer> s = new ArrayList<>();
        int x = from;
        for (; x + tile <= from + length; x += stride) {
            s.add(x);
        }
        int last = from + length - tile;
        if (s.get(s.size() - 1) < last) {
            s.add(last);
        }
        return s.stream().mapToInt(Integer::intValue).toArray();
    }

    public RasterRegion region() {
        return region;
    }

    public int cols() {
        return xs.length;
    }

    public int rows() {
        return ys.length;
    }

    /** Width of a core: the step from one column to the next (cores layout). */
    public int stepX() {
        return coreW;
    }

    public int stepY() {
        return coreH;
    }

    /** The tile at a grid position, whether or not the mask leaves it out. */
    public Tile tile(int col, int row) {
        Rectangle core = new Rectangle(xs[col], ys[row], coreW, coreH);
        Rectangle window = new Rectangle(core.x - padX, core.y - padY, coreW + 2 * padX, coreH + 2 * padY);
        Rectangle area = clipArea ? new Rectangle(core.x - marginX, core.y - marginY, coreW + 2 * marginX,
                coreH + 2 * marginY).intersection(region.roi()) : new Rectangle(core);
        return new Tile(row * cols() + col, col, row, window, core, area);
    }

    /** The tiles to process and how many the mask left out. */
    public record Layout(List<Tile> tiles, int outsideMask) {
        /** The warning for the tiles the mask left out, or null. */
        public String warning() {
            return outsideMask > 0 ? outsideMask + " tiles lie outside the mask and are not processed." : null;
        }
    }

    /** Every tile row by row. */
    public Layout layOut() {
        return layOut(cols());
    }

    /**
     * The tiles in processing order: vertical swaths of {@code swathCols} columns, each row by row
     * (all columns: plain row order); tiles whose area does not touch the mask are left out.
     */
    public Layout layOut(int swathCols) {
        GeometryFactory gf = new GeometryFactory();
        List<Tile> tiles = new ArrayList<>();
        int outside = 0;
        for (int s0 = 0; s0 < cols(); s0 += swathCols) {
            for (int r = 0; r < rows(); r++) {
                for (int c = s0; c < Math.min(cols(), s0 + swathCols); c++) {
                    Tile t = tile(c, r);
                    Rectangle a = t.area();
                    if (region.preparedMask() != null && !region.preparedMask().intersects(gf.toGeometry(
                            new Envelope(a.x, a.x + a.width, a.y, a.y + a.height)))) {
                        outside++;
                        continue;
                    }
                    tiles.add(t);
                }
            }
        }
        return new Layout(tiles, outside);
    }

    /**
     * Columns {@code [first, last]} whose windows may overlap {@code x0..x1} (cores layout; empty when
     * first &gt; last), e.g. the tiles that could still hold a duplicate of a detection there.
     */
    public int[] colsTouching(double x0, double x1) {
        int c0 = Math.max(0, (int) Math.floor((x0 - region.roi().x + padX - (coreW + 2 * padX)) / coreW));
        int c1 = Math.min(cols() - 1, (int) Math.floor((x1 - region.roi().x + padX) / coreW));
        return new int[] {c0, c1};
    }

    /** Rows {@code [first, last]} whose windows may overlap {@code y0..y1} (cores layout). */
    public int[] rowsTouching(double y0, double y1) {
        int r0 = Math.max(0, (int) Math.floor((y0 - region.roi().y + padY - (coreH + 2 * padY)) / coreH));
        int r1 = Math.min(rows() - 1, (int) Math.floor((y1 - region.roi().y + padY) / coreH));
        return new int[] {r0, r1};
    }
}
