package org.deepraster.raster.tiff;

import java.util.ArrayList;
import java.util.List;

/**
 * What each directory of a TIFF is, decided as GDAL's GeoTIFF driver does: the first directory
 * that is neither reduced-resolution nor a mask (NewSubfileType bits 0 and 2 clear; else the
 * first directory) is the image; a reduced-resolution directory with the image's bands, bit depth
 * and sample format, a decodable compression and a size that is the image's divided by a whole
 * factor (rounded either way) is an overview; a transparency mask (bit 2; one band or one per
 * image band, 1 or 8 bits) of the image's size is the image's mask, one of an overview's size with
 * bit 0 set that overview's mask. Anything else (an EXIF thumbnail, e.g. old-style JPEG with no
 * StripOffsets; a reduced image of other bands or an odd size; further pages; directories that
 * cannot be parsed) is never read and gets a note saying why.
 *
 * @param image    the image's directory (its {@code directory()} is null when it cannot be parsed)
 * @param levels   the image then its overviews, finest first, each with its mask or null
 * @param notes    one line per directory left unused
 */
public record TiffLayout(TiffIfd image, List<Level> levels, List<Classified> all, List<String> notes) {
    /** What a directory is. */
    public enum Role { IMAGE, OVERVIEW, MASK, OVERVIEW_MASK, THUMBNAIL, OTHER }

    /** A directory and its role. */
    public record Classified(TiffIfd ifd, Role role) {
    }

    /** One resolution level of the image: its directory and, when the file has one, its mask. */
    public record Level(TiffDirectory directory, TiffDirectory mask) {
    }

    public static TiffLayout of(List<TiffIfd> ifds) {
        TiffIfd image = ifds.stream().filter(d -> !d.subIfd() && !d.isReducedResolution() && !d.isMask())
                .findFirst().orElse(ifds.get(0));
        List<Classified> all = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<TiffDirectory> overviews = new ArrayList<>();
        TiffDirectory main = image.directory();
        // overviews first, so that masks can be matched to them whatever the order in the file
        for (TiffIfd d : ifds) {
            if (d == image || main == null || d.isMask() || !d.isReducedResolution()) {
                continue;
            }
            String why = overviewProblem(main, d);
            if (why == null && overviews.stream().noneMatch(o -> o.width == d.width() && o.height == d.height())) {
                overviews.add(d.directory());
            }
        }
        overviews.sort((a, b) -> Integer.compare(b.width, a.width));
        TiffDirectory[] overviewMasks = new TiffDirectory[overviews.size()];
        TiffDirectory imageMask = null;
        for (TiffIfd d : ifds) {
            Role role;
            String why = null;
            if (d == image) {
                role = Role.IMAGE;
            } else if (main == null) {
                role = Role.OTHER;
                why = "not read (the image itself cannot be read)";
            } else if (d.isMask()) {
                why = maskProblem(main, d);
                int at = -1;
                for (int k = 0; k < overviews.size(); k++) {
                    if (overviews.get(k).width == d.width() && overviews.get(k).height == d.height()) {
                        at = k;
                    }
                }
                if (why == null && !d.isReducedResolution() && d.width() == main.width && d.height() == main.height
                        && imageMask == null) {
                    role = Role.MASK;
                    imageMask = d.directory();
                } else if (why == null && d.isReducedResolution() && at >= 0 && overviewMasks[at] == null) {
                    role = Role.OVERVIEW_MASK;
                    overviewMasks[at] = d.directory();
                } else {
                    role = Role.OTHER;
                    why = why != null ? why : "a transparency mask that matches no image or overview size";
                }
            } else if (d.isReducedResolution()) {
                if (overviews.contains(d.directory())) {
                    role = Role.OVERVIEW;
                } else {
                    role = Role.THUMBNAIL;
                    String p = overviewProblem(main, d);
                    why = "a reduced-resolution image that is no overview (" + (p != null ? p : "same size as another")
                            + ")";
                }
            } else {
                role = Role.OTHER;
                why = "another image of the file (page " + d.index() + "); only the first image is read";
            }
            all.add(new Classified(d, role));
            if (why != null) {
                notes.add(d.describe() + ": " + why + "; skipped.");
            }
        }
        List<Level> levels = new ArrayList<>();
        if (main != null) {
            levels.add(new Level(main, imageMask));
            for (int k = 0; k < overviews.size(); k++) {
                levels.add(new Level(overviews.get(k), overviewMasks[k]));
            }
        }
        return new TiffLayout(image, List.copyOf(levels), List.copyOf(all), List.copyOf(notes));
    }

