package org.deepraster.vector;

import java.awt.Rectangle;
import java.awt.geom.AffineTransform;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import org.deepraster.feature.FeatureWriter;
import org.deepraster.geo.GridGeometry;
import org.deepraster.raster.RasterSource;
import org.deepraster.raster.RasterWindow;
import org.deepraster.util.Progress;

/**
 * The polygonizer's single pass over a raster (see {@link Polygonizer} for the method): reads
 * bands of rows, labels the runs of each row ({@link Region}), traces the boundaries along each
 * grid line into {@link Chain}s, closes them into rings and hands each region to the
 * {@link RegionWriter} as soon as a row no longer holds any of its pixels. One scan per raster,
 * on the calling thread.
 */
final class RegionScan {
    private static final int NONE = Integer.MIN_VALUE;
    private static final long BAND_PIXELS = 1 << 20;

    private final RasterSource source;
    private final int band;
    private final PolygonizeOptions options;
    private final Progress progress;
    private final int width;
    private final int height;
    private final double pixelArea;
    private final RegionWriter writer;
    private final int noData;
    private final boolean hasNoData;
    private final boolean markNodes;

    // padded rows: index x + 1 holds pixel x; 0 and width + 1 are NONE
    private int[] prevVal;
    private int[] curVal;
    private Region[] prevReg;
    private Region[] curReg;
    private List<Region> prevRuns = new ArrayList<>();
    private List<Region> curRuns = new ArrayList<>();
    // chains on vertical edges of the previous (rows above) and current row, at grid x: L = region of
    // the pixel left of the edge (edge runs down), R = region right of it (edge runs up)
    private Chain[] vPrevL;
    private Chain[] vPrevR;
    private Chain[] vCurL;
    private Chain[] vCurR;

    private long filled;

    RegionScan(RasterSource source, int band, PolygonizeOptions options, FeatureWriter out, Progress progress) {
        this.source = source;
        this.band = band;
        this.options = options;
        this.progress = progress;
        GridGeometry grid = source.grid();
        this.width = grid.width();
        this.height = grid.height();
        AffineTransform g2c = grid.gridToCrs();
        this.pixelArea = Math.abs(g2c.getDeterminant());
        OptionalDouble nd = source.noData();
        this.hasNoData = nd.isPresent() && !Double.isNaN(nd.getAsDouble());
        this.noData = hasNoData ? (int) Math.round(nd.getAsDouble()) : 0;
        this.markNodes = options.simplifyTolerance() > 0;
        this.writer = new RegionWriter(options, out, g2c, markNodes);
    }

    /** Scans the raster, {@code rowsPerRead} rows a read (0 = about a million pixels), and writes every region. */
    PolygonizeResult run(int rowsPerRead) throws IOException {
        long t0 = System.nanoTime();
        int w2 = width + 2;
        prevVal = new int[w2];
        curVal = new int[w2];
        Arrays.fill(prevVal, NONE);
        Arrays.fill(curVal, NONE);
        prevReg = new Region[w2];
        curReg = new Region[w2];
        vPrevL = new Chain[width + 1];
        vPrevR = new Chain[width + 1];
        vCurL = new Chain[width + 1];
        vCurR = new Chain[width + 1];
        int bandRows = rowsPerRead > 0 ? rowsPerRead : (int) Math.max(1, Math.min(height, BAND_PIXELS / width));
        progress.begin("Vectorising " + source.name(), height);
        RasterWindow window = null;
        int windowY = 0;
        int[] bands = {band};
        for (int r = 0; r <= height; r++) {
            // rotate rows: the current row becomes the previous one
            int[] tv = prevVal;
            prevVal = curVal;
            curVal = tv;
            Region[] tr = prevReg;
            prevReg = curReg;
            curReg = tr;
            List<Region> tl = prevRuns;
            prevRuns = curRuns;
            curRuns = tl;
            curRuns.clear();
            Chain[] t;
            t = vPrevL;
            vPrevL = vCurL;
            vCurL = t;
            t = vPrevR;
            vPrevR = vCurR;
            vCurR = t;
            Arrays.fill(vCurL, null);
            Arrays.fill(vCurR, null);
            if (r < height) {
                if (window == null || r >= windowY + window.height()) {
                    progress.checkCancelled();
                    if (window != null) {
                        progress.worked(window.height());
                    }
                    windowY = r;
                    int h = Math.min(bandRows, height - r);
                    window = source.read(new Rectangle(0, r, width, h), bands);
                }
                loadRow(window, r - windowY);
                label(r);
            } else {
                Arrays.fill(curVal, NONE);
                Arrays.fill(curReg, null);
            }
            trace(r);
            finish(r);
        }
        if (window != null) {
            progress.worked(window.height());
        }
        writer.flush();
        return new PolygonizeResult(writer.counts, writer.dropped, filled, writer.regularized, writer.fallbacks,
                (long) width * height,
                Duration.ofNanos(System.nanoTime() - t0));
    }

