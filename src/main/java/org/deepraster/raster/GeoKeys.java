package org.deepraster.raster;

import java.awt.geom.AffineTransform;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.deepraster.geo.Crs;
import org.deepraster.geo.CrsRef;
import org.opengis.referencing.crs.CoordinateReferenceSystem;
import org.opengis.referencing.crs.GeographicCRS;
import org.opengis.referencing.crs.ProjectedCRS;

/**
 * The georeferencing tags {@link GeoTiffWriter} writes: pixel scale and tie point (or the full
 * transformation matrix when the grid is rotated or sheared), and the GeoKey directory naming the
 * CRS by its EPSG code (or by name, as a user-defined CRS, when it has none). Pure functions.
 */
final class GeoKeys {
    private GeoKeys() {
    }

    /** Adds the tags for a grid-to-CRS transform and a CRS (either may be null; nothing when both are). */
    static void add(TiffTags tags, AffineTransform t, CrsRef ref) {
        if (t != null) {
            if (t.getShearX() == 0 && t.getShearY() == 0) {
                tags.doubles(33550, t.getScaleX(), -t.getScaleY(), 0);
                tags.doubles(33922, 0, 0, 0, t.getTranslateX(), t.getTranslateY(), 0);
            } else {
                tags.doubles(34264,
                    t.getScaleX(), t.getShearX(), 0, t.getTranslateX(),
                    t.getShearY(), t.getScaleY(), 0, t.getTranslateY(),
                    0, 0, 0, 0,
                    0, 0, 0, 1);
            }
        }
        if (ref == null && t == null) {
            return;
        }
        // A CRS known only by its code is written by that code, without building it.
        boolean byCode = ref != null && !ref.isBuilt() && ref.epsg().isPresent();
        CoordinateReferenceSystem crs = byCode ? null : CrsRef.crsOf(ref);
        List<int[]> keys = new ArrayList<>();
        String citation = null;
        Optional<Integer> epsg = byCode ? ref.epsg() : epsgCode(crs);
        boolean geographic = byCode ? ref.geographic() : crs instanceof GeographicCRS;
        boolean projected = byCode ? !ref.geographic() : crs instanceof ProjectedCRS;
        if (geographic && epsg.isPresent()) {
            keys.add(new int[] {1024, 0, 1, 2});
            keys.add(new int[] {1025, 0, 1, 1});
            keys.add(new int[] {2048, 0, 1, epsg.get()});
        } else if (projected && epsg.isPresent()) {
            keys.add(new int[] {1024, 0, 1, 1});
            keys.add(new int[] {1025, 0, 1, 1});
            keys.add(new int[] {3072, 0, 1, epsg.get()});
        } else {
            keys.add(new int[] {1025, 0, 1, 1});
            if (crs != null) {
                keys.add(new int[] {1024, 0, 1, 32767});
                citation = crs.getName().getCode() + "|";
            }
        }
        if (citation != null) {
            keys.add(new int[] {1026, 34737, citation.length(), 0});
            tags.ascii(34737, citation);
        }
        keys.sort((a, b) -> Integer.compare(a[0], b[0]));
        int[] dir = new int[4 + 4 * keys.size()];
        dir[0] = 1;
        dir[1] = 1;
        dir[2] = 0;
        dir[3] = keys.size();
        for (int i = 0; i < keys.size(); i++) {
            System.arraycopy(keys.get(i), 0, dir, 4 + 4 * i, 4);
        }
        tags.shorts(34735, dir);
    }

    /**
     * The EPSG code for the GeoKeys: the CRS's own, or that of the EPSG CRS equal to it but for
     * axis order (SIS reads EPSG:4326 from a GeoTIFF as longitude-first "CRS:84").
     */
    static Optional<Integer> epsgCode(CoordinateReferenceSystem crs) {
        if (crs == null) {
            return Optional.empty();
        }
        Optional<Integer> code = Crs.epsgCode(crs);
        if (code.isPresent()) {
            return code;
        }
        try {
            var finder = org.apache.sis.referencing.IdentifiedObjects.newFinder("EPSG");
            finder.setIgnoringAxes(true);
            var found = finder.findSingleton(crs);
            if (found != null) {
                Integer c = org.apache.sis.referencing.IdentifiedObjects.lookupEPSG(found);
                return Optional.ofNullable(c);
            }
        } catch (Exception e) {
            // no EPSG equivalent
        }
        return Optional.empty();
    }
}
