package org.deepraster.tool.exporttrainingdata;

import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.deepraster.raster.GeoTiffWriter;
import org.deepraster.raster.SampleType;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataParameters.ChipFormat;
import org.opengis.referencing.crs.CoordinateReferenceSystem;

/**
 * Writes one chip and its label rasters: GeoTIFF (georeferenced, the raster's sample type, DEFLATE
 * level 1), PNG or JPEG (8-bit; quality 0.9). Label rasters are TIFF for TIFF chips and PNG otherwise
 * (JPEG would change class values); uint8 when the values fit, else uint16. Thread-safe (no state
 * besides its settings).
 */
record ChipEncoder(ChipFormat format, CoordinateReferenceSystem crs, AffineTransform chipToMap) {

    /** The extension of label rasters. */
    static String labelExtension(ChipFormat f) {
        return f == ChipFormat.TIFF ? "tif" : "png";
    }

    /** Writes {@code base.EXT}; {@code chip} is band-major. Returns the file. */
    Path writeImage(Path base, float[] chip, int w, int h, int nb, SampleType type) throws IOException {
        Path file = base.resolveSibling(base.getFileName() + "." + format.extension());
        if (format == ChipFormat.TIFF) {
            SampleType t = switch (type) {
                case UINT8, UINT16, INT16, FLOAT32 -> type;
                default -> SampleType.FLOAT32;
            };
            try (GeoTiffWriter wr = GeoTiffWriter.create(file, options(w, h, nb, t))) {
                if (t == SampleType.UINT8) {
                    wr.writeRows(bytes(chip), h);
                } else {
                    wr.writeRows(chip, h);
                }
            }
            return file;
        }
        int plane = w * h;
        BufferedImage img = new BufferedImage(w, h, nb == 1 ? BufferedImage.TYPE_BYTE_GRAY
                : nb == 4 ? BufferedImage.TYPE_4BYTE_ABGR : BufferedImage.TYPE_3BYTE_BGR);
        WritableRaster r = img.getRaster();
        int[] px = new int[plane * r.getNumBands()];
        for (int i = 0; i < plane; i++) {
            for (int b = 0; b < r.getNumBands(); b++) {
                px[i * r.getNumBands() + b] = clamp8(chip[Math.min(b, nb - 1) * plane + i]);
            }
        }
        r.setPixels(0, 0, w, h, px);
        write(img, file, format == ChipFormat.JPEG ? "jpg" : "png");
        return file;
    }

    /** Writes a single-band label raster of class values or instance ids. */
    Path writeLabel(Path base, int[] values, int w, int h, int[] palette) throws IOException {
        int max = 0;
        for (int v : values) {
            max = Math.max(max, v);
        }
        boolean eight = max <= 255;
        Path file = base.resolveSibling(base.getFileName() + "." + labelExtension(format));
        if (format == ChipFormat.TIFF) {
            GeoTiffWriter.Options o = options(w, h, 1, eight ? SampleType.UINT8 : SampleType.UINT16);
            if (eight && palette != null && palette.length <= 256) {
                o = o.withPalette(palette);
            }
            try (GeoTiffWriter wr = GeoTiffWriter.create(file, o)) {
                if (eight) {
                    byte[] b = new byte[values.length];
                    for (int i = 0; i < b.length; i++) {
                        b[i] = (byte) values[i];
                    }
                    wr.writeRows(b, h);
                } else {
                    float[] f = new float[values.length];
                    for (int i = 0; i < f.length; i++) {
                        f[i] = values[i];
                    }
                    wr.writeRows(f, h);
                }
            }
            return file;
        }
        BufferedImage img = new BufferedImage(w, h, eight ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_USHORT_GRAY);
        img.getRaster().setPixels(0, 0, w, h, values);
        write(img, file, "png");
        return file;
    }

    private GeoTiffWriter.Options options(int w, int h, int nb, SampleType t) {
        int tile = Math.min(512, (Math.max(w, h) + 15) / 16 * 16);
        GeoTiffWriter.Options o = GeoTiffWriter.Options.of(w, h, nb, t).withTileSize(tile).withDeflateLevel(1);
        return chipToMap == null ? o : o.georeferenced(chipToMap, crs);
    }

    private static byte[] bytes(float[] chip) {
        byte[] b = new byte[chip.length];
        for (int i = 0; i < chip.length; i++) {
            b[i] = (byte) clamp8(chip[i]);
        }
        return b;
    }

    private static int clamp8(float v) {
        int i = Math.round(v);
        return i < 0 ? 0 : Math.min(i, 255);
    }

    private static void write(BufferedImage img, Path file, String kind) throws IOException {
        ImageWriter wr = ImageIO.getImageWritersByFormatName(kind).next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            wr.setOutput(out);
            ImageWriteParam param = wr.getDefaultWriteParam();
            if (kind.equals("jpg")) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(0.9f);
            }
            wr.write(null, new IIOImage(img, null, null), param);
        } finally {
            wr.dispose();
        }
    }
}
