package org.deepraster.tool.classifypixels;

import java.awt.Rectangle;
import java.awt.geom.AffineTransform;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deepraster.tool.Outputs;
import org.deepraster.geo.GridGeometry;
import org.deepraster.inference.BatchBuffer;
import org.deepraster.inference.InferenceOutputs;
import org.deepraster.inference.InputNormalization;
import org.deepraster.inference.ModelSession;
import org.deepraster.inference.OutputTensor;
import org.deepraster.job.ItemProblem;
import org.deepraster.tool.ModelSetup;
import org.deepraster.job.JobProgress;
import org.deepraster.job.JobReport;
import org.deepraster.job.JobSummary;
import org.deepraster.job.Prepared;
import org.deepraster.job.ResultSink;
import org.deepraster.model.ModelDefinition;
import org.deepraster.model.PixelConvention;
import org.deepraster.model.TensorSpec;
import org.deepraster.raster.RasterSource;
import org.deepraster.tiling.BatchRunner;
import org.deepraster.tiling.TestTimeAugmentation;
import org.deepraster.tiling.Chip;
import org.deepraster.tiling.RasterRegion;
import org.deepraster.tiling.Tile;
import org.deepraster.tiling.TileGrid;
import org.deepraster.tiling.TilePipeline;
import org.deepraster.tiling.TileReader;
import org.deepraster.util.Progress;
import org.deepraster.util.UserException;

/**
 * The plan of a Classify Pixels run with a model that writes values, as Deepness does
 * ({@link PixelConvention#REGRESSION}, {@link PixelConvention#SUPERRESOLUTION}): float32 GeoTIFFs of model output ×
 * output scaling. Deepness' {@code map_processor_regression.py} / {@code map_processor_superresolution.py}
 * {@code _process_tile}: NaN → 0, × {@code output_scaling}, float32; a Regressor's channel 0 of each output
 * ({@code result[:, 0]}), one layer per output; a Superresolution's one output, all its channels in one
 * raster whose pixel size is the input's / s ({@code save_result_img_as_tif}'s geo_transform).
 *
 * <p>Tiling as for classes: chips with {@code padding} px of context, mirrored past the raster's edge; each
 * tile gives its core (scaled by s: core pixel (x, y) → output pixels (x·s .. x·s+s−1, y·s ..)), so tiles
 * meet without seams when the padding covers the model's receptive field. A Regressor's output may be smaller
 * than its input (centre-aligned, as Deepness' {@code tile_params.set_mask_on_full_img}); padding is at least
 * that border. NoData input pixels and pixels outside the mask are NoData (Deepness writes 0 there).
 * Memory: see {@link ValueMosaic}; the tiles run in vertical swaths whose open blocks fit
 * {@link ClassifyPixelsTool#BLOCK_BUDGET_BYTES}.
 */
final class ValuesPlan extends ClassifyPixelsTool.Plan {
    private final ClassifyPixelsParameters p;
    private final PixelConvention family;
    private final float scaling;
    private final List<String> heads;
    private final int bandsOut;
    private final int scale;
    private final int offX;
    private final int offY;
    private final int padding;
    private final RasterRegion region;
    private final List<Tile> tiles;
    private final int swathCols;
    private final long estimatedBytes;
    private final GridGeometry outputGrid;
    private final List<Path> outputs = new ArrayList<>();
    /** The first head's output size (width, height). */
    private int outW;
    private int outH;
    /** Test-time augmentation, or null. */
    private TestTimeAugmentation tta;

