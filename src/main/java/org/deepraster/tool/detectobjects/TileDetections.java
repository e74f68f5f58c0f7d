package org.deepraster.tool.detectobjects;

import java.util.List;
import org.deepraster.tiling.Tile;

/** The detections one tile keeps (made on the inference thread, assembled on the writer thread). */
record TileDetections(Tile tile, List<Det> detections) {
}
