package org.deepraster.tiling;

import java.awt.Rectangle;
import java.awt.geom.AffineTransform;
import java.io.IOException;
import java.util.List;
import org.deepraster.geo.Crs;
import org.deepraster.geo.CrsRef;
import org.deepraster.geo.GridGeometry;
import org.deepraster.model.CellSize;
import org.deepraster.model.ModelDefinition;
import org.deepraster.raster.RasterSource;
import org.deepraster.raster.RasterWindow;
import org.deepraster.util.UserException;
import org.opengis.referencing.crs.CoordinateReferenceSystem;

/**
 * Running a model at the cell size it was trained for: the cell size the model states (.emd
 * {@code MinCellSize}/{@code MaxCellSize}, in the units of their {@code spatialReference} or else of the
 * raster; Deepness {@code resolution}, centimetres per pixel), and a reader that cuts tiles from the
 * raster resampled to it by bilinear interpolation.
 *
 * <p>The resampled raster is a "work grid" over the same extent: its pixel (i, j) covers raster pixels
 * [i·sx, (i+1)·sx) × [j·sy, (j+1)·sy), where sx, sy are the target cell size over the raster's. Tiles,
 * detections and NMS live in work-grid pixels; {@link #workGrid} maps them to map space, so boxes come
 * back in map coordinates without further conversion. A work pixel takes the bilinear mix of the four
 * raster pixels around its centre (NoData neighbours left out, weights renormalised); it is NoData when
 * the raster pixel under its centre is. Downsampling by more than 2 reads every raster pixel but
 * samples only four per output pixel (no averaging).
 */
public final class CellSizeResampling {
    /** Cell sizes within this relative difference are taken as equal (no resampling). */
    static final double SAME = 0.01;

    private final RasterSource raster;
    private final double sx;
    private final double sy;
    private final GridGeometry work;

    public CellSizeResampling(RasterSource raster, double sx, double sy) {
        this.raster = raster;
        this.sx = sx;
        this.sy = sy;
        GridGeometry g = raster.grid();
        AffineTransform t = new AffineTransform(g.gridToCrs());
        t.scale(sx, sy);
        work = new GridGeometry((int) Math.ceil(g.width() / sx - 1e-9), (int) Math.ceil(g.height() / sy - 1e-9), t, g.crsRef());
    }

    /** The resampled grid (same extent and CRS, the target cell size). */
    public GridGeometry workGrid() {
        return work;
    }

    double scaleX() {
        return sx;
    }

    double scaleY() {
        return sy;
    }

    /** The raster's cell size along x and y (CRS units), rotation or not. */
    public static double[] cellOf(GridGeometry g) {
        AffineTransform t = g.gridToCrs();
        return new double[] {Math.hypot(t.getScaleX(), t.getShearY()), Math.hypot(t.getShearX(), t.getScaleY())};
    }

    /**
     * The cell size (x, y, in the raster CRS's units) the model asks for on this raster, or null when
     * it states none or the raster's cells already fit. Notes for the user go to {@code notes}.
     *
     * @throws UserException when the sizes cannot be compared (geographic raster and a size in metres)
     */
    public static double[] target(ModelDefinition d, GridGeometry g, List<String> notes) {
        double[] cell = cellOf(g);
        Units crs = Units.of(g.crsRef());
        Double minX = null;
        Double minY = null;
        Double maxX = null;
        Double maxY = null;
        String stated;
        if (d.minCellSize() != null || d.maxCellSize() != null) {
            CellSize any = d.minCellSize() != null ? d.minCellSize() : d.maxCellSize();
            Units units = null;
            if (any.wkid() != null) {
                try {
                    units = Units.of(any.wkid());
                } catch (RuntimeException unknown) {
                    notes.add("The model's cell size refers to EPSG:" + any.wkid() + ", which is not known here;"
                            + " it is taken in the raster's units.");
                }
            }
            double k = unitsToRaster(units, crs, "the model's cell size");
            if (d.minCellSize() != null) {
                minX = d.minCellSize().x() * k;
                minY = d.minCellSize().y() * k;
            }
            if (d.maxCellSize() != null) {
                maxX = d.maxCellSize().x() * k;
                maxY = d.maxCellSize().y() * k;
            }
            stated = "MinCellSize " + d.minCellSize() + ", MaxCellSize " + d.maxCellSize();
        } else if (d.deepness() != null && d.deepness().resolutionCm() != null && d.deepness().resolutionCm() > 0) {
            double k = unitsToRaster(null, crs, "the model's resolution (" + d.deepness().resolutionCm() + " cm/px)", true);
            minX = maxX = d.deepness().resolutionCm() / 100.0 * k;
            minY = maxY = minX;
            stated = "resolution " + d.deepness().resolutionCm() + " cm/px";
        } else {
            return null;
        }
        double tx = clamp(cell[0], minX, maxX);
        double ty = clamp(cell[1], minY, maxY);
        if (Math.abs(tx / cell[0] - 1) < SAME && Math.abs(ty / cell[1] - 1) < SAME) {
            notes.add("The raster's cells (" + fmt(cell[0]) + " x " + fmt(cell[1]) + ") fit the model's (" + stated
                    + "): no resampling.");
            return null;
        }
        notes.add("The raster (cells " + fmt(cell[0]) + " x " + fmt(cell[1]) + ") is read resampled (bilinear) to "
                + fmt(tx) + " x " + fmt(ty) + " for the model (" + stated + ").");
        return new double[] {tx, ty};
    }

