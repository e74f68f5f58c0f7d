package org.deepraster.tool.classifypixels;

import org.deepraster.vector.PolygonizeResult;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deepraster.job.JobReport;
import org.deepraster.job.JobSummary;

/**
 * How a Classify Pixels run ended: the engine's report (items are tiles), a summary whose counts
 * are pixels per class name, the outputs (the confidence raster may be null), NoData pixels written,
 * the most output blocks held in memory at once, warnings, and — when polygons were asked for and
 * the run completed — the polygonizer's result and the polygon output (both null otherwise); the
 * rasters of a model's further output heads ({@code otherHeads}, empty for one output).
 */
public record ClassifyPixelsResult(JobReport report, JobSummary summary, Path output, Path confidenceOutput,
                                   Map<String, Long> pixelsByClass, long noDataPixels, int peakOpenBlocks,
                                   List<String> warnings, PolygonizeResult polygons, Path polygonOutput,
                                   List<HeadOutput> otherHeads) {
    public ClassifyPixelsResult {
        pixelsByClass = Map.copyOf(pixelsByClass);
        warnings = List.copyOf(warnings);
        otherHeads = otherHeads == null ? List.of() : List.copyOf(otherHeads);
    }

    /**
     * The classified raster of a further output head (tensor {@code output}), its pixels per class name and its
     * polygons ({@code NAME_output_i.gpkg} beside the polygon output; null when none were made).
     */
    public record HeadOutput(String tensor, Path output, Map<String, Long> pixelsByClass, Path polygons) {
        public HeadOutput {
            pixelsByClass = Map.copyOf(pixelsByClass);
        }
    }

    /** This result with its paths mapped by {@code paths} (a staged overwrite moved in) and {@code warnings}. */
    ClassifyPixelsResult relocated(java.util.function.UnaryOperator<Path> paths, java.util.function.UnaryOperator<String> text,
                                   List<String> newWarnings) {
        List<HeadOutput> heads = otherHeads.stream().map(h -> new HeadOutput(h.tensor(), paths.apply(h.output()),
                h.pixelsByClass(), h.polygons() == null ? null : paths.apply(h.polygons()))).toList();
        return new ClassifyPixelsResult(report, summary, paths.apply(output), confidenceOutput == null ? null
                : paths.apply(confidenceOutput), pixelsByClass, noDataPixels, peakOpenBlocks,
                newWarnings.stream().map(text).toList(), polygons, polygonOutput == null ? null : paths.apply(polygonOutput),
                heads);
    }
}