    ValuesPlan(ClassifyPixelsParameters p, ModelDefinition d, ModelSession session, PixelConvention family,
               double scaling, int padding, int batchSize, RasterSource raster, int[] bands, InputNormalization norm,
               int chipW, int chipH, List<String> warnings) {
        super(d, session, batchSize, warnings, raster, bands, norm, chipW, chipH);
        this.p = p;
        this.family = family;
        this.scaling = (float) scaling;
        List<TensorSpec> outs = session.signature().outputs();
        if (family == PixelConvention.SUPERRESOLUTION && outs.size() != 1) {
            throw new UserException("A Deepness Superresolution model has one output; this one has " + outs.size() + ".",
                    "Export the model with only its image output."); // superresolution.py: multiple outputs not supported
        }
        heads = family == PixelConvention.SUPERRESOLUTION ? List.of(outs.get(0).name())
                : outs.stream().map(TensorSpec::name).toList();
        int[][] shapes = probe(session, d, bands.length, chipW, chipH, heads);
        int[] first = shapes[0];
        outW = first[2];
        outH = first[1];
        if (family == PixelConvention.SUPERRESOLUTION) {
            if (first.length != 3 || first[1] % chipH != 0 || first[2] % chipW != 0 || first[1] / chipH != first[2] / chipW
                    || first[2] < chipW) {
                throw new UserException("The Superresolution model's output " + shapeText(first) + " is not its input "
                        + chipW + " x " + chipH + " times a whole factor.", "Expected an output [N, C, H*s, W*s].");
            }
            scale = first[2] / chipW;
            bandsOut = first[0];
            offX = 0;
            offY = 0;
        } else {
            scale = 1;
            bandsOut = 1;
            for (int i = 0; i < shapes.length; i++) {
                int[] s = shapes[i];
                if (s[0] > 1) {
                    warnings.add("Output " + heads.get(i) + " has " + s[0] + " channels; channel 0 is written, as Deepness"
                            + " writes it (result[:, 0]).");
                }
                if (s[1] > chipH || s[2] > chipW || (chipW - s[2]) % 2 != 0 || (chipH - s[1]) % 2 != 0
                        || s[1] != first[1] || s[2] != first[2]) {
                    throw new UserException("The Regressor's output " + heads.get(i) + " " + shapeText(s)
                            + " does not fit its input " + chipW + " x " + chipH + ".",
                            "Expected [N, H, W] or [N, C, H, W], the input's size or centred inside it, the same for every output.");
                }
            }
            offX = (chipW - first[2]) / 2;
            offY = (chipH - first[1]) / 2;
        }
        int pad = Math.max(padding, Math.max(offX, offY));
        if (pad > padding) {
            warnings.add("padding " + padding + " is less than the model's border; using " + pad + ".");
        }
        if (2 * pad >= Math.min(chipW, chipH)) {
            throw new UserException("padding " + pad + " leaves no tile core in tiles of " + chipW + " x " + chipH + " px.",
                    "Use a padding below " + (Math.min(chipW, chipH) / 2) + ".");
        }
        this.padding = pad;
        region = RasterRegion.of(raster.grid(), raster.name(), p.environments().extent());
        TileGrid grid = TileGrid.cores(region, chipW, chipH, pad, pad, 0, 0);
        long perBlock = ValueMosaic.bytesPerBlock(bandsOut);
        int rowsOpen = (grid.stepY() * scale + ClassifyPixelsTool.BLOCK - 1) / ClassifyPixelsTool.BLOCK + 1;
        long blocksAcross = Math.max(1, ClassifyPixelsTool.BLOCK_BUDGET_BYTES / (perBlock * rowsOpen));
        swathCols = (int) Math.max(1, Math.min(grid.cols(),
                blocksAcross * ClassifyPixelsTool.BLOCK / ((long) grid.stepX() * scale)));
        estimatedBytes = perBlock * rowsOpen * ((long) swathCols * grid.stepX() * scale / ClassifyPixelsTool.BLOCK + 2);
        TileGrid.Layout layout = grid.layOut(swathCols);
        if (layout.outsideMask() > 0) {
            warnings.add(layout.warning());
        }
        tiles = layout.tiles();
        Rectangle roi = region.roi();
        AffineTransform t = new AffineTransform(raster.grid().gridToCrs());
        t.translate(roi.x, roi.y);
        t.scale(1.0 / scale, 1.0 / scale); // save_result_img_as_tif: rlayer_units_per_pixel / scale_factor
        outputGrid = new GridGeometry(roi.width * scale, roi.height * scale, t, raster.grid().crsRef());
        Path out = ClassifyPixelsTool.withTif(p.outClassifiedRaster());
        Outputs.requireFolder(out);
        own(out); // before the checks: two runs cannot both find it free
        try {
            for (int i = 0; i < heads.size(); i++) {
                Path o = i == 0 ? out : PixelHead.outputOf(out, i);
                PixelOutputChecks.rasters(p, o, null);
                outputs.add(o);
            }
        } catch (RuntimeException e) {
            releaseOutputs();
            throw e;
        }
    }

    @Override
    public int augmentationViews() {
        return tta == null ? 1 : tta.viewCount();
    }

