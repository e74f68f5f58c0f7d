package org.deepraster.inference;

import java.util.Arrays;

/**
 * One output of a run, copied out of ONNX Runtime: float outputs in {@link #floats()}, integer ones
 * (int64/int32/uint8…) in {@link #longs()}; the other array is null.
 */
public record OutputTensor(String name, long[] shape, float[] floats, long[] longs) {
    public boolean isFloat() {
        return floats != null;
    }

    public int rank() {
        return shape.length;
    }

    public int dim(int i) {
        return (int) shape[i < 0 ? shape.length + i : i];
    }

    /** Value at a flat index as a double, whatever the element type. */
    public double at(int index) {
        return floats != null ? floats[index] : longs[index];
    }

    public static OutputTensor ofFloats(String name, float[] data, long... shape) {
        return new OutputTensor(name, shape, data, null);
    }

    public static OutputTensor ofLongs(String name, long[] data, long... shape) {
        return new OutputTensor(name, shape, null, data);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape) + (floats != null ? " float" : " int");
    }
}
