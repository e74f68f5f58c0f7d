package org.deepraster.tool.detectobjects;

import java.util.List;
import org.deepraster.tiling.Tile;

/**
 * What one tile keeps (made on the inference thread, assembled on the writer thread): its detections, and the
 * fragments of instance masks it saw ({@link InstanceMerger} joins them across tiles).
 */
record TileDetections(Tile tile, List<Det> detections, List<InstanceFragment> instances) {
    TileDetections(Tile tile, List<Det> detections) {
        this(tile, detections, List.of());
    }
}
