package org.deepraster.feature;

/** What a writer does when its output already exists. */
public enum WriteMode {
    /** Fail with a {@link org.deepraster.util.UserException} if the output exists. */
    CREATE,
    /** Replace the output (for GeoPackage: the table of the same name; other tables are kept). */
    OVERWRITE,
    /** Add to the output (GeoPackage only: rows are appended to the existing table). */
    APPEND
}
