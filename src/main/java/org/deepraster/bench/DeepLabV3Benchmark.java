package org.deepraster.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Rectangle;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deepraster.geo.GridGeometry;
import org.deepraster.inference.InferenceEngine;
import org.deepraster.inference.InputNormalization;
import org.deepraster.inference.OnnxModelSession;
import org.deepraster.model.ModelArguments;
import org.deepraster.model.ModelDefinition;
import org.deepraster.model.ModelDefinitions;
import org.deepraster.raster.RasterFiles;
import org.deepraster.raster.RasterSource;
import org.deepraster.tool.Environments;
import org.deepraster.tool.ProcessingExtent;
import org.deepraster.tool.classifypixels.ClassifyPixelsParameters;
import org.deepraster.tool.classifypixels.ClassifyPixelsResult;
import org.deepraster.tool.classifypixels.ClassifyPixelsTool;
import org.deepraster.util.Progress;
import org.locationtech.jts.geom.Envelope;

/**
 * {@code deepraster benchmark deeplabv3 FOLDER [TILES=8] [BATCH=2] [ROUNDS=3] [ARGS]}: the seed-sized benchmark. An untrained
 * DeepLabV3 with a MobileNetV3-Large backbone at 512 px chips (8 classes), built in the set-up by
 * {@code sample-models/training/export_deeplabv3.py --backbone mobilenet_v3_large} into
 * {@code FOLDER/deeplabv3-mobilenet_v3_large-512/} (ONNX, .emd and the state dict; kept there for later runs and
 * rebuilt when the script is newer; never committed), runs in every round on the same TILES tiles:
 * <ol>
 * <li>Classify Pixels end to end (plan, read, normalise, infer, write the classified GeoTIFF),</li>
 * <li>bare {@code OrtSession.run} (the tool's own session) on the same tiles read and normalised beforehand,</li>
 * <li>PyTorch eager ({@code sample-models/training/torch_eager_bench.py}, a child process) on the same tensors with
 * the same weights, batch and thread count; its logits are compared with ONNX Runtime's.</li>
 * </ol>
 * ARGS: more model arguments, e.g. {@code "padding 64"} (the default padding is the tool's: a quarter of the chip).
 * The raster is not a 20000 x 20000 file: it is the top strip, 20000 px wide and a few tile rows high, of the
 * 20000 x 20000 x 3 uint8 benchmark raster ({@link RasterBenchmark#generate}: EPSG:32633 UTM 33N, 0.5 m pixels,
 * 256 px DEFLATE tiles), and the measured tiles are one row of it, each with its full padding read from the
 * raster. The tile grid (tile size, padding, stride) is the tool's own; the projection to a whole 20000 x 20000
 * tile and to a county of 433 such tiles multiplies the measured time per tile by the tile count of that grid.
 * Python: {@code DEEPRASTER_PYTHON}, else {@code /usr/bin/python3} (Debian's python3-torch and
 * python3-torchvision).
 */
public final class DeepLabV3Benchmark {
    static final int CHIP = 512;
    static final int CLASSES = 8;
    static final String BACKBONE = "mobilenet_v3_large";
    static final int TILE_SIDE = 20000;
    static final int COUNTY_TILES = 433;
    /** The workflow DeepRaster replaces: about an hour for one 20000 x 20000 tile on a CPU laptop. */
    static final double REPLACED_SECONDS_PER_TILE = 3600;
    /** Tiles whose logits are compared (ONNX Runtime's outputs are kept open until written). */
    static final int COMPARED_TILES = 16;
    static final String TORCH_PREFIX = "TORCH_EAGER_RESULT ";

