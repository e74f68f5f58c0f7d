package org.deepraster.geo;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.opengis.referencing.crs.CoordinateReferenceSystem;

/**
 * A coordinate reference system that may not be built yet. Building a CRS from an EPSG code boots
 * Apache SIS's EPSG database (seconds); a raster whose GeoTIFF names its CRS by code keeps only the
 * code here, and the CRS is built on the first {@link #get()}. Writing a GeoTIFF needs the code
 * ({@link #epsg()}, {@link #geographic()}), not the CRS. Thread-safe; the CRS is built once.
 */
public final class CrsRef {
    private final Integer epsg;
    private final boolean geographic;
    private final Supplier<CoordinateReferenceSystem> builder;
    private volatile CoordinateReferenceSystem crs;

    private CrsRef(Integer epsg, boolean geographic, Supplier<CoordinateReferenceSystem> builder,
                   CoordinateReferenceSystem crs) {
        this.epsg = epsg;
        this.geographic = geographic;
        this.builder = builder;
        this.crs = crs;
    }

    /** A CRS already built; null for null. */
    public static CrsRef of(CoordinateReferenceSystem crs) {
        return crs == null ? null : new CrsRef(null, Crs.isGeographic(crs), null, crs);
    }

    /**
     * A CRS known by its EPSG code, built by {@code builder} when first asked for; the builder must
     * give the CRS of that code (null only if it cannot be built at all).
     */
    public static CrsRef lazy(int epsg, boolean geographic, Supplier<CoordinateReferenceSystem> builder) {
        return new CrsRef(epsg, geographic, Objects.requireNonNull(builder), null);
    }

    /** The CRS, built now if it was not. */
    public CoordinateReferenceSystem get() {
        CoordinateReferenceSystem c = crs;
        if (c == null && builder != null) {
            synchronized (this) {
                c = crs;
                if (c == null) {
                    c = builder.get();
                    crs = c;
                }
            }
        }
        return c;
    }

    /** True when the CRS has been built (or was given built). */
    public boolean isBuilt() {
        return crs != null;
    }

    /** The EPSG code this reference was made from, when it was made from one. */
    public Optional<Integer> epsg() {
        return Optional.ofNullable(epsg);
    }

    /** True for a geographic (degrees) CRS. */
    public boolean geographic() {
        return geographic;
    }

    /** The resolved CRS of a reference, or null for a null reference. */
    public static CoordinateReferenceSystem crsOf(CrsRef ref) {
        return ref == null ? null : ref.get();
    }

    /** Two references made from the same code are equal without building either; else their CRSs are compared. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof CrsRef r)) {
            return false;
        }
        if (epsg != null && r.epsg != null) {
            return epsg.equals(r.epsg) && geographic == r.geographic;
        }
        return Objects.equals(get(), r.get());
    }

    @Override
    public int hashCode() {
        return Boolean.hashCode(geographic);
    }

    @Override
    public String toString() {
        CoordinateReferenceSystem c = crs;
        if (c != null) {
            return c.getName().getCode();
        }
        return "EPSG:" + epsg + " (not built yet)";
    }
}
