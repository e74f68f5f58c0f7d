package org.deepraster.viewer;

import java.awt.Rectangle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicInteger;
import org.deepraster.geo.GridGeometry;
import org.deepraster.raster.RasterSource;
import org.deepraster.raster.RasterWindow;
import org.deepraster.raster.SampleType;

/** A raster held in memory, for tests: nearest-neighbour reads, NoData, statistics from min/max. */
final class MemoryRaster implements RasterSource {
    private final String name;
    private final GridGeometry grid;
    private final float[][] bands;
    private final SampleType type;
    private final Double noData;
    final AtomicInteger reads = new AtomicInteger();
    volatile Rectangle lastRegion;
    volatile int lastOutW;
    volatile int lastOutH;

    MemoryRaster(String name, GridGeometry grid, SampleType type, Double noData, float[][] bands) {
        this.name = name;
        this.grid = grid;
        this.type = type;
        this.noData = noData;
        this.bands = bands;
    }

    /** A raster whose bands are filled by f(band, col, row). */
    static MemoryRaster of(String name, GridGeometry grid, SampleType type, Double noData, int bandCount, Fill f) {
        float[][] b = new float[bandCount][grid.width() * grid.height()];
        for (int k = 0; k < bandCount; k++) {
            for (int r = 0; r < grid.height(); r++) {
                for (int c = 0; c < grid.width(); c++) {
                    b[k][r * grid.width() + c] = f.value(k, c, r);
                }
            }
        }
        return new MemoryRaster(name, grid, type, noData, b);
    }

    interface Fill {
        float value(int band, int col, int row);
    }

    @Override
    public Path path() {
        return null;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public GridGeometry grid() {
        return grid;
    }

    @Override
    public int bandCount() {
        return bands.length;
    }

    @Override
    public List<String> bandNames() {
        List<String> n = new ArrayList<>();
        for (int i = 0; i < bands.length; i++) {
            n.add("Band " + (i + 1));
        }
        return n;
    }

    @Override
    public SampleType sampleType() {
        return type;
    }

    @Override
    public OptionalDouble noData() {
        return noData == null ? OptionalDouble.empty() : OptionalDouble.of(noData);
    }

    @Override
    public RasterWindow read(Rectangle region, int outW, int outH, int[] which) {
        reads.incrementAndGet();
        lastRegion = new Rectangle(region);
        lastOutW = outW;
        lastOutH = outH;
        float[] out = new float[outW * outH * which.length];
        boolean[] valid = new boolean[outW * outH];
        int w = grid.width();
        for (int y = 0; y < outH; y++) {
            int row = region.y + (int) Math.floor((y + 0.5) * region.height / outH);
            for (int x = 0; x < outW; x++) {
                int col = region.x + (int) Math.floor((x + 0.5) * region.width / outW);
                if (col < 0 || row < 0 || col >= w || row >= grid.height()) {
                    continue;
                }
                boolean ok = true;
                for (int k = 0; k < which.length; k++) {
                    float v = bands[which[k]][row * w + col];
                    out[k * outW * outH + y * outW + x] = v;
                    if (noData != null && v == noData.floatValue()) {
                        ok = false;
                    }
                }
                valid[y * outW + x] = ok;
            }
        }
        return new RasterWindow(outW, outH, which.length, out, valid);
    }

    @Override
    public BandStatistics statistics(int band) {
        float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
        for (float v : bands[band]) {
            if (noData != null && v == noData.floatValue()) {
                continue;
            }
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return new BandStatistics(min, max, min, max);
    }

    @Override
    public void close() {
    }
}
