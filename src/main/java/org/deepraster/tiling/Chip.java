package org.deepraster.tiling;

/**
 * The model input of one tile, prepared on a reader thread: normalised samples, band-major
 * ({@code [band][y][x]}, NoData pixels 0 before normalisation), and which pixels are valid (null: all).
 */
public record Chip(float[] data, boolean[] valid) {
}
