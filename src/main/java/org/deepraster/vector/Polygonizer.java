package org.deepraster.vector;

import java.awt.Rectangle;
import java.awt.geom.AffineTransform;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import org.deepraster.feature.Feature;
import org.deepraster.feature.FeatureSchema;
import org.deepraster.feature.FeatureWriter;
import org.deepraster.feature.Field;
import org.deepraster.feature.FieldType;
import org.deepraster.feature.GeometryKind;
import org.deepraster.geo.GridGeometry;
import org.deepraster.raster.RasterFiles;
import org.deepraster.raster.RasterSource;
import org.deepraster.raster.RasterWindow;
import org.deepraster.util.Progress;
import org.deepraster.util.UserException;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.geom.impl.PackedCoordinateSequenceFactory;
import org.locationtech.jts.simplify.TopologyPreservingSimplifier;
import org.opengis.referencing.crs.CoordinateReferenceSystem;

/**
 * Turns a classified raster into polygons, one per 4-connected region of equal class value (as
 * GDAL's default), with holes, in the raster's CRS. The outlines follow pixel edges ("staircase")
 * unless simplified or regularised.
 *
 * <p>Streaming: the raster is read in bands of rows and scanned once, row by row. Regions are
 * labelled with union-find over runs of the previous and the current row; their boundaries are
 * traced along the horizontal grid line between the two rows, where the pieces of boundary
 * ("chains", only their corner vertices kept) are extended and joined. A ring closes when a chain
 * meets its own start; a region is written as soon as a row no longer holds any of its pixels.
 * Memory is therefore bounded by the rows being read and the geometry of the regions still open
 * (those that reach the current row), not by the raster's size. A region that spans the whole
 * raster (a background class around many islands) is still open until its last row, and holds its
 * hole rings until then.
 *
 * <p>At a grid corner where two pixels of one region touch only diagonally, the boundary turns so
 * as to keep them apart (4-connectivity): rings never cross or touch themselves, so every polygon
 * is valid (a hole may touch the shell or another hole at one point).
 *
 * <p>Simplification works on the borders between junctions (vertices where three values meet, or
 * two diagonally), which all rings through a junction keep: each border is simplified once per
 * side, identically, so neighbouring polygons stay joined without gaps or overlaps. A polygon that
 * comes out invalid is simplified alone with JTS's topology-preserving simplifier instead.
 *
 * <p>Minimum area: regions smaller than the minimum are dropped (like ArcGIS and Deepness), and
 * holes smaller than it are filled, so a speck inside a polygon does not leave a hole behind.
 * Merging a small region into its largest neighbour (GDAL's sieve) is not done: the neighbour may
 * have been written already.
 */
public final class Polygonizer {

    private static final int NONE = Integer.MIN_VALUE;
    /** Marks a vertex x as a node (where three values meet, or a diagonal corner): arcs end there. */
    static final int NODE = 1 << 30;
    static final int MASK = NODE - 1;
    private static final int BATCH = 1000;
    private static final long BAND_PIXELS = 1 << 20;

    private Polygonizer() {
    }

    /** The schema of the polygons written for {@code options}: value, class name and area fields. */
    public static FeatureSchema schema(String layerName, CoordinateReferenceSystem crs, PolygonizeOptions options) {
        return new FeatureSchema(layerName, GeometryKind.POLYGON, List.of(
                new Field(options.valueField(), FieldType.INTEGER),
                new Field(options.classField(), FieldType.STRING),
                new Field(options.areaField(), FieldType.REAL)), crs);
    }

    /** Vectorises band 1 of a classified GeoTIFF into {@code out} (whose schema comes from {@link #schema}). */
    public static PolygonizeResult polygonize(Path classifiedTiff, PolygonizeOptions options, FeatureWriter out,
                                              Progress progress) throws IOException {
        try (RasterSource source = RasterFiles.open(classifiedTiff)) {
            return polygonize(source, 0, options, out, progress);
        }
    }

    /**
     * Vectorises band {@code band} (0-based) of {@code source} into {@code out}. Class values are
     * the samples rounded to integers; NoData pixels belong to no polygon.
     */
    public static PolygonizeResult polygonize(RasterSource source, int band, PolygonizeOptions options,
                                              FeatureWriter out, Progress progress) throws IOException {
        return polygonize(source, band, options, out, progress, 0);
    }

