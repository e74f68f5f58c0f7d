package org.deepraster.model;

/** {@code MinCellSize} / {@code MaxCellSize}: {@code {x, y, spatialReference{wkid}}}; wkid may be null. */
public record CellSize(double x, double y, Integer wkid) {
    @Override
    public String toString() {
        return x + " x " + y + (wkid == null ? "" : " (EPSG:" + wkid + ")");
    }
}
