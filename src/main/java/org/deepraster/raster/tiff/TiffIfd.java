package org.deepraster.raster.tiff;

import java.util.function.Function;

/**
 * One directory (IFD) of a TIFF as found in the file, before anyone decides what it is: where it
 * lies, the few tags that say what it holds, and its parsed layout, or why it has none (a
 * directory with no StripOffsets, such as an EXIF thumbnail stored as old-style JPEG, cannot be
 * laid out as an image).
 *
 * @param index          1-based position: the chain from the header first, then the SubIFDs
 * @param subIfd         listed in the first directory's SubIFDs (tag 330) rather than in the chain
 * @param newSubfileType tag 254: bit 0 reduced resolution, bit 1 page, bit 2 transparency mask
 * @param width          0 when unknown
 * @param directory      the parsed layout, or null when it could not be parsed
 * @param problem        why it could not be parsed, or null
 */
public record TiffIfd(int index, long offset, boolean subIfd, long newSubfileType, int width, int height,
                      int samplesPerPixel, int bitsPerSample, int compression, int photometric,
                      boolean hasChunks, boolean jpegInterchange, TiffDirectory directory, String problem) {

    static TiffIfd of(int index, long offset, boolean subIfd, TiffFile.Tags t,
                      Function<TiffFile.Tags, TiffDirectory> parse) {
        TiffDirectory d = null;
        String problem = null;
        try {
            d = parse.apply(t);
        } catch (TiffException e) {
            problem = e.getMessage();
        }
        int spp = (int) first(t, 277, 1);
        boolean chunks = t.numbers().containsKey(273) || t.numbers().containsKey(324);
        return new TiffIfd(index, offset, subIfd, first(t, 254, 0), (int) first(t, 256, 0), (int) first(t, 257, 0),
                spp, (int) first(t, 258, 1), (int) first(t, 259, 1), (int) first(t, 262, spp >= 3 ? 2 : 1), chunks,
                t.numbers().containsKey(513), d, problem);
    }

    static TiffIfd unparsed(int index, long offset, boolean subIfd, String problem) {
        return new TiffIfd(index, offset, subIfd, 0, 0, 0, 0, 0, 0, 0, false, false, null, problem);
    }

    private static long first(TiffFile.Tags t, int tag, long dflt) {
        long[] v = t.numbers().get(tag);
        return v == null || v.length == 0 ? dflt : v[0];
    }

    public boolean isReducedResolution() {
        return (newSubfileType & 1) != 0;
    }

    public boolean isMask() {
        return (newSubfileType & 4) != 0;
    }

    /** "directory 2 (160 x 120, 3 bands, old-style JPEG)", for messages. */
    public String describe() {
        StringBuilder b = new StringBuilder(subIfd ? "SubIFD directory " : "directory ").append(index);
        if (width > 0) {
            b.append(" (").append(width).append(" x ").append(height).append(", ").append(samplesPerPixel)
                    .append(samplesPerPixel == 1 ? " band, " : " bands, ").append(bitsPerSample).append("-bit, ")
                    .append(compression == 1 ? "uncompressed" : TiffChunkDecoder.compressionName(compression)).append(')');
        }
        return b.toString();
    }
}
