package org.deepraster.feature;

/** An attribute field of a feature schema. */
public record Field(String name, FieldType type) {
}