    /** Turns on test-time augmentation with this merge policy (null: none): every head's values merged per pixel. */
    void augment(TestTimeAugmentation.MergePolicy policy) {
        if (policy == null) {
            return;
        }
        Map<String, TestTimeAugmentation.Merge> merges = new java.util.LinkedHashMap<>();
        heads.forEach(h -> merges.put(h, TestTimeAugmentation.Merge.VALUES));
        tta = TestTimeAugmentation.of(chipW, chipH, policy, merges);
        tta.checkOutput(heads.get(0), chipW, chipH, outW, outH);
        warnings.add("Test-time augmentation: " + tta.describe() + "; each tile costs " + tta.viewCount()
                + " model runs, and batch_size " + batchSize + " counts views (" + tta.tilesPerBatch(batchSize)
                + " tile(s) a batch).");
    }

    /** {channels, height, width} of each head's output, from the signature or one run on an empty chip. */
    private static int[][] probe(ModelSession session, ModelDefinition d, int bands, int chipW, int chipH, List<String> heads) {
        BatchBuffer b = new BatchBuffer(d.modelFormat(), Math.max(1, session.fixedBatch()), bands, chipH, chipW);
        b.put(0, new float[bands * chipW * chipH]);
        InferenceOutputs outs = session.run(b);
        int[][] shapes = new int[heads.size()][];
        for (int i = 0; i < heads.size(); i++) {
            OutputTensor t = outs.get(heads.get(i));
            if (!t.isFloat() || (t.rank() != 3 && t.rank() != 4)) {
                throw new UserException("Output " + heads.get(i) + " " + t + " is not a float [N, H, W] or [N, C, H, W].",
                        "A Deepness Regressor / Superresolution writes float images per pixel.");
            }
            shapes[i] = new int[] {t.rank() == 4 ? t.dim(1) : 1, t.dim(-2), t.dim(-1)};
        }
        return shapes;
    }

    private static String shapeText(int[] s) {
        return "[N, " + s[0] + ", " + s[1] + ", " + s[2] + "]";
    }

    /** A tile's pieces: per head, {@code [band][row][col]} over the tile's area scaled by s. */
    private record Piece(Tile tile, List<float[]> values) {
    }

    private Rectangle outRect(Tile t) {
        Rectangle a = t.area();
        Rectangle roi = region.roi();
        return new Rectangle((a.x - roi.x) * scale, (a.y - roi.y) * scale, a.width * scale, a.height * scale);
    }

    /** On the inference thread: the scaled values of each tile's area; NoData where the input is invalid. */
    private List<Piece> pieces(List<Prepared.Ready<Tile, Chip>> batch, InferenceOutputs outs) {
        List<Piece> list = new ArrayList<>(batch.size());
        float noData = PixelConvention.VALUE_NO_DATA;
        for (int i = 0; i < batch.size(); i++) {
            Tile t = batch.get(i).item();
            boolean[] valid = batch.get(i).input().valid();
            Rectangle a = t.area();
            boolean[] inside = region.maskInPixels() == null ? null : BlockWriter.maskOf(region, a);
            int w = a.width * scale;
            int h = a.height * scale;
            List<float[]> values = new ArrayList<>();
            for (String head : heads) {
                OutputTensor o = outs.get(head);
                int oh = o.dim(-2);
                int ow = o.dim(-1);
                int channels = o.rank() == 4 ? o.dim(1) : 1;
                float[] v = new float[w * h * bandsOut];
                for (int c = 0; c < bandsOut; c++) {
                    int base = (i * channels + c) * oh * ow;
                    for (int y = 0; y < h; y++) {
                        int wy = a.y + y / scale - t.window().y;
                        int oy = (wy - offY) * scale + y % scale;
                        for (int x = 0; x < w; x++) {
                            int wx = a.x + x / scale - t.window().x;
                            boolean ok = (valid == null || valid[wy * chipW + wx])
                                    && (inside == null || inside[(y / scale) * a.width + x / scale]);
                            float m = o.floats()[base + oy * ow + (wx - offX) * scale + x % scale];
                            v[c * w * h + y * w + x] = ok ? (Float.isNaN(m) ? 0 : m) * scaling : noData;
                        }
                    }
                }
                values.add(v);
            }
            list.add(new Piece(t, values));
        }
        return list;
    }

