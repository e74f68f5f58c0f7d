package org.deepraster.tool;

import java.io.IOException;
import java.util.List;
import org.deepraster.inference.InputNormalization;
import org.deepraster.inference.ModelSession;
import org.deepraster.model.ModelDefinition;
import org.deepraster.raster.RasterSource;

/**
 * A {@link ModelPlan} that runs the model over tiles of one raster: the raster (open; closed by
 * {@link #close()}), the bands read, their normalisation and the chip (tile) size.
 */
public abstract class TiledModelPlan extends ModelPlan {
    protected final RasterSource raster;
    protected final int[] bands;
    protected final InputNormalization norm;
    protected final int chipW;
    protected final int chipH;

    protected TiledModelPlan(ModelDefinition definition, ModelSession session, int batchSize, List<String> warnings,
                   RasterSource raster, int[] bands, InputNormalization norm, int chipW, int chipH) {
        super(definition, session, batchSize, warnings);
        this.raster = raster;
        this.bands = bands;
        this.norm = norm;
        this.chipW = chipW;
        this.chipH = chipH;
    }

    /** Width of a tile (the model's chip). */
    public int tileSize() {
        return chipW;
    }

    @Override
    public void close() throws IOException {
        try {
            raster.close();
        } finally {
            releaseOutputs();
        }
    }
}
