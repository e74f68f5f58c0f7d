package org.deepraster.tool.classifypixels;

import org.deepraster.tool.Environments;
import org.deepraster.tool.GridTile;
import org.deepraster.tool.ModelSetup;
import org.deepraster.tool.Outputs;
import org.deepraster.tool.RasterRegion;
import org.deepraster.tool.TiledModelPlan;
import org.deepraster.tool.RasterInputs;
import org.deepraster.vector.PolygonizeOptions;
import org.deepraster.vector.PolygonizeResult;
import org.deepraster.vector.Polygonizer;

import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.deepraster.geo.GridGeometry;
import org.deepraster.inference.BatchBuffer;
import org.deepraster.inference.InferenceEngine;
import org.deepraster.inference.InferenceOutputs;
import org.deepraster.inference.InputNormalization;
import org.deepraster.inference.ModelSession;
import org.deepraster.inference.OutputTensor;
import org.deepraster.inference.PixelDecoder;
import org.deepraster.job.ItemProblem;
import org.deepraster.job.Job;
import org.deepraster.job.JobConfig;
import org.deepraster.job.JobProgress;
import org.deepraster.job.JobReport;
import org.deepraster.job.JobSteps;
import org.deepraster.job.JobSummary;
import org.deepraster.job.Prepared;
import org.deepraster.job.ResultSink;
import org.deepraster.model.ArgumentSpecs;
import org.deepraster.model.ClassInfo;
import org.deepraster.model.ModelArguments;
import org.deepraster.model.ModelDefinition;
import org.deepraster.model.ModelDefinitions;
import org.deepraster.model.TensorSpec;
import org.deepraster.raster.ClassTable;
import org.deepraster.raster.GeoTiffWriter;
import org.deepraster.raster.RasterSource;
import org.deepraster.raster.RasterWindow;
import org.deepraster.raster.SampleType;
import org.deepraster.util.Progress;
import org.deepraster.util.UserException;
import org.locationtech.jts.awt.ShapeWriter;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.GeometryFactory;

/**
 * Classify Pixels Using Deep Learning: a pixel-classification model (ModelType ImageClassification,
 * or a Deepness Segmentor) runs over the raster tile by tile and the class of every pixel goes to a
 * GeoTIFF of class values with the model's colours (a palette) and class names (a GDAL raster
 * attribute table in {@code NAME.tif.aux.xml}); optionally a confidence raster (0–100).
 *
 * <p>Tiling: tiles of the model's chip size are read with {@code padding} pixels of context on
 * every side; their cores (chip − 2·padding) cover the region (raster ∩ extent/mask) exactly, the
 * last ones reaching past the right and bottom edges (pixels outside the raster, and NoData pixels,
 * are 0 before normalisation). A model whose output is smaller than its input (ModelPadding, or
 * Deepness models 512 in / 484 out) is centre-aligned; padding is at least its border. Two merges:
 * <ul>
 * <li>default: predictions in the padding are discarded, each pixel comes from the one tile whose
 * core holds it — with enough padding for the model's receptive field, the result equals one
 * prediction over the whole raster (tested);</li>
 * <li>{@code blend_tiles True}: each tile's probabilities reach {@code padding − border} pixels
 * beyond its core and are weighted by a sin² window that falls to 0 at that edge; overlapping
 * windows sum to 1, so the blend is a smooth cross-fade and no seam shows.</li>
 * </ul>
 * Tiles whose area holds no valid pixel are skipped; NoData input pixels and pixels outside the
 * mask are NoData in the output.
 *
 * <p>Streaming and memory: the output is written block by block ({@value #BLOCK} px GeoTIFF tiles)
 * as soon as every tile touching a block is done; only unfinished blocks are held
 * ({@link PixelMosaic}). Tiles are processed in vertical swaths narrow enough that the open blocks
 * fit a fixed budget, whatever the raster width and class count. Each finished block also goes to
 * the caller's sinks ({@link ClassifiedBlock}, e.g. a map layer filling in tile by tile).
 *
 * <pre>{@code
 * try (ClassifyPixelsTool.Plan plan = new ClassifyPixelsTool(engine).plan(params)) { // checks; UserException
 *     // plan.outputGrid(), plan.palette(), plan.noDataValue(), plan.classes(): set up the layer
 *     ClassifyPixelsResult r = plan.run(progress, List.of(CallbackSink.of(layer::addBlocks)));
 * }
 * }</pre>
 */
public final class ClassifyPixelsTool {
    /** Output GeoTIFF tile size; also the unit in which results are assembled and streamed. */
    public static final int BLOCK = 256;
    /** Memory for unfinished output blocks; tiles are ordered in swaths so that they fit (tests lower it). */
    static volatile long BLOCK_BUDGET_BYTES = 96L << 20;
    /** Why a tile is skipped. */
    static final String NO_DATA = "only NoData";

    private final InferenceEngine engine;

    /** @param engine the session cache; owned by the caller */
    public ClassifyPixelsTool(InferenceEngine engine) {
        this.engine = engine;
    }

    public ClassifyPixelsResult run(ClassifyPixelsParameters p, Progress progress,
                                    List<? extends ResultSink<ClassifiedBlock>> sinks) throws IOException {
        try (Plan plan = plan(p)) {
            return plan.run(progress, sinks);
        }
    }

