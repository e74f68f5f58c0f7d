package org.deepraster.raster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.deepraster.raster.tiff.Chunk;
import org.deepraster.util.Progress;

/**
 * Computes an overview pyramid for {@link OverviewCache}: the levels of a raster, each half the
 * size of the one above, written as tiled DEFLATE TIFFs in one pass over the source rows, the
 * first level reduced in parallel tile column by tile column. Called on the thread that builds
 * the cache (it runs its own pool).
 */
final class PyramidBuilder {
    private PyramidBuilder() {
    }

    /**
     * Builds the pyramid from {@code src} in one pass over its rows: each level is the 2 x 2 mean
     * of the one above (valid pixels only; the top-left valid pixel when {@code nearest}), until
     * it fits in 256 x 256. Memory: one band of source rows plus one row of tiles per level.
     * When {@code src} has a transparency mask, masked pixels take no part and every level gets
     * one more band, last, that is 1 where it is valid and 0 where it has no data.
     */
    static List<Path> build(TiffLevel src, int bands, SampleType type, Double noData, boolean nearest,
                            Path folder, Progress progress) throws IOException {
        Files.createDirectories(folder);
        boolean withMask = src.mask != null;
        int outBands = bands + (withMask ? 1 : 0);
        List<int[]> sizes = new ArrayList<>();
        int w = src.width;
        int h = src.height;
        while (Math.max(w, h) > 256 || sizes.isEmpty()) {
            w = (w + 1) / 2;
            h = (h + 1) / 2;
            sizes.add(new int[] {w, h});
            if (w == 1 && h == 1) {
                break;
            }
        }
        SampleType outType = switch (type) {
            case UINT8, UINT16, INT16, FLOAT32 -> type;
            case INT8 -> SampleType.INT16;
            default -> SampleType.FLOAT32;
        };
        String tmpTag = "tmp-" + ProcessHandle.current().pid() + "-" + Thread.currentThread().getId() + "-";
        List<Path> tmp = new ArrayList<>();
        List<GeoTiffWriter> writers = new ArrayList<>();
        boolean ok = false;
        try {
            LevelReducer first = null;
            LevelReducer prev = null;
            for (int k = 0; k < sizes.size(); k++) {
                Path t = folder.resolve(tmpTag + (k + 1) + ".tif");
                tmp.add(t);
                GeoTiffWriter wr = GeoTiffWriter.create(t, GeoTiffWriter.Options.of(sizes.get(k)[0], sizes.get(k)[1],
                        outBands, outType).withCompression(GeoTiffWriter.Compression.NONE).withNoData(noData));
                writers.add(wr);
                if (k == 0) {
                    continue;
                }
                LevelReducer a = new LevelReducer(k == 0 ? src.width : sizes.get(k - 1)[0], bands, wr, noData, nearest,
                        withMask);
                if (prev == null) {
                    first = a;
                } else {
                    prev.next = a;
                }
                prev = a;
            }
            // Level 1 is reduced chunk by chunk, in parallel; the levels below from level-1 rows.
            int th = src.dir.tileHeight;
            int bandRows = th % 2 == 0 ? th : 2 * th;
            while (bandRows < 256) {
                bandRows *= 2;
            }
            int w1 = sizes.get(0)[0];
            int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
            ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "overview-reduce");
                t.setDaemon(true);
                return t;
            });
            try {
                progress.begin("Building overviews", src.height);
                float[] row = new float[w1 * bands];
                boolean[] rowValid = new boolean[w1];
                // while the pool reduces the next band, this thread writes the previous one
                // unsigned 8-bit without NoData: level 1 is kept and written as bytes
                boolean bytes = type == SampleType.UINT8 && noData == null && !nearest && src.dir.planarConfig == 1
                        && src.dir.sampleFormat != 2 && !withMask;
                Band pending = submitBand(src, bands, outBands, noData, nearest, 0, Math.min(bandRows, src.height),
                        w1, pool, threads, bytes);
                for (int y0 = 0; y0 < src.height; y0 += bandRows) {
                    progress.checkCancelled();
                    int n = Math.min(bandRows, src.height - y0);
                    int ny = y0 + bandRows;
                    Band next = ny < src.height ? submitBand(src, bands, outBands, noData, nearest, ny,
                            Math.min(bandRows, src.height - ny), w1, pool, threads, bytes) : null;
                    pending.await();
                    int outRows = (n + 1) / 2;
                    int plane = w1 * outRows;
                    float[] out = pending.out;
                    byte[] out8 = pending.out8;
                    boolean[] valid = pending.valid;
                    if (withMask) {
                        for (int i = 0; i < plane; i++) {
                            out[bands * plane + i] = valid[i] ? 1 : 0;
                        }
                    }
                    if (bytes) {
                        writers.get(0).writeRows(out8, outRows);
                    } else {
                        writers.get(0).writeRows(out, outRows);
                    }
                    for (int i = 0; first != null && i < outRows; i++) {
                        for (int b = 0; b < bands; b++) {
                            if (bytes) {
                                int base = b * plane + i * w1;
                                int ob = b * w1;
                                for (int x = 0; x < w1; x++) {
                                    row[ob + x] = out8[base + x] & 0xFF;
                                }
                            } else {
                                System.arraycopy(out, b * plane + i * w1, row, b * w1, w1);
                            }
                        }
                        System.arraycopy(valid, i * w1, rowValid, 0, w1);
                        first.push(row, rowValid);
                    }
                    progress.worked(n);
                    pending = next;
                }
            } finally {
                pool.shutdownNow();
            }
            if (first != null) {
                first.finish();
            }
            for (GeoTiffWriter wr : writers) {
                wr.close();
            }
            List<Path> result = new ArrayList<>();
            for (int k = 0; k < tmp.size(); k++) {
                Path f = folder.resolve("ovr-" + (k + 1) + ".tif");
                Files.move(tmp.get(k), f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                result.add(f);
            }
            Path marker = folder.resolve(tmpTag + "complete");
            Files.writeString(marker, Integer.toString(result.size()));
            Files.move(marker, folder.resolve("complete"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            ok = true;
            return result;
        } finally {
            if (!ok) {
                for (GeoTiffWriter wr : writers) {
                    try {
                        wr.close();
                    } catch (IOException | RuntimeException ignored) {
                        // already failing
                    }
                }
                for (Path t : tmp) {
                    Files.deleteIfExists(t);
                }
            }
        }
    }

    /** A band of level-1 rows being computed by the pool. */
    private record Band(float[] out, byte[] out8, boolean[] valid, List<Future<?>> tasks) {
        void await() throws IOException {
            for (Future<?> f : tasks) {
                try {
                    f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                } catch (ExecutionException e) {
                    Throwable c = e.getCause();
                    if (c instanceof IOException io) {
                        throw io;
                    }
                    if (c instanceof RuntimeException re) {
                        throw re;
                    }
                    throw new IOException(c);
                }
            }
        }
    }

    /**
     * Reduces source rows {@code [y0, y0 + n)} (n even unless at the bottom) 2 x 2 into
     * {@code out} (band-sequential, {@code w1} wide), one task per tile column (or row slice for
     * strips), each decoding only the chunks it needs and writing its own part of {@code out}.
     */
    private static Band submitBand(TiffLevel src, int bands, int outBands, Double noData, boolean nearest, int y0,
                                   int n, int w1, ExecutorService pool, int threads, boolean bytes) {
        int across = src.dir.tilesAcross();
        int outRows = (n + 1) / 2;
        float[] out = bytes ? null : new float[w1 * outRows * outBands];
        byte[] out8 = bytes ? new byte[w1 * outRows * bands] : null;
        boolean[] valid = new boolean[w1 * outRows];
        int slices = across >= 2 * threads ? 1 : Math.max(1, Math.min(outRows, 2 * threads));
        List<Future<?>> tasks = new ArrayList<>();
        for (int tx = 0; tx < across; tx++) {
            for (int sl = 0; sl < slices; sl++) {
                int fx = tx;
                int r0 = sl * outRows / slices;
                int r1 = (sl + 1) * outRows / slices;
                tasks.add(pool.submit(() -> {
                    reduceColumn(src, bands, noData, nearest, y0, n, w1, out, out8, valid, fx, r0, r1);
                    return null;
                }));
            }
        }
        return new Band(out, out8, valid, tasks);
    }

    private static void reduceColumn(TiffLevel src, int bands, Double noData, boolean nearest, int y0, int n,
                                     int w1, float[] out, byte[] out8, boolean[] valid, int tx, int r0, int r1)
            throws IOException {
        var d = src.dir;
        int tw = d.tileWidth;
        int th = d.tileHeight;
        int across = d.tilesAcross();
        boolean planar = d.planarConfig == 2;
        int spp = d.samplesPerPixel;
        int perPlane = src.chunksPerPlane();
        int x0 = tx * tw;
        int x1 = Math.min(src.width, x0 + tw);
        int ox0 = x0 / 2;
        int ox1 = (x1 + 1) / 2;
        int outRows = (n + 1) / 2;
        int plane = w1 * outRows;
        boolean checkNd = noData != null;
        float nd = checkNd ? noData.floatValue() : 0;
        boolean ndNaN = checkNd && Double.isNaN(noData);
        float[] s = new float[4 * bands];
        boolean[] ok = new boolean[4];
        boolean withMask = src.mask != null;
        byte[] maskA = withMask ? new byte[x1 - x0] : null;
        byte[] maskB = withMask ? new byte[x1 - x0] : null;
        int cachedTy = -1;
        Chunk[] cached = new Chunk[planar ? bands : 1];
        int cachedTy2 = -1;
        Chunk[] cached2 = new Chunk[planar ? bands : 1];
        for (int oy = r0; oy < r1; oy++) {
            int ya = y0 + 2 * oy;
            int yb = Math.min(ya + 1, y0 + n - 1);
            for (int half = 0; half < 2; half++) {
                int yy = half == 0 ? ya : yb;
                int ty = yy / th;
                if (ty != cachedTy && ty != cachedTy2) {
                    // keep the previous chunk row too: a pair of rows may straddle two chunks
                    cachedTy2 = cachedTy;
                    System.arraycopy(cached, 0, cached2, 0, cached.length);
                    cachedTy = ty;
                    for (int k = 0; k < cached.length; k++) {
                        int idx = planar ? k * perPlane + ty * across + tx : ty * across + tx;
                        cached[k] = src.chunk(idx, false);
                    }
                }
            }
            if (withMask) {
                src.maskRow(ya, x0, x1, maskA);
                src.maskRow(yb, x0, x1, maskB);
            }
            if (!withMask && !planar && !checkNd && !nearest && cached[0].byteData() != null
                    && (cachedTy2 < 0 || cached2[0] == null || cached2[0].byteData() != null) && d.sampleFormat != 2) {
                // fast path: unsigned 8-bit, pixel-interleaved, no NoData
                int tya = ya / th;
                int tyb = yb / th;
                byte[] ba = (tya == cachedTy ? cached[0] : cached2[0]).byteData();
                byte[] bb = (tyb == cachedTy ? cached[0] : cached2[0]).byteData();
                int cw = (tya == cachedTy ? cached[0] : cached2[0]).width;
                int rowA = (ya - tya * th) * cw * spp;
                int rowB = (yb - tyb * th) * cw * spp;
                int base = oy * w1;
                for (int ox = ox0; ox < ox1; ox++) {
                    int xa = 2 * ox - x0;
                    int xb = Math.min(2 * ox + 1, x1 - 1) - x0;
                    int pa = rowA + xa * spp;
                    int pb = rowA + xb * spp;
                    int pc = rowB + xa * spp;
                    int pd = rowB + xb * spp;
                    int o = base + ox;
                    valid[o] = true;
                    for (int b = 0; b < bands; b++) {
                        int sum = (ba[pa + b] & 0xFF) + (ba[pb + b] & 0xFF) + (bb[pc + b] & 0xFF) + (bb[pd + b] & 0xFF);
                        if (out8 != null) {
                            out8[b * plane + o] = (byte) ((sum + 2) >> 2);
                        } else {
                            out[b * plane + o] = sum * 0.25f;
                        }
                    }
                }
                continue;
            }
            for (int ox = ox0; ox < ox1; ox++) {
                int xa = 2 * ox;
                int xb = Math.min(xa + 1, x1 - 1);
                int cnt = 0;
                for (int q = 0; q < 4; q++) {
                    int yy = q < 2 ? ya : yb;
                    int xx = (q & 1) == 0 ? xa : xb;
                    int ty = yy / th;
                    Chunk[] cs = ty == cachedTy ? cached : cached2;
                    int r = yy - ty * th;
                    int cx = xx - x0;
                    boolean allNd = true;
                    for (int b = 0; b < bands; b++) {
                        float v = planar ? cs[b].get(r * cs[b].width + cx) : cs[0].get((r * cs[0].width + cx) * spp + b);
                        s[q * bands + b] = v;
                        if (Float.isNaN(v)) {
                            continue;
                        }
                        if (!checkNd || (ndNaN ? !Float.isNaN(v) : v != nd)) {
                            allNd = false;
                        }
                    }
                    ok[q] = !allNd && (!withMask || (q < 2 ? maskA : maskB)[cx] != 0);
                    if (ok[q]) {
                        cnt++;
                    }
                }
                int o = oy * w1 + ox;
                valid[o] = cnt > 0;
                for (int b = 0; b < bands; b++) {
                    float v;
                    if (cnt == 0) {
                        v = checkNd ? nd : Float.NaN;
                    } else if (nearest) {
                        int q = ok[0] ? 0 : ok[1] ? 1 : ok[2] ? 2 : 3;
                        v = s[q * bands + b];
                    } else {
                        float sum = 0;
                        for (int q = 0; q < 4; q++) {
                            if (ok[q]) {
                                sum += s[q * bands + b];
                            }
                        }
                        v = sum / cnt;
                    }
                    if (out8 != null) {
                        out8[b * plane + o] = (byte) (v >= 255f ? 255 : v > 0f ? (int) (v + 0.5f) : 0);
                    } else {
                        out[b * plane + o] = v;
                    }
                }
            }
        }
    }
}
