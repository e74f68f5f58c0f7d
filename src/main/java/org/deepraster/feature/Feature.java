package org.deepraster.feature;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.locationtech.jts.geom.Geometry;

/**
 * A feature: an id unique in its layer, a JTS geometry (may be {@code null} for a table row) in
 * its layer's CRS, and attributes in field order.
 */
public record Feature(long id, Geometry geometry, Map<String, Object> attributes) {

    public Feature {
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    public Object get(String field) {
        return attributes.get(field);
    }

    /** A copy with more (or replaced) attributes. */
    public Feature with(Map<String, Object> more) {
        Map<String, Object> m = new LinkedHashMap<>(attributes);
        m.putAll(more);
        return new Feature(id, geometry, m);
    }

    public Feature withGeometry(Geometry g) {
        return new Feature(id, g, attributes);
    }
}
