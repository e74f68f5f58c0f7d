package org.deepraster.tool.selfsupervised;

import java.awt.Rectangle;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import javax.imageio.ImageIO;
import org.deepraster.geo.GridGeometry;
import org.deepraster.raster.RasterFiles;
import org.deepraster.raster.RasterSource;
import org.deepraster.raster.RasterWindow;
import org.deepraster.raster.SampleType;
import org.deepraster.util.UserException;

/**
 * A JPEG or PNG photo (drone images often are) as an RGB {@link RasterSource}, read whole into memory (3 bytes a
 * pixel: 36 MB for 4000 x 3000) with the JDK's ImageIO. It has no georeferencing: its grid maps pixels to pixel
 * coordinates (x right, y up from the bottom edge, one unit a pixel) and has no CRS, so its outputs line up with the
 * photo in a GIS that shows unreferenced rasters. Thread-safe (immutable after loading).
 */
final class PlainImage implements RasterSource {
    private final Path path;
    private final int w;
    private final int h;
    private final byte[] rgb; // band-sequential

    private PlainImage(Path path, int w, int h, byte[] rgb) {
        this.path = path;
        this.w = w;
        this.h = h;
        this.rgb = rgb;
    }

    @Override
    public List<String> georeferencingNotes() {
        return List.of("No georeferencing is read from the photo " + path.getFileName() + ": outputs will be in pixel"
                + " coordinates (x right, y up from its bottom edge).");
    }

    static boolean isPhoto(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".png");
    }

    /** A GeoTIFF through {@link RasterFiles}, a JPEG or PNG through this class. */
    static RasterSource open(Path p) throws IOException {
        return isPhoto(p) ? read(p) : RasterFiles.open(p);
    }

    static PlainImage read(Path p) throws IOException {
        if (!Files.isRegularFile(p)) {
            throw new UserException("The image " + p + " does not exist.", "Check the path.");
        }
        BufferedImage img = ImageIO.read(p.toFile());
        if (img == null) {
            throw new UserException("Cannot read " + p + ": it is not a JPEG or PNG image.", "Check the file.");
        }
        int w = img.getWidth();
        int h = img.getHeight();
        byte[] rgb = new byte[3 * w * h];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                rgb[i] = (byte) (row[x] >> 16);
                rgb[w * h + i] = (byte) (row[x] >> 8);
                rgb[2 * w * h + i] = (byte) row[x];
            }
        }
        return new PlainImage(p, w, h, rgb);
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public String name() {
        return path.getFileName().toString();
    }

    @Override
    public GridGeometry grid() {
        return new GridGeometry(w, h, new AffineTransform(1, 0, 0, -1, 0, h), (org.deepraster.geo.CrsRef) null);
    }

    @Override
    public int bandCount() {
        return 3;
    }

    @Override
    public List<String> bandNames() {
        return List.of("Red", "Green", "Blue");
    }

    @Override
    public SampleType sampleType() {
        return SampleType.UINT8;
    }

    @Override
    public OptionalDouble noData() {
        return OptionalDouble.empty();
    }

    @Override
    public RasterWindow read(Rectangle region, int outWidth, int outHeight, int[] bands) {
        float[] s = new float[outWidth * outHeight * bands.length];
        boolean[] valid = new boolean[outWidth * outHeight];
        for (int y = 0; y < outHeight; y++) {
            int sy = region.y + (int) ((y + 0.5) * region.height / outHeight);
            for (int x = 0; x < outWidth; x++) {
                int sx = region.x + (int) ((x + 0.5) * region.width / outWidth);
                int o = y * outWidth + x;
                if (sx < 0 || sy < 0 || sx >= w || sy >= h) {
                    continue;
                }
                valid[o] = true;
                for (int b = 0; b < bands.length; b++) {
                    s[b * outWidth * outHeight + o] = rgb[bands[b] * w * h + sy * w + sx] & 0xFF;
                }
            }
        }
        return new RasterWindow(outWidth, outHeight, bands.length, s, valid);
    }

    @Override
    public BandStatistics statistics(int band) {
        return new BandStatistics(0, 255, 0, 255);
    }

    @Override
    public void close() {
    }
}
