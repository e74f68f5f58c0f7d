package org.deepraster.tool;

import java.awt.Rectangle;
import java.awt.geom.AffineTransform;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.deepraster.geo.Crs;
import org.deepraster.geo.GridGeometry;
import org.deepraster.raster.RasterSource;
import org.deepraster.raster.RasterWindow;
import org.deepraster.raster.SampleType;
import org.deepraster.util.UserException;
import org.locationtech.jts.geom.Envelope;

/**
 * Several rasters on one pixel grid read as one (PROCESS_AS_MOSAICKED_IMAGE): same CRS, same north-up
 * cell size, origins a whole number of cells apart. The mosaic covers the union of their extents;
 * where they overlap the first raster (in the given order) that has a valid pixel wins; pixels no
 * raster covers are NoData. Reads are full resolution only. Owns the rasters and closes them.
 */
public final class MosaicRaster implements RasterSource {
    private final Path path;
    private final List<RasterSource> members;
    private final List<Rectangle> places = new ArrayList<>();
    private final GridGeometry grid;

    public MosaicRaster(Path path, List<RasterSource> members) {
        this.path = path;
        this.members = List.copyOf(members);
        RasterSource first = members.get(0);
        GridGeometry g0 = first.grid();
        AffineTransform t0 = g0.gridToCrs();
        if (t0.getShearX() != 0 || t0.getShearY() != 0) {
            throw new UserException(first.name() + " is rotated: rotated rasters cannot be mosaicked.",
                    "Use north-up images, or run Detect Objects on each image.");
        }
        double cx = t0.getScaleX();
        double cy = t0.getScaleY();
        Envelope all = new Envelope();
        for (RasterSource r : members) {
            GridGeometry g = r.grid();
            AffineTransform t = g.gridToCrs();
            if (!Crs.same(g.crs(), g0.crs())) {
                throw new UserException("The images of " + path + " are in different coordinate reference systems ("
                        + Crs.displayName(g0.crs()) + ", " + Crs.displayName(g.crs()) + " in " + r.name() + ").",
                        "Reproject them to one CRS, or run Detect Objects on each image.");
            }
            if (t.getShearX() != 0 || t.getShearY() != 0 || Math.abs(t.getScaleX() / cx - 1) > 1e-6
                    || Math.abs(t.getScaleY() / cy - 1) > 1e-6) {
                throw new UserException("The images of " + path + " have different cell sizes (" + first.name() + ": "
                        + cx + ", " + r.name() + ": " + t.getScaleX() + ") or are rotated.",
                        "Resample them onto one grid (e.g. gdalwarp -tr -tap), or run Detect Objects on each image.");
            }
            double ox = (t.getTranslateX() - t0.getTranslateX()) / cx;
            double oy = (t.getTranslateY() - t0.getTranslateY()) / cy;
            if (Math.abs(ox - Math.rint(ox)) > 1e-3 || Math.abs(oy - Math.rint(oy)) > 1e-3) {
                throw new UserException("The images of " + path + " are not on one pixel grid: " + r.name() + " is offset by "
                        + String.format(java.util.Locale.ROOT, "%.3f, %.3f", ox, oy) + " cells from " + first.name() + ".",
                        "Resample them onto one grid (e.g. gdalwarp -tap), or run Detect Objects on each image.");
            }
            places.add(new Rectangle((int) Math.rint(ox), (int) Math.rint(oy), r.width(), r.height()));
        }
        Rectangle union = new Rectangle(places.get(0));
        for (Rectangle p : places) {
            union = union.union(p);
        }
        for (Rectangle p : places) {
            p.translate(-union.x, -union.y);
        }
        AffineTransform t = new AffineTransform(t0);
        t.translate(union.x, union.y);
        grid = new GridGeometry(union.width, union.height, t, g0.crsRef());
    }

    /** The members and where each lies in the mosaic's pixels. */
    List<Rectangle> places() {
        return List.copyOf(places);
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public String name() {
        return path.getFileName() + " (mosaic of " + members.size() + ")";
    }

    @Override
    public GridGeometry grid() {
        return grid;
    }

    @Override
    public int bandCount() {
        return members.stream().mapToInt(RasterSource::bandCount).min().orElse(0);
    }

    @Override
    public List<String> bandNames() {
        return members.get(0).bandNames().subList(0, bandCount());
    }

    @Override
    public SampleType sampleType() {
        return members.get(0).sampleType();
    }

    @Override
    public OptionalDouble noData() {
        return OptionalDouble.empty();
    }

    @Override
    public RasterWindow read(Rectangle region, int outWidth, int outHeight, int[] bands) throws IOException {
        if (outWidth != region.width || outHeight != region.height) {
            throw new UnsupportedOperationException("a mosaic reads at full resolution only");
        }
        int w = region.width;
        int h = region.height;
        int plane = w * h;
        float[] out = new float[bands.length * plane];
        boolean[] filled = new boolean[plane];
        for (int m = 0; m < members.size(); m++) {
            Rectangle part = region.intersection(places.get(m));
            if (part.isEmpty()) {
                continue;
            }
            Rectangle local = new Rectangle(part.x - places.get(m).x, part.y - places.get(m).y, part.width, part.height);
            RasterWindow rw = members.get(m).read(local, bands);
            float[] s = rw.samples();
            boolean[] ok = rw.valid();
            int pp = part.width * part.height;
            for (int y = 0; y < part.height; y++) {
                int oy = part.y - region.y + y;
                for (int x = 0; x < part.width; x++) {
                    int o = oy * w + part.x - region.x + x;
                    int i = y * part.width + x;
                    if (filled[o] || (ok != null && !ok[i])) {
                        continue;
                    }
                    filled[o] = true;
                    for (int b = 0; b < bands.length; b++) {
                        out[b * plane + o] = s[b * pp + i];
                    }
                }
            }
        }
        return new RasterWindow(w, h, bands.length, out, filled);
    }

    @Override
    public BandStatistics statistics(int band) throws IOException {
        return members.get(0).statistics(band);
    }

    @Override
    public List<String> warnings() {
        List<String> out = new ArrayList<>();
        for (RasterSource r : members) {
            out.addAll(r.warnings());
        }
        return out;
    }

    @Override
    public List<String> georeferencingNotes() {
        List<String> out = new ArrayList<>();
        for (RasterSource r : members) {
            out.addAll(r.georeferencingNotes());
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (RasterSource r : members) {
            try {
                r.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
