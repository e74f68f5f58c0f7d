package org.deepraster.feature;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import mil.nga.geopackage.db.GeoPackageDataType;

/**
 * How attribute values go into GeoPackage columns for {@link GeoPackageWriter}: the column type of
 * a field type, binding a value to a statement, the ISO-8601 text of date-times (the other writers
 * write date-times so too) and quoting identifiers. Pure functions.
 */
final class GpkgValues {
    private GpkgValues() {
    }

    /** The column type of a field type. */
    static GeoPackageDataType dataType(FieldType t) {
        return switch (t) {
            case STRING -> GeoPackageDataType.TEXT;
            case INTEGER -> GeoPackageDataType.INTEGER;
            case REAL -> GeoPackageDataType.DOUBLE;
            case BOOLEAN -> GeoPackageDataType.BOOLEAN;
            case DATE -> GeoPackageDataType.DATE;
            case DATETIME -> GeoPackageDataType.DATETIME;
            case BLOB -> GeoPackageDataType.BLOB;
        };
    }

    /** Binds a value to parameter {@code i} as a column of {@code type} takes it (null, or unparsable text: NULL). */
    static void bind(PreparedStatement st, int i, FieldType type, Object v) throws SQLException {
        if (v == null) {
            st.setNull(i, Types.NULL);
            return;
        }
        switch (type) {
            case INTEGER -> {
                if (v instanceof Number n) {
                    st.setLong(i, n.longValue());
                } else if (v instanceof Boolean b) {
                    st.setLong(i, b ? 1 : 0);
                } else {
                    try {
                        st.setLong(i, Long.parseLong(v.toString().trim()));
                    } catch (NumberFormatException e) {
                        st.setNull(i, Types.NULL);
                    }
                }
            }
            case REAL -> {
                if (v instanceof Number n) {
                    st.setDouble(i, n.doubleValue());
                } else {
                    try {
                        st.setDouble(i, Double.parseDouble(v.toString().trim()));
                    } catch (NumberFormatException e) {
                        st.setNull(i, Types.NULL);
                    }
                }
            }
            case BOOLEAN -> st.setInt(i, v instanceof Boolean b ? (b ? 1 : 0)
                    : v instanceof Number n ? (n.doubleValue() != 0 ? 1 : 0) : Boolean.parseBoolean(v.toString()) ? 1 : 0);
            case DATE -> st.setString(i, v.toString());
            case DATETIME -> st.setString(i, dateTime(v));
            case BLOB -> {
                if (v instanceof byte[] b) {
                    st.setBytes(i, b);
                } else {
                    st.setString(i, v.toString());
                }
            }
            default -> st.setString(i, v.toString());
        }
    }

    /** A date-time as ISO-8601 text in UTC (a date at midnight UTC); other values as their text. */
    static String dateTime(Object v) {
        if (v instanceof java.util.Date d) {
            return d.toInstant().toString();
        }
        if (v instanceof OffsetDateTime o) {
            return o.toInstant().toString();
        }
        if (v instanceof ZonedDateTime z) {
            return z.toInstant().toString();
        }
        if (v instanceof Instant in) {
            return in.toString();
        }
        if (v instanceof LocalDate d) {
            return d + "T00:00:00Z";
        }
        return v.toString();
    }

    /** An SQL identifier, double-quoted. */
    static String q(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }
}
