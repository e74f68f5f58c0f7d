package org.deepraster.raster;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deepraster.raster.GeoTiffWriter.Compression;
import org.deepraster.raster.GeoTiffWriter.Options;

/**
 * The single directory (IFD) {@link GeoTiffWriter} writes: the image's tags from its options
 * (size, sample layout, tiling, compression, palette, georeferencing by {@link GeoKeys}, NoData,
 * metadata) and the tile tables, laid out as bytes together with the header that points at it.
 * The same options and tables always give the same bytes, which lets the crash-consistent mode
 * recognise its own file. Pure functions of its inputs.
 */
final class TiffDirectory {
    /** The directory as bytes from the file's start (header included), and where the tile tables lie. */
    record Layout(byte[] bytes, long ifdPos, long offsetsAt, long countsAt, long end) {
    }

    private final Options o;
    private final boolean big;
    private final String metadata;

    /** {@code metadata}: the GDAL_METADATA text, or null. */
    TiffDirectory(Options o, boolean big, String metadata) {
        this.o = o;
        this.big = big;
        this.metadata = metadata;
    }

    /** The header (pointing at the directory) and the directory laid out at {@code pos} (made even). */
    Layout layout(long pos, long[] offsets, long[] counts) {
        return layout(tags(offsets, counts), pos);
    }

    private TiffTags tags(long[] offsets, long[] counts) {
        TiffTags tags = new TiffTags(big);
        int nb = o.bands();
        tags.shortOrLong(256, o.width());
        tags.shortOrLong(257, o.height());
        tags.shorts(258, repeat(o.type().bits(), nb));
        tags.shorts(259, o.compression() == Compression.DEFLATE ? 8 : 1);
        int photometric = o.palette() != null ? 3 : (nb >= 3 && o.type() == SampleType.UINT8 ? 2 : 1);
        tags.shorts(262, photometric);
        tags.shorts(277, nb);
        tags.shorts(284, 1);
        tags.shorts(322, o.tileSize());
        tags.shorts(323, o.tileSize());
        tags.longs(324, offsets);
        tags.longs(325, counts);
        int extra = photometric == 2 ? nb - 3 : nb - 1;
        if (extra > 0) {
            tags.shorts(338, new int[extra]);
        }
        int fmt = o.type() == SampleType.FLOAT32 ? 3 : o.type() == SampleType.INT16 ? 2 : 1;
        tags.shorts(339, repeat(fmt, nb));
        if (o.palette() != null) {
            int[] cm = new int[3 * 256];
            for (int i = 0; i < o.palette().length; i++) {
                int c = o.palette()[i];
                cm[i] = ((c >> 16) & 0xFF) * 257;
                cm[256 + i] = ((c >> 8) & 0xFF) * 257;
                cm[512 + i] = (c & 0xFF) * 257;
            }
            tags.shorts(320, cm);
        }
        GeoKeys.add(tags, o.gridToCrs(), o.crsRef());
        if (o.noData() != null) {
            double nd = o.noData();
            String s = nd == Math.rint(nd) && Math.abs(nd) < 0x1p53 ? Long.toString((long) nd) : Double.toString(nd);
            if (Double.isNaN(nd)) {
                s = "nan";
            }
            tags.ascii(42113, s);
        }
        if (metadata != null) {
            tags.ascii(42112, metadata);
        }
        return tags;
    }

    private static int[] repeat(int v, int n) {
        int[] a = new int[n];
        Arrays.fill(a, v);
        return a;
    }

    private Layout layout(TiffTags tags, long pos) {
        long start = pos + (pos & 1);
        int inline = big ? 8 : 4;
        int entrySize = big ? 20 : 12;
        long ifdPos = start;
        long ifdSize = (big ? 8 : 2) + (long) tags.size() * entrySize + (big ? 8 : 4);
        long extraPos = ifdPos + ifdSize;
        long total = extraPos;
        for (TiffTags.Entry e : tags.entries()) {
            if (e.data().length > inline) {
                total += e.data().length + (e.data().length & 1);
            }
        }
        if (total > Integer.MAX_VALUE - 64) {
            throw new IllegalStateException("directory too large");
        }
        ByteBuffer all = ByteBuffer.allocate((int) total).order(TiffTags.ORDER);
        all.put((byte) 'I').put((byte) 'I');
        if (big) {
            all.putShort((short) 43).putShort((short) 8).putShort((short) 0).putLong(ifdPos);
        } else {
            all.putShort((short) 42).putInt((int) ifdPos);
        }
        all.position((int) ifdPos);
        long offsetsAt = -1;
        long countsAt = -1;
        if (big) {
            all.putLong(tags.size());
        } else {
            all.putShort((short) tags.size());
        }
        List<Object[]> extras = new ArrayList<>();
        for (TiffTags.Entry e : tags.entries()) {
            all.putShort((short) e.tag()).putShort((short) e.type());
            if (big) {
                all.putLong(e.count());
            } else {
                all.putInt((int) e.count());
            }
            long valueAt;
            if (e.data().length <= inline) {
                valueAt = all.position();
                all.put(Arrays.copyOf(e.data(), inline));
            } else {
                valueAt = extraPos;
                if (big) {
                    all.putLong(extraPos);
                } else {
                    all.putInt((int) extraPos);
                }
                extras.add(new Object[] {extraPos, e.data()});
                extraPos += e.data().length + (e.data().length & 1);
            }
            if (e.tag() == 324) {
                offsetsAt = valueAt;
            } else if (e.tag() == 325) {
                countsAt = valueAt;
            }
        }
        if (big) {
            all.putLong(0);
        } else {
            all.putInt(0);
        }
        for (Object[] x : extras) {
            all.position((int) (long) (Long) x[0]);
            all.put((byte[]) x[1]);
        }
        return new Layout(all.array(), ifdPos, offsetsAt, countsAt, total);
    }
}
