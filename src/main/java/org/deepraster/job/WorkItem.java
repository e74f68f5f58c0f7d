package org.deepraster.job;

/**
 * One unit of work of a job: an object to classify, a tile to detect in, an image to export.
 * {@link #key()} identifies it across runs (a resumed run skips the keys already in the output).
 */
public interface WorkItem {
    /** Stable identity across runs, e.g. the source feature id, or "feature id|image". */
    String key();

    /** A short description for messages ("feature 12", "tile 3,4 of scene.tif"). */
    String label();
}
