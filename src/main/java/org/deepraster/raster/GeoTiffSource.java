package org.deepraster.raster;

import java.awt.Rectangle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.deepraster.geo.GridGeometry;
import org.deepraster.raster.tiff.TiffChunkDecoder;
import org.deepraster.raster.tiff.TiffDirectory;
import org.deepraster.raster.tiff.TiffException;
import org.deepraster.raster.tiff.TiffFile;
import org.deepraster.raster.tiff.TiffIfd;
import org.deepraster.raster.tiff.TiffLayout;
import org.deepraster.util.CancelledException;
import org.deepraster.util.Progress;
import org.deepraster.util.UserException;

/**
 * A GeoTIFF (or BigTIFF, COG) raster: georeferencing and CRS as GDAL finds them ({@link GeorefReader}: its
 * .aux.xml, the file's tags by Apache SIS or directly, a world file), pixels from our
 * own tile reader (none, LZW, PackBits, DEFLATE; JPEG through javax.imageio), resolution levels
 * from the file's overviews or from a cached pyramid built by {@link #prepareOverviews}.
 * Thread-safe.
 */
final class GeoTiffSource implements RasterSource {
    /** Levels no larger than this need no extra overviews. */
    private static final int SMALL = 1024;
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(GeoTiffSource.class.getName());

    private final Path path;
    private final TiffFile file;
    private final TiffDirectory main;
    private final GridGeometry grid;
    private final SampleType type;
    private final Double noData;
    /** One line per directory of the file that is not read (thumbnails, other pages, ...). */
    private final List<String> directoryNotes;
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    /** Where the georeferencing came from when not the file's own tags, and what was lost ({@link GeorefReader}). */
    private final List<String> georeferencingNotes;
    private final List<TiffFile> cacheFiles = new CopyOnWriteArrayList<>();
    private final ConcurrentHashMap<Integer, BandStatistics> stats = new ConcurrentHashMap<>();
    /** Resolution levels, finest (full resolution) first. Replaced, never changed. */
    private volatile List<TiffLevel> levels;
    private CompletableFuture<Void> overviews;
    private volatile boolean closed;

    private GeoTiffSource(Path path, TiffFile file) throws IOException {
        this.path = path;
        this.file = file;
        TiffLayout layout = TiffLayout.of(file.ifds());
        TiffIfd image = layout.image();
        TiffDirectory m = image.directory();
        if (m == null) {
            throw new UserException("Cannot read " + path + ": its image, " + image.describe()
                    + ", cannot be read (" + image.problem() + ").",
                    "Check that the file is a complete GeoTIFF, or convert it, e.g. gdal_translate -co TILED=YES "
                            + "-co COMPRESS=DEFLATE in.tif out.tif");
        }
        this.main = m;
        for (String note : layout.notes()) {
            LOG.info(() -> path.getFileName() + ": " + note);
        }
        this.directoryNotes = layout.notes();
        if (!TiffChunkDecoder.isSupported(m.compression)) {
            throw new UserException("Cannot read " + path + ": the compression of its image, " + image.describe()
                    + ", (" + TiffChunkDecoder.compressionName(m.compression) + ") is not supported.",
                    "Convert it to a GeoTIFF with DEFLATE, LZW, PackBits, JPEG or no compression, e.g. "
                            + "gdal_translate -co COMPRESS=DEFLATE -co TILED=YES in.tif out.tif");
        }
        this.type = sampleType(m);
        if (m.compression == TiffDirectory.COMPRESSION_JPEG && type != SampleType.UINT8) {
            throw new UserException("Cannot read " + path + ": JPEG compression with " + m.bitsPerSample
                    + "-bit samples is not supported.", "Convert it to DEFLATE compression.");
        }
        if (m.photometric == 6 && m.compression != TiffDirectory.COMPRESSION_JPEG) {
            throw new UserException("Cannot read " + path + ": uncompressed YCbCr images are not supported.",
                    "Convert it to RGB, e.g. with gdal_translate.");
        }
        this.noData = m.noData();
        List<TiffLevel> lv = new ArrayList<>();
        for (TiffLayout.Level l : layout.levels()) {
            lv.add(new TiffLevel(file, l.directory(), l.mask(), -1, m.width, m.height, fill()));
        }
        lv.sort(Comparator.comparingDouble(l -> l.scaleX));
        this.levels = List.copyOf(lv);
        GeorefReader.Read geo = GeorefReader.read(path, m, warnings);
        this.grid = new GridGeometry(m.width, m.height, geo.gridToCrs(), geo.crs());
        this.georeferencingNotes = geo.notes();
        warnings.addAll(geo.notes());
        if (m.planarConfig == 2 && m.compression == TiffDirectory.COMPRESSION_JPEG) {
            warnings.add("Planar JPEG layout: colours may be wrong.");
        }
        loadCachedOverviews();
    }

