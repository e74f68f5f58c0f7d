package org.deepraster.tool.classifypixels;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.deepraster.inference.InferenceOutputs;
import org.deepraster.inference.ModelSession;
import org.deepraster.inference.PixelDecoder;
import org.deepraster.job.Prepared;
import org.deepraster.model.ClassInfo;
import org.deepraster.model.ModelDefinition;
import org.deepraster.tiling.Chip;
import org.deepraster.tiling.RasterRegion;
import org.deepraster.tiling.Tile;
import org.deepraster.util.UserException;

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

    /**
     * The heads after the first ({@code decoders} from 1): each output's shape probed, checked against the first
     * head's ({@code first}: one set of tiles for all), its classes (Deepness' convention, its class_names entry) and
     * its tiles on {@code region}. Outputs are placed later ({@link #outputOf}).
     */
    static List<PixelHead> layOut(List<PixelDecoder> decoders, PixelTiling first, RasterRegion region, ModelSession session,
                                  ModelDefinition d, int bands, int chipW, int chipH, int padding, boolean blend,
                                  PixelDecoder.Decision decision, boolean predictBackground,
                                  IntFunction<List<ClassInfo>> classNames, List<String> warnings) {
        List<PixelHead> heads = new ArrayList<>();
        for (int h = 1; h < decoders.size(); h++) {
            PixelDecoder hd = decoders.get(h);
            PixelTiling t = PixelTiling.probe(session, hd, d.modelFormat(), bands, chipW, chipH, padding, blend,
                    new ArrayList<>());
            if (t.outW != first.outW || t.outH != first.outH || t.offX != first.offX || t.offY != first.offY) {
                throw new UserException("The model's outputs differ in size: " + decoders.get(0).output() + " is "
                        + first.outW + " x " + first.outH + ", " + hd.output() + " is " + t.outW + " x " + t.outH + ".",
                        "Classify Pixels writes one raster per output on one set of tiles; export the outputs at one size.");
            }
            PixelClasses c = PixelClasses.deepness(hd.kind(), t.channels, classNames.apply(h), predictBackground, warnings);
            t.layOut(region, new ArrayList<>());
            heads.add(new PixelHead(h, hd, t, c, new PixelDecoder.Decision(decision.threshold(), decision.onScores(),
                    c.excluded), null));
        }
        return heads;
    }

    /** Each tile's raw output of every head (the first, then {@code more}), copied out of the batch (inference thread). */
    static List<TileResult[]> copy(List<Prepared.Ready<Tile, Chip>> batch, InferenceOutputs outs, PixelDecoder first,
                                   PixelTiling tiling, List<PixelHead> more) {
        List<TileResult> firsts = TileResult.copy(batch, outs, first.output(), tiling);
        List<TileResult[]> all = new ArrayList<>(firsts.size());
        for (TileResult r : firsts) {
            TileResult[] a = new TileResult[1 + more.size()];
            a[0] = r;
            all.add(a);
        }
        for (int h = 0; h < more.size(); h++) {
            List<TileResult> rs = TileResult.copy(batch, outs, more.get(h).decoder.output(), more.get(h).tiling);
            for (int i = 0; i < rs.size(); i++) {
                all.get(i)[h + 1] = rs.get(i);
            }
        }
        return all;
    }
}
