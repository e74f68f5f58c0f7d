package org.deepraster.tool.selfsupervised;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.deepraster.inference.Classification;
import org.deepraster.inference.ClassificationDecoder;
import org.deepraster.inference.InputNormalization;
import org.deepraster.inference.ModelSession;
import org.deepraster.job.JobConfig;
import org.deepraster.job.JobReport;
import org.deepraster.job.ResultSink;
import org.deepraster.model.ModelDefinition;
import org.deepraster.raster.RasterSource;
import org.deepraster.tiling.BatchRunner;
import org.deepraster.tiling.RasterRegion;
import org.deepraster.tiling.Tile;
import org.deepraster.tiling.TileGrid;
import org.deepraster.tiling.TilePipeline;
import org.deepraster.tiling.TileReader;
import org.deepraster.tool.Environments;
import org.deepraster.tool.ProcessingExtent;
import org.deepraster.util.Progress;

/**
 * Phase 1: the tile CNN over one image, on the shared {@link TilePipeline}: a {@link TileGrid#cores} grid of
 * {@code tileSize} px tiles without padding from the top-left corner (the last ones reach past the right and bottom
 * edges, where pixels are NoData = 0), read by the {@link TileReader}, batched through the {@link BatchRunner} and
 * decoded with the {@link ClassificationDecoder} on the inference thread; the writer thread files each tile's class
 * and probability into {@link TileLabels}.
 */
final class TileClassification {
    private TileClassification() {
    }

    /** One tile's decoded class. */
    private record TileClass(Tile tile, Classification c) {
    }

    /** The outcome: the labels and how the job ended. */
    record Result(TileLabels labels, JobReport report) {
    }

    /** Where each tile's class goes as soon as it is known (writer thread): its cell in {@link #tileGrid}, class index. */
    interface TileListener {
        void classified(java.awt.Rectangle cell, int classIndex);
    }

    /** The grid of tile-sized cells over the image (the tile raster's). */
    static org.deepraster.geo.GridGeometry tileGrid(RasterSource raster, int tileSize) {
        org.deepraster.geo.GridGeometry g = raster.grid();
        java.awt.geom.AffineTransform a = new java.awt.geom.AffineTransform(g.gridToCrs());
        a.scale(tileSize, tileSize);
        return new org.deepraster.geo.GridGeometry((raster.width() + tileSize - 1) / tileSize,
                (raster.height() + tileSize - 1) / tileSize, a, g.crs());
    }

    static Result run(RasterSource raster, ModelDefinition d, ModelSession session, ClassificationDecoder decoder,
                      int[] bands, InputNormalization norm, int tileSize, int batchSize, Environments env,
                      Progress progress, TileListener listener) throws IOException {
        RasterRegion region = RasterRegion.of(raster, ProcessingExtent.WHOLE);
        TileGrid grid = TileGrid.cores(region, tileSize, tileSize, 0, 0, 0, 0);
        List<Tile> tiles = grid.layOut().tiles();
        int[] cls = new int[grid.cols() * grid.rows()];
        Arrays.fill(cls, -1);
        float[] conf = new float[cls.length];
        TilePipeline pipeline = new TilePipeline("Classify tiles", tiles,
                new TileReader(raster, null, bands, norm, tileSize, tileSize, "only NoData"),
                new BatchRunner(d.modelFormat(), session, batchSize, bands.length, tileSize, tileSize),
                JobConfig.of(batchSize, env.readers(), env.retries()));
        ResultSink<TileClass> sink = results -> {
            for (TileClass t : results) {
                int i = t.tile().row() * grid.cols() + t.tile().col();
                cls[i] = t.c().classIndex();
                conf[i] = t.c().score();
                listener.classified(new java.awt.Rectangle(t.tile().col(), t.tile().row(), 1, 1), cls[i]);
            }
        };
        JobReport report = pipeline.run((batch, outs) -> {
            List<Classification> decoded = decoder.decode(outs);
            return java.util.stream.IntStream.range(0, batch.size())
                    .mapToObj(i -> new TileClass(batch.get(i).item(), decoded.get(i))).toList();
        }, Set.of(), progress, sink);
        return new Result(new TileLabels(grid.cols(), grid.rows(), tileSize, raster.width(), raster.height(), cls, conf),
                report);
    }
}
