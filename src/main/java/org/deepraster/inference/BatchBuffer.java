package org.deepraster.inference;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.deepraster.model.ModelFormat;

/**
 * A reusable direct float buffer holding up to {@code capacity} chips in the model's layout (NCHW or
 * NHWC), filled from band-major primitive arrays without boxing. ONNX Runtime reads a direct buffer
 * without copying it. Not thread-safe: one filler at a time.
 */
public final class BatchBuffer {
    private final ModelFormat layout;
    private final int capacity;
    private final int channels;
    private final int height;
    private final int width;
    private final int chipSize;
    private final FloatBuffer buffer;
    private int count;

    public BatchBuffer(ModelFormat layout, int capacity, int channels, int height, int width) {
        if (capacity < 1 || channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("capacity, channels, height and width must be > 0");
        }
        this.layout = layout;
        this.capacity = capacity;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.chipSize = channels * height * width;
        long bytes = 4L * chipSize * capacity;
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("batch of " + capacity + " chips of " + channels + "x" + height + "x"
                    + width + " exceeds 2 GB; lower batch_size");
        }
        this.buffer = ByteBuffer.allocateDirect((int) bytes).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    public ModelFormat layout() {
        return layout;
    }

    public int capacity() {
        return capacity;
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** Number of chips put since the last {@link #clear()} (highest slot + 1). */
    public int count() {
        return count;
    }

    /** Forgets the chips; slots are overwritten by the next puts (the unused tail is zeroed at run time). */
    public void clear() {
        count = 0;
    }

    /**
     * Writes one chip given band-major: {@code chip[c * height * width + y * width + x]}.
     * NCHW is a bulk copy; NHWC interleaves.
     */
    public void put(int slot, float[] chip) {
        checkSlot(slot);
        if (chip.length != chipSize) {
            throw new IllegalArgumentException("chip has " + chip.length + " values, expected " + chipSize
                    + " (" + channels + "x" + height + "x" + width + ")");
        }
        int base = slot * chipSize;
        if (layout == ModelFormat.NCHW) {
            buffer.put(base, chip, 0, chipSize);
        } else {
            int plane = height * width;
            float[] row = new float[width * channels];
            for (int y = 0; y < height; y++) {
                for (int c = 0; c < channels; c++) {
                    int src = c * plane + y * width;
                    for (int x = 0, d = c; x < width; x++, d += channels) {
                        row[d] = chip[src + x];
                    }
                }
                buffer.put(base + y * width * channels, row, 0, row.length);
            }
        }
        count = Math.max(count, slot + 1);
    }

    /** Writes one chip given as one array per band ({@code bands[c][y * width + x]}). */
    public void put(int slot, float[][] bands) {
        checkSlot(slot);
        if (bands.length != channels) {
            throw new IllegalArgumentException("chip has " + bands.length + " bands, expected " + channels);
        }
        int plane = height * width;
        int base = slot * chipSize;
        if (layout == ModelFormat.NCHW) {
            for (int c = 0; c < channels; c++) {
                buffer.put(base + c * plane, bands[c], 0, plane);
            }
        } else {
            float[] row = new float[width * channels];
            for (int y = 0; y < height; y++) {
                for (int c = 0; c < channels; c++) {
                    float[] b = bands[c];
                    for (int x = 0, d = c, s = y * width; x < width; x++, d += channels) {
                        row[d] = b[s + x];
                    }
                }
                buffer.put(base + y * width * channels, row, 0, row.length);
            }
        }
        count = Math.max(count, slot + 1);
    }

    private void checkSlot(int slot) {
        if (slot < 0 || slot >= capacity) {
            throw new IndexOutOfBoundsException("slot " + slot + " outside 0.." + (capacity - 1));
        }
    }

    /** Shape of a batch of {@code n} chips in this layout. */
    public long[] shape(int n) {
        return layout == ModelFormat.NCHW ? new long[] {n, channels, height, width}
                : new long[] {n, height, width, channels};
    }

    /** A view of the first {@code n} chips (zeroing chips between count and n). */
    FloatBuffer view(int n) {
        for (int i = count * chipSize; i < n * chipSize; i++) {
            buffer.put(i, 0f);
        }
        FloatBuffer v = buffer.duplicate();
        v.position(0).limit(n * chipSize);
        return v.slice();
    }
}
