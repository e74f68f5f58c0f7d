package org.deepraster.tool;

import java.awt.geom.AffineTransform;
import java.awt.geom.Point2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.deepraster.feature.Feature;
import org.deepraster.feature.FeatureWriter;
import org.deepraster.geo.Crs;
import org.deepraster.raster.GeoTiffWriter;
import org.deepraster.raster.SampleType;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Location;

/** Test helpers: classified GeoTIFFs from int grids, an in-memory feature writer, rasterising back. */
public final class ClassifiedRasters {
    public static final double PIXEL = 2.0;
    public static final double MIN_X = 400000;
    public static final double MAX_Y = 5000000;
    public static final int NONE = -1;

    private ClassifiedRasters() {
    }

    public static AffineTransform transform() {
        return new AffineTransform(PIXEL, 0, 0, -PIXEL, MIN_X, MAX_Y);
    }

    /** Writes grid[y][x] as a uint8 GeoTIFF (EPSG:32633, 2 m pixels) with 16-pixel tiles. */
    public static Path write(Path file, int[][] grid, Double noData) throws IOException {
        int h = grid.length;
        int w = grid[0].length;
        var o = GeoTiffWriter.Options.of(w, h, 1, SampleType.UINT8).withTileSize(16).withNoData(noData)
                .georeferenced(transform(), Crs.forEpsg(32633));
        try (GeoTiffWriter wr = GeoTiffWriter.create(file, o)) {
            float[] rows = new float[w * h];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    rows[y * w + x] = grid[y][x];
                }
            }
            wr.writeRows(rows, h);
        }
        return file;
    }

    /** Parses rows of characters: '.' = 0, digits = their value, letters a.. = 10... */
    public static int[][] parse(String... rows) {
        int[][] g = new int[rows.length][];
        for (int y = 0; y < rows.length; y++) {
            g[y] = new int[rows[y].length()];
            for (int x = 0; x < rows[y].length(); x++) {
                char c = rows[y].charAt(x);
                g[y][x] = c == '.' ? 0 : Character.digit(c, 36);
            }
        }
        return g;
    }

    /** Collects features in memory. */
    public static final class MemoryWriter implements FeatureWriter {
        public final List<Feature> features = new ArrayList<>();
        int batches;

        @Override
        public void write(List<Feature> batch) {
            features.addAll(batch);
            batches++;
        }

        @Override
        public long count() {
            return features.size();
        }

        @Override
        public void close() {
        }
    }

    /**
     * Rasterises features back (pixel centre in polygon) to class values ({@code NONE} where no
     * polygon); fails when two polygons cover one pixel centre.
     */
    public static int[][] rasterise(List<Feature> features, int w, int h, String valueField) {
        int[][] out = new int[h][w];
        for (int[] row : out) {
            java.util.Arrays.fill(row, NONE);
        }
        AffineTransform t = transform();
        AffineTransform inv;
        try {
            inv = t.createInverse();
        } catch (java.awt.geom.NoninvertibleTransformException e) {
            throw new IllegalStateException(e);
        }
        for (Feature f : features) {
            int v = ((Number) f.get(valueField)).intValue();
            var loc = new IndexedPointInAreaLocator(f.geometry());
            Envelope e = f.geometry().getEnvelopeInternal();
            Point2D a = inv.transform(new Point2D.Double(e.getMinX(), e.getMaxY()), null);
            Point2D b = inv.transform(new Point2D.Double(e.getMaxX(), e.getMinY()), null);
            for (int y = Math.max(0, (int) Math.floor(a.getY())); y < Math.min(h, Math.ceil(b.getY())); y++) {
                for (int x = Math.max(0, (int) Math.floor(a.getX())); x < Math.min(w, Math.ceil(b.getX())); x++) {
                    Point2D c = t.transform(new Point2D.Double(x + 0.5, y + 0.5), null);
                    if (loc.locate(new Coordinate(c.getX(), c.getY())) == Location.INTERIOR) {
                        if (out[y][x] != NONE) {
                            throw new AssertionError("pixel " + x + "," + y + " is covered twice");
                        }
                        out[y][x] = v;
                    }
                }
            }
        }
        return out;
    }

    /** The grid as it should come back: values not in {@code classes} (null = all) or NoData become NONE. */
    public static int[][] expected(int[][] grid, Integer noData, Set<Integer> classes) {
        int[][] out = new int[grid.length][];
        for (int y = 0; y < grid.length; y++) {
            out[y] = new int[grid[y].length];
            for (int x = 0; x < grid[y].length; x++) {
                int v = grid[y][x];
                out[y][x] = (noData != null && v == noData) || (classes != null && !classes.contains(v)) ? NONE : v;
            }
        }
        return out;
    }

    /** Number of 4-connected regions of equal value other than NONE (flood fill). */
    public static int regions(int[][] g) {
        int h = g.length;
        int w = g[0].length;
        boolean[][] seen = new boolean[h][w];
        int n = 0;
        ArrayDeque<int[]> q = new ArrayDeque<>();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (seen[y][x] || g[y][x] == NONE) {
                    continue;
                }
                n++;
                seen[y][x] = true;
                q.add(new int[] {x, y});
                while (!q.isEmpty()) {
                    int[] p = q.poll();
                    int[][] nb = {{1, 0}, {-1, 0}, {0, 1}, {0, -1}};
                    for (int[] d : nb) {
                        int nx = p[0] + d[0];
                        int ny = p[1] + d[1];
                        if (nx >= 0 && ny >= 0 && nx < w && ny < h && !seen[ny][nx] && g[ny][nx] == g[p[1]][p[0]]) {
                            seen[ny][nx] = true;
                            q.add(new int[] {nx, ny});
                        }
                    }
                }
            }
        }
        return n;
    }
}
