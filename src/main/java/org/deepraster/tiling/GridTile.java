package org.deepraster.tiling;

import org.deepraster.job.WorkItem;

/** A tile of a tiled tool's grid: keyed "col,row" across runs (resume), labelled "tile col,row". */
public interface GridTile extends WorkItem {
    int col();

    int row();

    @Override
    default String key() {
        return col() + "," + row();
    }

    @Override
    default String label() {
        return "tile " + col() + "," + row();
    }
}