    /** As above, reading {@code bandRows} rows at a time (0 = about a million pixels a read). */
    static PolygonizeResult polygonize(RasterSource source, int band, PolygonizeOptions options,
                                       FeatureWriter out, Progress progress, int bandRows) throws IOException {
        if (band < 0 || band >= source.bandCount()) {
            throw new UserException("The raster " + source.name() + " has no band " + (band + 1) + ".",
                    "Choose a band between 1 and " + source.bandCount() + ".");
        }
        if (source.width() >= NODE) {
            throw new UserException("The raster " + source.name() + " is too wide to vectorise (" + source.width()
                    + " pixels).", "Split it into pieces narrower than " + NODE + " pixels.");
        }
        Scan scan = new Scan(source, band, options, out, progress == null ? Progress.NONE : progress);
        return scan.run(bandRows);
    }

    // ------------------------------------------------------------------ region and chain structures

    /** A 4-connected region being scanned (union-find node). */
    private static final class Region {
        final int value;
        Region parent;
        long pixels;
        int lastRow;
        int[] shell;
        List<int[]> holes;
        boolean done;

        Region(int value) {
            this.value = value;
        }
    }

    private static Region find(Region r) {
        while (r.parent != null) {
            if (r.parent.parent != null) {
                r.parent = r.parent.parent;
            }
            r = r.parent;
        }
        return r;
    }

    private static Region union(Region a, Region b) {
        Region ra = find(a);
        Region rb = find(b);
        if (ra == rb) {
            return ra;
        }
        if (ra.pixels < rb.pixels) {
            Region t = ra;
            ra = rb;
            rb = t;
        }
        rb.parent = ra;
        ra.pixels += rb.pixels;
        ra.lastRow = Math.max(ra.lastRow, rb.lastRow);
        if (rb.shell != null) { // cannot happen: a closed shell means a finished region
            ra.shell = rb.shell;
        }
        if (rb.holes != null) {
            if (ra.holes == null) {
                ra.holes = rb.holes;
            } else if (ra.holes.size() >= rb.holes.size()) {
                ra.holes.addAll(rb.holes);
            } else {
                rb.holes.addAll(ra.holes);
                ra.holes = rb.holes;
            }
            rb.holes = null;
        }
        return ra;
    }

    /**
     * An open piece of a region's boundary: grid corner vertices (x, y pairs) in travel order
     * (the region on the right, y down), stored in a deque that grows at both ends. A chain that
     * was joined into another forwards to it.
     */
    private static final class Chain {
        final Region region;
        Chain into;
        /** Passed a corner where two diagonal pixels of its value meet: the ring may touch itself there. */
        boolean pinched;
        int[] buf = new int[16];
        int head = 8;
        int tail = 8;

        Chain(Region region) {
            this.region = region;
        }

        int length() {
            return tail - head;
        }

        void append(int x, int y) {
            if (tail + 2 > buf.length) {
                grow(0, 2);
            }
            buf[tail++] = x;
            buf[tail++] = y;
        }

        void prepend(int x, int y) {
            if (head < 2) {
                grow(2, 0);
            }
            buf[--head] = y;
            buf[--head] = x;
        }

        void appendAll(Chain o) {
            int n = o.length();
            if (tail + n > buf.length) {
                grow(0, n);
            }
            System.arraycopy(o.buf, o.head, buf, tail, n);
            tail += n;
        }

        void prependAll(Chain o) {
            int n = o.length();
            if (head < n) {
                grow(n, 0);
            }
            head -= n;
            System.arraycopy(o.buf, o.head, buf, head, n);
        }

        private void grow(int front, int back) {
            int n = length();
            int cap = Math.max(buf.length * 2, n + front + back + 16);
            int[] b = new int[cap];
            int newHead = front + (cap - n - front - back) / 2;
            System.arraycopy(buf, head, b, newHead, n);
            buf = b;
            head = newHead;
            tail = newHead + n;
        }

        int[] toArray() {
            return Arrays.copyOfRange(buf, head, tail);
        }
    }

    private static Chain resolve(Chain c) {
        if (c == null) {
            return null;
        }
        Chain r = c;
        while (r.into != null) {
            r = r.into;
        }
        while (c.into != null && c.into != r) { // path compression
            Chain next = c.into;
            c.into = r;
            c = next;
        }
        return r;
    }

    // ------------------------------------------------------------------ the scan

