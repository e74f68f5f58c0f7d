package org.deepraster.feature;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.sis.io.wkt.Convention;
import org.apache.sis.io.wkt.WKTFormat;
import org.deepraster.geo.Crs;
import org.deepraster.geo.Reprojector;
import org.deepraster.util.UserException;
import org.opengis.referencing.crs.CoordinateReferenceSystem;

/** CRS helpers shared by the readers and writers. */
final class CrsSupport {
    private CrsSupport() {
    }

    /**
     * Parses WKT as found in .prj files (ESRI or OGC WKT 1) and, when the CRS is known to the
     * EPSG database, returns the EPSG definition instead (so it has a code and a clean name).
     * Problems go to {@code warnings} and give {@code null}.
     */
    static CoordinateReferenceSystem fromPrj(String wkt, String fileName, List<String> warnings) {
        CoordinateReferenceSystem crs = null;
        String text = wkt.trim();
        try {
            crs = Crs.fromWkt(text);
        } catch (RuntimeException e) {
            try {
                WKTFormat f = new WKTFormat(java.util.Locale.ROOT, (java.time.ZoneId) null);
                f.setConvention(Convention.WKT1_COMMON_UNITS);
                Object o = f.parseObject(text);
                if (o instanceof CoordinateReferenceSystem c) {
                    crs = c;
                }
            } catch (java.text.ParseException | RuntimeException e2) {
                // handled below
            }
            if (crs == null) {
                warnings.add(fileName + ": the coordinate reference system could not be read ("
                        + e.getMessage() + "); the layer has no CRS. Assign one, or fix the .prj file.");
                return null;
            }
        }
        return identify(crs);
    }

    /**
     * The EPSG definition of a CRS when it can be identified: first through the EPSG database
     * (works for WKT with AUTHORITY elements), then from well-known ESRI names (GCS_WGS_1984,
     * WGS_1984_UTM_Zone_33N, ...) checked numerically against the EPSG definition. Otherwise the CRS
     * itself.
     */
    static CoordinateReferenceSystem identify(CoordinateReferenceSystem crs) {
        Optional<Integer> code = Crs.epsgCode(crs);
        if (code.isEmpty()) {
            code = codeFromName(crs.getName().getCode());
            if (code.isPresent() && !sameNumerically(crs, code.get())) {
                code = Optional.empty();
            }
        }
        if (code.isPresent()) {
            try {
                return Crs.forEpsg(code.get());
            } catch (UserException e) {
                return crs;
            }
        }
        return crs;
    }

    private static final Pattern UTM = Pattern.compile("(WGS_1984|WGS_84|NAD_1983|NAD83|NAD_1927|NAD27|ETRS_1989|ETRS89)_UTM_ZONE_(\\d{1,2})([NS])");

    static Optional<Integer> codeFromName(String name) {
        String n = name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_").replaceAll("^_|_$", "");
        Matcher m = UTM.matcher(n);
        if (m.find()) {
            int zone = Integer.parseInt(m.group(2));
            boolean south = m.group(3).equals("S");
            String datum = m.group(1);
            if (zone < 1 || zone > 60) {
                return Optional.empty();
            }
            if (datum.startsWith("WGS")) {
                return Optional.of((south ? 32700 : 32600) + zone);
            }
            if (south) {
                return Optional.empty();
            }
            if (datum.contains("1983") || datum.equals("NAD83")) {
                return Optional.of(26900 + zone);
            }
            if (datum.contains("1927") || datum.equals("NAD27")) {
                return Optional.of(26700 + zone);
            }
            return Optional.of(25800 + zone);
        }
        Integer c = switch (n) {
            case "GCS_WGS_1984", "WGS_84", "WGS84", "WGS_1984" -> 4326;
            case "GCS_NORTH_AMERICAN_1927", "NAD27" -> 4267;
            case "GCS_NORTH_AMERICAN_1983", "NAD83" -> 4269;
            case "GCS_ETRS_1989", "ETRS89" -> 4258;
            case "WGS_1984_WEB_MERCATOR_AUXILIARY_SPHERE", "WGS_84_PSEUDO_MERCATOR", "WGS_1984_WEB_MERCATOR" -> 3857;
            case "CH1903_LV95" -> 2056;
            case "RD_NEW", "AMERSFOORT_RD_NEW" -> 28992;
            case "BRITISH_NATIONAL_GRID", "OSGB_1936_BRITISH_NATIONAL_GRID" -> 27700;
            case "ETRS_1989_LAEA", "ETRS_1989_LAEA_EUROPE" -> 3035;
            default -> null;
        };
        return Optional.ofNullable(c);
    }

    /** True when the CRS and the EPSG one give the same coordinates (1 mm / 1e-8 degree) at a few points. */
    private static boolean sameNumerically(CoordinateReferenceSystem crs, int code) {
        try {
            CoordinateReferenceSystem epsg = Crs.forEpsg(code);
            if (Crs.isGeographic(crs) != Crs.isGeographic(epsg)) {
                return false;
            }
            if (crs instanceof org.opengis.referencing.crs.SingleCRS s1 && epsg instanceof org.opengis.referencing.crs.SingleCRS s2
                    && s1.getDatum() instanceof org.opengis.referencing.datum.GeodeticDatum d1
                    && s2.getDatum() instanceof org.opengis.referencing.datum.GeodeticDatum d2) {
                var e1 = d1.getEllipsoid();
                var e2 = d2.getEllipsoid();
                if (Math.abs(e1.getSemiMajorAxis() - e2.getSemiMajorAxis()) > 1e-3
                        || Math.abs(e1.getInverseFlattening() - e2.getInverseFlattening()) > 1e-6) {
                    return false;
                }
            }
            org.opengis.geometry.Envelope area = org.apache.sis.referencing.CRS.getDomainOfValidity(Reprojector.xy(epsg));
            double[] pts;
            if (area != null) {
                double cx = area.getMedian(0);
                double cy = area.getMedian(1);
                double dx = area.getSpan(0) / 4;
                double dy = area.getSpan(1) / 4;
                pts = new double[] {cx, cy, cx - dx, cy - dy, cx + dx, cy + dy};
            } else {
                pts = new double[] {0, 0, 1, 1, 2, 2};
            }
            double[] back = pts.clone();
            Reprojector.between(epsg, crs).transform(back, 3);
            double tol = Crs.isGeographic(crs) ? 1e-8 : 1e-3;
            for (int i = 0; i < pts.length; i++) {
                if (!(Math.abs(pts[i] - back[i]) <= tol)) {
                    return false;
                }
            }
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** A CRS from a GeoJSON "crs" name such as urn:ogc:def:crs:EPSG::32633 or EPSG:4326. */
    static CoordinateReferenceSystem fromGeoJsonName(String name) {
        String n = name.trim();
        String upper = n.toUpperCase(java.util.Locale.ROOT);
        if (upper.endsWith("CRS84") || upper.endsWith("EPSG::4326") || upper.equals("EPSG:4326")
                || upper.endsWith("/EPSG/0/4326")) {
            return Reprojector.wgs84();
        }
        return Crs.forCode(n);
    }

    static boolean isWgs84(CoordinateReferenceSystem crs) {
        if (crs == null) {
            return false;
        }
        if (Crs.same(Reprojector.xy(crs), Reprojector.wgs84())) {
            return true;
        }
        return false;
    }
}
