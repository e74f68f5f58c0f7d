package org.deepraster.plugin;

import java.awt.Color;
import java.util.Map;

/**
 * How a vector layer is drawn: a stroke and fill colour, point size, line width, and optionally
 * a colour per value of one attribute ({@code classField}), e.g. the class colours of a model.
 * The class colours keep the order they were given in (the model's class order), which legends
 * and reviewers' number keys follow.
 */
public record LayerStyle(Color stroke, Color fill, float lineWidth, float pointSize,
                         String classField, Map<Object, Color> classColors) {

    public LayerStyle {
        classColors = classColors == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(classColors));
    }

    public static LayerStyle simple(Color stroke, Color fill) {
        return new LayerStyle(stroke, fill, 1.5f, 6f, null, Map.of());
    }

    /** The colour of a feature with this class value, or the default fill. */
    public Color colorFor(Object value) {
        Color c = value == null ? null : classColors.get(value);
        return c != null ? c : fill;
    }
}