    /** The image's mask, or null. */
    public TiffDirectory mask() {
        return levels.isEmpty() ? null : levels.get(0).mask();
    }

    /** Why {@code d} is no overview of {@code main}, or null when it is one. */
    static String overviewProblem(TiffDirectory main, TiffIfd d) {
        if (d.directory() == null) {
            if (d.compression() == TiffDirectory.COMPRESSION_OJPEG || d.jpegInterchange() || !d.hasChunks()) {
                return "an EXIF-style thumbnail: " + TiffChunkDecoder.compressionName(d.compression())
                        + (d.hasChunks() ? "" : " with no StripOffsets or TileOffsets") + ", " + d.problem();
            }
            return "cannot be parsed: " + d.problem();
        }
        TiffDirectory o = d.directory();
        if (o.samplesPerPixel != main.samplesPerPixel) {
            return o.samplesPerPixel + (o.samplesPerPixel == 1 ? " band" : " bands") + ", the image has "
                    + main.samplesPerPixel;
        }
        if (o.bitsPerSample != main.bitsPerSample || o.sampleFormat != main.sampleFormat) {
            return "other samples (" + o.bitsPerSample + "-bit, format " + o.sampleFormat + ") than the image's ("
                    + main.bitsPerSample + "-bit, format " + main.sampleFormat + ")";
        }
        if (!TiffChunkDecoder.isSupported(o.compression)) {
            return TiffChunkDecoder.compressionName(o.compression) + " compression is not supported";
        }
        if (o.width >= main.width && o.height >= main.height) {
            return "not smaller than the image";
        }
        if (!wholeFactor(main.width, main.height, o.width, o.height)) {
            return String.format(java.util.Locale.ROOT, "%d x %d is not the image's %d x %d divided by a whole factor",
                    o.width, o.height, main.width, main.height);
        }
        return null;
    }

    /** True when w x h is W x H divided by one whole factor (2 or more), rounded down or up. */
    public static boolean wholeFactor(int bigW, int bigH, int w, int h) {
        int f = (int) Math.round(bigW / (double) w);
        for (int k = Math.max(2, f - 1); k <= f + 1; k++) {
            if (near(bigW, k, w) && near(bigH, k, h)) {
                return true;
            }
        }
        return false;
    }

    private static boolean near(int big, int k, int small) {
        return small == big / k || small == (big + k - 1) / k;
    }

    /** Why {@code d} cannot be a mask of the image, or null. */
    static String maskProblem(TiffDirectory main, TiffIfd d) {
        if (d.directory() == null) {
            return "a transparency mask that cannot be parsed: " + d.problem();
        }
        TiffDirectory m = d.directory();
        if (m.samplesPerPixel != 1 && m.samplesPerPixel != main.samplesPerPixel) {
            return "a transparency mask of " + m.samplesPerPixel + " bands";
        }
        if ((m.bitsPerSample != 1 && m.bitsPerSample != 8) || m.sampleFormat != 1) {
            return "a transparency mask of " + m.bitsPerSample + "-bit samples (1 or 8 bits expected)";
        }
        if (!TiffChunkDecoder.isSupported(m.compression) || m.compression == TiffDirectory.COMPRESSION_JPEG) {
            return "a transparency mask with " + TiffChunkDecoder.compressionName(m.compression)
                    + " compression, which is not supported";
        }
        return null;
    }
}
