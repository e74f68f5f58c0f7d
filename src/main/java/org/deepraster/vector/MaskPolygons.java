package org.deepraster.vector;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;

/**
 * A binary mask (an instance's pixels) to polygons in pixel coordinates (x = column, y = row, the
 * mask's pixel (c, r) is the unit square [c, c+1] x [r, r+1]), one polygon per 4-connected part, with
 * its holes; the outlines follow pixel edges and keep only their corners. Like the
 * {@link Polygonizer} (4-connectivity, as GDAL), but for a small in-memory mask instead of a
 * streamed raster.
 *
 * <p>Method: every pixel side between a set pixel and an unset one (or the mask's edge) becomes an
 * edge directed with its pixel on the right; edges are linked into rings at their end points. Where
 * two pixels of one part touch only diagonally, a ring passes from one to the other, so that the part's outer ring
 * never touches itself: the background there becomes a hole touching the shell (or two holes
 * touching) at one point, which JTS accepts as valid. Shells are the clockwise rings (in x right, y
 * down), one per part; holes are the others and belong to the part that traced them.
 */
public final class MaskPolygons {
    private static final int[] DX = {1, 0, -1, 0};
    private static final int[] DY = {0, 1, 0, -1};

    private MaskPolygons() {
    }

    /**
     * The polygons of a mask of {@code width x height} pixels ({@code pixels[row * width + col]}),
     * placed at ({@code originX}, {@code originY}); parts of fewer than {@code minArea} pixels are
     * left out. Largest first.
     */
    public static List<Polygon> polygons(boolean[] pixels, int width, int height, double originX, double originY,
                                         int minArea, GeometryFactory gf) {
        if (pixels.length != width * height) {
            throw new IllegalArgumentException(pixels.length + " pixels for " + width + " x " + height);
        }
        int[] part = new int[pixels.length];
        int[] areas = label(pixels, width, height, part);
        int vw = width + 1;
        int nv = vw * (height + 1);
        // up to two outgoing edges per vertex: direction (0..3) and part, -1 when none
        int[] outDir = new int[2 * nv];
        int[] outPart = new int[2 * nv];
        Arrays.fill(outDir, -1);
        for (int r = 0; r < height; r++) {
            for (int c = 0; c < width; c++) {
                int p = part[r * width + c];
                if (p == 0) {
                    continue;
                }
                if (r == 0 || part[(r - 1) * width + c] != p) {
                    add(outDir, outPart, (r * vw) + c + 1, 2, p);           // top: (c+1, r) -> (c, r)
                }
                if (r == height - 1 || part[(r + 1) * width + c] != p) {
                    add(outDir, outPart, (r + 1) * vw + c, 0, p);           // bottom: (c, r+1) -> (c+1, r+1)
                }
                if (c == 0 || part[r * width + c - 1] != p) {
                    add(outDir, outPart, r * vw + c, 1, p);                 // left: (c, r) -> (c, r+1)
                }
                if (c == width - 1 || part[r * width + c + 1] != p) {
                    add(outDir, outPart, (r + 1) * vw + c + 1, 3, p);       // right: (c+1, r+1) -> (c+1, r)
                }
            }
        }
        List<List<LinearRing>> holes = new ArrayList<>();
        LinearRing[] shells = new LinearRing[areas.length];
        for (int i = 0; i < areas.length; i++) {
            holes.add(new ArrayList<>());
        }
        // start rings at vertices with a single outgoing edge (never a pinch), then any edge left
        for (int pass = 0; pass < 2; pass++) {
            for (int v = 0; v < nv; v++) {
                for (int k = 0; k < 2; k++) {
                    int p = outPart[2 * v + k];
                    if (outDir[2 * v + k] < 0 || (pass == 0 && outDir[2 * v + 1 - k] >= 0)) {
                        continue;
                    }
                    if (areas[p] < Math.max(1, minArea)) {
                        outDir[2 * v + k] = -1;
                        continue;
                    }
                    LinearRing ring = trace(outDir, outPart, v, k, vw, originX, originY, gf);
                    if (signedArea(ring) < 0 && shells[p] == null) {
                        shells[p] = ring;
                    } else {
                        holes.get(p).add(ring);
                    }
                }
            }
        }
        List<Polygon> out = new ArrayList<>();
        for (int p = 1; p < areas.length; p++) {
            if (shells[p] != null) {
                out.add(gf.createPolygon(shells[p], holes.get(p).toArray(LinearRing[]::new)));
            }
        }
        out.sort((a, b) -> Double.compare(b.getArea(), a.getArea()));
        return out;
    }

