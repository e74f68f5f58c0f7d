package org.deepraster.viewer;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.deepraster.geo.GridGeometry;
import org.deepraster.plugin.LayerKind;
import org.locationtech.jts.geom.Envelope;
import org.opengis.referencing.crs.CoordinateReferenceSystem;

/**
 * A raster a job is filling ({@link org.deepraster.plugin.LayerService#addStreamingRaster}), e.g. a
 * classified raster being written. It holds only a <em>picture</em> of its grid at reduced resolution:
 * one ARGB pixel per {@link #step()} × {@code step} grid pixels (the value at the centre of that cell),
 * at most {@link #MAX_SIDE} pixels on the longer side, so a 20000 × 20000 raster costs 2048² × 4 bytes
 * = 16 MB however large it is, and a block costs only its share of that picture. Blocks are painted in
 * their class colours on the thread that delivers them; the renderer draws the picture scaled with
 * nearest-neighbour, so zoomed in closer than the picture's resolution it looks blocky until the job
 * ends and the host replaces this layer with the written file at full resolution. Values without a
 * colour and NoData stay transparent. Thread-safe.
 */
public final class StreamingRasterLayer extends MapLayer {
    /** The longest side of the picture in pixels. */
    public static final int MAX_SIDE = 2048;

    private final GridGeometry grid;
    private final int[] palette;
    private final int noData;
    private final int step;
    private final BufferedImage picture;
    private final int[] argb;
    private final AtomicLong blocks = new AtomicLong();

    /** @param palette 0xRRGGBB by value; null: grey levels (value mod 256) */
    StreamingRasterLayer(String name, GridGeometry grid, int[] palette, int noData) {
        super(name, null, List.of());
        this.grid = grid;
        this.palette = palette == null ? null : palette.clone();
        this.noData = noData;
        this.step = Math.max(1, (Math.max(grid.width(), grid.height()) + MAX_SIDE - 1) / MAX_SIDE);
        int w = (grid.width() + step - 1) / step;
        int h = (grid.height() + step - 1) / step;
        this.picture = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        this.argb = ((DataBufferInt) picture.getRaster().getDataBuffer()).getData();
    }

    public GridGeometry grid() {
        return grid;
    }

    /** Grid pixels per picture pixel (along each axis). */
    public int step() {
        return step;
    }

    /** Blocks received so far. */
    public long blocks() {
        return blocks.get();
    }

    /**
     * Paints a block ({@code values}: one per pixel of {@code window}, rows of {@code window.width})
     * into the picture; any thread. Returns the part of the grid it covers.
     */
    Rectangle put(Rectangle window, int[] values) {
        if (values.length < (long) window.width * window.height) {
            throw new IllegalArgumentException("a block of " + window.width + " x " + window.height + " needs "
                    + (long) window.width * window.height + " values, got " + values.length);
        }
        Rectangle w = window.intersection(new Rectangle(0, 0, grid.width(), grid.height()));
        if (w.isEmpty()) {
            return w;
        }
        int half = step / 2;
        int pw = picture.getWidth();
        // picture pixel p shows grid pixel min(p * step + half, size - 1): the centre of its cell, or
        // the last column/row for the cells the grid's edge cuts
        int px0 = w.x / step;
        int px1 = Math.min(pw - 1, (w.x + w.width - 1) / step);
        int py0 = w.y / step;
        int py1 = Math.min(picture.getHeight() - 1, (w.y + w.height - 1) / step);
        synchronized (this) {
            for (int py = py0; py <= py1; py++) {
                int row = Math.min(py * step + half, grid.height() - 1);
                if (row < w.y || row >= w.y + w.height) {
                    continue;
                }
                for (int px = px0; px <= px1; px++) {
                    int col = Math.min(px * step + half, grid.width() - 1);
                    if (col >= w.x && col < w.x + w.width) {
                        argb[py * pw + px] = colour(values[(row - window.y) * window.width + col - window.x]);
                    }
                }
            }
        }
        blocks.incrementAndGet();
        return w;
    }

    private int colour(int v) {
        if (v == noData || v < 0) {
            return 0;
        }
        if (palette == null) {
            int g = v & 0xFF;
            return 0xFF000000 | g << 16 | g << 8 | g;
        }
        return v < palette.length ? 0xFF000000 | palette[v] & 0xFFFFFF : 0;
    }

    /** The colour of the picture at a grid pixel (0 = nothing yet / transparent); for tests. */
    public synchronized int colourAt(int col, int row) {
        return argb[(row / step) * picture.getWidth() + col / step];
    }

    /** Draws the picture with {@code draw} while no block is being painted into it. */
    synchronized void withPicture(java.util.function.Consumer<BufferedImage> draw) {
        draw.accept(picture);
    }

    @Override
    public LayerKind kind() {
        return LayerKind.RASTER;
    }

    @Override
    public CoordinateReferenceSystem crs() {
        return grid.crs();
    }

    @Override
    public Envelope extent() {
        return grid.envelope();
    }
}
