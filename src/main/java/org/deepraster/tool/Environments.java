package org.deepraster.tool;

import org.opengis.referencing.crs.CoordinateReferenceSystem;

/**
 * The geoprocessing environments a tool honours.
 *
 * @param extent                   processing extent (whole, an envelope, a polygon mask)
 * @param outputCrs                CRS of the output geometries; null = the input features' CRS (or
 *                                 the raster's when there are no features)
 * @param processor                CPU or GPU (CUDA; falls back to the CPU with a warning when the
 *                                 GPU build is not installed)
 * @param gpuId                    which GPU
 * @param parallelProcessingFactor threads reading and preparing chips; 0 = balanced for model runs
 *                                 (up to one reader a core, as many busy as feed the model; ONNX Runtime
 *                                 gets every core without spinning: {@code ModelSetup.jobConfig}), half
 *                                 the cores for runs without a model. Given, on the CPU ONNX Runtime gets
 *                                 the remaining cores (at least one); {@code -Ddeepraster.intraOpThreads=N}
 *                                 overrides
 * @param retries                  more attempts for an item or batch that fails
 */
public record Environments(ProcessingExtent extent, CoordinateReferenceSystem outputCrs, Processor processor,
                           int gpuId, int parallelProcessingFactor, int retries) {

    public enum Processor { CPU, GPU }

    public static final Environments DEFAULT = new Environments(ProcessingExtent.WHOLE, null, Processor.CPU, 0, 0, 1);

    public Environments {
        extent = extent == null ? ProcessingExtent.WHOLE : extent;
        processor = processor == null ? Processor.CPU : processor;
        if (gpuId < 0 || parallelProcessingFactor < 0 || retries < 0) {
            throw new IllegalArgumentException("gpuId, parallelProcessingFactor and retries must be >= 0");
        }
    }

    /** Reader threads to use. */
    public int readers() {
        return parallelProcessingFactor > 0 ? parallelProcessingFactor
                : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    }

    public Environments withExtent(ProcessingExtent e) {
        return new Environments(e, outputCrs, processor, gpuId, parallelProcessingFactor, retries);
    }

    public Environments withOutputCrs(CoordinateReferenceSystem crs) {
        return new Environments(extent, crs, processor, gpuId, parallelProcessingFactor, retries);
    }

    public Environments withProcessor(Processor p, int gpu) {
        return new Environments(extent, outputCrs, p, gpu, parallelProcessingFactor, retries);
    }

    public Environments withParallelProcessingFactor(int n) {
        return new Environments(extent, outputCrs, processor, gpuId, n, retries);
    }

    public Environments withRetries(int n) {
        return new Environments(extent, outputCrs, processor, gpuId, parallelProcessingFactor, n);
    }
}
