package org.deepraster.plugin;

public enum LayerKind {
    RASTER, VECTOR
}