    private void loadRow(RasterWindow w, int y) {
        float[] s = w.samples();
        boolean[] valid = w.valid();
        int base = y * width;
        int lastRaw = NONE;
        int lastVal = NONE;
        for (int x = 0; x < width; x++) {
            int v;
            if (valid != null && !valid[base + x]) {
                v = NONE;
            } else {
                float f = s[base + x];
                if (Float.isNaN(f)) {
                    v = NONE;
                } else {
                    int raw = Math.round(f);
                    if (raw == lastRaw) {
                        v = lastVal;
                    } else {
                        v = (hasNoData && raw == noData) || !options.includes(raw) ? NONE : raw;
                        lastRaw = raw;
                        lastVal = v;
                    }
                }
            }
            curVal[x + 1] = v;
        }
    }

    /** Labels the runs of row {@code r} (union-find with the row above). */
    private void label(int r) {
        int x = 1;
        while (x <= width) {
            int v = curVal[x];
            int e = x + 1;
            while (e <= width && curVal[e] == v) {
                e++;
            }
            if (v == NONE) {
                Arrays.fill(curReg, x, e, null);
                x = e;
                continue;
            }
            Region c = null;
            Region lastAbove = null;
            for (int i = x; i < e; i++) {
                if (prevVal[i] == v && prevReg[i] != lastAbove) {
                    lastAbove = prevReg[i];
                    c = c == null ? Region.find(lastAbove) : Region.union(c, lastAbove);
                }
            }
            if (c == null) {
                c = new Region(v);
            }
            c = Region.find(c);
            c.pixels += e - x;
            c.lastRow = r;
            Arrays.fill(curReg, x, e, c);
            curRuns.add(c);
            x = e;
        }
    }

