package org.deepraster.tool.classifypixels;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.awt.Rectangle;
import org.deepraster.raster.GeoTiffWriter;
import org.deepraster.raster.RasterFiles;
import org.deepraster.raster.RasterSource;
import org.deepraster.raster.RasterWindow;
import org.deepraster.raster.SampleType;

/**
 * Deepness' "remove small segment areas" (its dock's dilate/erode size, {@code seg_small_segment} in the
 * metadata, 9 by default): {@code map_processor_segmentation.py} {@code _run} runs
 * {@code cv2.medianBlur(mask, int(size // 2) * 2 + 1)} on each output's class mask before cutting it to the
 * processed area. Here the same median (k x k window, borders replicated as OpenCV does, the median = the
 * (k²/2)-th smallest value) runs over the finished classified raster, streamed by bands of 256 rows with a
 * halo, with a sliding histogram per row; NoData pixels (outside the area, NoData input) stay NoData.
 */
final class MedianSmoothing {
    private static final int BLOCK = ClassifyPixelsTool.BLOCK;

    private MedianSmoothing() {
    }

    /** Deepness' kernel for a "dilate/erode size": {@code int(size // 2) * 2 + 1} (1 = off). */
    static int kernel(int size) {
        return Math.max(0, size) / 2 * 2 + 1;
    }

    /**
     * Replaces {@code file} (a tiled single-band classified GeoTIFF laid out as {@code options}, written with
     * {@code metadata}) by its median-filtered copy. Returns pixels by value (length 65536).
     */
    static long[] apply(Path file, GeoTiffWriter.Options options, String metadata, int k) throws IOException {
        int r = k / 2;
        int w = options.width();
        int h = options.height();
        int noData = options.noData() == null ? -1 : (int) Math.round(options.noData());
        boolean wide = options.type() != SampleType.UINT8;
        long[] counts = new long[65536];
        Path tmp = file.resolveSibling(file.getFileName() + ".median.tmp");
        try (RasterSource src = RasterFiles.open(file);
             GeoTiffWriter out = GeoTiffWriter.createInPlace(tmp, options, metadata)) {
            for (int y0 = 0, by = 0; y0 < h; y0 += BLOCK, by++) {
                int n = Math.min(BLOCK, h - y0);
                int top = Math.max(0, y0 - r);
                int bottom = Math.min(h, y0 + n + r);
                RasterWindow win = src.read(new Rectangle(0, top, w, bottom - top), new int[] {0});
                int[] v = new int[w * (bottom - top)];
                int max = 0;
                for (int i = 0; i < v.length; i++) {
                    v[i] = (int) win.samples()[i];
                    max = Math.max(max, v[i]);
                }
                int[] filtered = new int[w * n];
                int[] hist = new int[max + 1];
                for (int y = 0; y < n; y++) {
                    filterRow(v, w, top, bottom, y0 + y, r, k, hist, filtered, y * w);
                }
                for (int bx = 0; bx * BLOCK < w; bx++) {
                    byte[] tile = new byte[BLOCK * BLOCK * (wide ? 2 : 1)];
                    for (int ty = 0; ty < BLOCK; ty++) {
                        for (int tx = 0; tx < BLOCK; tx++) {
                            int x = bx * BLOCK + tx;
                            int value = noData;
                            if (ty < n && x < w) {
                                int orig = v[(y0 + ty - top) * w + x];
                                value = orig == noData ? noData : filtered[ty * w + x];
                                if (value != noData) {
                                    counts[value]++;
                                }
                            }
                            int o = ty * BLOCK + tx;
                            if (wide) {
                                tile[2 * o] = (byte) value;
                                tile[2 * o + 1] = (byte) (value >> 8);
                            } else {
                                tile[o] = (byte) value;
                            }
                        }
                    }
                    out.writeTileBytes(bx, by, tile);
                }
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        return counts;
    }

    /** Median of the k x k window (rows and columns clamped to the raster) of every pixel of row {@code y}. */
    private static void filterRow(int[] v, int w, int top, int bottom, int y, int r, int k, int[] hist, int[] out, int at) {
        java.util.Arrays.fill(hist, 0);
        int half = k * k / 2;
        int[] rows = new int[k];
        for (int dy = -r; dy <= r; dy++) {
            rows[dy + r] = (Math.min(bottom - 1, Math.max(top, y + dy)) - top) * w;
        }
        for (int dx = -r; dx <= r; dx++) {
            int cx = Math.min(w - 1, Math.max(0, dx));
            for (int row : rows) {
                hist[v[row + cx]]++;
            }
        }
        for (int x = 0; x < w; x++) {
            if (x > 0) {
                int gone = Math.min(w - 1, Math.max(0, x - 1 - r));
                int come = Math.min(w - 1, x + r);
                for (int row : rows) {
                    hist[v[row + gone]]--;
                    hist[v[row + come]]++;
                }
            }
            int seen = 0;
            int m = 0;
            while (seen + hist[m] <= half) {
                seen += hist[m];
                m++;
            }
            out[at + x] = m;
        }
    }
}
