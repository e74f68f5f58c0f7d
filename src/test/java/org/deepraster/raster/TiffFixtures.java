package org.deepraster.raster;

import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.plugins.tiff.BaselineTIFFTagSet;
import javax.imageio.plugins.tiff.TIFFDirectory;
import javax.imageio.plugins.tiff.TIFFField;
import javax.imageio.plugins.tiff.TIFFTag;
import javax.imageio.stream.ImageOutputStream;
import org.deepraster.geo.Crs;

/** Test fixtures: small GeoTIFFs written by the JDK's TIFF writer (with GeoTIFF tags) or by GeoTiffWriter. */
final class TiffFixtures {
    static final double MIN_X = 500000;
    static final double MAX_Y = 4100000;
    static final double PIXEL = 2.5;
    static final int EPSG = 32633;

    private TiffFixtures() {
    }

    /** The value of band b at (x, y) in the generated images: varied, exact in 8 bits. */
    static int value(int x, int y, int b) {
        return (x * 7 + y * 13 + b * 61 + (x * y) % 17) & 0xFF;
    }

    /** A smooth value (for lossy JPEG). */
    static int smooth(int x, int y, int b) {
        return (int) (128 + 100 * Math.sin((x + 40 * b) / 23.0) * Math.cos(y / 31.0));
    }