    /**
     * Traces the boundaries along grid line {@code r} (between pixel rows r - 1 and r): the
     * horizontal edges on it and the vertical edges of row r. At each grid vertex the four
     * pixels around it (NW, NE, SE, SW clockwise) form arcs of equal value; each arc of a
     * class carries its boundary in on one edge and out on the other.
     */
    private void trace(int r) {
        Chain hLeftT = null; // horizontal edge left of the vertex: T = region above (runs -x), B = below (+x)
        Chain hLeftB = null;
        int[] q = new int[4];
        boolean[] e = new boolean[4];
        for (int x = 0; x <= width; x++) {
            int nw = prevVal[x];
            int ne = prevVal[x + 1];
            int sw = curVal[x];
            int se = curVal[x + 1];
            if (nw == ne && sw == se && nw == sw) {
                hLeftT = null;
                hLeftB = null;
                continue;
            }
            q[0] = nw;
            q[1] = ne;
            q[2] = se;
            q[3] = sw;
            e[0] = nw != ne; // up: vertical edge of the row above
            e[1] = ne != se; // right: horizontal edge to the next vertex
            e[2] = se != sw; // down: vertical edge of this row
            e[3] = sw != nw; // left: horizontal edge from the previous vertex
            int px = x;
            boolean node = false;
            if (markNodes) {
                int distinct = 1 + (ne != nw ? 1 : 0) + (se != nw && se != ne ? 1 : 0)
                        + (sw != nw && sw != ne && sw != se ? 1 : 0);
                node = distinct >= 3 || (nw == se && ne == sw);
                if (node) {
                    px = x | Rings.NODE;
                }
            }
            Chain hRightT = null;
            Chain hRightB = null;
            for (int i = 0; i < 4; i++) {
                if (!e[i]) {
                    continue;
                }
                int first = (i + 1) & 3; // the arc starts after edge i
                if (q[first] == NONE) {
                    continue;
                }
                int j = first;
                while (!e[j]) {
                    j = (j + 1) & 3;
                }
                boolean corner = ((j - i) & 3) != 2 || node;
                boolean pinch = j == first && q[(first + 2) & 3] == q[first];
                // the arc's boundary comes in on edge j and leaves on edge i
                Chain outC = switch (i) {
                    case 0 -> Chain.resolve(vPrevR[x]);
                    case 3 -> Chain.resolve(hLeftT);
                    default -> null;
                };
                Chain inC = switch (j) {
                    case 0 -> Chain.resolve(vPrevL[x]);
                    case 3 -> Chain.resolve(hLeftB);
                    default -> null;
                };
                if ((i == 0 || i == 3) && outC == null || (j == 0 || j == 3) && inC == null) {
                    throw new IllegalStateException("broken boundary at " + x + ", " + r);
                }
                Chain set;
                if (inC != null && outC != null) {
                    join(inC, outC, px, r, pinch);
                    continue;
                } else if (inC != null) {
                    if (corner) {
                        inC.append(px, r);
                    }
                    set = inC;
                } else if (outC != null) {
                    if (corner) {
                        outC.prepend(px, r);
                    }
                    set = outC;
                } else {
                    Region reg = switch (first) {
                        case 0 -> prevReg[x];
                        case 1 -> prevReg[x + 1];
                        case 2 -> curReg[x + 1];
                        default -> curReg[x];
                    };
                    set = new Chain(reg);
                    set.append(px, r);
                }
                set.pinched |= pinch;
                // store the chain on the new edges of the arc
                if (outC == null) {
                    if (i == 1) {
                        hRightB = set;
                    } else {
                        vCurL[x] = set;
                    }
                }
                if (inC == null) {
                    if (j == 1) {
                        hRightT = set;
                    } else {
                        vCurR[x] = set;
                    }
                }
            }
            hLeftT = hRightT;
            hLeftB = hRightB;
        }
    }

    /** Joins the chain ending at (x, y) to the one starting there (a corner). */
    private void join(Chain in, Chain out, int x, int y, boolean pinch) {
        if (in == out) {
            in.append(x, y);
            in.pinched |= pinch;
            closeRing(in);
            return;
        }
        if (in.length() >= out.length()) {
            in.append(x, y);
            in.appendAll(out);
            in.pinched |= out.pinched | pinch;
            out.into = in;
            out.buf = null;
        } else {
            out.prepend(x, y);
            out.prependAll(in);
            out.pinched |= in.pinched | pinch;
            in.into = out;
            in.buf = null;
        }
    }

    private void closeRing(Chain c) {
        int[] ring = c.toArray();
        c.buf = null;
        Region reg = Region.find(c.region);
        if (c.pinched) {
            for (int[] loop : Rings.splitAtRepeatedVertices(ring)) {
                addRing(reg, loop);
            }
        } else {
            addRing(reg, ring);
        }
    }

    private void addRing(Region reg, int[] ring) {
        if (Rings.signedArea2(ring) > 0) {
            if (reg.shell != null) {
                throw new IllegalStateException("two outer rings for one region at " + ring[0] + ", " + ring[1]);
            }
            reg.shell = ring;
        } else if (options.minArea() > 0 && -Rings.signedArea2(ring) / 2.0 * pixelArea < options.minArea()) {
            filled++; // filled at once: not kept until the region is written
        } else {
            if (reg.holes == null) {
                reg.holes = new ArrayList<>(2);
            }
            reg.holes.add(ring);
        }
    }

    /** Writes the regions that reached row r - 1 but not row r. */
    private void finish(int r) throws IOException {
        for (Region c : prevRuns) {
            Region root = Region.find(c);
            if (!root.done && root.lastRow < r) {
                root.done = true;
                writer.emit(root);
            }
        }
    }
}
