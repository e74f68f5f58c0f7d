package org.deepraster.feature;

import java.util.List;
import java.util.Optional;
import org.opengis.referencing.crs.CoordinateReferenceSystem;

/** The description of a feature layer: its name, geometry kind, fields and CRS (null if none). */
public record FeatureSchema(String name, GeometryKind geometryKind, List<Field> fields,
                            CoordinateReferenceSystem crs) {

    public FeatureSchema {
        fields = List.copyOf(fields);
    }

    public Optional<Field> field(String name) {
        return fields.stream().filter(f -> f.name().equalsIgnoreCase(name)).findFirst();
    }
}
