package org.deepraster.geo;

import java.util.Optional;
import org.apache.sis.referencing.CRS;
import org.apache.sis.referencing.IdentifiedObjects;
import org.apache.sis.util.Utilities;
import org.deepraster.util.UserException;
import org.opengis.referencing.crs.CoordinateReferenceSystem;
import org.opengis.util.FactoryException;

/** Coordinate reference systems through Apache SIS (full EPSG database embedded). */
public final class Crs {
    private Crs() {
    }

    /** A CRS from a code such as {@code EPSG:32633} or {@code 32633}. */
    public static CoordinateReferenceSystem forCode(String code) {
        String c = code.trim();
        if (c.chars().allMatch(Character::isDigit)) {
            c = "EPSG:" + c;
        }
        try {
            return CRS.forCode(c);
        } catch (FactoryException e) {
            throw new UserException("Unknown coordinate reference system '" + code + "': " + e.getMessage(),
                    "Use an EPSG code such as EPSG:32633, or give the CRS as WKT.", e);
        }
    }

    public static CoordinateReferenceSystem forEpsg(int code) {
        return forCode("EPSG:" + code);
    }

    /** A CRS from WKT 1 or WKT 2 text. */
    public static CoordinateReferenceSystem fromWkt(String wkt) {
        try {
            return CRS.fromWKT(wkt);
        } catch (FactoryException e) {
            throw new UserException("Cannot read the coordinate reference system WKT: " + e.getMessage(),
                    "Check the .prj / SRS definition, or assign an EPSG code.", e);
        }
    }

    /** The EPSG code of a CRS when it has one (looked up in the database if not stated). */
    public static Optional<Integer> epsgCode(CoordinateReferenceSystem crs) {
        if (crs == null) {
            return Optional.empty();
        }
        try {
            Integer code = IdentifiedObjects.lookupEPSG(crs);
            return Optional.ofNullable(code);
        } catch (FactoryException e) {
            return Optional.empty();
        }
    }

    /** A short name for the status bar: "EPSG:32633 WGS 84 / UTM zone 33N", or "no CRS". */
    public static String displayName(CoordinateReferenceSystem crs) {
        if (crs == null) {
            return "no CRS";
        }
        String name = crs.getName().getCode();
        return epsgCode(crs).map(c -> "EPSG:" + c + " " + name).orElse(name);
    }

    /** WKT 1 as GeoPackage and .prj files expect it. */
    public static String toWkt1(CoordinateReferenceSystem crs) {
        org.apache.sis.io.wkt.WKTFormat f = new org.apache.sis.io.wkt.WKTFormat(java.util.Locale.ROOT, (java.time.ZoneId) null);
        f.setConvention(org.apache.sis.io.wkt.Convention.WKT1_COMMON_UNITS);
        f.setIndentation(org.apache.sis.io.wkt.WKTFormat.SINGLE_LINE);
        return f.format(crs);
    }

    public static boolean same(CoordinateReferenceSystem a, CoordinateReferenceSystem b) {
        if (a == null || b == null) {
            return a == b;
        }
        return Utilities.equalsIgnoreMetadata(a, b);
    }

    private static final java.util.Set<Integer> COMMON_GEOGRAPHIC = java.util.Set.of(4326, 4258, 4269, 4283, 4167, 4171);
    private static final java.util.Set<Integer> COMMON_PROJECTED =
            java.util.Set.of(3857, 3035, 2056, 27700, 28992, 2154, 3006, 5070, 3395);

    /**
     * For a common EPSG code whose kind and units are known without the EPSG database: true for a
     * geographic CRS (degrees), false for a projected one in metres (WGS 84, ETRS89 and NAD83 UTM zones,
     * Web Mercator, a few national grids); empty for any other code.
     */
    public static Optional<Boolean> commonGeographic(int code) {
        if (COMMON_GEOGRAPHIC.contains(code)) {
            return Optional.of(true);
        }
        boolean utm = (code >= 32601 && code <= 32660) || (code >= 32701 && code <= 32760)
                || (code >= 25828 && code <= 25838) || (code >= 26901 && code <= 26923);
        return utm || COMMON_PROJECTED.contains(code) ? Optional.of(false) : Optional.empty();
    }

    /** True for a geographic (degrees) CRS. */
    public static boolean isGeographic(CoordinateReferenceSystem crs) {
        return crs instanceof org.opengis.referencing.crs.GeographicCRS;
    }
}
