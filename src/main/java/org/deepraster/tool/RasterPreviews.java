package org.deepraster.tool;

import java.awt.Rectangle;
import java.nio.file.Path;
import org.deepraster.geo.GridGeometry;

/**
 * Where a declared tool shows a raster it is filling while it runs: the viewer's dialog made from the declarations
 * puts it on the map as a streaming raster layer (blocks as they finish, then the written file in its place); the
 * command line shows nothing. Any thread.
 */
public interface RasterPreviews {
    /** One raster being filled. */
    interface Preview {
        /** The values of {@code window} (pixels of the preview's grid), row by row. */
        void putBlock(Rectangle window, int[] values);

        /** The raster is written to {@code file}: it takes the preview's place (null: the preview just goes). */
        void finish(Path file);
    }

    Preview NO_PREVIEW = new Preview() {
        @Override
        public void putBlock(Rectangle window, int[] values) {
        }

        @Override
        public void finish(Path file) {
        }
    };

    /** No previews (the command line). */
    RasterPreviews NONE = (name, grid, palette, noData) -> NO_PREVIEW;

    /**
     * A raster named {@code name} on {@code grid}, drawn in {@code palette} (0xRRGGBB per value; {@code noData} and
     * values without a colour transparent).
     */
    Preview begin(String name, GridGeometry grid, int[] palette, int noData);
}
