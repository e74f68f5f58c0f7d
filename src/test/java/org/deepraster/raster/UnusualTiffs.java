package org.deepraster.raster;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * GeoTIFFs whose extra directories are not the image, written byte by byte ({@link TiffBytes}):
 * GIMP's (an EXIF thumbnail as a second directory: old-style JPEG, no StripOffsets), one with
 * internal overviews and a transparency mask as GDAL writes them, and a COG with a thumbnail.
 * All are georeferenced in EPSG:32633 with {@link #PIXEL} m pixels from ({@link #X0}, {@link #Y0});
 * the full-resolution samples are {@link #pixel}; the overviews are filled with 100 + band (the
 * first) and 200 + band (the second), so a read shows which level it used.
 */
public final class UnusualTiffs {
    public static final int EPSG = 32633;
    public static final double X0 = 500000;
    public static final double Y0 = 4100000;
    public static final double PIXEL = 0.5;
    /** The GIMP-style image. */
    public static final int GIMP_W = 96;
    public static final int GIMP_H = 64;
    /** The image with overviews and a mask; the mask is 0 (no data) where x < MASK_X and y < MASK_Y. */
    public static final int MASKED_W = 1200;
    public static final int MASKED_H = 800;
    public static final int MASK_X = 400;
    public static final int MASK_Y = 300;
    /** The COG; its thumbnail is 100 x 75 (no whole factor of the image), filled with 50. */
    public static final int COG_W = 1024;
    public static final int COG_H = 768;

    private UnusualTiffs() {
    }

    /** The full-resolution sample of band b at (x, y): 40..239, varied. */
    public static int pixel(int x, int y, int b) {
        return 40 + (x * 7 + y * 13 + b * 61 + (x * y) % 17) % 200;
    }

    /** Whether full-resolution pixel (x, y) of the masked image is valid. */
    public static boolean maskValid(int x, int y) {
        return !(x < MASK_X && y < MASK_Y);
    }

    /** GIMP's layout: striped RGB image, then an EXIF thumbnail (NewSubfileType 1, compression 6, tags 513/514). */
    public static Path gimp(Path file) throws IOException {
        TiffBytes.Ifd image = new TiffBytes.Ifd().image(GIMP_W, GIMP_H, 3, 8, 1, 2, 0).longs(278, 16)
                .chunks(273, 279, TiffBytes.chunks(GIMP_W, GIMP_H, 3, -16, false, UnusualTiffs::pixel))
                .geo(PIXEL, X0, Y0, EPSG).ascii(305, "GIMP 2.10.36");
        return TiffBytes.write(file, null, List.of(image, exifThumbnail(24, 16)));
    }

    /** A file whose only image is an old-style JPEG without strips: it cannot be read. */
    public static Path onlyThumbnail(Path file) throws IOException {
        return TiffBytes.write(file, null, List.of(exifThumbnail(24, 16).geo(PIXEL, X0, Y0, EPSG)));
    }

    private static TiffBytes.Ifd exifThumbnail(int w, int h) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, 0x406080 + x * 4);
            }
        }
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(img, "jpeg", jpeg);
        return new TiffBytes.Ifd().image(w, h, 3, 8, 6, 6, 1).blob(513, 514, jpeg.toByteArray());
    }

    /**
     * GDAL's internal-mask layout: image, its 1-bit mask (NewSubfileType 4), overview 600 x 400
     * (1) and its mask (5), overview 300 x 200 (1, no mask of its own). Tiled 256, DEFLATE.
     */
    public static Path withOverviewsAndMask(Path file) throws IOException {
        int w = MASKED_W;
        int h = MASKED_H;
        TiffBytes.Ifd image = tiled(w, h, 0, UnusualTiffs::pixel).geo(PIXEL, X0, Y0, EPSG);
        TiffBytes.Ifd mask = mask(w, h, 4, UnusualTiffs::maskValid, 1);
        TiffBytes.Ifd ovr1 = tiled(w / 2, h / 2, 1, (x, y, b) -> 100 + b);
        TiffBytes.Ifd ovr1Mask = mask(w / 2, h / 2, 5, UnusualTiffs::maskValid, 2);
        TiffBytes.Ifd ovr2 = tiled(w / 4, h / 4, 1, (x, y, b) -> 200 + b);
        return TiffBytes.write(file, null, List.of(image, mask, ovr1, ovr1Mask, ovr2));
    }

    /** The same image and mask without overviews (for comparison: a viewer builds its own levels for it). */
    public static Path maskedWithoutOverviews(Path file) throws IOException {
        return TiffBytes.write(file, null, List.of(tiled(MASKED_W, MASKED_H, 0, UnusualTiffs::pixel)
                .geo(PIXEL, X0, Y0, EPSG), mask(MASKED_W, MASKED_H, 4, UnusualTiffs::maskValid, 1)));
    }

    /** The COG's image with its two overviews as SubIFDs of the image (as some writers store them) and no chain. */
    public static Path overviewsInSubIfds(Path file) throws IOException {
        TiffBytes.Ifd image = tiled(COG_W, COG_H, 0, UnusualTiffs::pixel).geo(PIXEL, X0, Y0, EPSG);
        return TiffBytes.write(file, null, List.of(image), List.of(tiled(COG_W / 2, COG_H / 2, 1, (x, y, b) -> 100 + b),
                tiled(COG_W / 4, COG_H / 4, 1, (x, y, b) -> 200 + b)));
    }

    /** A COG: ghost area, image, overviews 512 x 384 and 256 x 192, then a 100 x 75 striped thumbnail. */
    public static Path cogWithThumbnail(Path file) throws IOException {
        int w = COG_W;
        int h = COG_H;
        TiffBytes.Ifd image = tiled(w, h, 0, UnusualTiffs::pixel).geo(PIXEL, X0, Y0, EPSG);
        TiffBytes.Ifd ovr1 = tiled(w / 2, h / 2, 1, (x, y, b) -> 100 + b);
        TiffBytes.Ifd ovr2 = tiled(w / 4, h / 4, 1, (x, y, b) -> 200 + b);
        TiffBytes.Ifd thumb = new TiffBytes.Ifd().image(100, 75, 3, 8, 1, 2, 1).longs(278, 75)
                .chunks(273, 279, TiffBytes.chunks(100, 75, 3, -75, false, (x, y, b) -> 50));
        String ghost = "GDAL_STRUCTURAL_METADATA_SIZE=000140 bytes\nLAYOUT=IFDS_BEFORE_DATA\nBLOCK_ORDER=ROW_MAJOR\n"
                + "BLOCK_LEADER=SIZE_AS_UINT4\nBLOCK_TRAILER=LAST_4_BYTES_REPEATED\nKNOWN_INCOMPATIBLE_EDITION=NO\n ";
        return TiffBytes.write(file, ghost, List.of(image, ovr1, ovr2, thumb));
    }

    private static TiffBytes.Ifd tiled(int w, int h, long subfile, TiffBytes.Sample value) {
        return new TiffBytes.Ifd().image(w, h, 3, 8, 8, 2, subfile).shorts(322, 256).shorts(323, 256)
                .chunks(324, 325, TiffBytes.chunks(w, h, 3, 256, true, value));
    }

    /** A 1-bit DEFLATE mask of a level {@code scale} times smaller than the image, valid as the image's. */
    private static TiffBytes.Ifd mask(int w, int h, long subfile, java.util.function.BiPredicate<Integer, Integer> valid,
                                      int scale) {
        return new TiffBytes.Ifd().image(w, h, 1, 1, 8, 4, subfile).shorts(322, 256).shorts(323, 256)
                .chunks(324, 325, TiffBytes.maskTiles(w, h, 256, (x, y) -> valid.test(x * scale, y * scale) ? 1 : 0));
    }
}
