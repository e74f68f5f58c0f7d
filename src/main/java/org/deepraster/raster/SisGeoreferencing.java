package org.deepraster.raster;

import java.awt.geom.AffineTransform;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.deepraster.util.Log;
import org.apache.sis.coverage.grid.PixelInCell;
import org.apache.sis.referencing.operation.transform.MathTransforms;
import org.apache.sis.storage.Aggregate;
import org.apache.sis.storage.DataStore;
import org.apache.sis.storage.DataStores;
import org.apache.sis.storage.GridCoverageResource;
import org.apache.sis.storage.Resource;
import org.apache.sis.storage.event.WarningEvent;
import org.opengis.referencing.crs.CoordinateReferenceSystem;
import org.opengis.referencing.cs.AxisDirection;
import org.opengis.referencing.cs.CoordinateSystem;
import org.opengis.referencing.operation.Matrix;

/**
 * Georeferencing (grid-to-CRS affine and CRS) of a GeoTIFF, read by Apache SIS. The transform is
 * returned in (east, north) axis order whatever the CRS's own axis order.
 */
final class SisGeoreferencing {
    /** The result: transform (pixel corner to map), or null; CRS, or null; why SIS could not read the file, or null. */
    record Result(AffineTransform gridToCrs, CoordinateReferenceSystem crs, String failure) {
        Result(AffineTransform gridToCrs, CoordinateReferenceSystem crs) {
            this(gridToCrs, crs, null);
        }
    }

    /**
     * Apache SIS's warnings (e.g. GeoTIFF keys it ignores) go to DeepRaster's log at WARNING; the
     * ones about this file also become the raster's warnings. Held: JUL forgets unreferenced levels.
     */
    private static final Logger SIS_LOG = Log.library("org.apache.sis", Level.WARNING);

    private SisGeoreferencing() {
    }

    static Result read(Path file, List<String> warnings) {
        try (DataStore ds = DataStores.open(file)) {
            ds.addListener(WarningEvent.class, e -> {
                String m = e.getDescription().getMessage();
                if (m != null && warnings.size() < 20) {
                    warnings.add("GeoTIFF: " + m);
                }
            });
            GridCoverageResource r = firstCoverage(ds);
            if (r == null) {
                return new Result(null, null);
            }
            var gg = r.getGridGeometry();
            CoordinateReferenceSystem crs = gg.isDefined(org.apache.sis.coverage.grid.GridGeometry.CRS)
                    ? gg.getCoordinateReferenceSystem() : null;
            AffineTransform at = null;
            if (gg.isDefined(org.apache.sis.coverage.grid.GridGeometry.GRID_TO_CRS)) {
                Matrix m = MathTransforms.getMatrix(gg.getGridToCRS(PixelInCell.CELL_CORNER));
                if (m != null && m.getNumRow() >= 3 && m.getNumCol() >= 3) {
                    int last = m.getNumCol() - 1;
                    at = new AffineTransform(m.getElement(0, 0), m.getElement(1, 0), m.getElement(0, 1),
                            m.getElement(1, 1), m.getElement(0, last), m.getElement(1, last));
                    if (crs != null && northFirst(crs)) {
                        at.preConcatenate(new AffineTransform(0, 1, 1, 0, 0, 0));
                    }
                } else {
                    warnings.add("The georeferencing is not affine; it is ignored.");
                }
            }
            return new Result(at, crs);
        } catch (Exception e) {
            Log.logger(SisGeoreferencing.class).log(Level.FINE, "Georeferencing of " + file + " not read", e);
            return new Result(null, null, String.valueOf(e.getMessage()));
        }
    }

    private static boolean northFirst(CoordinateReferenceSystem crs) {
        CoordinateSystem cs = crs.getCoordinateSystem();
        if (cs.getDimension() < 2) {
            return false;
        }
        AxisDirection d = cs.getAxis(0).getDirection();
        return d == AxisDirection.NORTH || d == AxisDirection.SOUTH;
    }

    private static GridCoverageResource firstCoverage(Resource r) throws Exception {
        if (r instanceof GridCoverageResource g) {
            return g;
        }
        if (r instanceof Aggregate a) {
            for (Resource c : a.components()) {
                GridCoverageResource g = firstCoverage(c);
                if (g != null) {
                    return g;
                }
            }
        }
        return null;
    }
}
