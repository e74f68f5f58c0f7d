package org.deepraster.raster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.deepraster.util.CancelledException;
import org.deepraster.util.Progress;

/**
 * Overview pyramids built for rasters that have none, kept in
 * {@code ${deepraster.cache:-~/.cache/deepraster}/overviews/KEY/} where KEY hashes the absolute
 * path, size and modification time of the raster. Each level is a tiled DEFLATE TIFF
 * ({@code ovr-1.tif} is half the size of the source level, {@code ovr-2.tif} a quarter, ...);
 * a {@code complete} file is written last, so a half-built pyramid is never reused.
 */
final class OverviewCache {
    private OverviewCache() {
    }

    static Path cacheRoot() {
        String p = System.getProperty("deepraster.cache");
        if (p == null || p.isBlank()) {
            p = System.getenv("DEEPRASTER_CACHE");
        }
        if (p == null || p.isBlank()) {
            return Path.of(System.getProperty("user.home"), ".cache", "deepraster");
        }
        return Path.of(p);
    }

    static Path folderFor(Path raster) throws IOException {
        Path abs = raster.toAbsolutePath().normalize();
        String id = abs + "|" + Files.size(abs) + "|" + Files.getLastModifiedTime(abs).toMillis();
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return cacheRoot().resolve("overviews").resolve(HexFormat.of().formatHex(h, 0, 12));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The files of a complete cached pyramid, finest first; empty when there is none. */
    static List<Path> existing(Path folder) {
        Path marker = folder.resolve("complete");
        if (!Files.isRegularFile(marker)) {
            return List.of();
        }
        try {
            int n = Integer.parseInt(Files.readString(marker).trim());
            List<Path> files = new ArrayList<>();
            for (int k = 1; k <= n; k++) {
                Path f = folder.resolve("ovr-" + k + ".tif");
                if (!Files.isRegularFile(f)) {
                    return List.of();
                }
                files.add(f);
            }
            return files;
        } catch (IOException | NumberFormatException e) {
            return List.of();
        }
    }

    /**
     * Builds the pyramid from {@code src} in one pass over its rows: each level is the 2 x 2 mean
     * of the one above (valid pixels only; the top-left valid pixel when {@code nearest}), until
     * it fits in 256 x 256. Memory: one band of source rows plus one row of tiles per level.
     */
    static List<Path> build(TiffLevel src, int bands, SampleType type, Double noData, boolean nearest,
                            Path folder, Progress progress) throws IOException {
        Files.createDirectories(folder);
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
            Accumulator first = null;
            Accumulator prev = null;
            for (int k = 0; k < sizes.size(); k++) {
                Path t = folder.resolve(tmpTag + (k + 1) + ".tif");
                tmp.add(t);
                GeoTiffWriter wr = GeoTiffWriter.create(t, GeoTiffWriter.Options.of(sizes.get(k)[0], sizes.get(k)[1],
                        bands, outType).withDeflateLevel(1).withNoData(noData));
                writers.add(wr);
                Accumulator a = new Accumulator(k == 0 ? src.width : sizes.get(k - 1)[0], bands, wr, noData, nearest);
                if (prev == null) {
                    first = a;
                } else {
                    prev.next = a;
                }
                prev = a;
            }
            int th = src.dir.tileHeight;
            int bandRows = th;
            long perRow = (long) src.width * bands * 4;
            while (bandRows * 2L * perRow < 48L * 1024 * 1024 && bandRows * 2 <= 1024) {
                bandRows *= 2;
            }
            int[] all = new int[bands];
            for (int b = 0; b < bands; b++) {
                all[b] = b;
            }
            int[] cols = new int[src.width];
            for (int x = 0; x < cols.length; x++) {
                cols[x] = x;
            }
            progress.begin("Building overviews", src.height);
            float[] rowBuf = new float[src.width * bands];
            boolean[] rowValid = new boolean[src.width];
            for (int y0 = 0; y0 < src.height; y0 += bandRows) {
                progress.checkCancelled();
                int n = Math.min(bandRows, src.height - y0);
                int[] rows = new int[n];
                for (int i = 0; i < n; i++) {
                    rows[i] = y0 + i;
                }
                float[] out = new float[src.width * n * bands];
                boolean[] valid = new boolean[src.width * n];
                java.util.Arrays.fill(valid, true);
                src.sample(cols, rows, all, out, valid, noData, false);
                int plane = src.width * n;
                for (int i = 0; i < n; i++) {
                    for (int b = 0; b < bands; b++) {
                        System.arraycopy(out, b * plane + i * src.width, rowBuf, b * src.width, src.width);
                    }
                    System.arraycopy(valid, i * src.width, rowValid, 0, src.width);
                    first.push(rowBuf, rowValid);
                }
                progress.worked(n);
            }
            first.finish();
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

    /** Pairs rows of one level into rows of the next (2 x 2 reduction). */
    private static final class Accumulator {
        final int width;
        final int outWidth;
        final int bands;
        final GeoTiffWriter writer;
        final Double noData;
        final boolean nearest;
        Accumulator next;
        float[] pending;
        boolean[] pendingValid;
        final float[] out;
        final boolean[] outValid;

        Accumulator(int width, int bands, GeoTiffWriter writer, Double noData, boolean nearest) {
            this.width = width;
            this.outWidth = (width + 1) / 2;
            this.bands = bands;
            this.writer = writer;
            this.noData = noData;
            this.nearest = nearest;
            this.out = new float[outWidth * bands];
            this.outValid = new boolean[outWidth];
        }

        void push(float[] row, boolean[] valid) throws IOException {
            if (pending == null) {
                pending = row.clone();
                pendingValid = valid.clone();
                return;
            }
            if (pendingValid == null) {
                System.arraycopy(row, 0, pending, 0, row.length);
                pendingValid = valid.clone();
                return;
            }
            reduce(pending, pendingValid, row, valid);
            pendingValid = null;
        }

        void finish() throws IOException {
            if (pending != null && pendingValid != null) {
                reduce(pending, pendingValid, pending, pendingValid);
                pendingValid = null;
            }
            if (next != null) {
                next.finish();
            }
        }

        private void reduce(float[] a, boolean[] av, float[] b, boolean[] bv) throws IOException {
            float fill = noData == null ? 0f : noData.floatValue();
            for (int x = 0; x < outWidth; x++) {
                int x0 = 2 * x;
                int x1 = Math.min(x0 + 1, width - 1);
                int cnt = 0;
                if (av[x0]) {
                    cnt++;
                }
                if (av[x1]) {
                    cnt++;
                }
                if (bv[x0]) {
                    cnt++;
                }
                if (bv[x1]) {
                    cnt++;
                }
                outValid[x] = cnt > 0;
                for (int k = 0; k < bands; k++) {
                    int o = k * width;
                    float v;
                    if (cnt == 0) {
                        v = fill;
                    } else if (nearest) {
                        v = av[x0] ? a[o + x0] : av[x1] ? a[o + x1] : bv[x0] ? b[o + x0] : b[o + x1];
                    } else {
                        float s = 0;
                        if (av[x0]) {
                            s += a[o + x0];
                        }
                        if (av[x1]) {
                            s += a[o + x1];
                        }
                        if (bv[x0]) {
                            s += b[o + x0];
                        }
                        if (bv[x1]) {
                            s += b[o + x1];
                        }
                        v = s / cnt;
                    }
                    out[k * outWidth + x] = v;
                }
            }
            writer.writeRows(out, 1);
            if (next != null) {
                next.push(out, outValid);
            }
        }
    }
}