    /** The polygons of a mask as one geometry (a Polygon, a MultiPolygon, or empty). */
    public static Geometry geometry(boolean[] pixels, int width, int height, double originX, double originY,
                                    int minArea, GeometryFactory gf) {
        List<Polygon> ps = polygons(pixels, width, height, originX, originY, minArea, gf);
        return ps.size() == 1 ? ps.get(0) : gf.createMultiPolygon(ps.toArray(Polygon[]::new));
    }

    private static void add(int[] outDir, int[] outPart, int v, int dir, int part) {
        int k = outDir[2 * v] < 0 ? 0 : 1;
        outDir[2 * v + k] = dir;
        outPart[2 * v + k] = part;
    }

    private static LinearRing trace(int[] outDir, int[] outPart, int startV, int startK, int vw, double ox, double oy,
                                    GeometryFactory gf) {
        List<Coordinate> pts = new ArrayList<>();
        int part = outPart[2 * startV + startK];
        int v = startV, k = startK, prev = -1;
        while (true) {
            int dir = outDir[2 * v + k];
            outDir[2 * v + k] = -1;
            if (dir != prev) {
                pts.add(new Coordinate(ox + v % vw, oy + v / vw));
            }
            prev = dir;
            v += DX[dir] + DY[dir] * vw;
            k = next(outDir, outPart, v, part, dir);
            if (k < 0) {
                break;
            }
        }
        // the start is a corner unless the ring closed going on straight
        if (pts.size() > 1 && prev == outDirAt(pts, ox, oy)) {
            pts.remove(0);
        }
        pts.add(new Coordinate(pts.get(0)));
        return gf.createLinearRing(pts.toArray(Coordinate[]::new));
    }

    private static int outDirAt(List<Coordinate> pts, double ox, double oy) {
        Coordinate a = pts.get(0), b = pts.get(1);
        return b.x > a.x ? 0 : b.y > a.y ? 1 : b.x < a.x ? 2 : 3;
    }

    /** The outgoing edge of the part to take at vertex v, arriving heading {@code dir}; at a pinch the one that joins the diagonal pixels. */
    private static int next(int[] outDir, int[] outPart, int v, int part, int dir) {
        int a = outDir[2 * v] >= 0 && outPart[2 * v] == part ? 0 : -1;
        int b = outDir[2 * v + 1] >= 0 && outPart[2 * v + 1] == part ? 1 : -1;
        if (a >= 0 && b >= 0) {
            int da = outDir[2 * v];
            // the turn that joins the two diagonal pixels: cross(heading, d) > 0 in these coordinates
            return DX[dir] * DY[da] - DY[dir] * DX[da] > 0 ? 0 : 1;
        }
        return a >= 0 ? a : b;
    }

    /** Shoelace area: negative for the rings traced with their pixels on the right (shells). */
    private static double signedArea(LinearRing ring) {
        Coordinate[] c = ring.getCoordinates();
        double s = 0;
        for (int i = 0; i + 1 < c.length; i++) {
            s += c[i].x * c[i + 1].y - c[i + 1].x * c[i].y;
        }
        return s / 2;
    }

    /** 4-connected parts, numbered from 1 in {@code part}; the returned array holds each part's pixel count (index 0 unused). */
    private static int[] label(boolean[] pixels, int width, int height, int[] part) {
        List<Integer> sizes = new ArrayList<>();
        sizes.add(0);
        int[] stack = new int[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            if (!pixels[i] || part[i] != 0) {
                continue;
            }
            int id = sizes.size();
            int n = 0, top = 0;
            stack[top++] = i;
            part[i] = id;
            while (top > 0) {
                int q = stack[--top];
                n++;
                int c = q % width, r = q / width;
                if (c > 0 && pixels[q - 1] && part[q - 1] == 0) {
                    part[q - 1] = id;
                    stack[top++] = q - 1;
                }
                if (c < width - 1 && pixels[q + 1] && part[q + 1] == 0) {
                    part[q + 1] = id;
                    stack[top++] = q + 1;
                }
                if (r > 0 && pixels[q - width] && part[q - width] == 0) {
                    part[q - width] = id;
                    stack[top++] = q - width;
                }
                if (r < height - 1 && pixels[q + width] && part[q + width] == 0) {
                    part[q + width] = id;
                    stack[top++] = q + width;
                }
            }
            sizes.add(n);
        }
        return sizes.stream().mapToInt(Integer::intValue).toArray();
    }
}