    private DeepLabV3Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: deeplabv3 FOLDER [TILES=8] [BATCH=2] [ROUNDS=3] [ARGS]");
            System.exit(2);
        }
        Path folder = Path.of(args[0]).toAbsolutePath();
        int tiles = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        String extra = args.length > 4 ? args[4].strip() : "";
        if (tiles < 1 || batch < 1 || rounds < 1) {
            throw new IllegalArgumentException("TILES, BATCH and ROUNDS must be at least 1");
        }
        Files.createDirectories(folder);
        String python = System.getenv().getOrDefault("DEEPRASTER_PYTHON", "/usr/bin/python3");
        Path scripts = Path.of(System.getProperty("deepraster.home", ".")).resolve("sample-models").resolve("training");
        int cores = Runtime.getRuntime().availableProcessors();
        // the tool's intra-op threads with the default parallel processing factor (ModelSetup.sessionSettings)
        int threads = Integer.getInteger("deepraster.intraOpThreads", cores);

        Path modelDir = folder.resolve("deeplabv3-" + BACKBONE + "-" + CHIP);
        Path emd = modelDir.resolve("deeplabv3.emd");
        Path weights = modelDir.resolve("deeplabv3.pt");
        Path export = scripts.resolve("export_deeplabv3.py");
        if (!Files.exists(emd) || !Files.exists(weights) || !Files.exists(modelDir.resolve("deeplabv3.onnx"))
                || Files.getLastModifiedTime(export).compareTo(Files.getLastModifiedTime(emd)) > 0) {
            long t = System.nanoTime();
            String out = runPython(List.of(python, export.toString(), "--out",
                    modelDir.toString(), "--size", "" + CHIP, "--classes", "" + CLASSES, "--backbone", BACKBONE,
                    "--weights", weights.toString()));
            System.out.printf("built the model in %.1f s: %s%n", (System.nanoTime() - t) / 1e9, lastLine(out));
        }
        String model = emd.toString();
        ModelDefinition definition = ModelDefinitions.load(model);

        System.out.printf("JVM max heap %d MB, %d processors; %s, %d px chips, %d classes, batch %d, %d threads for ONNX"
                        + " Runtime and PyTorch%n", Runtime.getRuntime().maxMemory() >> 20, cores,
                definition.displayName(), CHIP, CLASSES, batch, threads);
        try (InferenceEngine engine = new InferenceEngine()) {
            ClassifyPixelsTool tool = new ClassifyPixelsTool(engine);
            ModelArguments margs = ModelArguments.parse("batch_size " + batch + (extra.isEmpty() ? "" : ";" + extra));
            // the tool's tile grid for this model, from a plan over a small raster first: padding and stride
            Path raster = null;
            int pad = -1;
            int stride = -1;
            long stripTiles = 0;
            GridGeometry grid = null;
            String provider = "";
            for (int attempt = 0; attempt < 2; attempt++) {
                int height = attempt == 0 ? 1024 : stripHeight(tiles, stride, pad);
                raster = folder.resolve("deeplabv3-strip-" + TILE_SIDE + "x" + height + ".tif");
                if (!Files.exists(raster)) {
                    long t = System.nanoTime();
                    RasterBenchmark.generate(raster, TILE_SIDE, height, TILE_SIDE);
                    System.out.printf("generated %s (%d MB) in %.1f s%n", raster.getFileName(), Files.size(raster) >> 20,
                            (System.nanoTime() - t) / 1e9);
                }
                ClassifyPixelsParameters whole = ClassifyPixelsParameters.of(raster, model, folder.resolve("classified.tif"))
                        .withArguments(margs).withOutput(folder.resolve("classified.tif"), true);
                try (ClassifyPixelsTool.Plan plan = tool.plan(whole)) {
                    pad = plan.padding();
                    stride = plan.tileSize() - 2 * pad;
                    stripTiles = plan.total();
                    grid = plan.outputGrid();
                    provider = plan.executionProvider();
                    for (String w : plan.warnings()) {
                        System.out.println("warning: " + w);
                    }
                }
                if (stripHeight(tiles, stride, pad) <= height) {
                    break;
                }
            }
            int across = Math.min(tiles, TILE_SIDE / stride - 2);
            int down = (tiles + across - 1) / across;
            // whole rows of tiles, starting one stride in, so every tile's padding lies inside the raster
            int x0 = ((TILE_SIDE / 2 - across * stride / 2) / stride) * stride;
            Rectangle block = new Rectangle(x0, stride, across * stride, down * stride);
            long measured = (long) across * down;
            long perTile = tilesFor(TILE_SIDE, stride);
            System.out.printf("raster: %s, %d x %d px, the top strip of a 20000 x 20000 x 3 uint8 tile (EPSG:32633 WGS 84 /"
                            + " UTM 33N, 0.5 m pixels, 256 px DEFLATE blocks); the tool tiles the strip in %d tiles%n",
                    raster.getFileName(), grid.width(), grid.height(), stripTiles);
            System.out.printf("tiles of %d px, padding %d (stride %d), %s; measuring %d tiles (%d x %d from pixel %d,%d),"
                            + " each with its padding read from the raster; a 20000 x 20000 tile is %d x %d = %d tiles%n",
                    CHIP, pad, stride, provider, measured, across, down, block.x, block.y, tilesPerSide(TILE_SIDE,
                            stride), tilesPerSide(TILE_SIDE, stride), perTile);
            Envelope env = grid.envelopeOf(block);
            env.expandBy(-grid.pixelSize() * 0.25); // the extent's bounding pixels are exactly the block
            ClassifyPixelsParameters p = ClassifyPixelsParameters.of(raster, model, folder.resolve("classified.tif"))
                    .withArguments(margs).withOutput(folder.resolve("classified.tif"), true)
                    .withEnvironments(Environments.DEFAULT.withExtent(new ProcessingExtent.Box(env, null)));

            Path tensorsFile = folder.resolve("deeplabv3-tiles.f32");
            Path logitsFile = folder.resolve("deeplabv3-onnx-logits.f32");
            int compared = (int) Math.min(measured, COMPARED_TILES);
            RasterBenchmark.HeapSampler heap = RasterBenchmark.HeapSampler.started();
            List<Rate> e2e = new ArrayList<>();
            List<Rate> bare = new ArrayList<>();
            List<Rate> torch = new ArrayList<>();
            TorchResult check = null;
            Bare prepared = null;
            try {
                for (int round = 1; round <= rounds; round++) {
                    Rate e;
                    double planSecs;
                    long t0 = System.nanoTime();
                    try (ClassifyPixelsTool.Plan plan = tool.plan(p)) {
                        long t1 = System.nanoTime();
                        long c1 = ClassifyPixelsBenchmark.cpuNanos();
                        ClassifyPixelsResult r = plan.run(Progress.NONE, List.of());
                        e = new Rate(r.report().progress().done(), (System.nanoTime() - t1) / 1e9,
                                (ClassifyPixelsBenchmark.cpuNanos() - c1) / 1e9);
                        planSecs = (t1 - t0) / 1e9;
                        if (prepared == null) {
                            prepared = Bare.prepare(OnnxModelSession.of(plan.session()), definition, raster, batch, block,
                                    CHIP, pad, stride, tensorsFile);
                        }
                    }
                    if (e.tiles() != measured) {
                        System.out.printf("warning: the tool ran %d tiles, the block has %d%n", e.tiles(), measured);
                    }
                    Rate b = prepared.run(round == 1 ? logitsFile : null, compared);
                    TorchResult t = TorchResult.parse(runPython(List.of(python,
                            scripts.resolve("torch_eager_bench.py").toString(), "--weights", weights.toString(),
                            "--backbone", BACKBONE, "--classes", "" + CLASSES, "--size", "" + CHIP, "--tiles",
                            tensorsFile.toString(), "--count", "" + measured, "--batch", "" + batch, "--threads",
                            "" + threads, "--onnx-logits", logitsFile.toString(), "--compare", "" + compared)));
                    if (t.threads() != threads || t.batch() != batch) {
                        System.out.printf("warning: PyTorch ran %d threads, batch %d (asked %d, %d)%n", t.threads(),
                                t.batch(), threads, batch);
                    }
                    check = t;
                    e2e.add(e);
                    bare.add(b);
                    torch.add(t.rate());
                    System.out.printf(Locale.ROOT, "round %d: Classify Pixels end to end %s (plan %.2f s) | bare OrtSession.run"
                                    + " %s | PyTorch eager %s | end to end / bare: wall %.3f, CPU %.3f%n", round, e, planSecs,
                            b, t.rate(), wallRatio(e, b), cpuRatio(e, b));
                }
            } finally {
                if (prepared != null) {
                    prepared.close();
                }
            }
            heap.finish();
            Rate me = Rate.median(e2e);
            Rate mb = Rate.median(bare);
            Rate mt = Rate.median(torch);
            System.out.printf("%nDeepLabV3 %s, %d px tiles, padding %d (stride %d), batch %d, %d threads; %d tiles, median of"
                            + " %d round%s (each figure its own median)%n", BACKBONE, CHIP, pad, stride, batch, threads,
                    measured, rounds, rounds == 1 ? "" : "s");
            System.out.println(table(perTile, new String[] {"Classify Pixels end to end", "bare OrtSession.run",
                "PyTorch eager (" + check.torchVersion() + ")"}, new Rate[] {me, mb, mt}));
            System.out.printf(Locale.ROOT, "end to end / bare OrtSession.run: wall %.3f (per round %s), CPU %.3f (per round"
                            + " %s); PyTorch eager / bare: wall %.3f, CPU %.3f%n",
                    median(ratios(e2e, bare, false)), list(ratios(e2e, bare, false)),
                    median(ratios(e2e, bare, true)), list(ratios(e2e, bare, true)), wallRatio(mt, mb), cpuRatio(mt, mb));
            System.out.printf(Locale.ROOT, "ONNX Runtime vs PyTorch logits: max abs diff %.3g (largest |logit| %.3g, relative %.2g)"
                            + " over %d tiles x %d classes x %d x %d px%n", check.maxAbsDiff(), check.maxAbsLogit(),
                    check.maxAbsDiff() / check.maxAbsLogit(), compared,
                    CLASSES, CHIP, CHIP);
            System.out.printf(Locale.ROOT, "the workflow replaced: about 1 h for one 20000 x 20000 tile on a CPU laptop (433 h"
                            + " for the county); here end to end %s a tile (%s), %s for the county, on %d cores%n",
                    duration(me.secondsFor(perTile)), speed(REPLACED_SECONDS_PER_TILE / me.secondsFor(perTile)),
                    duration(me.secondsFor(perTile) * COUNTY_TILES), cores);
            System.out.printf("peak heap used (sampled, garbage included) %d MB; after a GC %d MB; max heap %d MB%n",
                    heap.peak >> 20, heap.livePeak >> 20, Runtime.getRuntime().maxMemory() >> 20);
        }
    }

    /** Tiles of the tool's grid along one side of a SIZE px raster. */
    static long tilesPerSide(int size, int stride) {
        return (size + stride - 1) / stride;
    }

    /** Tiles of the tool's grid over a SIZE x SIZE px raster (stride = tile - 2 x padding). */
    static long tilesFor(int size, int stride) {
        long side = tilesPerSide(size, stride);
        return side * side;
    }

    /** Rows of the strip for TILES tiles: one stride above, the rows, one stride below, at least 1024 (4 blocks). */
    static int stripHeight(int tiles, int stride, int pad) {
        int across = Math.min(tiles, TILE_SIDE / stride - 2);
        int down = (tiles + across - 1) / across;
        int rows = stride + down * stride + Math.max(stride, pad);
        return Math.max(1024, (rows + 255) / 256 * 256);
    }

    /** Throughput ratio a / b; {@code cpu}: per CPU second (b's CPU per tile / a's). */
    static double wallRatio(Rate a, Rate b) {
        return a.tilesPerSecond() / b.tilesPerSecond();
    }

    static double cpuRatio(Rate a, Rate b) {
        return b.cpuPerTile() / a.cpuPerTile();
    }

    static double[] ratios(List<Rate> a, List<Rate> b, boolean cpu) {
        double[] r = new double[a.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = cpu ? cpuRatio(a.get(i), b.get(i)) : wallRatio(a.get(i), b.get(i));
        }
        return r;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    static String list(double[] v) {
        StringBuilder b = new StringBuilder();
        for (double d : v) {
            b.append(b.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.3f", d));
        }
        return b.toString();
    }

    /** 45 s, 12.5 min, 3.2 h, 4.1 days. */
    static String duration(double seconds) {
        if (seconds < 120) {
            return String.format(Locale.ROOT, "%.1f s", seconds);
        }
        if (seconds < 7200) {
            return String.format(Locale.ROOT, "%.1f min", seconds / 60);
        }
        if (seconds < 3 * 86400) {
            return String.format(Locale.ROOT, "%.1f h", seconds / 3600);
        }
        return String.format(Locale.ROOT, "%.1f days", seconds / 86400);
    }

    /** 2.5x faster, 1.6x slower (than the hour a tile). */
    static String speed(double ratio) {
        return ratio >= 1 ? String.format(Locale.ROOT, "%.1fx faster", ratio)
                : String.format(Locale.ROOT, "%.1fx slower", 1 / ratio);
    }

    /**
     * The summary: tiles/s, CPU s/tile, wall time of a 20000 x 20000 tile and of the county at the measured rate,
     * the CPU time of a 20000 x 20000 tile, and the speed against the hour a tile of the old workflow.
     */
    static String table(long perTile, String[] names, Rate[] rates) {
        String row = "%-32s %8s %10s %12s %15s %12s %13s%n";
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, row, "", "tiles/s", "CPU s/tile", "20000² tile",
                "433-tile county", "CPU per", "vs 1 h"));
        b.append(String.format(Locale.ROOT, row, "", "", "", "(" + perTile + ")", "(wall)", "20000² tile", "a tile"));
        for (int i = 0; i < names.length; i++) {
            Rate r = rates[i];
            double tile = r.secondsFor(perTile);
            b.append(String.format(Locale.ROOT, row, names[i], String.format(Locale.ROOT, "%.3f", r.tilesPerSecond()),
                    String.format(Locale.ROOT, "%.3f", r.cpuPerTile()), duration(tile), duration(tile * COUNTY_TILES),
                    duration(r.cpuPerTile() * perTile), speed(REPLACED_SECONDS_PER_TILE / tile)));
        }
        return b.toString().stripTrailing();
    }

    /** Runs a command, its standard error joined to its output; the output, or an IOException with its tail. */
    static String runPython(List<String> command) throws IOException, InterruptedException {
        Process proc = new ProcessBuilder(command).redirectErrorStream(true).start();
        proc.getOutputStream().close();
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = proc.waitFor();
        if (rc != 0) {
            String tail = out.length() > 3000 ? out.substring(out.length() - 3000) : out;
            throw new IOException(String.join(" ", command) + " exited with " + rc + ":\n" + tail);
        }
        return out;
    }

    static String lastLine(String s) {
        String[] lines = s.strip().split("\n");
        return lines[lines.length - 1];
    }

    /** Tiles run, wall seconds and CPU seconds of the process (every thread). */
    record Rate(long tiles, double wallS, double cpuS) {
        double tilesPerSecond() {
            return tiles / wallS;
        }

        double cpuPerTile() {
            return cpuS / tiles;
        }

        /** Wall seconds for N tiles at this rate. */
        double secondsFor(long n) {
            return n * wallS / tiles;
        }

        /** The median tile rate and, separately, the median CPU per tile, as a rate of the first's tile count. */
        static Rate median(List<Rate> rates) {
            long n = rates.get(0).tiles();
            double[] perTileWall = rates.stream().mapToDouble(r -> r.wallS() / r.tiles()).toArray();
            double[] perTileCpu = rates.stream().mapToDouble(Rate::cpuPerTile).toArray();
            return new Rate(n, DeepLabV3Benchmark.median(perTileWall) * n, DeepLabV3Benchmark.median(perTileCpu) * n);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d tiles in %.2f s: %.3f tiles/s, CPU %.3f s/tile", tiles, wallS,
                    tilesPerSecond(), cpuPerTile());
        }
    }

    /** The last {@value #TORCH_PREFIX} line of torch_eager_bench.py. */
    record TorchResult(long tiles, double wallS, double cpuS, int threads, int batch, double maxAbsDiff,
                       double maxAbsLogit, String torchVersion) {
        Rate rate() {
            return new Rate(tiles, wallS, cpuS);
        }

        static TorchResult parse(String output) throws IOException {
            String line = null;
            for (String l : output.split("\n")) {
                if (l.startsWith(TORCH_PREFIX)) {
                    line = l.substring(TORCH_PREFIX.length()).strip();
                }
            }
            if (line == null) {
                throw new IOException("torch_eager_bench.py printed no " + TORCH_PREFIX.strip() + " line:\n" + output);
            }
            JsonNode j = new ObjectMapper().readTree(line);
            return new TorchResult(j.get("tiles").asLong(), j.get("wall_s").asDouble(), j.get("cpu_s").asDouble(),
                    j.get("threads").asInt(), j.get("batch").asInt(), number(j, "max_abs_diff"),
                    number(j, "max_abs_logit"), j.path("torch").asText("?"));
        }

        private static double number(JsonNode j, String field) {
            JsonNode n = j.get(field);
            return n == null || n.isNull() ? Double.NaN : n.asDouble();
        }
    }

    /**
     * The measured tiles read (with padding) and normalised as the tool does, as ONNX tensors of BATCH tiles, and
     * written once to a file for PyTorch (float32, native order).
     */
    static final class Bare implements AutoCloseable {
        final OnnxModelSession session;
        final List<OnnxTensor> tensors = new ArrayList<>();
        final List<Integer> counts = new ArrayList<>();

        private Bare(OnnxModelSession session) {
            this.session = session;
        }

        static Bare prepare(OnnxModelSession s, ModelDefinition d, Path raster, int batch, Rectangle block, int chip,
                            int pad, int stride, Path tensorsFile) throws Exception {
            Bare b = new Bare(s);
            InputNormalization norm = InputNormalization.forDefinition(d, 3);
            int plane = chip * chip;
            List<Rectangle> windows = new ArrayList<>();
            for (int y = block.y; y < block.y + block.height; y += stride) {
                for (int x = block.x; x < block.x + block.width; x += stride) {
                    windows.add(new Rectangle(x - pad, y - pad, chip, chip));
                }
            }
            try (RasterSource r = RasterFiles.open(raster);
                 FileChannel out = FileChannel.open(tensorsFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                         StandardOpenOption.TRUNCATE_EXISTING)) {
                for (int i = 0; i < windows.size(); i += batch) {
                    int n = Math.min(batch, windows.size() - i);
                    ByteBuffer bytes = ByteBuffer.allocateDirect(n * 3 * plane * 4).order(ByteOrder.nativeOrder());
                    FloatBuffer buf = bytes.asFloatBuffer();
                    for (int j = 0; j < n; j++) {
                        buf.put(ClassifyPixelsBenchmark.normalised(r, windows.get(i + j), norm, plane));
                    }
                    bytes.rewind();
                    while (bytes.hasRemaining()) {
                        out.write(bytes);
                    }
                    buf.rewind();
                    b.tensors.add(OnnxTensor.createTensor(s.environment(), buf, new long[] {n, 3, chip, chip}));
                    b.counts.add(n);
                }
            } catch (Exception e) {
                b.close();
                throw e;
            }
            return b;
        }

        /**
         * One warm-up batch, then every batch once; the outputs of the first COMPARE tiles are kept open until the
         * timing ends and then written to LOGITS (when given).
         */
        Rate run(Path logits, int compare) throws Exception {
            OrtSession ort = session.ortSession();
            String input = session.signature().input().name();
            ort.run(Map.of(input, tensors.get(0))).close();
            List<OrtSession.Result> kept = new ArrayList<>();
            try {
                long t0 = System.nanoTime();
                long c0 = ClassifyPixelsBenchmark.cpuNanos();
                long tiles = 0;
                for (int i = 0; i < tensors.size(); i++) {
                    OrtSession.Result res = ort.run(Map.of(input, tensors.get(i)));
                    res.get(0);
                    if (logits != null && tiles < compare) {
                        kept.add(res);
                    } else {
                        res.close();
                    }
                    tiles += counts.get(i);
                }
                Rate rate = new Rate(tiles, (System.nanoTime() - t0) / 1e9, (ClassifyPixelsBenchmark.cpuNanos() - c0) / 1e9);
                if (logits != null) {
                    try (OutputStream os = Files.newOutputStream(logits)) {
                        long left = (long) compare * CLASSES * CHIP * CHIP;
                        for (OrtSession.Result res : kept) {
                            FloatBuffer f = ((OnnxTensor) res.get(0)).getFloatBuffer();
                            int n = (int) Math.min(f.remaining(), left);
                            ByteBuffer bb = ByteBuffer.allocate(n * 4).order(ByteOrder.nativeOrder());
                            bb.asFloatBuffer().put(f.limit(f.position() + n));
                            os.write(bb.array());
                            left -= n;
                        }
                    }
                }
                return rate;
            } finally {
                for (OrtSession.Result res : kept) {
                    res.close();
                }
            }
        }

        @Override
        public void close() {
            for (OnnxTensor t : tensors) {
                t.close();
            }
        }
    }
}