    private static final class Scan {
        final RasterSource source;
        final int band;
        final PolygonizeOptions options;
        final FeatureWriter out;
        final Progress progress;
        final int width;
        final int height;
        final AffineTransform g2c;
        final double pixelArea;
        // packed coordinates: 16 bytes a vertex instead of about 48 for Coordinate objects, which
        // matters for a background polygon holding every island of the raster as a hole
        final GeometryFactory factory = new GeometryFactory(new PrecisionModel(), 0,
                PackedCoordinateSequenceFactory.DOUBLE_FACTORY);
        final FootprintRegularizer regularizer = new FootprintRegularizer();
        final int noData;
        final boolean hasNoData;
        final boolean markNodes;
        final double tolerancePixels;

        // padded rows: index x + 1 holds pixel x; 0 and width + 1 are NONE
        int[] prevVal;
        int[] curVal;
        Region[] prevReg;
        Region[] curReg;
        List<Region> prevRuns = new ArrayList<>();
        List<Region> curRuns = new ArrayList<>();
        // chains on vertical edges of the previous (rows above) and current row, at grid x: L = region of
        // the pixel left of the edge (edge runs down), R = region right of it (edge runs up)
        Chain[] vPrevL;
        Chain[] vPrevR;
        Chain[] vCurL;
        Chain[] vCurR;

        final List<Feature> batch = new ArrayList<>();
        long nextId = 1;
        final Map<Integer, Long> counts = new TreeMap<>();
        long dropped;
        long filled;
        long regularized;
        long fallbacks;

