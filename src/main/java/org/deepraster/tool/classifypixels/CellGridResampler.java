package org.deepraster.tool.classifypixels;

import java.awt.Rectangle;
import java.awt.geom.AffineTransform;
import java.awt.geom.NoninvertibleTransformException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.deepraster.geo.GridGeometry;
import org.deepraster.raster.ClassTable;
import org.deepraster.raster.GeoTiffWriter;
import org.deepraster.raster.RasterFiles;
import org.deepraster.raster.RasterSource;
import org.deepraster.raster.RasterWindow;
import org.deepraster.raster.SampleType;
import org.deepraster.model.ModelDefinition;
import org.deepraster.tiling.CellSizeResampling;

/**
 * Puts a result made at the model's cell size back on the input raster's grid: every input pixel takes the
 * value of the model cell under its centre (nearest neighbour: classes are not interpolated), NoData where
 * no cell is. Streams by bands of {@value #ROWS} output rows, reading only the model cells they need.
 */
final class CellGridResampler {
    private static final int ROWS = 256;

    private CellGridResampler() {
    }

    /**
     * The reader at the model's cell size for {@code cells} other than OFF (null when the model states none, with a
     * warning, or the raster's cells already fit); for OFF a warning when the raster's cells differ from the model's.
     */
    static CellSizeResampling resampling(ClassifyPixelsParameters.ModelCells cells, ModelDefinition d, RasterSource raster,
                                         List<String> warnings) {
        if (cells == ClassifyPixelsParameters.ModelCells.OFF) {
            String mismatch = CellSizeResampling.mismatch(d, raster.grid());
            if (mismatch != null) {
                warnings.add(mismatch + " (--resample_to_model_cell_size runs it at the model's cell size)");
            }
            return null;
        }
        double[] target = CellSizeResampling.target(d, raster.grid(), warnings);
        if (target != null) {
            double[] cell = CellSizeResampling.cellOf(raster.grid());
            return new CellSizeResampling(raster, target[0] / cell[0], target[1] / cell[1]);
        }
        if (d.minCellSize() == null && d.maxCellSize() == null && (d.deepness() == null || d.deepness().resolutionCm() == null)) {
            warnings.add("The model states no cell size (no Deepness resolution or MinCellSize/MaxCellSize):"
                    + " the raster is classified at its own cell size.");
        }
        return null;
    }

    /**
     * Puts a finished file at the model's cell size back on the input grid (nearest neighbour), then deletes it and its
     * attribute table; {@code c} null for the confidence raster (0-100, NoData 255). Returns pixels by value.
     */
    static long[] back(Path from, Path to, GridGeometry target, PixelClasses c) throws IOException {
        long[] byValue = c == null ? toGrid(from, to, target, SampleType.UINT8, 255, null, null)
                : toGrid(from, to, target, c.outType, c.noData, c.palette, c.tableRows());
        java.nio.file.Files.deleteIfExists(from);
        java.nio.file.Files.deleteIfExists(ClassTable.sidecar(from));
        return byValue;
    }

    /**
     * Writes {@code to} on {@code target} from the single-band raster {@code from} (its own grid), with
     * {@code type}, {@code noData} and {@code palette}; the attribute table {@code rows} beside it unless null.
     *
     * @return pixels by value (length 65536)
     */
    static long[] toGrid(Path from, Path to, GridGeometry target, SampleType type, int noData, int[] palette,
                         List<ClassTable.Row> rows) throws IOException {
        long[] counts = new long[65536];
        try (RasterSource src = RasterFiles.open(from)) {
            GridGeometry g = src.grid();
            AffineTransform toSrc;
            try {
                toSrc = new AffineTransform(g.gridToCrs().createInverse());
            } catch (NoninvertibleTransformException e) {
                throw new IllegalStateException(e);
            }
            toSrc.concatenate(target.gridToCrs());
            GeoTiffWriter.Options o = GeoTiffWriter.Options.of(target.width(), target.height(), 1, type)
                    .georeferenced(target).withTileSize(ClassifyPixelsTool.BLOCK)
                    .withNoData((double) noData).withPalette(palette);
            int w = target.width();
            try (GeoTiffWriter out = GeoTiffWriter.create(to, o)) {
                for (int y0 = 0; y0 < target.height(); y0 += ROWS) {
                    int n = Math.min(ROWS, target.height() - y0);
                    int[] sx = new int[w * n];
                    int[] sy = new int[w * n];
                    Rectangle need = null;
                    for (int y = 0; y < n; y++) {
                        for (int x = 0; x < w; x++) {
                            double[] pt = {x + 0.5, y0 + y + 0.5};
                            toSrc.transform(pt, 0, pt, 0, 1);
                            int i = y * w + x;
                            sx[i] = (int) Math.floor(pt[0]);
                            sy[i] = (int) Math.floor(pt[1]);
                            if (sx[i] >= 0 && sy[i] >= 0 && sx[i] < g.width() && sy[i] < g.height()) {
                                Rectangle r = new Rectangle(sx[i], sy[i], 1, 1);
                                need = need == null ? r : need.union(r);
                            }
                        }
                    }
                    float[] samples = new float[w * n];
                    RasterWindow win = need == null ? null : src.read(need, new int[] {0});
                    for (int i = 0; i < samples.length; i++) {
                        float v = noData;
                        if (win != null && sx[i] >= need.x && sy[i] >= need.y && sx[i] < need.x + need.width
                                && sy[i] < need.y + need.height) {
                            int j = (sy[i] - need.y) * need.width + sx[i] - need.x;
                            if (win.valid() == null || win.valid()[j]) {
                                v = win.samples()[j];
                            }
                        }
                        samples[i] = v;
                        if (v != noData) {
                            counts[(int) v]++;
                        }
                    }
                    out.writeRows(samples, n);
                }
            }
        }
        if (rows != null) {
            ClassTable.write(to, rows);
        }
        return counts;
    }
}
