package org.deepraster.model;

import java.util.ArrayList;
import java.util.List;

/**
 * One input or output of an ONNX graph: name, element type (e.g. FLOAT, INT64) and shape, with
 * {@code -1} for a dynamic axis; {@code dimNames} holds the symbolic names ("" when fixed or unknown).
 */
public record TensorSpec(String name, String elementType, List<Long> shape, List<String> dimNames) {
    public TensorSpec {
        shape = List.copyOf(shape);
        dimNames = dimNames == null ? List.of() : List.copyOf(dimNames);
    }

    public static TensorSpec of(String name, String type, long... shape) {
        List<Long> s = new ArrayList<>();
        for (long d : shape) {
            s.add(d);
        }
        return new TensorSpec(name, type, s, List.of());
    }

    public int rank() {
        return shape.size();
    }

    /** Dimension {@code i} ({@code -1} when dynamic); negative i counts from the end. */
    public long dim(int i) {
        return shape.get(i < 0 ? shape.size() + i : i);
    }

    public boolean isDynamic(int i) {
        return dim(i) < 0;
    }

    public boolean isFloat() {
        return elementType.startsWith("FLOAT") || elementType.equals("DOUBLE") || elementType.equals("BFLOAT16");
    }

    public boolean isInteger() {
        return elementType.startsWith("INT") || elementType.startsWith("UINT");
    }

    /** Shape as text, e.g. {@code [N, 3, 256, 256]} with symbolic names for dynamic axes. */
    public String shapeText() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < shape.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            if (shape.get(i) < 0) {
                String n = i < dimNames.size() ? dimNames.get(i) : "";
                sb.append(n == null || n.isEmpty() ? "?" : n);
            } else {
                sb.append(shape.get(i));
            }
        }
        return sb.append(']').toString();
    }

    @Override
    public String toString() {
        return name + " " + elementType + " " + shapeText();
    }
}