    static BufferedImage image(int w, int h, int bands, boolean smooth) {
        int type = switch (bands) {
            case 1 -> BufferedImage.TYPE_BYTE_GRAY;
            case 3 -> BufferedImage.TYPE_3BYTE_BGR;
            case 4 -> BufferedImage.TYPE_4BYTE_ABGR;
            default -> throw new IllegalArgumentException();
        };
        BufferedImage img = new BufferedImage(w, h, type);
        WritableRaster r = img.getRaster();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int b = 0; b < bands; b++) {
                    r.setSample(x, y, b, smooth ? smooth(x, y, b) : value(x, y, b));
                }
            }
        }
        return img;
    }

    static BufferedImage ushortImage(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_USHORT_GRAY);
        WritableRaster r = img.getRaster();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                r.setSample(x, y, 0, ushort(x, y));
            }
        }
        return img;
    }

    static int ushort(int x, int y) {
        return (x * 251 + y * 977) % 60000;
    }

    /**
     * Writes {@code img} with the JDK's TIFF writer: compression "LZW", "PackBits", "JPEG",
     * "Deflate" or null (none); tiled or striped; with GeoTIFF tags (EPSG:32633, 2.5 m pixels)
     * unless {@code georef} is false; GDAL_NODATA when {@code noData} is not null.
     */
    static Path imageIo(Path file, BufferedImage img, String compression, boolean tiled, boolean georef,
                        String noData) throws IOException {
        return imageIo(file, img, compression, tiled, georef, noData, 1);
    }

    /** As above, with a TIFF predictor (2: horizontal differencing, for LZW and Deflate). */
    static Path imageIo(Path file, BufferedImage img, String compression, boolean tiled, boolean georef,
                        String noData, int predictor) throws IOException {
        ImageWriter w = ImageIO.getImageWritersByFormatName("tiff").next();
        ImageWriteParam p = w.getDefaultWriteParam();
        if (compression != null) {
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionType(compression);
        }
        if (tiled) {
            p.setTilingMode(ImageWriteParam.MODE_EXPLICIT);
            p.setTiling(32, 32, 0, 0);
        }
        IIOMetadata md = w.getDefaultImageMetadata(new ImageTypeSpecifier(img), p);
        TIFFDirectory dir = TIFFDirectory.createFromMetadata(md);
        if (!tiled) {
            dir.addTIFFField(new TIFFField(BaselineTIFFTagSet.getInstance().getTag(278), 7));
        }
        if (predictor != 1) {
            dir.addTIFFField(new TIFFField(BaselineTIFFTagSet.getInstance().getTag(317), predictor));
        }
        if (georef) {
            dir.addTIFFField(new TIFFField(new TIFFTag("ModelPixelScale", 33550, 1 << TIFFTag.TIFF_DOUBLE),
                    TIFFTag.TIFF_DOUBLE, 3, new double[] {PIXEL, PIXEL, 0}));
            dir.addTIFFField(new TIFFField(new TIFFTag("ModelTiepoint", 33922, 1 << TIFFTag.TIFF_DOUBLE),
                    TIFFTag.TIFF_DOUBLE, 6, new double[] {0, 0, 0, MIN_X, MAX_Y, 0}));
            char[] keys = {1, 1, 0, 3, 1024, 0, 1, 1, 1025, 0, 1, 1, 3072, 0, 1, (char) EPSG};
            dir.addTIFFField(new TIFFField(new TIFFTag("GeoKeyDirectory", 34735, 1 << TIFFTag.TIFF_SHORT),
                    TIFFTag.TIFF_SHORT, keys.length, keys));
        }
        if (noData != null) {
            dir.addTIFFField(new TIFFField(new TIFFTag("GDAL_NODATA", 42113, 1 << TIFFTag.TIFF_ASCII),
                    TIFFTag.TIFF_ASCII, 1, new String[] {noData}));
        }
        Files.deleteIfExists(file);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            w.setOutput(out);
            w.write(null, new IIOImage(img, null, dir.getAsMetadata()), p);
        } finally {
            w.dispose();
        }
        return file;
    }

    static AffineTransform transform() {
        return new AffineTransform(PIXEL, 0, 0, -PIXEL, MIN_X, MAX_Y);
    }

    /** GeoTiffWriter fixture: value(x, y, b) for uint8; for other types value * 100 - 5000 (+0.25 for float). */
    static Path ownWriter(Path file, int w, int h, int bands, SampleType type, GeoTiffWriter.Compression c,
                          Double noData, boolean bigTiff) throws IOException {
        var o = GeoTiffWriter.Options.of(w, h, bands, type).withCompression(c).withTileSize(32)
                .georeferenced(transform(), Crs.forEpsg(EPSG)).withNoData(noData).withBigTiff(bigTiff);
        try (GeoTiffWriter wr = GeoTiffWriter.create(file, o)) {
            float[] rows = new float[w * 5 * bands];
            for (int y0 = 0; y0 < h; y0 += 5) {
                int n = Math.min(5, h - y0);
                for (int b = 0; b < bands; b++) {
                    for (int y = 0; y < n; y++) {
                        for (int x = 0; x < w; x++) {
                            rows[b * w * n + y * w + x] = typed(type, x, y0 + y, b);
                        }
                    }
                }
                wr.writeRows(rows, n);
            }
        }
        return file;
    }

    static float typed(SampleType type, int x, int y, int b) {
        int v = value(x, y, b);
        return switch (type) {
            case UINT8 -> v;
            case UINT16 -> v * 200;
            case INT16 -> v * 100 - 5000;
            default -> v * 100 - 5000 + 0.25f;
        };
    }

    /**
     * A file with its own overviews, as GDAL/COG writes them: the full image, then reduced-
     * resolution images (NewSubfileType 1) of half and a quarter the size, filled with 100 and
     * 200 so a test sees which level a read used.
     */
    static Path withInternalOverviews(Path file, int w, int h) throws IOException {
        ImageWriter iw = ImageIO.getImageWritersByFormatName("tiff").next();
        ImageWriteParam p = iw.getDefaultWriteParam();
        p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        p.setCompressionType("Deflate");
        p.setTilingMode(ImageWriteParam.MODE_EXPLICIT);
        p.setTiling(64, 64, 0, 0);
        Files.deleteIfExists(file);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            iw.setOutput(out);
            iw.prepareWriteSequence(null);
            for (int level = 0; level < 3; level++) {
                int lw = (w + (1 << level) - 1) >> level;
                int lh = (h + (1 << level) - 1) >> level;
                BufferedImage img = image(lw, lh, 1, false);
                if (level > 0) {
                    WritableRaster r = img.getRaster();
                    for (int y = 0; y < lh; y++) {
                        for (int x = 0; x < lw; x++) {
                            r.setSample(x, y, 0, 100 * level);
                        }
                    }
                }
                IIOMetadata md = iw.getDefaultImageMetadata(new ImageTypeSpecifier(img), p);
                TIFFDirectory dir = TIFFDirectory.createFromMetadata(md);
                if (level > 0) {
                    dir.addTIFFField(new TIFFField(BaselineTIFFTagSet.getInstance().getTag(254), TIFFTag.TIFF_LONG, 1,
                            new long[] {1}));
                }
                iw.writeToSequence(new IIOImage(img, null, dir.getAsMetadata()), p);
            }
            iw.endWriteSequence();
        } finally {
            iw.dispose();
        }
        return file;
    }
}
