package org.deepraster.tool.classifypixels;

import java.nio.file.Path;
import org.deepraster.inference.PixelDecoder;

/**
 * One output head of a model with several (a Deepness Segmentor may have more than one output; Deepness
 * makes a result per output, {@code map_processor_segmentation.py} {@code _process_tile} loops over
 * them, and groups its layers as {@code output_0}, {@code output_1}, ...). The first head is written to the
 * output the user named; head {@code i} (from 1) to {@code NAME_output_i.tif} beside it, with its own
 * classes (its class_names entry), palette and attribute table. All heads share the tiles, so their outputs
 * must have one size.
 */
final class PixelHead {
    final int index;
    final PixelDecoder decoder;
    final PixelTiling tiling;
    final PixelClasses classes;
    final PixelDecoder.Decision decision;
    final Path output;
    PixelResume resume;

    PixelHead(int index, PixelDecoder decoder, PixelTiling tiling, PixelClasses classes, PixelDecoder.Decision decision,
              Path output) {
        this.index = index;
        this.decoder = decoder;
        this.tiling = tiling;
        this.classes = classes;
        this.decision = decision;
        this.output = output;
    }

    /** {@code NAME_output_i.EXT} beside the first head's output {@code NAME.EXT}. */
    static Path outputOf(Path first, int index) {
        String name = first.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : ".tif";
        return first.resolveSibling(stem + "_output_" + index + ext);
    }
}