    static GeoTiffSource open(Path path) throws IOException {
        TiffFile f;
        try {
            f = TiffFile.open(path);
        } catch (TiffException e) {
            throw new UserException("Cannot read " + path + ": " + e.getMessage() + ".",
                    "Check that the file is a complete GeoTIFF (copy or download it again).", e);
        }
        try {
            return new GeoTiffSource(path, f);
        } catch (TiffException e) {
            f.close();
            throw new UserException("Cannot read " + path + ": " + e.getMessage() + ".",
                    "Check that the file is a complete GeoTIFF (copy or download it again).", e);
        } catch (RuntimeException | IOException e) {
            f.close();
            throw e;
        }
    }

    private double fill() {
        TiffDirectory m = main;
        Double nd = m.noData();
        return nd == null ? (m.sampleFormat == 3 ? Double.NaN : 0) : nd;
    }

    private SampleType sampleType(TiffDirectory d) {
        int bits = d.bitsPerSample;
        int fmt = d.sampleFormat;
        SampleType t = null;
        if (fmt == 3) {
            t = bits == 32 ? SampleType.FLOAT32 : bits == 64 ? SampleType.FLOAT64 : null;
        } else if (fmt == 1 || fmt == 2 || fmt == 4) {
            boolean s = fmt == 2;
            t = switch (bits) {
                case 8 -> s ? SampleType.INT8 : SampleType.UINT8;
                case 16 -> s ? SampleType.INT16 : SampleType.UINT16;
                case 32 -> s ? SampleType.INT32 : SampleType.UINT32;
                default -> null;
            };
        }
        if (t == null) {
            throw new UserException("Cannot read " + path + ": " + bits + "-bit samples (format " + fmt
                    + ") are not supported.", "Convert it to 8-bit, 16-bit or 32-bit float samples.");
        }
        return t;
    }

    private void loadCachedOverviews() {
        try {
            List<Path> files = OverviewCache.existing(OverviewCache.folderFor(path));
            if (!files.isEmpty()) {
                addCacheLevels(files);
            }
        } catch (IOException | RuntimeException e) {
            warnings.add("The cached overviews could not be used: " + e.getMessage());
        }
    }

    private void addCacheLevels(List<Path> files) throws IOException {
        List<TiffLevel> lv = new ArrayList<>(levels);
        for (Path f : files) {
            TiffFile tf = TiffFile.open(f);
            cacheFiles.add(tf);
            TiffDirectory d = tf.directories().get(0);
            // a masked raster's pyramid carries its validity as an extra last band
            int validity = d.samplesPerPixel == bandCount() + 1 ? bandCount() : -1;
            lv.add(new TiffLevel(tf, d, null, validity, main.width, main.height, fill()));
        }
        lv.sort(Comparator.comparingDouble(l -> l.scaleX));
        levels = List.copyOf(lv);
    }

    private boolean needsOverviews() {
        TiffLevel coarsest = levels.get(levels.size() - 1);
        return Math.max(coarsest.width, coarsest.height) > SMALL;
    }

    @Override
    public synchronized CompletableFuture<Void> prepareOverviews(Progress progress) {
        if (overviews != null && !overviews.isCompletedExceptionally()) {
            return overviews;
        }
        if (!needsOverviews()) {
            overviews = CompletableFuture.completedFuture(null);
            return overviews;
        }
        TiffLevel src = levels.get(levels.size() - 1);
        CompletableFuture<Void> f = new CompletableFuture<>();
        overviews = f;
        Thread t = new Thread(() -> {
            try {
                boolean nearest = main.photometric == 3; // palette: classes are not averaged
                List<Path> files = OverviewCache.getOrBuild(path, src, bandCount(), type, noData, nearest, progress);
                if (!closed) {
                    addCacheLevels(files);
                }
                stats.clear();
                f.complete(null);
            } catch (CancelledException e) {
                f.completeExceptionally(e);
            } catch (Throwable e) {
                org.deepraster.util.Log.failure(org.deepraster.util.Log.logger(GeoTiffSource.class),
                        "Building the overviews of " + path + " failed", e);
                warnings.add("Overviews could not be built for " + path.getFileName() + ": " + e.getMessage());
                f.completeExceptionally(e);
            }
        }, "overviews " + path.getFileName());
        t.setDaemon(true);
        t.setPriority(Thread.NORM_PRIORITY - 1);
        t.start();
        return f;
    }

    /** The resolution levels now available (for tests and diagnostics): sizes, finest first. */
    List<int[]> levelSizes() {
        List<int[]> r = new ArrayList<>();
        for (TiffLevel l : levels) {
            r.add(new int[] {l.width, l.height});
        }
        return r;
    }

