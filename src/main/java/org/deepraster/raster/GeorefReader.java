package org.deepraster.raster;

import java.awt.geom.AffineTransform;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deepraster.geo.Crs;
import org.deepraster.geo.CrsRef;
import org.deepraster.raster.tiff.TiffDirectory;
import org.deepraster.util.UserException;
import org.opengis.referencing.crs.CoordinateReferenceSystem;

/**
 * Where a GeoTIFF's georeferencing comes from, in GDAL's order for the GTiff driver (its default
 * {@code GDAL_GEOREF_SOURCES} is {@code PAM,INTERNAL,TABFILE,WORLDFILE}; MapInfo .tab files are not read): the
 * transform of the PAM sidecar {@code FILE.aux.xml}, else the file's own (the lazy common-code case of
 * {@link GeoKeyCodes}, else Apache SIS, else — when SIS cannot read the file at all — the ModelPixelScale /
 * ModelTiepoint / ModelTransformation tags read directly), else a world file. The CRS: the PAM {@code <SRS>},
 * else the file's own (SIS's, else the EPSG code of its GeoKeys when SIS gives none), else — for a world file only
 * — the {@code .prj} beside it. Every source other than the file's own readable tags, and every loss (no
 * transform, no CRS), is said in {@link Read#notes()}, full sentences the tools print, show and write in their
 * outputs' metadata.
 */
final class GeorefReader {
    /** The georeferencing: transform (identity when none), CRS (null when none), and what the user must be told. */
    record Read(AffineTransform gridToCrs, CrsRef crs, List<String> notes, boolean found) {
    }

    private GeorefReader() {
    }

