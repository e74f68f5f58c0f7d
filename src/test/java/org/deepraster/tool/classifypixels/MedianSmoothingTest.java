package org.deepraster.tool.classifypixels;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Rectangle;
import java.awt.geom.AffineTransform;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.deepraster.geo.Crs;
import org.deepraster.raster.GeoTiffWriter;
import org.deepraster.raster.RasterFiles;
import org.deepraster.raster.RasterSource;
import org.deepraster.raster.SampleType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link MedianSmoothing} against a plain sort of every window (OpenCV medianBlur: borders replicated), across 256-row bands. */
class MedianSmoothingTest {
    @TempDir
    Path dir;

    @Test
    void equalsTheMedianOfEveryWindowAndKeepsNoData() throws IOException {
        int w = 300;
        int h = 600;
        int k = 7;
        Random rnd = new Random(5);
        float[] v = new float[w * h];
        for (int i = 0; i < v.length; i++) {
            v[i] = i % w < 3 ? 0 : 1 + rnd.nextInt(4); // a NoData (0) strip on the left
        }
        Path f = dir.resolve("c.tif");
        GeoTiffWriter.Options o = GeoTiffWriter.Options.of(w, h, 1, SampleType.UINT8)
                .georeferenced(new AffineTransform(1, 0, 0, -1, 0, h), Crs.forEpsg(32633)).withTileSize(256).withNoData(0.0);
        try (GeoTiffWriter out = GeoTiffWriter.create(f, o)) {
            out.writeRows(v, h);
        }
        long[] counts = MedianSmoothing.apply(f, o, null, k);
        float[] got;
        try (RasterSource r = RasterFiles.open(f)) {
            got = r.read(new Rectangle(0, 0, w, h), new int[] {0}).samples();
        }
        long[] expectedCounts = new long[65536];
        int r = k / 2;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int[] win = new int[k * k];
                int n = 0;
                for (int dy = -r; dy <= r; dy++) {
                    for (int dx = -r; dx <= r; dx++) {
                        win[n++] = (int) v[Math.min(h - 1, Math.max(0, y + dy)) * w + Math.min(w - 1, Math.max(0, x + dx))];
                    }
                }
                Arrays.sort(win);
                int e = v[y * w + x] == 0 ? 0 : win[k * k / 2];
                assertThat((int) got[y * w + x]).as("%d,%d", x, y).isEqualTo(e);
                if (e != 0) {
                    expectedCounts[e]++;
                }
            }
        }
        assertThat(counts).isEqualTo(expectedCounts);
    }
}
