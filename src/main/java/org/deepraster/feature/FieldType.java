package org.deepraster.feature;

/** The type of an attribute field. */
public enum FieldType {
    STRING, INTEGER, REAL, BOOLEAN, DATE, DATETIME, BLOB;

    /** The type of a Java value as stored in {@link Feature#attributes()}. */
    public static FieldType of(Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return INTEGER;
        }
        if (value instanceof Number) {
            return REAL;
        }
        if (value instanceof Boolean) {
            return BOOLEAN;
        }
        if (value instanceof java.time.LocalDate) {
            return DATE;
        }
        if (value instanceof java.time.temporal.Temporal || value instanceof java.util.Date) {
            return DATETIME;
        }
        if (value instanceof byte[]) {
            return BLOB;
        }
        return STRING;
    }
}