    static Read read(Path path, TiffDirectory m, List<String> warnings) {
        String name = path.getFileName().toString();
        List<String> notes = new ArrayList<>();
        GeorefSidecars.Pam pam = GeorefSidecars.readPam(path, warnings);
        // the file's own georeferencing
        AffineTransform own;
        CrsRef ownCrs;
        String ownCrsProblem = null;
        String sisFailure = null;
        boolean tagsDirectly = false;
        var byCode = GeoKeyCodes.read(m);
        if (byCode.isPresent()) {
            // The common case is read from the tags; the CRS is built (by SIS, from this file) only when asked
            // for: building it boots the EPSG database, seconds of start-up.
            GeoKeyCodes.Found f = byCode.get();
            own = f.gridToCrs();
            ownCrs = CrsRef.lazy(f.epsg(), f.geographic(), () -> buildCrs(path, f.epsg()));
        } else {
            AffineTransform tags = GeoKeyCodes.rawTransform(m);
            if (tags != null && (pam == null || pam.gridToCrs() == null)) {
                requirePlaceable(name, tags); // said with the tags' own values (SIS turns a zero size into NaN)
            }
            SisGeoreferencing.Result geo = SisGeoreferencing.read(path, warnings);
            own = geo.gridToCrs();
            ownCrs = CrsRef.of(geo.crs());
            sisFailure = geo.failure();
            if (own == null) {
                own = GeoKeyCodes.rawTransform(m);
                tagsDirectly = own != null;
            }
            if (own != null && ownCrs == null) {
                GeoKeyCodes.Declared d = GeoKeyCodes.declared(m);
                if (d.epsg() != null) {
                    try {
                        ownCrs = CrsRef.of(Crs.forEpsg(d.epsg()));
                    } catch (UserException e) {
                        ownCrsProblem = "its GeoKeys name EPSG:" + d.epsg() + ", a code the EPSG dataset does not define";
                    }
                } else {
                    ownCrsProblem = d.problem();
                }
            }
        }
        AffineTransform t;
        String from;
        if (pam != null && pam.gridToCrs() != null) {
            t = pam.gridToCrs();
            from = "GDAL's sidecar " + pam.file().getFileName();
            notes.add("Georeferencing read from " + from + (own != null && !own.equals(t)
                    ? " (GDAL prefers it to the different georeferencing of " + name + " itself)" : "") + ".");
        } else if (own != null) {
            t = own;
            from = name;
            if (tagsDirectly) {
                notes.add("Georeferencing read from the GeoTIFF tags of " + name + " directly: Apache SIS could not read the"
                        + " file (" + sisFailure + ").");
            }
        } else {
            GeorefSidecars.WorldFile wf = GeorefSidecars.readWorldFile(path, warnings);
            t = wf == null ? null : wf.gridToCrs();
            from = wf == null ? null : "the world file " + wf.file().getFileName();
        }
        if (t == null) {
            String why = sisFailure != null ? "Apache SIS could not read it (" + sisFailure + ") and its tags hold none"
                    : "it has no GeoTIFF georeferencing tags, no " + GeorefSidecars.pamPath(path).getFileName()
                            + " with a GeoTransform and no world file";
            notes.add("No georeferencing could be read from " + name + " (" + why + "): outputs will be in pixel"
                    + " coordinates.");
            return new Read(new AffineTransform(), null, notes, false);
        }
        requirePlaceable(from, t);
        // the CRS
        CrsRef crs = null;
        String crsFrom = null;
        if (pam != null && pam.srs() != null) {
            crs = pamCrs(pam, warnings);
            crsFrom = crs == null ? null : "GDAL's sidecar " + pam.file().getFileName();
        }
        if (crs == null && ownCrs != null) {
            crs = ownCrs;
            crsFrom = name;
        }
        Path prj = null;
        if (crs == null && from.startsWith("the world file")) {
            prj = GeorefSidecars.prjPath(path);
            if (prj != null) {
                try {
                    crs = GeorefSidecars.crs(java.nio.file.Files.readString(prj, java.nio.charset.StandardCharsets.ISO_8859_1));
                    crsFrom = prj.getFileName().toString();
                } catch (java.io.IOException | RuntimeException e) {
                    warnings.add("The coordinate reference system of " + prj.getFileName() + " could not be read ("
                            + e.getMessage() + ").");
                }
            }
        }
        if (from.startsWith("the world file")) {
            notes.add("Georeferencing read from " + from + (crs != null && crsFrom != null && !crsFrom.equals(name)
                    ? ", its coordinate reference system from " + crsFrom : "") + ".");
        } else if (crs != null && crsFrom != null && !crsFrom.equals(name) && !from.startsWith("GDAL")) {
            notes.add("Coordinate reference system read from " + crsFrom + ".");
        }
        if (crs == null) {
            String why = ownCrsProblem != null ? ownCrsProblem
                    : from.startsWith("the world file") ? "neither " + name + " nor "
                            + GeorefSidecars.pamPath(path).getFileName() + " nor a .prj names one"
                    : "it names none";
            notes.add("No coordinate reference system could be read from " + name + " (" + why + "): outputs will have"
                    + " none.");
        }
        return new Read(t, crs, notes, true);
    }

    private static CrsRef pamCrs(GeorefSidecars.Pam pam, List<String> warnings) {
        try {
            return GeorefSidecars.crs(pam.srs());
        } catch (RuntimeException e) {
            warnings.add("The SRS of " + pam.file().getFileName() + " could not be read (" + e.getMessage() + ").");
            return null;
        }
    }

    /** Refuses a NaN, infinite or zero pixel size or origin: no pixel of such a file has a place on the map. */
    static void requirePlaceable(String from, AffineTransform g) {
        double det = g.getDeterminant();
        if (!Double.isFinite(det) || det == 0 || !Double.isFinite(g.getTranslateX()) || !Double.isFinite(g.getTranslateY())) {
            throw new UserException("The georeferencing of " + from + " is invalid: its pixel size is "
                    + g.getScaleX() + " x " + g.getScaleY() + " with origin " + g.getTranslateX() + ", "
                    + g.getTranslateY() + " (NaN, infinite or zero), so no pixel has a place on the map.",
                    "Fix the file's ModelPixelScale/ModelTransformation (e.g. gdal_edit.py -a_ullr), its world file or its"
                            + " .aux.xml GeoTransform, or remove its georeferencing to work in pixel coordinates.");
        }
    }

    /** The CRS SIS reads from the file (the same object as without the shortcut), else the code's. */
    private static CoordinateReferenceSystem buildCrs(Path path, int epsg) {
        CoordinateReferenceSystem crs = SisGeoreferencing.read(path, new ArrayList<>()).crs();
        return crs != null ? crs : Crs.forEpsg(epsg);
    }
}
