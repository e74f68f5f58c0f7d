package org.deepraster.raster;

import java.awt.geom.AffineTransform;
import java.util.Optional;
import java.util.Set;
import org.deepraster.geo.Crs;
import org.deepraster.raster.tiff.TiffDirectory;

/**
 * The georeferencing of a GeoTIFF read from its tags without Apache SIS, for the common case only:
 * an affine grid (pixel scale and tie point, or the transformation matrix) with pixels as areas,
 * and a CRS named by one common EPSG code ({@link Crs#commonGeographic}) with no key that would change it.
 * Anything else gives empty, and the file is read by {@link SisGeoreferencing} as before. The
 * transform is the one SIS gives for such a file (both are tested on the same files). Pure functions.
 */
final class GeoKeyCodes {
    /** The result: pixel corner to map (east, north) transform, the EPSG code, and whether it is geographic. */
    record Found(AffineTransform gridToCrs, int epsg, boolean geographic) {
    }

    /** Keys that only describe (citations), and the model type and raster type, checked below. */
    private static final Set<Integer> HARMLESS = Set.of(1024, 1025, 1026, 2049, 3073);

    private GeoKeyCodes() {
    }

    static Optional<Found> read(TiffDirectory d) {
        long[] dir = d.numbers(34735);
        if (dir == null || dir.length < 4 || dir[0] != 1) {
            return Optional.empty();
        }
        int n = (int) dir[3];
        if (dir.length < 4 + 4L * n) {
            return Optional.empty();
        }
        long model = -1;
        long raster = 1;
        int geographic = -1;
        int projected = -1;
        for (int i = 0; i < n; i++) {
            int at = 4 + 4 * i;
            int key = (int) dir[at];
            boolean inline = dir[at + 1] == 0 && dir[at + 2] == 1;
            long value = dir[at + 3];
            switch (key) {
                case 1024 -> model = inline ? value : -2;
                case 1025 -> raster = inline ? value : -2;
                case 2048 -> geographic = inline ? (int) value : -2;
                case 3072 -> projected = inline ? (int) value : -2;
                case 3076 -> {
                    if (!inline || value != 9001) {
                        return Optional.empty(); // linear units other than the metre
                    }
                }
                case 2054 -> {
                    if (!inline || value != 9102) {
                        return Optional.empty(); // angular units other than the degree
                    }
                }
                default -> {
                    if (!HARMLESS.contains(key)) {
                        return Optional.empty();
                    }
                }
            }
        }
        if (raster != 1) {
            return Optional.empty(); // pixel-is-point, or not inline: SIS's own handling
        }
        boolean isGeographic;
        int code;
        if (model == 1 && projected > 0 && geographic == -1
                && Crs.commonGeographic(projected).equals(Optional.of(false))) {
            isGeographic = false;
            code = projected;
        } else if (model == 2 && geographic > 0 && projected == -1
                && Crs.commonGeographic(geographic).equals(Optional.of(true))) {
            isGeographic = true;
            code = geographic;
        } else {
            return Optional.empty();
        }
        AffineTransform t = transform(d);
        return t == null ? Optional.empty() : Optional.of(new Found(t, code, isGeographic));
    }

    /** Pixel corner to map transform from the tags, or null when they give none, not an affine 2-D one, or a NaN/zero one. */
    static AffineTransform transform(TiffDirectory d) {
        AffineTransform t = rawTransform(d);
        if (t == null) {
            return null;
        }
        double det = t.getDeterminant();
        return Double.isFinite(det) && det != 0 ? t : null;
    }

    /**
     * What the GeoKey directory says of the CRS, read leniently (the fallback when Apache SIS gives none): the
     * EPSG code of its projected or geographic CRS key, else why there is none ({@code problem}).
     */
    record Declared(Integer epsg, boolean geographic, String problem) {
    }

    static Declared declared(TiffDirectory d) {
        long[] dir = d.numbers(34735);
        if (dir == null) {
            return new Declared(null, false, "it has no GeoKey directory");
        }
        if (dir.length < 4 || dir[0] != 1 || dir[3] < 0 || dir.length < 4 + 4L * dir[3]) {
            return new Declared(null, false, "its GeoKey directory is damaged"
                    + (dir.length >= 4 ? " (version " + dir[0] + ", " + dir[3] + " keys in " + dir.length + " values)" : ""));
        }
        int projected = -1;
        int geographic = -1;
        for (int i = 0; i < dir[3]; i++) {
            int at = 4 + 4 * i;
            boolean inline = dir[at + 1] == 0 && dir[at + 2] == 1;
            if (dir[at] == 3072 && inline) {
                projected = (int) dir[at + 3];
            } else if (dir[at] == 2048 && inline) {
                geographic = (int) dir[at + 3];
            }
        }
        if (projected > 0 && projected != 32767) {
            return new Declared(projected, false, null);
        }
        if (geographic > 0 && geographic != 32767 && projected == -1) {
            return new Declared(geographic, true, null);
        }
        return new Declared(null, false, "its GeoKeys name no EPSG code of a CRS (a user-defined CRS that Apache SIS could not read)");
    }

    /** The transform of the tags as they are (NaN and zero sizes kept, to be refused by the caller), or null. */
    static AffineTransform rawTransform(TiffDirectory d) {
        double[] matrix = d.doubles(34264);
        double[] scale = d.doubles(33550);
        double[] tie = d.doubles(33922);
        AffineTransform t;
        if (matrix != null) {
            if (scale != null || tie != null || matrix.length != 16
                    || matrix[2] != 0 || matrix[6] != 0 || matrix[12] != 0 || matrix[13] != 0 || matrix[15] != 1) {
                return null;
            }
            t = new AffineTransform(matrix[0], matrix[4], matrix[1], matrix[5], matrix[3], matrix[7]);
        } else {
            if (scale == null || tie == null || scale.length < 2 || tie.length != 6) {
                return null; // no georeferencing, or several tie points (SIS decides)
            }
            double sx = scale[0];
            double sy = scale[1];
            t = new AffineTransform(sx, 0, 0, -sy, tie[3] - sx * tie[0], tie[4] + sy * tie[1]);
        }
        return t;
    }
}
