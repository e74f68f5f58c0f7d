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

    /** True for a geographic (degrees) CRS. */
    public static boolean isGeographic(CoordinateReferenceSystem crs) {
        return crs instanceof org.opengis.referencing.crs.GeographicCRS;
    }
}