    private static void checkVectorOutput(ClassifyPixelsParameters p) {
        ClassifyPixelsParameters.VectorOutput v = p.vectorOutput();
        Path out = v.outFeatureClass();
        if (out == null) {
            throw new UserException("No output for the polygons given.", "Name the polygon output, e.g. landcover.gpkg.");
        }
        if (v.minArea() < 0 || v.simplifyTolerance() < 0) {
            throw new UserException("The minimum area and the simplify tolerance cannot be negative.", "Give 0 or more.");
        }
        Path parent = out.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new UserException("The folder of the polygon output " + out + " does not exist.",
                    "Create the folder or choose another output.");
        }
        if (Files.exists(out) && !p.overwrite() && !p.resume()) {
            throw new UserException("The polygon output " + out + " already exists.",
                    "Choose another name, or allow overwriting (--overwrite).");
        }
        if (p.outClassifiedRaster() != null
                && Outputs.same(out, p.outClassifiedRaster())) {
            throw new UserException("The polygon output and the classified raster are the same file.",
                    "Give the polygons a .gpkg (or .shp, .geojson) name of their own.");
        }
    }

    /** Checks everything before any work and lays out the tiles. Throws {@link UserException} for bad input. */
    public Plan plan(ClassifyPixelsParameters p) throws IOException {
        List<String> warnings = new ArrayList<>();
        if (p.inModelDefinition() == null || p.inModelDefinition().isBlank()) {
            throw new UserException("No model definition given.", "Give an .emd, .dlpk or .onnx file, or the .emd JSON.");
        }
        if (p.inRaster() == null) {
            throw new UserException("No input raster given.", "Give a raster file.");
        }
        if (p.outClassifiedRaster() == null) {
            throw new UserException("No output raster given.", "Name the output GeoTIFF, e.g. classified.tif.");
        }
        if (p.vectorOutput() != null) {
            checkVectorOutput(p);
        }
        ModelDefinition d = ModelDefinitions.load(p.inModelDefinition());
        Environments env = p.environments();
        ModelSession session = ModelSetup.session(engine, d, env);
        warnings.addAll(session.warnings());
        PixelDecoder pixels = ModelSetup.decoder(d, session, PixelDecoder.class, "a pixel classifier",
                "Use Classify Objects or Detect Objects for this model, or pick an ImageClassification model.");
        if (session.signature().outputs().size() > 1) {
            warnings.add("The model has " + session.signature().outputs().size() + " outputs; the classified raster is made"
                    + " from the first (" + pixels.output() + "), the others are not written.");
        }
        ModelArguments.Resolved args = p.arguments().resolve(ArgumentSpecs.forDefinition(d));
        int batch = ModelSetup.batchSize(args, session);
        TensorSpec in = session.signature().input();
        int[] chip = ModelSetup.chipSize(d, in, args);
        int padding = args.getInt("padding", d.defaultPadding());
        if (padding < 0) {
            throw new UserException("padding " + padding + " is negative.", "Use 0 or more pixels.");
        }
        boolean blend = args.getBoolean("blend_tiles", false);
        boolean explicitThreshold = p.arguments().get("threshold") != null || p.arguments().get("score_threshold") != null;
        float threshold = (float) args.getDouble("threshold", 0.5);
        boolean scoreThreshold = explicitThreshold || (d.deepness() != null && d.deepness().segThresh() != null);
        boolean predictBackground = args.getBoolean("predict_background", true);
        if (args.getBoolean("test_time_augmentation", false)) {
            warnings.add("test_time_augmentation is not supported by Classify Pixels yet: tiles are predicted once"
                    + " (blend_tiles True smooths tile borders).");
        }
        Path confidence = p.outConfidenceRaster();
        if (confidence == null && args.getBoolean("return_probability_raster", false)) {
            Path out = withTif(p.outClassifiedRaster());
            confidence = out.resolveSibling(out.getFileName().toString().replaceFirst("\\.[^.]+$", "") + "_confidence.tif");
        }
        int modelChannels = ModelSetup.modelChannels(d, in);
        List<RasterSource> rasters = RasterInputs.openRasters(List.of(p.inRaster()));
        if (rasters.size() != 1) {
            for (RasterSource r : rasters) {
                r.close();
            }
            throw new UserException("Classify Pixels runs on one raster; " + p.inRaster() + " holds " + rasters.size() + ".",
                    "Give one raster file.");
        }
        RasterSource raster = rasters.get(0);
        try {
            if (env.outputCrs() != null && raster.grid().crs() != null
                    && !org.deepraster.geo.Crs.same(env.outputCrs(), raster.grid().crs())) {
                throw new UserException("Classify Pixels writes the classified raster on the input raster's grid and CRS;"
                        + " reprojecting it to another output CRS is not supported.",
                        "Leave the output coordinate system out, or reproject the result afterwards (e.g. gdalwarp -r near).");
            }
            int[] bands = RasterInputs.bands(d, modelChannels, rasters);
            InputNormalization norm = InputNormalization.forDefinition(d, bands.length);
            Plan plan = new Plan(p, d, session, pixels, raster, bands, norm, chip[0], chip[1], padding, batch, blend,
                    threshold, scoreThreshold, predictBackground, confidence, warnings);
            plan.layOut();
            plan.prepareOutput();
            return plan;
        } catch (IOException | RuntimeException e) {
            raster.close();
            throw e;
        }
    }

    static Path withTif(Path out) {
        String ext = Outputs.extension(out);
        return ext.isEmpty() ? out.resolveSibling(out.getFileName() + ".tif") : out;
    }

    /** One tile: the window read (chip, padding included), its core, and the output area it fills (output pixels). */
    record Tile(int index, int col, int row, Rectangle window, Rectangle core, Rectangle area) implements GridTile {
    }

    /** A prepared chip (normalised, band-major) and its valid pixels (null: all valid). */
    record Chip(float[] data, boolean[] valid) {
    }

    /**
     * The model's raw output for one tile, copied out of the batch: class scores / probabilities
     * ({@code [channel][y][x]}) or labels; decoded on the writer thread, so that the inference thread
     * only runs the model.
     */
    record TileResult(Tile tile, float[] scores, long[] labels, boolean[] valid) {
    }

    /** A checked run: model session, the raster (open), the tiles, the output layout. Run once, then close. */
    public static final class Plan extends TiledModelPlan {
        private final ClassifyPixelsParameters p;
        private final PixelDecoder decoder;
        private final int requestedPadding;
        private boolean blend;
        private final float threshold;
        private final boolean scoreThreshold;
        private final boolean predictBackground;
        private final Path confidenceRequested;
        private final List<Tile> tiles = new ArrayList<>();
        private RasterRegion region;
        private int outW;
        private int outH;
        private int channels;
        private int offX;
        private int offY;
        private int padX;
        private int padY;
        private int cols;
        private int rows;
        private int swathCols;
        private long estimatedBytes;
        private int[] classValues;
        private String[] classNames;
        private boolean[] excluded;
        private SampleType outType;
        private int noData;
        private int[] palette;
        private Path output;
        private Path confidenceOutput;
        private GridGeometry outputGrid;
        private PolygonizeOptions polygonOptions;
        /** Resume: the reopened outputs (handed to the run), the blocks they hold, the tiles not to run again. */
        private GeoTiffWriter resumedClasses;
        private GeoTiffWriter resumedConfidence;
        private boolean[] finishedBlocks;
        private final Set<String> doneKeys = new java.util.HashSet<>();

        Plan(ClassifyPixelsParameters p, ModelDefinition definition, ModelSession session, PixelDecoder decoder,
             RasterSource raster, int[] bands, InputNormalization norm, int chipW, int chipH, int padding, int batchSize,
             boolean blend, float threshold, boolean scoreThreshold, boolean predictBackground, Path confidence,
             List<String> warnings) {
            super(definition, session, batchSize, warnings, raster, bands, norm, chipW, chipH);
            this.p = p;
            this.decoder = decoder;
            this.requestedPadding = padding;
            this.blend = blend;
            this.threshold = threshold;
            this.scoreThreshold = scoreThreshold;
            this.predictBackground = predictBackground;
            this.confidenceRequested = confidence;
        }

        public Path output() {
            return output;
        }

        /** The confidence raster, or null. */
        public Path confidenceOutput() {
            return confidenceOutput;
        }

        /** Size and georeferencing of the output raster (the processed region of the input's grid). */
        public GridGeometry outputGrid() {
            return outputGrid;
        }

        /** 0xRRGGBB colour by class value (length = largest value + 1), or null for a 16-bit output without palette. */
        public int[] palette() {
            return palette == null ? null : palette.clone();
        }

        /** The value written for NoData (255 for 8-bit outputs, 65535 for 16-bit). */
        public int noDataValue() {
            return noData;
        }

        /** Tiles to run. */
        public long total() {
            return tiles.size();
        }

        /** Padding used (at least the model's own border when its output is smaller than its input). */
        public int padding() {
            return Math.max(padX, padY);
        }

        public boolean blending() {
            return blend;
        }

        /** Estimated memory of the unfinished output blocks at their peak. */
        public long estimatedBlockMemory() {
            return estimatedBytes;
        }

        /** Tiles across one swath (the processing order). */
        int swathColumns() {
            return swathCols;
        }

        /** Tiles across one swath of the processing order (all of a row when rows fit the memory budget). */
        public int swathTiles() {
            return swathCols;
        }

        /** The model session (owned by the engine), e.g. for measurements against bare ONNX Runtime. */
        public ModelSession session() {
            return session;
        }

        /** Output shape of the model, offsets and padding; then the tiles, in swaths. */
        void layOut() {
            probeOutput();
            if (outW > chipW || outH > chipH) {
                throw new UserException("The model's output (" + outW + " x " + outH + ") is larger than its input ("
                        + chipW + " x " + chipH + ").", "Classify Pixels needs an output of at most the input size.");
            }
            offX = (chipW - outW) / 2;
            offY = (chipH - outH) / 2;
            padX = Math.max(requestedPadding, offX);
            padY = Math.max(requestedPadding, offY);
            if (requestedPadding < Math.max(offX, offY)) {
                warnings.add("padding " + requestedPadding + " is less than the model's own border (" + Math.max(offX, offY)
                        + " px: " + chipW + " in, " + outW + " out); the border is used.");
            }
            if (2 * padX >= chipW || 2 * padY >= chipH) {
                throw new UserException("padding " + requestedPadding + " leaves nothing of a " + chipW + " x " + chipH + " tile.",
                        "Use a padding below half the tile size (" + Math.min(chipW, chipH) / 2 + ").");
            }
            if (blend && decoder.kind() == PixelDecoder.Kind.LABELS) {
                warnings.add("blend_tiles needs class probabilities, but the model outputs class labels: the padding is discarded instead.");
                blend = false;
            }
            if (blend && padX == offX && padY == offY) {
                warnings.add("blend_tiles: no overlap to blend (the padding is the model's own border); raise padding.");
                blend = false;
            }
            classTable();
            region = RasterRegion.of(raster, p.environments().extent());
            Rectangle roi = region.roi();
            int sx = chipW - 2 * padX;
            int sy = chipH - 2 * padY;
            cols = (roi.width + sx - 1) / sx;
            rows = (roi.height + sy - 1) / sy;
            int mx = blend ? padX - offX : 0;
            int my = blend ? padY - offY : 0;
            int rowsOpen = (sy + 2 * my + BLOCK - 1) / BLOCK + 2;
            long[] order = order(roi, sx, rowsOpen, PixelMosaic.bytesPerBlock(BLOCK, Math.max(1, channels), blend), blend);
            swathCols = (int) order[0];
            estimatedBytes = order[1];
            if (estimatedBytes > BLOCK_BUDGET_BYTES) {
                long plain = order(roi, sx, (sy + BLOCK - 1) / BLOCK + 2, PixelMosaic.bytesPerBlock(BLOCK, 1, false), false)[1];
                warnings.add(String.format("Unfinished output blocks will take about %d MB of memory (%d classes%s over"
                        + " %d x %d px); give Java enough heap (-Xmx), or leave blend_tiles off (about %d MB).",
                        estimatedBytes >> 20, Math.max(1, channels), blend ? ", blended" : "", roi.width, roi.height,
                        plain >> 20));
            }
            GeometryFactory gf = new GeometryFactory();
            int skippedByMask = 0;
            for (int s0 = 0; s0 < cols; s0 += swathCols) {
                for (int r = 0; r < rows; r++) {
                    for (int c = s0; c < Math.min(cols, s0 + swathCols); c++) {
                        int x = roi.x + c * sx;
                        int y = roi.y + r * sy;
                        Rectangle core = new Rectangle(x, y, sx, sy);
                        Rectangle area = new Rectangle(x - mx, y - my, sx + 2 * mx, sy + 2 * my).intersection(roi);
                        if (region.preparedMask() != null && !region.preparedMask().intersects(gf.toGeometry(
                                new Envelope(area.x, area.x + area.width, area.y, area.y + area.height)))) {
                            skippedByMask++;
                            continue;
                        }
                        area.translate(-roi.x, -roi.y);
                        tiles.add(new Tile(r * cols + c, c, r, new Rectangle(x - padX, y - padY, chipW, chipH), core, area));
                    }
                }
            }
            if (skippedByMask > 0) {
                warnings.add(skippedByMask + " tiles lie outside the mask and are not processed.");
            }
        }

        /**
         * Processing order: {tiles across a swath, bytes of unfinished blocks at the peak}. Row by row
         * over the full width holds ~ (blocks across) x rowsOpen blocks; vertical swaths hold
         * ~ (swath blocks + 2) x rowsOpen, plus the two block columns a swath shares with its
         * neighbours, over the whole height. Swaths are taken when rows do not fit the budget.
         */
        private long[] order(Rectangle roi, int sx, int rowsOpen, long perBlock, boolean blending) {
            long budget = Math.max(1, BLOCK_BUDGET_BYTES / perBlock);
            long blocksAcross = (roi.width + BLOCK - 1) / BLOCK;
            long blocksDown = (roi.height + BLOCK - 1) / BLOCK;
            if (blocksAcross * rowsOpen <= budget) {
                return new long[] {cols, blocksAcross * rowsOpen * perBlock};
            }
            // without blending a swath whose edge falls on a block edge shares no block with the next one
            long k0 = BLOCK / gcd(sx, BLOCK);
            long aligned = Math.max(2, budget / rowsOpen - 2) * BLOCK / sx / k0 * k0;
            if (!blending && aligned >= k0) {
                long swath = Math.min(cols, aligned);
                return new long[] {swath, Math.min(blocksAcross, swath * sx / BLOCK + 1) * rowsOpen * perBlock};
            }
            long swathBlocks = Math.max(2, (budget - 2 * blocksDown) / rowsOpen - 2);
            long swath = Math.max(1, Math.min(cols, swathBlocks * BLOCK / sx));
            long open = Math.min(blocksAcross * rowsOpen, (swath * sx / BLOCK + 3) * rowsOpen + 2 * blocksDown);
            return new long[] {swath, open * perBlock};
        }

        private static long gcd(long a, long b) {
            return b == 0 ? a : gcd(b, a % b);
        }

        /** Output size and channels from the signature, or from one run on an empty chip when they are dynamic. */
        private void probeOutput() {
            TensorSpec o = null;
            for (TensorSpec t : session.signature().outputs()) {
                if (t.name().equals(decoder.output())) {
                    o = t;
                }
            }
            boolean known = o != null && !o.isDynamic(o.rank() - 1) && !o.isDynamic(o.rank() - 2)
                    && (o.rank() != 4 || !o.isDynamic(1));
            if (known) {
                outW = (int) o.dim(o.rank() - 1);
                outH = (int) o.dim(o.rank() - 2);
                channels = o.rank() == 4 ? (int) o.dim(1) : 1;
            } else {
                BatchBuffer b = new BatchBuffer(definition.modelFormat(), Math.max(1, session.fixedBatch()), bands.length,
                        chipH, chipW);
                b.put(0, new float[bands.length * chipW * chipH]);
                InferenceOutputs outs = session.run(b);
                OutputTensor t = outs.get(decoder.output());
                outW = t.dim(-1);
                outH = t.dim(-2);
                channels = t.rank() == 4 ? t.dim(1) : 1;
            }
            if (decoder.kind() == PixelDecoder.Kind.LABELS) {
                channels = 0;
            } else if (decoder.kind() == PixelDecoder.Kind.SIGMOID) {
                channels = 1;
            }
        }

        /** Class index (output channel, sigmoid 0/1, or label) to value and name; the output type and palette. */
        private void classTable() {
            List<ClassInfo> cls = definition.classes();
            int n;
            Map<Integer, ClassInfo> byIndex = new HashMap<>();
            Map<Integer, Integer> backgroundIndex = new HashMap<>();
            switch (decoder.kind()) {
                case CLASS_SCORES -> {
                    n = channels;
                    boolean noZero = cls.stream().noneMatch(c -> c.value() == 0);
                    if (cls.size() == n - 1 && noZero) { // arcgis.learn: channel 0 is the background
                        backgroundIndex.put(0, 0);
                        for (int k = 1; k < n; k++) {
                            byIndex.put(k, cls.get(k - 1));
                        }
                    } else {
                        if (!cls.isEmpty() && cls.size() != n) {
                            warnings.add("The model outputs " + n + " classes but its definition lists " + cls.size()
                                    + "; channels without a class get their index as value.");
                        }
                        for (int k = 0; k < n && k < cls.size(); k++) {
                            byIndex.put(k, cls.get(k));
                        }
                    }
                }
                case SIGMOID -> {
                    n = 2;
                    if (cls.size() >= 2) {
                        byIndex.put(0, cls.get(0));
                        byIndex.put(1, cls.get(1));
                    } else if (cls.size() == 1) {
                        byIndex.put(1, cls.get(0));
                        backgroundIndex.put(0, cls.get(0).value() == 0 ? 1 : 0);
                    }
                }
                default -> n = Math.max(256, cls.size());
            }
            if (decoder.kind() == PixelDecoder.Kind.LABELS) {
                for (int k = 0; k < cls.size(); k++) {
                    byIndex.put(k, cls.get(k));
                }
            }
            classValues = new int[n];
            classNames = new String[n];
            excluded = new boolean[n];
            int max = 0;
            int min = 0;
            for (int k = 0; k < n; k++) {
                ClassInfo ci = byIndex.get(k);
                classValues[k] = ci != null ? ci.value() : backgroundIndex.getOrDefault(k, k);
                classNames[k] = ci != null ? ci.name() : backgroundIndex.containsKey(k) ? "background" : String.valueOf(classValues[k]);
                excluded[k] = !predictBackground && classValues[k] == 0 && decoder.kind() == PixelDecoder.Kind.CLASS_SCORES;
                max = Math.max(max, classValues[k]);
                min = Math.min(min, classValues[k]);
            }
            if (decoder.kind() == PixelDecoder.Kind.LABELS && cls.isEmpty()) {
                max = 254; // labels are the values; 8-bit unless the classes say otherwise
            }
            if (min >= 0 && max <= 254) {
                outType = SampleType.UINT8;
                noData = 255;
                palette = new int[max + 1];
                for (int v = 0; v <= max; v++) { // values without a class get the default legend colours
                    palette[v] = ClassInfo.defaultRgb(v);
                }
                for (ClassInfo ci : byIndex.values()) {
                    palette[ci.value()] = ci.rgb();
                }
            } else if (min >= 0 && max <= 65534) {
                outType = SampleType.UINT16;
                noData = 65535;
                palette = null;
            } else {
                throw new UserException("Class values " + min + ".." + max + " do not fit a 16-bit raster.",
                        "Use class values from 0 to 65534 in the definition's Classes.");
            }
        }

        void prepareOutput() throws IOException {
            output = withTif(p.outClassifiedRaster());
            String ext = Outputs.extension(output);
            if (!ext.equals("tif") && !ext.equals("tiff")) {
                throw new UserException("The output " + output + " is not a GeoTIFF (.tif).",
                        "Name the classified raster NAME.tif.");
            }
            confidenceOutput = confidenceRequested == null ? null : withTif(confidenceRequested);
            for (Path o : confidenceOutput == null ? List.of(output) : List.of(output, confidenceOutput)) {
                Outputs.requireFolder(o);
                if (Files.exists(o) && !p.overwrite() && !p.resume()) {
                    throw Outputs.alreadyExists(o);
                }
                if (Outputs.same(o, p.inRaster())) {
                    throw new UserException("The output " + o + " is the input raster.", "Choose another output name.");
                }
            }
            if (confidenceOutput != null && Outputs.same(confidenceOutput, output)) {
                throw new UserException("The confidence raster and the classified raster are the same file.",
                        "Give the confidence raster another name.");
            }
            if (p.vectorOutput() != null) {
                polygonOptions = polygonOptions(p.vectorOutput());
            }
            Rectangle roi = region.roi();
            AffineTransform t = new AffineTransform(raster.grid().gridToCrs());
            t.translate(roi.x, roi.y);
            outputGrid = new GridGeometry(roi.width, roi.height, t, raster.grid().crs());
            if (p.resume()) {
                prepareResume();
            }
        }

        /**
         * The settings a resumed run must share with the run that made the output, as GDAL_METADATA
         * items (one per line, so that a refusal can name what differs): the model (file hash), tiling,
         * merge and decision settings, bands, classes, the input's grid, the region and mask, the file's role.
         */
        String settings(String role) throws IOException {
            Rectangle roi = region.roi();
            AffineTransform g = raster.grid().gridToCrs();
            Map<String, String> m = new java.util.LinkedHashMap<>();
            m.put("deepraster.tool", "classify-pixels resume v1");
            m.put("deepraster.file", role);
            m.put("deepraster.model", definition.displayName() + " " + modelHash());
            m.put("deepraster.tiling", "chip " + chipW + "x" + chipH + ", padding " + padX + "," + padY + ", model output "
                    + outW + "x" + outH);
            m.put("deepraster.blend_tiles", String.valueOf(blend));
            m.put("deepraster.decision", "threshold " + threshold + " (" + (scoreThreshold ? "on scores" : "sigmoid only")
                    + "), predict_background " + predictBackground);
            m.put("deepraster.bands", java.util.Arrays.toString(bands) + " " + norm.description() + " "
                    + java.util.Arrays.toString(norm.scale()) + " " + java.util.Arrays.toString(norm.offset()));
            m.put("deepraster.classes", java.util.Arrays.toString(classValues) + " " + outType);
            m.put("deepraster.input", p.inRaster().getFileName() + " " + raster.grid().width() + "x" + raster.grid().height()
                    + " " + g.getScaleX() + "," + g.getShearX() + "," + g.getTranslateX() + "," + g.getShearY() + ","
                    + g.getScaleY() + "," + g.getTranslateY());
            m.put("deepraster.extent", roi.x + "," + roi.y + " " + roi.width + "x" + roi.height + ", mask "
                    + (region.maskInPixels() == null ? "none" : sha256(region.maskInPixels().toText().getBytes(
                    java.nio.charset.StandardCharsets.UTF_8))));
            StringBuilder b = new StringBuilder("<GDALMetadata>\n");
            for (Map.Entry<String, String> e : m.entrySet()) {
                b.append("  <Item name=\"").append(e.getKey()).append("\">").append(e.getValue().replace("&", "&amp;")
                        .replace("<", "&lt;").replace(">", "&gt;")).append("</Item>\n");
            }
            return b.append("</GDALMetadata>").toString();
        }

        private String modelHash() throws IOException {
            Path f = definition.modelFile();
            if (f != null && Files.isRegularFile(f)) {
                try (java.io.InputStream in = Files.newInputStream(f)) {
                    java.security.MessageDigest md = sha();
                    byte[] buf = new byte[1 << 16];
                    for (int n; (n = in.read(buf)) > 0; ) {
                        md.update(buf, 0, n);
                    }
                    return "sha256:" + java.util.HexFormat.of().formatHex(md.digest()).substring(0, 16);
                }
            }
            return "sha256:" + sha256(String.valueOf(p.inModelDefinition()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        private static java.security.MessageDigest sha() {
            try {
                return java.security.MessageDigest.getInstance("SHA-256");
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        private static String sha256(byte[] data) {
            return java.util.HexFormat.of().formatHex(sha().digest(data)).substring(0, 16);
        }

        private GeoTiffWriter.Options classOptions() {
            Rectangle roi = region.roi();
            return GeoTiffWriter.Options.of(roi.width, roi.height, 1, outType)
                    .georeferenced(outputGrid.gridToCrs(), outputGrid.crs())
                    .withTileSize(BLOCK).withNoData((double) noData).withPalette(palette);
        }

        private GeoTiffWriter.Options confidenceOptions() {
            Rectangle roi = region.roi();
            return GeoTiffWriter.Options.of(roi.width, roi.height, 1, SampleType.UINT8)
                    .georeferenced(outputGrid.gridToCrs(), outputGrid.crs()).withTileSize(BLOCK).withNoData(255.0);
        }

        /**
         * Resume: reopens the existing output(s) after checking they were made with the same settings,
         * and finds the finished blocks (written in every output) and the tiles that touch only those.
         */
        private void prepareResume() throws IOException {
            try {
                resumedClasses = reopen(output, classOptions(), settings("classes"));
                resumedConfidence = confidenceOutput == null ? null
                        : reopen(confidenceOutput, confidenceOptions(), settings("confidence"));
            } catch (IOException | RuntimeException e) {
                closeResumed();
                throw e;
            }
            if (resumedClasses == null) {
                return; // nothing to resume: the run starts from scratch
            }
            int across = resumedClasses.tilesAcross();
            finishedBlocks = new boolean[across * resumedClasses.tilesDown()];
            for (int i = 0; i < finishedBlocks.length; i++) {
                finishedBlocks[i] = resumedClasses.isTileWritten(i % across, i / across)
                        && (confidenceOutput == null || (resumedConfidence != null
                        && resumedConfidence.isTileWritten(i % across, i / across)));
            }
            for (Tile t : tiles) {
                if (allFinished(t.area(), across)) {
                    doneKeys.add(t.key());
                }
            }
        }

        /** Whether every block the area reaches is finished. */
        private boolean allFinished(Rectangle area, int across) {
            Rectangle a = area.intersection(new Rectangle(0, 0, region.roi().width, region.roi().height));
            if (a.isEmpty()) {
                return true;
            }
            for (int by = a.y / BLOCK; by <= (a.y + a.height - 1) / BLOCK; by++) {
                for (int bx = a.x / BLOCK; bx <= (a.x + a.width - 1) / BLOCK; bx++) {
                    if (!finishedBlocks[by * across + bx]) {
                        return false;
                    }
                }
            }
            return true;
        }

        /** Reopens an existing output to resume it (null when it does not exist); refuses other settings. */
        private GeoTiffWriter reopen(Path file, GeoTiffWriter.Options o, String settings) throws IOException {
            if (!Files.exists(file)) {
                return null;
            }
            String found = GeoTiffWriter.readMetadata(file);
            if (found == null || !found.contains("classify-pixels resume v1")) {
                throw new UserException("Cannot resume into " + file + ": it was not written by a Classify Pixels run that"
                        + " can be resumed (or it is damaged).", "Allow overwriting (--overwrite) to start again, or choose"
                        + " another output name.");
            }
            if (!found.equals(settings)) {
                Set<String> have = new LinkedHashSet<>(List.of(found.split("\n")));
                List<String> differ = new ArrayList<>();
                for (String line : settings.split("\n")) {
                    if (!have.contains(line)) {
                        differ.add(line.replaceAll("^\\s*<Item name=\"deepraster\\.([^\"]*)\">.*$", "$1"));
                    }
                }
                throw new UserException("Cannot resume into " + file + ": it was made with other settings ("
                        + String.join(", ", differ) + " differ).", "Resume with the settings of the run that made it"
                        + " (model, arguments, extent, input), or allow overwriting (--overwrite) to start again.");
            }
            try {
                return GeoTiffWriter.reopenInPlace(file, o, settings);
            } catch (UserException e) {
                throw e;
            } catch (IOException e) {
                throw new UserException("Cannot resume into " + file + ": " + e.getMessage() + ".",
                        "Allow overwriting (--overwrite) to start again, or choose another output name.", e);
            }
        }

        private void closeResumed() throws IOException {
            for (GeoTiffWriter w : new GeoTiffWriter[] {resumedClasses, resumedConfidence}) {
                if (w != null) {
                    w.close();
                }
            }
            resumedClasses = null;
            resumedConfidence = null;
        }

        /** Tiles an earlier run finished (all their blocks are in the output): not run again. */
        public long resumedTiles() {
            return doneKeys.size();
        }

        /**
         * Runs the classification: blocks go to the output raster(s) and to {@code sinks} (on the
         * calling thread, as they are finished). Returns when the run ends (completed or cancelled).
         */
        public ClassifyPixelsResult run(Progress progress, List<? extends ResultSink<ClassifiedBlock>> sinks) throws IOException {
            Assembler assembler = new Assembler(new ArrayList<>(sinks));
            Environments env = p.environments();
            JobConfig config = JobConfig.of(batchSize, env.readers(), env.retries());
            Job<Tile, Chip, TileResult> job = new Job<>("Classify pixels", tiles, new Steps(), config, Set.copyOf(doneKeys));
            JobReport report = job.run(progress, List.of(assembler));
            JobProgress pr = report.progress();
            Map<String, Long> byClass = new TreeMap<>();
            for (int k = 0; k < classNames.length; k++) {
                if (assembler.counts[k] > 0) {
                    byClass.merge(classNames[k], assembler.counts[k], Long::sum);
                }
            }
            long pixels = byClass.values().stream().mapToLong(Long::longValue).sum();
            List<ItemProblem> failures = report.problems().stream().filter(x -> x.kind() == ItemProblem.Kind.FAILED).toList();
            JobSummary summary = new JobSummary(report.outcome(), pr.total(), pr.resumed(), pixels, byClass, pr.skipped(),
                    assembler.skipReasons, pr.failed(), failures, Duration.ofNanos(pr.elapsedNanos()), report.error());
            PolygonizeResult polygons = null;
            if (polygonOptions != null && report.outcome() == JobReport.Outcome.COMPLETED) {
                polygons = polygonize(progress);
            } else if (polygonOptions != null) {
                warnings.add("The run did not complete, so no polygons were made; vectorise the classified raster with"
                        + " raster-to-polygons once it is complete.");
            }
            return new ClassifyPixelsResult(report, summary, output, confidenceOutput, byClass, assembler.noDataPixels,
                    assembler.mosaic.peakOpenBlocks(), warnings, polygons,
                    polygons == null ? null : p.vectorOutput().outFeatureClass());
        }

        /** The polygon output's options: class values and names from the model, regularised classes by name or value. */
        private PolygonizeOptions polygonOptions(ClassifyPixelsParameters.VectorOutput v) {
            Map<Integer, String> names = new HashMap<>();
            for (int k = 0; k < classValues.length; k++) {
                names.put(classValues[k], classNames[k]);
            }
            Set<Integer> regularize = new LinkedHashSet<>();
            for (String c : v.regularizeClasses()) {
                Integer value = null;
                for (Map.Entry<Integer, String> e : names.entrySet()) {
                    if (e.getValue().equalsIgnoreCase(c.trim()) || String.valueOf(e.getKey()).equals(c.trim())) {
                        value = e.getKey();
                    }
                }
                if (value == null) {
                    throw new UserException("The class '" + c + "' to regularise is not a class of the model.",
                            "Name one of: " + String.join(", ", new java.util.TreeSet<>(names.values())) + ".");
                }
                regularize.add(value);
            }
            return PolygonizeOptions.defaults().withClassNames(names).withMinArea(v.minArea())
                    .withSimplifyTolerance(v.simplifyTolerance()).withRegularization(regularize, 0);
        }

        /** Vectorises the finished (closed) classified raster into the polygon output. */
        private PolygonizeResult polygonize(Progress progress) throws IOException {
            Path out = p.vectorOutput().outFeatureClass();
            String layer = out.getFileName().toString().replaceFirst("\\.[^.]*$", "");
            try (RasterSource classified = org.deepraster.raster.RasterFiles.open(output);
                 org.deepraster.feature.FeatureWriter w = org.deepraster.feature.FeatureWriters.create(out,
                         Polygonizer.schema(layer, classified.grid().crs(), polygonOptions),
                         p.overwrite() || p.resume() ? org.deepraster.feature.WriteMode.OVERWRITE : org.deepraster.feature.WriteMode.CREATE)) {
                return Polygonizer.polygonize(classified, 0, polygonOptions, w, progress);
            }
        }

        /**
         * Whether a tile's output already holds probabilities (sigmoid / softmax inside the graph): every
         * 61st pixel is checked (values in [0, 1], channels summing to 1), as logits almost never pass.
         */
        static boolean looksLikeProbabilities(float[] s, int plane, int c) {
            for (int i = 0; i < plane; i += 61) {
                double sum = 0;
                for (int k = 0, j = i; k < c; k++, j += plane) {
                    float v = s[j];
                    if (!(v >= -1e-6f && v <= 1 + 1e-6f)) {
                        return false;
                    }
                    sum += v;
                }
                if (c > 1 && Math.abs(sum - 1) > 1e-3) {
                    return false;
                }
            }
            return true;
        }

        static float sigmoid(float x) {
            return (float) (1 / (1 + Math.exp(-x)));
        }

        /** Class decision for one pixel from probabilities (threshold, excluded background). */
        int decide(float[] probs, int offset, int stride, int c, float[] conf, int at) {
            if (decoder.kind() == PixelDecoder.Kind.SIGMOID) {
                float fg = probs[offset];
                conf[at] = fg >= threshold ? fg : 1 - fg;
                return fg >= threshold ? 1 : 0;
            }
            int best = -1;
            float bp = Float.NEGATIVE_INFINITY;
            for (int k = 0, j = offset; k < c; k++, j += stride) {
                float v = probs[j];
                if (v > bp && !(k < excluded.length && excluded[k])) {
                    bp = v;
                    best = k;
                }
            }
            if (best < 0) {
                best = 0;
                bp = probs[offset];
            }
            if (scoreThreshold && bp < threshold) { // Deepness: probabilities below the threshold count as 0
                best = 0;
                bp = probs[offset];
            }
            conf[at] = bp;
            return best;
        }

        /** Tiles on the reader threads; batches on the inference thread. */
        private final class Steps implements JobSteps<Tile, Chip, TileResult> {
            private BatchBuffer buffer;

            @Override
            public Prepared<Tile, Chip> prepare(Tile t) throws IOException {
                RasterWindow w = raster.read(t.window(), bands);
                float[] chip = w.samples();
                boolean[] valid = w.valid();
                int plane = chipW * chipH;
                if (valid != null) {
                    for (int i = 0; i < plane; i++) {
                        if (!valid[i]) {
                            for (int b = 0; b < bands.length; b++) {
                                chip[b * plane + i] = 0;
                            }
                        }
                    }
                    if (!anyValid(t, valid)) {
                        return Prepared.skip(t, NO_DATA);
                    }
                }
                norm.apply(chip, plane);
                return Prepared.ready(t, new Chip(chip, valid));
            }

            private boolean anyValid(Tile t, boolean[] valid) {
                Rectangle roi = region.roi();
                int ox = t.area().x + roi.x - t.window().x;
                int oy = t.area().y + roi.y - t.window().y;
                for (int y = oy; y < oy + t.area().height; y++) {
                    for (int x = ox; x < ox + t.area().width; x++) {
                        if (valid[y * chipW + x]) {
                            return true;
                        }
                    }
                }
                return false;
            }

            @Override
            public List<TileResult> run(List<Prepared.Ready<Tile, Chip>> batch) {
                if (buffer == null) {
                    buffer = new BatchBuffer(definition.modelFormat(), Math.max(batchSize, Math.max(1, session.fixedBatch())),
                            bands.length, chipH, chipW);
                }
                buffer.clear();
                for (int i = 0; i < batch.size(); i++) {
                    buffer.put(i, batch.get(i).input().data());
                }
                InferenceOutputs outs = session.run(buffer);
                OutputTensor t = outs.get(decoder.output());
                if (t.dim(-1) != outW || t.dim(-2) != outH) {
                    throw new UserException("The model's output for a tile is " + t.dim(-1) + " x " + t.dim(-2)
                            + ", expected " + outW + " x " + outH + ".", "Check the model's chip size against 'info'.");
                }
                int n = Math.max(1, channels) * outW * outH;
                List<TileResult> out = new ArrayList<>(batch.size());
                for (int i = 0; i < batch.size(); i++) {
                    float[] scores = t.floats() == null ? null : java.util.Arrays.copyOfRange(t.floats(), i * n, (i + 1) * n);
                    long[] labels = t.longs() == null ? null : java.util.Arrays.copyOfRange(t.longs(), i * n, (i + 1) * n);
                    out.add(new TileResult(batch.get(i).item(), scores, labels, batch.get(i).input().valid()));
                }
                return out;
            }
        }

        /** The writer-thread side: tiles into blocks, blocks into the GeoTIFF(s) and to the sinks. */
        private final class Assembler implements ResultSink<TileResult> {
            private final List<ResultSink<ClassifiedBlock>> sinks;
            private final Map<String, Tile> byKey = new HashMap<>();
            private final PixelMosaic mosaic;
            private final long[] counts;
            private final Map<String, Long> skipReasons = new LinkedHashMap<>();
            private final List<ClassifiedBlock> finished = new ArrayList<>();
            private GeoTiffWriter classWriter;
            private GeoTiffWriter confWriter;
            /** Blocks touched by a failed tile: not written, so that a resumed run does them again. */
            private final boolean[] failedBlocks;
            private long noDataPixels;
            private final float[][] ramps = new float[2][];
            private int[] gridClasses;
            private float[] gridConfidence;

            Assembler(List<ResultSink<ClassifiedBlock>> sinks) {
                this.sinks = sinks;
                this.counts = new long[classValues.length];
                Rectangle roi = region.roi();
                mosaic = new PixelMosaic(roi.width, roi.height, BLOCK, Math.max(1, channels), blend, Plan.this::decide,
                        this::finish);
                failedBlocks = new boolean[mosaic.blocksAcross() * mosaic.blocksDown()];
                if (finishedBlocks != null) {
                    for (int i = 0; i < finishedBlocks.length; i++) {
                        if (finishedBlocks[i]) {
                            mosaic.markFinished(i % mosaic.blocksAcross(), i / mosaic.blocksAcross());
                        }
                    }
                }
                for (Tile t : tiles) {
                    byKey.put(t.key(), t);
                    if (!doneKeys.contains(t.key())) {
                        mosaic.expect(t.area());
                    }
                }
            }

            @Override
            public void started(long total, long resumed) throws IOException {
                // directory first, tiles updated in place: readable (unfinished blocks NoData) and resumable at any moment
                classWriter = resumedClasses != null ? resumedClasses
                        : GeoTiffWriter.createInPlace(output, classOptions(), settings("classes"));
                resumedClasses = null;
                if (confidenceOutput != null) {
                    confWriter = resumedConfidence != null ? resumedConfidence
                            : GeoTiffWriter.createInPlace(confidenceOutput, confidenceOptions(), settings("confidence"));
                    resumedConfidence = null;
                }
                for (ResultSink<ClassifiedBlock> s : sinks) {
                    s.started(total, resumed);
                }
                mosaic.finishUntouched();
                flush();
            }

            @Override
            public void accept(List<TileResult> results) throws IOException {
                Rectangle roi = region.roi();
                for (TileResult tr : results) {
                    Tile t = tr.tile();
                    int gx = t.window().x + offX - roi.x;
                    int gy = t.window().y + offY - roi.y;
                    Rectangle a = t.area();
                    if (blend) {
                        float[] probs = probabilities(tr.scores(), a, gx, gy);
                        float[] wx = ramp(a.x + roi.x, a.width, t.core().x, t.core().width, padX - offX, 0);
                        float[] wy = ramp(a.y + roi.y, a.height, t.core().y, t.core().height, padY - offY, 1);
                        mosaic.putProbabilities(a, gx, gy, outW, outH, probs, wx, wy);
                    } else {
                        classify(tr, a, gx, gy);
                        mosaic.putClasses(a, gx, gy, outW, gridClasses, gridConfidence);
                    }
                    mosaic.putNoData(a, t.window().x - roi.x, t.window().y - roi.y, chipW, tr.valid());
                    mosaic.done(a);
                }
                flush();
            }

            /** Class and confidence of the area's pixels (grid coordinates) into the reused grid arrays. */
            private void classify(TileResult tr, Rectangle a, int gx, int gy) {
                int plane = outW * outH;
                if (gridClasses == null) {
                    gridClasses = new int[plane];
                    gridConfidence = new float[plane];
                }
                float[] s = tr.scores();
                int c = Math.max(1, channels);
                boolean isProb = s != null && looksLikeProbabilities(s, plane, c);
                for (int y = a.y - gy; y < a.y - gy + a.height; y++) {
                    for (int x = a.x - gx, i = y * outW + x; x < a.x - gx + a.width; x++, i++) {
                        if (tr.labels() != null) {
                            long v = tr.labels()[i];
                            gridClasses[i] = v < 0 || v > Integer.MAX_VALUE ? -1 : (int) v;
                            gridConfidence[i] = 1f;
                        } else if (decoder.kind() == PixelDecoder.Kind.SIGMOID) {
                            float p = isProb ? s[i] : sigmoid(s[i]);
                            gridClasses[i] = p >= threshold ? 1 : 0;
                            gridConfidence[i] = p >= threshold ? p : 1 - p;
                        } else {
                            gridClasses[i] = bestOf(s, i, plane, c, isProb, gridConfidence);
                        }
                    }
                }
            }

            /** Argmax of the scores (= of their softmax), its probability, then the Deepness threshold rule. */
            private int bestOf(float[] s, int i, int plane, int c, boolean isProb, float[] conf) {
                int best = -1;
                float bv = Float.NEGATIVE_INFINITY;
                for (int k = 0, j = i; k < c; k++, j += plane) {
                    if (s[j] > bv && !excluded[k]) {
                        bv = s[j];
                        best = k;
                    }
                }
                if (best < 0) {
                    best = 0;
                    bv = s[i];
                }
                float p;
                float p0;
                if (isProb) {
                    p = bv;
                    p0 = s[i];
                } else {
                    double sum = 0;
                    for (int k = 0, j = i; k < c; k++, j += plane) {
                        sum += Math.exp(s[j] - bv);
                    }
                    p = (float) (1 / sum);
                    p0 = (float) (Math.exp(s[i] - bv) / sum);
                }
                if (scoreThreshold && p < threshold) { // Deepness: probabilities below the threshold count as 0
                    conf[i] = p0;
                    return 0;
                }
                conf[i] = p;
                return best;
            }

            /** Probabilities of the area's pixels (softmax / sigmoid applied unless the output holds them), in place. */
            private float[] probabilities(float[] s, Rectangle a, int gx, int gy) {
                int plane = outW * outH;
                int c = Math.max(1, channels);
                if (looksLikeProbabilities(s, plane, c)) {
                    return s;
                }
                for (int y = a.y - gy; y < a.y - gy + a.height; y++) {
                    for (int x = a.x - gx, i = y * outW + x; x < a.x - gx + a.width; x++, i++) {
                        if (c == 1) {
                            s[i] = sigmoid(s[i]);
                            continue;
                        }
                        float max = Float.NEGATIVE_INFINITY;
                        for (int k = 0, j = i; k < c; k++, j += plane) {
                            max = Math.max(max, s[j]);
                        }
                        double sum = 0;
                        for (int k = 0, j = i; k < c; k++, j += plane) {
                            float e = (float) Math.exp(s[j] - max);
                            s[j] = e;
                            sum += e;
                        }
                        float inv = (float) (1 / sum);
                        for (int k = 0, j = i; k < c; k++, j += plane) {
                            s[j] *= inv;
                        }
                    }
                }
                return s;
            }

            /**
             * Weights along one axis for positions {@code from .. from+n-1} (raster pixels): 1 inside the
             * core shrunk by {@code m}, falling as sin² to 0 at {@code m} beyond the core's edges. Two
             * neighbours' weights sum to 1 across their shared 2m-pixel band.
             */
            private float[] ramp(int from, int n, int c0, int cw, int m, int axis) {
                float[] w = ramps[axis] != null && ramps[axis].length == n ? ramps[axis] : new float[n];
                ramps[axis] = w;
                for (int i = 0; i < n; i++) {
                    int x = from + i;
                    double v = 1;
                    if (m > 0) {
                        if (x < c0 + m) {
                            v = Math.min(v, sin2((x - (c0 - m) + 0.5) / (2.0 * m)));
                        }
                        if (x >= c0 + cw - m) {
                            v = Math.min(v, sin2((c0 + cw + m - 1 - x + 0.5) / (2.0 * m)));
                        }
                    }
                    w[i] = (float) v;
                }
                return w;
            }

            private static double sin2(double f) {
                double s = Math.sin(Math.PI / 2 * Math.max(0, Math.min(1, f)));
                return s * s;
            }

            @Override
            public void problem(ItemProblem problem) {
                Tile t = byKey.get(problem.key());
                if (problem.kind() == ItemProblem.Kind.SKIPPED) {
                    skipReasons.merge(problem.reason(), 1L, Long::sum);
                }
                try {
                    if (t != null) {
                        if (problem.kind() == ItemProblem.Kind.FAILED) {
                            markFailed(t.area());
                        }
                        mosaic.done(t.area());
                    }
                    flush();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                for (ResultSink<ClassifiedBlock> s : sinks) {
                    s.problem(problem);
                }
            }

            @Override
            public void progress(JobProgress progress) {
                for (ResultSink<ClassifiedBlock> s : sinks) {
                    s.progress(progress);
                }
            }

            private void markFailed(Rectangle area) {
                Rectangle a = area.intersection(new Rectangle(0, 0, region.roi().width, region.roi().height));
                if (a.isEmpty()) {
                    return;
                }
                int across = mosaic.blocksAcross();
                for (int by = a.y / BLOCK; by <= (a.y + a.height - 1) / BLOCK; by++) {
                    for (int bx = a.x / BLOCK; bx <= (a.x + a.width - 1) / BLOCK; bx++) {
                        failedBlocks[by * across + bx] = true;
                    }
                }
            }

            @Override
            public void finished(JobReport report) throws IOException {
                if (report.outcome() == JobReport.Outcome.COMPLETED) {
                    mosaic.finishAll();
                }
                // cancelled or stopped: unfinished blocks are not written (NoData in the file), --resume does them
                flush();
                for (ResultSink<ClassifiedBlock> s : sinks) {
                    s.finished(report);
                }
            }

            /** Maps a finished block to values, applies the mask and writes it. */
            private void finish(int bx, int by, Rectangle window, int[] cls, float[] conf) throws IOException {
                if (failedBlocks[by * mosaic.blocksAcross() + bx]) {
                    return; // left empty (NoData): a resumed run does the failed tile again
                }
                Rectangle roi = region.roi();
                boolean[] inside = region.maskInPixels() == null ? null
                        : maskOf(new Rectangle(window.x + roi.x, window.y + roi.y, BLOCK, BLOCK));
                int[] values = new int[window.width * window.height];
                float[] confOut = new float[values.length];
                byte[] tile = new byte[BLOCK * BLOCK * (outType == SampleType.UINT8 ? 1 : 2)];
                byte[] confTile = confWriter == null ? null : new byte[BLOCK * BLOCK];
                if (outType == SampleType.UINT8) {
                    java.util.Arrays.fill(tile, (byte) noData);
                } else {
                    for (int i = 0; i < BLOCK * BLOCK; i++) {
                        tile[2 * i] = (byte) noData;
                        tile[2 * i + 1] = (byte) (noData >> 8);
                    }
                }
                if (confTile != null) {
                    java.util.Arrays.fill(confTile, (byte) 255);
                }
                for (int y = 0; y < window.height; y++) {
                    for (int x = 0; x < window.width; x++) {
                        int k = y * BLOCK + x;
                        int c = cls[k];
                        int o = y * window.width + x;
                        if (c < 0 || c >= classValues.length || (inside != null && !inside[k])) {
                            values[o] = noData;
                            confOut[o] = Float.NaN;
                            noDataPixels++;
                            continue;
                        }
                        int v = classValues[c];
                        counts[c]++;
                        values[o] = v;
                        confOut[o] = conf[k];
                        if (outType == SampleType.UINT8) {
                            tile[k] = (byte) v;
                        } else {
                            tile[2 * k] = (byte) v;
                            tile[2 * k + 1] = (byte) (v >> 8);
                        }
                        if (confTile != null) {
                            confTile[k] = (byte) Math.max(0, Math.min(100, Math.round(conf[k] * 100)));
                        }
                    }
                }
                classWriter.writeTileBytes(bx, by, tile);
                if (confWriter != null) {
                    confWriter.writeTileBytes(bx, by, confTile);
                }
                finished.add(new ClassifiedBlock(window, values, confOut));
            }

            /** Which pixels of a block (raster pixels) lie inside the mask (pixel centres). */
            private boolean[] maskOf(Rectangle px) {
                boolean[] in = new boolean[BLOCK * BLOCK];
                org.locationtech.jts.geom.Geometry box = new GeometryFactory().toGeometry(
                        new Envelope(px.x, px.x + px.width, px.y, px.y + px.height));
                if (region.preparedMask().contains(box)) {
                    java.util.Arrays.fill(in, true);
                    return in;
                }
                if (!region.preparedMask().intersects(box)) {
                    return in;
                }
                BufferedImage img = new BufferedImage(BLOCK, BLOCK, BufferedImage.TYPE_BYTE_GRAY);
                Graphics2D g = img.createGraphics();
                try {
                    g.translate(-px.x, -px.y);
                    g.setColor(java.awt.Color.WHITE);
                    g.fill(new ShapeWriter().toShape(region.maskInPixels()));
                } finally {
                    g.dispose();
                }
                byte[] data = ((java.awt.image.DataBufferByte) img.getRaster().getDataBuffer()).getData();
                for (int i = 0; i < in.length; i++) {
                    in[i] = data[i] != 0;
                }
                return in;
            }

            private void flush() throws IOException {
                if (finished.isEmpty()) {
                    return;
                }
                List<ClassifiedBlock> batch = List.copyOf(finished);
                finished.clear();
                for (ResultSink<ClassifiedBlock> s : sinks) {
                    s.accept(batch);
                }
            }

            @Override
            public void close() throws IOException {
                IOException first = null;
                for (AutoCloseable c : new AutoCloseable[] {classWriter, confWriter}) {
                    try {
                        if (c != null) {
                            c.close();
                        }
                    } catch (Exception e) {
                        first = first == null ? (e instanceof IOException io ? io : new IOException(e)) : first;
                    }
                }
                if (classWriter != null) {
                    List<ClassTable.Row> rowsOut = new ArrayList<>();
                    Set<Integer> seen = new java.util.HashSet<>();
                    for (int k = 0; k < classValues.length && classValues.length <= 4096; k++) {
                        ClassInfo ci = null;
                        for (ClassInfo c : definition.classes()) {
                            if (c.value() == classValues[k]) {
                                ci = c;
                            }
                        }
                        if ((ci != null || decoder.kind() != PixelDecoder.Kind.LABELS) && seen.add(classValues[k])) {
                            int v = classValues[k];
                            rowsOut.add(new ClassTable.Row(v, ci != null ? ci.name() : classNames[k], ci != null ? ci.rgb()
                                    : palette != null && v < palette.length ? palette[v] : 0));
                        }
                    }
                    rowsOut.sort((a, b) -> Integer.compare(a.value(), b.value()));
                    try {
                        ClassTable.write(output, rowsOut);
                    } catch (IOException e) {
                        first = first == null ? e : first;
                    }
                }
                for (ResultSink<ClassifiedBlock> s : sinks) {
                    try {
                        s.close();
                    } catch (Exception e) {
                        first = first == null ? (e instanceof IOException io ? io : new IOException(e)) : first;
                    }
                }
                if (first != null) {
                    throw first;
                }
            }
        }

        @Override
        public void close() throws IOException {
            try {
                closeResumed();
            } finally {
                super.close();
            }
        }
    }
}