    /** A warning when the model states a cell size the raster does not have and resampling is off; else null. */
    public static String mismatch(ModelDefinition d, GridGeometry g) {
        try {
            List<String> notes = new java.util.ArrayList<>();
            double[] t = target(d, g, notes);
            if (t == null) {
                return null;
            }
            double[] cell = cellOf(g);
            return "The model was trained at cells of " + fmt(t[0]) + " x " + fmt(t[1]) + " (raster units) but the raster's are "
                    + fmt(cell[0]) + " x " + fmt(cell[1]) + "; objects may be missed. Use resample_to_model_cell_size"
                    + " (--resample_to_model_cell_size) to read the raster at the model's cell size.";
        } catch (UserException e) {
            return null;
        }
    }

    private static double clamp(double v, Double min, Double max) {
        if (min != null && v < min) {
            return min;
        }
        if (max != null && v > max) {
            return max;
        }
        return v;
    }

    private static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.4g", v);
    }

    /**
     * What the sizes need of a CRS: degrees or not, metres per unit, and its name for a message. A
     * common EPSG code not yet built gives these without building it (no EPSG database at start-up).
     */
    private record Units(boolean geographic, double metresPerUnit, java.util.function.Supplier<String> name) {
        static Units of(CrsRef ref) {
            if (ref == null) {
                return null;
            }
            if (!ref.isBuilt() && ref.epsg().isPresent()) {
                var common = Crs.commonGeographic(ref.epsg().get());
                if (common.isPresent()) {
                    return new Units(common.get(), 1, () -> Crs.displayName(ref.get()));
                }
            }
            return of(ref.get());
        }

        static Units of(int epsg) {
            var common = Crs.commonGeographic(epsg);
            return common.isPresent() ? new Units(common.get(), 1, () -> "EPSG:" + epsg) : of(Crs.forEpsg(epsg));
        }

        static Units of(CoordinateReferenceSystem crs) {
            return crs == null ? null : new Units(Crs.isGeographic(crs), CellSizeResampling.metresPerUnit(crs),
                    () -> Crs.displayName(crs));
        }
    }

    private static double unitsToRaster(Units from, Units raster, String what) {
        return unitsToRaster(from, raster, what, false);
    }

    /**
     * The factor from the units of {@code from} (metres when {@code metres}; the raster's when null) to
     * the raster CRS's units. Geographic rasters only compare with degrees: metres on a raster in degrees
     * vary with latitude, so the user is asked to reproject.
     */
    private static double unitsToRaster(Units from, Units raster, String what, boolean metres) {
        if (raster == null) {
            throw new UserException("The raster has no coordinate reference system, so " + what + " cannot be related to its cells.",
                    "Use a georeferenced raster, or run without resample_to_model_cell_size.");
        }
        boolean rasterGeo = raster.geographic();
        if (!metres && from == null) {
            return 1;
        }
        boolean fromGeo = !metres && from.geographic();
        if (rasterGeo != fromGeo) {
            throw new UserException("The raster is in a geographic CRS (" + raster.name().get() + ", cells in degrees) but "
                    + what + " is in " + (fromGeo ? "degrees" : "metres") + "; a cell size in metres has no fixed size in degrees.",
                    "Reproject the raster to a projected CRS (e.g. its UTM zone) and run again, or run without"
                            + " resample_to_model_cell_size (the raster's own cells are used).");
        }
        if (rasterGeo) {
            return 1;
        }
        double fromMetres = metres ? 1 : from.metresPerUnit();
        double rasterMetres = raster.metresPerUnit();
        return fromMetres / rasterMetres;
    }

    private static double metresPerUnit(CoordinateReferenceSystem crs) {
        javax.measure.Unit<?> u = crs.getCoordinateSystem().getAxis(0).getUnit();
        double f = org.apache.sis.measure.Units.toStandardUnit(u);
        return Double.isFinite(f) && f > 0 ? f : 1;
    }

    /**
     * Reads a window of the work grid (may reach past the raster: outside is NoData), bands in
     * order, like {@link RasterSource#read(Rectangle, int[])}.
     */
    public RasterWindow read(Rectangle window, int[] bands) throws IOException {
        int w = window.width;
        int h = window.height;
        // raster pixel coordinates (pixel centres at integers) of the work pixels' centres
        double ux0 = (window.x + 0.5) * sx - 0.5;
        double uy0 = (window.y + 0.5) * sy - 0.5;
        int rx0 = (int) Math.floor(ux0);
        int ry0 = (int) Math.floor(uy0);
        int rx1 = (int) Math.floor((window.x + w - 0.5) * sx - 0.5) + 1;
        int ry1 = (int) Math.floor((window.y + h - 0.5) * sy - 0.5) + 1;
        Rectangle region = new Rectangle(rx0, ry0, rx1 - rx0 + 1, ry1 - ry0 + 1);
        RasterWindow src = raster.read(region, bands);
        int rw = region.width;
        int rh = region.height;
        int plane = rw * rh;
        float[] in = src.samples();
        boolean[] ok = src.valid();
        float[] out = new float[bands.length * w * h];
        boolean[] valid = ok == null ? null : new boolean[w * h];
        int[] x0 = new int[w];
        float[] fx = new float[w];
        int[] nx = new int[w];
        for (int i = 0; i < w; i++) {
            double u = (window.x + i + 0.5) * sx - 0.5 - rx0;
            x0[i] = Math.min(rw - 2, Math.max(0, (int) Math.floor(u)));
            fx[i] = (float) Math.min(1, Math.max(0, u - x0[i]));
            nx[i] = Math.min(rw - 1, Math.max(0, (int) Math.floor(u + 0.5)));
        }
        for (int j = 0; j < h; j++) {
            double v = (window.y + j + 0.5) * sy - 0.5 - ry0;
            int y0 = Math.min(rh - 2, Math.max(0, (int) Math.floor(v)));
            float fy = (float) Math.min(1, Math.max(0, v - y0));
            int ny = Math.min(rh - 1, Math.max(0, (int) Math.floor(v + 0.5)));
            for (int i = 0; i < w; i++) {
                int o = j * w + i;
                int a = y0 * rw + x0[i];
                int b = a + 1;
                int c = a + rw;
                int d = c + 1;
                float wa = (1 - fx[i]) * (1 - fy);
                float wb = fx[i] * (1 - fy);
                float wc = (1 - fx[i]) * fy;
                float wd = fx[i] * fy;
                if (ok != null) {
                    if (!ok[ny * rw + nx[i]]) {
                        continue; // NoData (out stays 0, valid false)
                    }
                    valid[o] = true;
                    wa = ok[a] ? wa : 0;
                    wb = ok[b] ? wb : 0;
                    wc = ok[c] ? wc : 0;
                    wd = ok[d] ? wd : 0;
                    float sum = wa + wb + wc + wd;
                    wa /= sum;
                    wb /= sum;
                    wc /= sum;
                    wd /= sum;
                }
                for (int k = 0; k < bands.length; k++) {
                    int base = k * plane;
                    out[k * w * h + o] = wa * in[base + a] + wb * in[base + b] + wc * in[base + c] + wd * in[base + d];
                }
            }
        }
        return new RasterWindow(w, h, bands.length, out, valid);
    }
}