        Scan(RasterSource source, int band, PolygonizeOptions options, FeatureWriter out, Progress progress) {
            this.source = source;
            this.band = band;
            this.options = options;
            this.out = out;
            this.progress = progress;
            GridGeometry grid = source.grid();
            this.width = grid.width();
            this.height = grid.height();
            this.g2c = grid.gridToCrs();
            this.pixelArea = Math.abs(g2c.getDeterminant());
            OptionalDouble nd = source.noData();
            this.hasNoData = nd.isPresent() && !Double.isNaN(nd.getAsDouble());
            this.noData = hasNoData ? (int) Math.round(nd.getAsDouble()) : 0;
            this.markNodes = options.simplifyTolerance() > 0;
            this.tolerancePixels = options.simplifyTolerance() / Math.sqrt(pixelArea);
        }

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
            flush();
            return new PolygonizeResult(counts, dropped, filled, regularized, fallbacks, (long) width * height,
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
                        c = c == null ? find(lastAbove) : union(c, lastAbove);
                    }
                }
                if (c == null) {
                    c = new Region(v);
                }
                c = find(c);
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
                        px = x | NODE;
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
                        case 0 -> resolve(vPrevR[x]);
                        case 3 -> resolve(hLeftT);
                        default -> null;
                    };
                    Chain inC = switch (j) {
                        case 0 -> resolve(vPrevL[x]);
                        case 3 -> resolve(hLeftB);
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
            Region reg = find(c.region);
            if (c.pinched) {
                for (int[] loop : splitAtRepeatedVertices(ring)) {
                    addRing(reg, loop);
                }
            } else {
                addRing(reg, ring);
            }
        }

        private void addRing(Region reg, int[] ring) {
            if (signedArea2(ring) > 0) {
                if (reg.shell != null) {
                    throw new IllegalStateException("two outer rings for one region at " + ring[0] + ", " + ring[1]);
                }
                reg.shell = ring;
            } else if (options.minArea() > 0 && -signedArea2(ring) / 2.0 * pixelArea < options.minArea()) {
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
                Region root = find(c);
                if (!root.done && root.lastRow < r) {
                    root.done = true;
                    emit(root);
                }
            }
        }

        private void emit(Region reg) throws IOException {
            if (reg.shell == null) {
                throw new IllegalStateException("region of value " + reg.value + " finished without a closed outline");
            }
            double area = reg.pixels * pixelArea;
            if (options.minArea() > 0 && area < options.minArea()) {
                dropped++;
                reg.holes = null;
                reg.shell = null;
                return;
            }
            boolean regularize = options.regularizeClasses().contains(reg.value);
            Geometry g = null;
            if (markNodes && !regularize) {
                g = simplified(reg);
            }
            if (g == null) { // the traced outline is built only when it is needed
                Polygon p = polygon(reg.shell, reg.holes);
                g = p;
                if (regularize) {
                    double tol = options.regularizeTolerance() > 0 ? options.regularizeTolerance()
                            : 1.5 * Math.sqrt(pixelArea);
                    FootprintRegularizer.Regularized rg = regularizer.regularizeDetailed(p, tol);
                    regularized++;
                    if (rg.fallback()) {
                        fallbacks++;
                    }
                    g = rg.polygon();
                } else if (markNodes && p.getNumPoints() <= 200_000) {
                    // the border-by-border simplification stayed invalid: simplify this one alone
                    // (not a huge one: JTS's simplifier indexes every segment; that stays as traced)
                    Geometry s = TopologyPreservingSimplifier.simplify(p, options.simplifyTolerance());
                    if (s instanceof Polygon sp && !sp.isEmpty() && sp.isValid()) {
                        g = sp;
                    }
                }
            }
            reg.holes = null;
            reg.shell = null;
            var attrs = new java.util.LinkedHashMap<String, Object>();
            attrs.put(options.valueField(), reg.value);
            attrs.put(options.classField(), options.className(reg.value));
            attrs.put(options.areaField(), g.getArea());
            batch.add(new Feature(nextId++, g, attrs));
            counts.merge(reg.value, 1L, Long::sum);
            if (batch.size() >= BATCH) {
                flush();
            }
        }

        private void flush() throws IOException {
            if (!batch.isEmpty()) {
                out.write(List.copyOf(batch));
                batch.clear();
            }
        }

        private Polygon polygon(int[] shell, List<int[]> holes) {
            LinearRing[] hs = new LinearRing[holes == null ? 0 : holes.size()];
            for (int k = 0; k < hs.length; k++) {
                hs[k] = ring(holes.get(k));
            }
            return factory.createPolygon(ring(shell), hs);
        }

        /**
         * The region simplified arc by arc ({@link #simplifyRing}), so that neighbours simplify
         * their shared borders alike; null when the result is not a valid polygon (then this
         * polygon alone is simplified with JTS's topology-preserving simplifier).
         */
        private Polygon simplified(Region reg) {
            int n = 1 + (reg.holes == null ? 0 : reg.holes.size());
            int[][] orig = new int[n][];
            int[][] simp = new int[n][];
            for (int k = 0; k < n; k++) {
                orig[k] = k == 0 ? reg.shell : reg.holes.get(k - 1);
                // a ring that would collapse stays as it is (its neighbour, the same ring, does too)
                int[] sr = simplifyRing(orig[k], tolerancePixels);
                simp[k] = sr != null ? sr : orig[k];
            }
            // Arcs that do not share a border may now cross (two islands a pixel apart): such
            // rings go back to their pixel outline, holes first, until none cross.
            for (int round = 0; round < 4; round++) {
                List<int[]> conflicts = crossings(simp);
                if (conflicts.isEmpty()) {
                    break;
                }
                for (int[] c : conflicts) {
                    int a = c[0];
                    int b = c[1];
                    if (round == 0 && a != b && (a == 0 || b == 0)) {
                        simp[a == 0 ? b : a] = orig[a == 0 ? b : a];
                    } else {
                        simp[a] = orig[a];
                        simp[b] = orig[b];
                    }
                }
            }
            List<int[]> holes = new ArrayList<>(n - 1);
            for (int k = 1; k < n; k++) {
                holes.add(simp[k]);
            }
            Polygon p = polygon(simp[0], holes);
            return p.isValid() ? p : null;
        }

        /** Pairs of rings (indexes) whose segments meet other than end to end (a ring may pair with itself). */
        private static List<int[]> crossings(int[][] rings) {
            List<org.locationtech.jts.noding.SegmentString> ss = new ArrayList<>(rings.length);
            for (int k = 0; k < rings.length; k++) {
                int[] r = rings[k];
                int m = r.length / 2;
                org.locationtech.jts.geom.Coordinate[] cs = new org.locationtech.jts.geom.Coordinate[m + 1];
                for (int i = 0; i < m; i++) {
                    cs[i] = new org.locationtech.jts.geom.Coordinate(r[2 * i] & MASK, r[2 * i + 1]);
                }
                cs[m] = cs[0];
                ss.add(new org.locationtech.jts.noding.BasicSegmentString(cs, k));
            }
            List<int[]> found = new ArrayList<>();
            var li = new org.locationtech.jts.algorithm.RobustLineIntersector();
            var noder = new org.locationtech.jts.noding.MCIndexNoder();
            noder.setSegmentIntersector(new org.locationtech.jts.noding.SegmentIntersector() {
                @Override
                public void processIntersections(org.locationtech.jts.noding.SegmentString e0, int i0,
                                                 org.locationtech.jts.noding.SegmentString e1, int i1) {
                    if (e0 == e1 && i0 == i1) {
                        return;
                    }
                    var c0 = e0.getCoordinates();
                    var c1 = e1.getCoordinates();
                    li.computeIntersection(c0[i0], c0[i0 + 1], c1[i1], c1[i1 + 1]);
                    if (li.hasIntersection() && li.isInteriorIntersection()) {
                        found.add(new int[] {(Integer) e0.getData(), (Integer) e1.getData()});
                    }
                }

                @Override
                public boolean isDone() {
                    return false;
                }
            });
            noder.computeNodes(ss);
            return found;
        }

        private LinearRing ring(int[] pts) {
            int n = pts.length / 2;
            double[] cs = new double[2 * (n + 1)];
            double m00 = g2c.getScaleX();
            double m01 = g2c.getShearX();
            double m02 = g2c.getTranslateX();
            double m10 = g2c.getShearY();
            double m11 = g2c.getScaleY();
            double m12 = g2c.getTranslateY();
            for (int k = 0; k < n; k++) {
                double px = pts[2 * k] & MASK;
                double py = pts[2 * k + 1];
                cs[2 * k] = m00 * px + m01 * py + m02;
                cs[2 * k + 1] = m10 * px + m11 * py + m12;
            }
            cs[2 * n] = cs[0];
            cs[2 * n + 1] = cs[1];
            return factory.createLinearRing(PackedCoordinateSequenceFactory.DOUBLE_FACTORY.create(cs, 2));
        }
    }

    /**
     * Splits a ring that passes some vertices more than once into simple loops. The boundary turns
     * around each pixel at a diagonal corner, so where two diagonal pixels of one region meet and
     * the region is connected elsewhere, its outer ring and the ring of the hole that this encloses
     * come out as one ring through that corner twice: the loops are the outer ring and the hole.
     */
    static List<int[]> splitAtRepeatedVertices(int[] ring) {
        int n = ring.length / 2;
        java.util.HashMap<Long, Integer> at = new java.util.HashMap<>();
        int[] stack = new int[ring.length];
        int top = 0; // points on the stack
        List<int[]> loops = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            int x = ring[2 * k];
            int y = ring[2 * k + 1];
            long key = ((long) (x & MASK) << 32) ^ (y & 0xFFFFFFFFL);
            Integer seen = at.get(key);
            if (seen != null) {
                // the points from the earlier visit to here form a loop; keep the vertex itself
                loops.add(Arrays.copyOfRange(stack, 2 * seen, 2 * top));
                for (int t = seen + 1; t < top; t++) {
                    at.remove(((long) (stack[2 * t] & MASK) << 32) ^ (stack[2 * t + 1] & 0xFFFFFFFFL));
                }
                top = seen + 1;
            } else {
                at.put(key, top);
                stack[2 * top] = x;
                stack[2 * top + 1] = y;
                top++;
            }
        }
        loops.add(Arrays.copyOf(stack, 2 * top));
        return loops;
    }

    /**
     * Douglas-Peucker on a ring (pixel corners, nodes flagged), arc by arc: the ring is cut at its
     * nodes (where three values meet, or at diagonal corners), which every region around them
     * keeps, and each arc is simplified on its own with its ends fixed. The farthest point is
     * chosen with ties broken by coordinates, so an arc simplifies alike whichever way it is
     * walked: the two regions on either side of a border get the same simplified border, without
     * gaps or overlaps. A ring without nodes (an island in one region) is cut at its smallest
     * vertex and the vertex farthest from it; one with a single node, at the node and the vertex
     * farthest from it. Each arc keeps at least its farthest point, so rings do not collapse.
     * Returns the kept points (flags cleared), or null when the ring collapses all the same.
     */
    static int[] simplifyRing(int[] ring, double tolerance) {
        int n = ring.length / 2;
        boolean[] keep = new boolean[n];
        int nodes = 0;
        int firstNode = -1;
        for (int k = 0; k < n; k++) {
            if ((ring[2 * k] & NODE) != 0) {
                keep[k] = true;
                nodes++;
                if (firstNode < 0) {
                    firstNode = k;
                }
            }
        }
        if (nodes <= 1) {
            int s = firstNode;
            if (s < 0) {
                s = 0;
                for (int k = 1; k < n; k++) {
                    if (before(ring, k, s)) {
                        s = k;
                    }
                }
            }
            int f = -1;
            double best = -1;
            for (int k = 0; k < n; k++) {
                if (k == s) {
                    continue;
                }
                double d = dist2(ring, k, s);
                if (d > best || d == best && before(ring, k, f)) {
                    best = d;
                    f = k;
                }
            }
            keep[s] = true;
            keep[f] = true;
        }
        // each arc between consecutive kept points
        int start = -1;
        for (int k = 0; k < n; k++) {
            if (keep[k]) {
                start = k;
                break;
            }
        }
        int[] stack = new int[64];
        int a = start;
        do {
            int b = (a + 1) % n;
            while (!keep[b]) {
                b = (b + 1) % n;
            }
            // Douglas-Peucker on the cyclic index range (a, b) with an explicit stack
            int top = 0;
            stack[top++] = a;
            stack[top++] = b;
            boolean firstSplit = true;
            while (top > 0) {
                int j = stack[--top];
                int i = stack[--top];
                int far = -1;
                double best = -1;
                for (int k = (i + 1) % n; k != j; k = (k + 1) % n) {
                    double d = segDist2(ring, k, i, j);
                    if (d > best || d == best && before(ring, k, far)) {
                        best = d;
                        far = k;
                    }
                }
                // an arc keeps at least its farthest point, so that no ring collapses to a line
                if (far >= 0 && (best > tolerance * tolerance || firstSplit)) {
                    keep[far] = true;
                    if (top + 4 > stack.length) {
                        stack = Arrays.copyOf(stack, stack.length * 2);
                    }
                    stack[top++] = i;
                    stack[top++] = far;
                    stack[top++] = far;
                    stack[top++] = j;
                }
                firstSplit = false;
            }
            a = b;
        } while (a != start);
        int count = 0;
        for (boolean kk : keep) {
            count += kk ? 1 : 0;
        }
        if (count < 3) {
            return null;
        }
        int[] out = new int[2 * count];
        int o = 0;
        for (int k = 0; k < n; k++) {
            if (keep[k]) {
                out[o++] = ring[2 * k] & MASK;
                out[o++] = ring[2 * k + 1];
            }
        }
        return signedArea2(out) == 0 ? null : out;
    }

    /** Point k before point m in (x, y) order (m < 0: always). */
    private static boolean before(int[] r, int k, int m) {
        if (m < 0) {
            return true;
        }
        int xk = r[2 * k] & MASK;
        int xm = r[2 * m] & MASK;
        return xk < xm || xk == xm && r[2 * k + 1] < r[2 * m + 1];
    }

    private static double dist2(int[] r, int k, int m) {
        double dx = (r[2 * k] & MASK) - (r[2 * m] & MASK);
        double dy = r[2 * k + 1] - r[2 * m + 1];
        return dx * dx + dy * dy;
    }

    /** Squared distance from point k to the segment i-j, computed alike for i-j and j-i. */
    private static double segDist2(int[] r, int k, int i, int j) {
        if (before(r, j, i)) {
            int t = i;
            i = j;
            j = t;
        }
        double px = r[2 * k] & MASK;
        double py = r[2 * k + 1];
        double ax = r[2 * i] & MASK;
        double ay = r[2 * i + 1];
        double bx = r[2 * j] & MASK;
        double by = r[2 * j + 1];
        double dx = bx - ax;
        double dy = by - ay;
        double len2 = dx * dx + dy * dy;
        double t = len2 == 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
        double ex = ax + t * dx - px;
        double ey = ay + t * dy - py;
        return ex * ex + ey * ey;
    }

    /** Twice the signed area of a ring of (x, y) pairs (open: the last point is not repeated). */
    static long signedArea2(int[] pts) {
        int n = pts.length / 2;
        long s = 0;
        for (int k = 0; k < n; k++) {
            int k1 = (k + 1) % n;
            s += (long) (pts[2 * k] & MASK) * pts[2 * k1 + 1] - (long) (pts[2 * k1] & MASK) * pts[2 * k + 1];
        }
        return s;
    }
}
