package org.deepraster.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.deepraster.geo.Crs;
import org.deepraster.tool.Environments;
import org.deepraster.util.UserException;
import picocli.CommandLine.Option;

/**
 * The geoprocessing environments every tool command takes (as ArcGIS's tools honour them):
 * processing extent or mask, output coordinate system, processor type and GPU id, parallel
 * processing factor and retries. Used as a picocli {@code @Mixin}.
 */
final class EnvironmentOptions {

    @Option(names = {"--processing_extent", "--processing-extent", "--extent"}, paramLabel = "\"xmin ymin xmax ymax [EPSG]\"",
            description = "Only this envelope (in the raster's CRS unless an EPSG code is given).")
    String extent;

    @Option(names = {"--mask"}, paramLabel = "POLYGONS", description = "Only inside these polygons.")
    Path mask;

    @Option(names = {"--output_crs", "--output-crs", "--out_coor_system"}, paramLabel = "EPSG",
            description = "CRS of the output geometries (default: the input's CRS).")
    String outputCrs;

    @Option(names = {"--processor_type", "--processor-type"}, defaultValue = "CPU", description = "CPU or GPU.")
    String processor;

    @Option(names = {"--gpu_id", "--gpu-id"}, defaultValue = "0", description = "GPU to use (default 0).")
    int gpuId;

    @Option(names = {"--parallel_processing_factor", "--parallel-processing-factor"}, defaultValue = "0",
            description = "Threads reading the raster (default: half the cores). Accepts N or N%%.")
    String parallel;

    @Option(names = {"--retries"}, defaultValue = "1", description = "More attempts for a failing batch (default 1).")
    int retries;

    /** The environments record; a value the user got wrong gives a {@link UserException}. */
    Environments environments() throws IOException {
        Environments.Processor proc;
        try {
            proc = Environments.Processor.valueOf(processor.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UserException("Unknown processor type '" + processor + "'.", "Use CPU or GPU.");
        }
        if (retries < 0 || gpuId < 0) {
            throw new UserException("--retries and --gpu_id must be 0 or more.", "");
        }
        return new Environments(CommandOptions.extent(extent, mask), outputCrs == null ? null : Crs.forCode(outputCrs),
                proc, gpuId, CommandOptions.parallel(parallel), retries);
    }
}