    @Override
    public RasterWindow read(Rectangle region, int outW, int outH, int[] bands) throws IOException {
        if (closed) {
            throw new IOException("The raster " + path + " is closed");
        }
        if (outW <= 0 || outH <= 0 || region.width <= 0 || region.height <= 0) {
            throw new IllegalArgumentException("empty read: " + region + " -> " + outW + " x " + outH);
        }
        for (int b : bands) {
            if (b < 0 || b >= bandCount()) {
                throw new IllegalArgumentException("no band " + b + " (the raster has " + bandCount() + ")");
            }
        }
        double factor = Math.min(region.width / (double) outW, region.height / (double) outH);
        List<TiffLevel> lv = levels;
        TiffLevel level = lv.get(0);
        for (TiffLevel l : lv) {
            if (l.scaleX <= factor * 1.001 && l.scaleY <= factor * 1.001) {
                level = l;
            }
        }
        int[] cols = level.columns(region, outW);
        int[] rows = level.rows(region, outH);
        float[] samples = new float[outW * outH * bands.length];
        boolean[] valid = new boolean[outW * outH];
        Arrays.fill(valid, true);
        try {
            level.sample(cols, rows, bands, samples, valid, noData, true);
            level.applyMasks(region, cols, rows, valid, lv);
        } catch (TiffException e) {
            throw new UserException("Cannot read " + path + ": " + e.getMessage() + ".",
                    "The file is damaged; copy or download it again.", e);
        }
        boolean all = true;
        for (boolean v : valid) {
            if (!v) {
                all = false;
                break;
            }
        }
        return new RasterWindow(outW, outH, bands.length, samples, all ? null : valid);
    }

    /** Whether the file has a transparency mask for its image (pixels where it is 0 are no data). */
    boolean hasMask() {
        return levels.get(0).mask != null;
    }

    /** The directories of the file that are not read, one line each, for diagnostics and tests. */
    List<String> directoryNotes() {
        return directoryNotes;
    }

    @Override
    public BandStatistics statistics(int band) throws IOException {
        BandStatistics s = stats.get(band);
        if (s != null) {
            return s;
        }
        List<TiffLevel> lv = levels;
        TiffLevel coarse = lv.get(lv.size() - 1);
        float[] values;
        boolean[] valid;
        int n;
        if (Math.max(coarse.width, coarse.height) <= 2048) {
            double f = Math.max(1, Math.max(coarse.width, coarse.height) / 1024.0);
            int ow = Math.max(1, (int) (coarse.width / f));
            int oh = Math.max(1, (int) (coarse.height / f));
            RasterWindow w = read(new Rectangle(0, 0, main.width, main.height), ow, oh, new int[] {band});
            values = w.samples();
            valid = w.valid();
            n = values.length;
        } else {
            // no coarse level yet: sample an 8 x 8 grid of 128 x 128 windows at full resolution
            int g = 8;
            int ws = 128;
            values = new float[g * g * ws * ws];
            valid = new boolean[values.length];
            n = 0;
            for (int j = 0; j < g; j++) {
                for (int i = 0; i < g; i++) {
                    int x = (int) ((i + 0.5) * main.width / g) - ws / 2;
                    int y = (int) ((j + 0.5) * main.height / g) - ws / 2;
                    RasterWindow w = read(new Rectangle(x, y, ws, ws), new int[] {band});
                    System.arraycopy(w.samples(), 0, values, n, ws * ws);
                    for (int k = 0; k < ws * ws; k++) {
                        valid[n + k] = w.valid() == null || w.valid()[k];
                    }
                    n += ws * ws;
                }
            }
        }
        float[] v = new float[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            if ((valid == null || valid[i]) && !Float.isNaN(values[i])) {
                v[m++] = values[i];
            }
        }
        if (m == 0) {
            s = new BandStatistics(0, 0, 0, 0);
        } else {
            Arrays.sort(v, 0, m);
            s = new BandStatistics(v[0], v[m - 1], v[(int) (0.02 * (m - 1))], v[(int) Math.ceil(0.98 * (m - 1))]);
        }
        stats.put(band, s);
        return s;
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public String name() {
        return path.getFileName().toString();
    }

    @Override
    public GridGeometry grid() {
        return grid;
    }

    @Override
    public int bandCount() {
        return main.samplesPerPixel;
    }

    @Override
    public List<String> bandNames() {
        List<String> n = new ArrayList<>();
        for (int i = 1; i <= bandCount(); i++) {
            n.add("Band " + i);
        }
        return Collections.unmodifiableList(n);
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
    public java.util.Optional<int[]> palette() {
        long[] cm = main.colorMap();
        if (main.photometric != 3 || cm == null || cm.length < 3 || cm.length % 3 != 0 || bandCount() != 1) {
            return java.util.Optional.empty();
        }
        int n = cm.length / 3;
        int[] argb = new int[n];
        for (int i = 0; i < n; i++) {
            int r = (int) (cm[i] >> 8) & 0xFF;
            int g = (int) (cm[n + i] >> 8) & 0xFF;
            int b = (int) (cm[2 * n + i] >> 8) & 0xFF;
            argb[i] = 0xFF000000 | r << 16 | g << 8 | b;
        }
        return java.util.Optional.of(argb);
    }

    @Override
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    @Override
    public List<String> georeferencingNotes() {
        return georeferencingNotes;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        for (TiffLevel l : levels) {
            TileCache.SHARED.removeLevel(l);
        }
        file.close();
        for (TiffFile f : cacheFiles) {
            f.close();
        }
    }
}