    @Override
    ClassifyPixelsResult runInto(Progress progress, List<? extends ResultSink<ClassifiedBlock>> sinks) throws IOException {
        List<Rectangle> rects = tiles.stream().map(this::outRect).toList();
        Map<String, Tile> byKey = new HashMap<>();
        tiles.forEach(t -> byKey.put(t.key(), t));
        List<ValueMosaic> mosaics = new ArrayList<>();
        Map<String, Long> skipReasons = new LinkedHashMap<>();
        JobReport report;
        try {
            for (Path o : outputs) {
                mosaics.add(new ValueMosaic(o, outputGrid, bandsOut, PixelConvention.VALUE_NO_DATA, rects));
            }
            TilePipeline pipeline = new TilePipeline(family == PixelConvention.SUPERRESOLUTION ? "Super-resolution"
                    : "Regression", tiles,
                    new TileReader(raster, null, bands, norm, chipW, chipH, ClassifyPixelsTool.NO_DATA, TileReader.Edges.MIRRORED),
                    new BatchRunner(definition.modelFormat(), session, batchSize, bands.length, chipW, chipH, tta),
                    ModelSetup.jobConfig(tta == null ? batchSize : tta.tilesPerBatch(batchSize), p.environments(), session));
            List<ResultSink<ClassifiedBlock>> callers = new ArrayList<>(sinks);
            report = pipeline.run(this::pieces, Set.of(), progress, new ResultSink<>() {
                @Override
                public void started(long total, long resumed) throws IOException {
                    for (ResultSink<ClassifiedBlock> s : callers) {
                        s.started(total, resumed);
                    }
                }

                @Override
                public void accept(List<Piece> results) throws IOException {
                    for (Piece piece : results) {
                        for (int i = 0; i < mosaics.size(); i++) {
                            mosaics.get(i).put(outRect(piece.tile()), piece.values().get(i));
                        }
                    }
                }

                @Override
                public void problem(ItemProblem problem) {
                    if (problem.kind() == ItemProblem.Kind.SKIPPED) {
                        skipReasons.merge(problem.reason(), 1L, Long::sum);
                    }
                    Tile t = byKey.get(problem.key());
                    try {
                        for (ValueMosaic m : mosaics) {
                            if (t != null) {
                                m.done(outRect(t));
                            }
                        }
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    callers.forEach(s -> s.problem(problem));
                }

                @Override
                public void progress(JobProgress pr) {
                    callers.forEach(s -> s.progress(pr));
                }

                @Override
                public void finished(JobReport r) throws IOException {
                    for (ResultSink<ClassifiedBlock> s : callers) {
                        s.finished(r);
                    }
                }
            });
        } finally {
            IOException first = null;
            for (ValueMosaic m : mosaics) {
                try {
                    m.close();
                } catch (IOException e) {
                    first = first == null ? e : first;
                }
            }
            if (first != null) {
                throw first;
            }
        }
        JobProgress pr = report.progress();
        long valid = mosaics.get(0).validPixels;
        long all = (long) outputGrid.width() * outputGrid.height();
        Map<String, Long> byName = Map.of(heads.get(0), valid);
        List<ItemProblem> failures = report.problems().stream().filter(x -> x.kind() == ItemProblem.Kind.FAILED).toList();
        JobSummary summary = new JobSummary(report.outcome(), pr.total(), pr.resumed(), valid, byName, pr.skipped(),
                skipReasons, pr.failed(), failures, Duration.ofNanos(pr.elapsedNanos()), report.error());
        List<ClassifyPixelsResult.HeadOutput> others = new ArrayList<>();
        for (int i = 1; i < heads.size(); i++) {
            others.add(new ClassifyPixelsResult.HeadOutput(heads.get(i), outputs.get(i),
                    Map.of(heads.get(i), mosaics.get(i).validPixels), null));
        }
        int peak = mosaics.stream().mapToInt(ValueMosaic::peakOpenBlocks).max().orElse(0);
        return new ClassifyPixelsResult(report, summary, outputs.get(0), null, byName, all - valid, peak, warnings,
                null, null, others);
    }

    /** The super-resolution factor (1 for a Regressor). */
    int scale() {
        return scale;
    }

    @Override
    Path writtenOutput() {
        return outputs.get(0);
    }

    @Override
    Path writtenConfidence() {
        return null;
    }

    @Override
    public GridGeometry outputGrid() {
        return outputGrid;
    }

    @Override
    public GridGeometry resultGrid() {
        return outputGrid;
    }

    @Override
    public int[] palette() {
        return null;
    }

    @Override
    public int noDataValue() {
        return (int) PixelConvention.VALUE_NO_DATA;
    }

    @Override
    public long total() {
        return tiles.size();
    }

    @Override
    public int padding() {
        return padding;
    }

    @Override
    public boolean blending() {
        return false;
    }

    @Override
    public long estimatedBlockMemory() {
        return estimatedBytes;
    }

    @Override
    int swathColumns() {
        return swathCols;
    }

    @Override
    public long resumedTiles() {
        return 0;
    }

    @Override
    List<Path> writtenOutputs() {
        return List.copyOf(outputs);
    }
}
